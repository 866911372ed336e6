// Where a file mentions a name, read from its tree: the identifiers by name and the string
// literals, gathered in one walk when first asked. Which mentions refer to a binding is the
// model's answer (FileModel.referencesTo, bindingScope); this only finds them.
import type { Node } from './tree';

export interface Mentions {
  /** Identifier nodes by their name, in document order (attribute and keyword-argument names too). */
  identifiers: Map<string, Node[]>;
  /** The `string_content` nodes, in document order. */
  strings: Node[];
}

export function mentionsOf(root: Node, text: string): Mentions {
  const identifiers = new Map<string, Node[]>();
  const strings: Node[] = [];
  for (const n of root.descendantsOfType(['identifier', 'string_content'])) {
    if (!n) continue;
    if (n.type === 'string_content') {
      strings.push(n);
      continue;
    }
    const name = text.slice(n.startIndex, n.endIndex);
    const list = identifiers.get(name);
    if (list) list.push(n);
    else identifiers.set(name, [n]);
  }
  return { identifiers, strings };
}

const IDENT_CHAR = /[\p{L}\p{N}_]/u;

/** Whether `name` occurs in `text[start, end)` as a whole word (not inside a longer identifier). */
export function mentionsWord(text: string, name: string, start = 0, end = text.length): boolean {
  for (let i = text.indexOf(name, start); i !== -1 && i + name.length <= end; i = text.indexOf(name, i + 1)) {
    if (!IDENT_CHAR.test(text[i - 1] ?? '') && !IDENT_CHAR.test(text[i + name.length] ?? '')) return true;
  }
  return false;
}
