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

const ASCII_IDENT = /[A-Za-z0-9_]/;
const ASCII_START = /[A-Za-z_]/;

/**
 * Whether the text alone shows that `text[at, at + length)` is not a whole identifier token:
 * an ASCII identifier character follows it, or it continues an identifier that starts before
 * it. Only what the lexer's maximal munch proves: `1jx` may still lex as `1j` then `x`.
 */
function notAnIdentifier(text: string, at: number, length: number): boolean {
  if (ASCII_IDENT.test(text[at + length] ?? '')) return true;
  let r = at;
  while (r > 0 && ASCII_IDENT.test(text[r - 1])) r--;
  if (r === at || !ASCII_START.test(text[r])) return false;
  // The run starts a token of its own only after an ASCII character that no identifier or number holds.
  const before = r > 0 ? text.charCodeAt(r - 1) : 32;
  return before < 128 && text[r - 1] !== '.';
}

/**
 * Where `name` may be a whole identifier in `text[start, end)`, in document order: the text
 * test that spares asking the tree (`identifierNodeAt`) at most occurrences.
 */
export function identifierCandidates(text: string, name: string, start: number, end: number): number[] {
  const out: number[] = [];
  for (let i = text.indexOf(name, start); i !== -1 && i + name.length <= end; i = text.indexOf(name, i + 1)) {
    if (!notAnIdentifier(text, i, name.length)) out.push(i);
  }
  return out;
}

/** The identifier node spanning exactly `text[at, at + length)` under `root`, or null (a string, a comment, a longer name). */
export function identifierNodeAt(root: Node, at: number, length: number): Node | null {
  const id = root.descendantForIndex(at, at + length);
  return id && id.type === 'identifier' && id.startIndex === at && id.endIndex === at + length ? id : null;
}
