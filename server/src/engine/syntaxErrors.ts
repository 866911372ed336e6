// Findings on broken code are guesses: tree-sitter recovers from a syntax error by wrapping
// what it could not parse in ERROR nodes (or inventing MISSING tokens), and the facts read
// there may be fragments. The policy, for every rule: a finding is dropped when its range
// touches an ERROR or MISSING node, or when it is reported on a definition's header (a
// judgement about the whole function or class, such as "never awaits") and that definition
// holds one. Findings in the sound parts of a broken file are kept.
import type { Node, Tree } from '../analysis/tree';
import type { Finding } from '../ruleApi/rule';
import type { Note } from './notes';

/**
 * Visits the ERROR and MISSING nodes of a tree in document order, walking only subtrees that
 * hold one; `nested`: the ones inside an ERROR too (else an ERROR's fragments are skipped).
 */
export function forEachError(tree: Tree, nested: boolean, visit: (node: Node) => void): void {
  if (!tree.rootNode.hasError) return;
  const a = tree.a;
  for (let i = 0; i < a.count; ) {
    const node = tree.node(i);
    if (node.isError || node.isMissing) visit(node);
    // Into subtrees that hold an error (not an ERROR's own fragments unless `nested`).
    i = (nested || !node.isError) && node.hasError ? i + 1 : a.after[i];
  }
}

/** [start, end] of every ERROR and MISSING node outside another ERROR, in document order. */
export function brokenRanges(tree: Tree): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  forEachError(tree, false, (node) => out.push([node.startIndex, node.endIndex]));
  return out;
}

const DEFINITIONS = new Set(['function_definition', 'class_definition']);

/** The function or class whose header (decorators, `def`/`class` line, up to the body) holds `offset`. */
function definitionHeaderAt(root: Node, offset: number): Node | null {
  for (let n: Node | null = root.descendantForIndex(offset, offset); n; n = n.parent) {
    if (!DEFINITIONS.has(n.type)) continue;
    const body = n.childForFieldName('body');
    if (body && offset >= body.startIndex) return null; // inside a body: judged on its own range
    return n.parent?.type === 'decorated_definition' ? n.parent : n;
  }
  return null;
}

/** The findings that do not rest on broken code (all of them when the tree has no error). */
export function withoutGuesses(findings: readonly Finding[], tree: Tree): readonly Finding[] {
  const broken = brokenRanges(tree);
  if (broken.length === 0) return findings;
  const touches = (start: number, end: number): boolean => {
    // Ranges are sorted by start and do not nest: a binary search would do, the lists are short.
    for (const [a, b] of broken) {
      if (a > end) break;
      if (a === b ? a >= start && a <= end : a < Math.max(end, start + 1) && start < b) return true;
    }
    return false;
  };
  const root = tree.rootNode;
  const out: Finding[] = [];
  for (const f of findings) {
    if (touches(f.start, f.end) || definitionHeaderAt(root, f.start)?.hasError) continue;
    // A fix rewriting broken code is a guess too: the finding stays, without it.
    if (f.fix?.edits.some((e) => touches(e.start, e.end))) out.push({ ...f, fix: undefined });
    else out.push(f);
  }
  return out;
}

/** The note for a file that does not parse (the first broken line); undefined when it parses. */
export function syntaxNote(tree: Tree, text: string): Note | undefined {
  const first = brokenRanges(tree)[0];
  if (!first) return undefined;
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < first[0]; i = text.indexOf('\n', i + 1)) line++;
  return { kind: 'syntax-error', line };
}
