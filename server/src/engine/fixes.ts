// Fixes: materialising a fix (its edits plus the imports it needs) as text edits,
// applying edits, and checking the result is no worse than before: it parses as well, and
// CPython's compiler would accept it if it accepted the original (analysis/compileRules.ts).
import type { FileModel } from '../analysis/model';
import type { Fix, TextEdit } from '../ruleApi/rule';
import { importEdits } from './imports';
import { withTree } from './parser';
import { forEachError } from './syntaxErrors';
import { type Tree } from '../analysis/tree';
import { compileProblems, type CompileProblem } from '../analysis/compileRules';
import { LineIndex } from './text';

/** All edits of a fix: its own, the imports it needs, and the removal of imports it leaves unused. */
export function fixEdits(model: FileModel, fix: Fix): TextEdit[] {
  return [...fix.edits, ...importEdits(model, fix.imports ?? [], fix.edits)];
}

/** Applies non-overlapping edits (insertions at the same offset keep their order). Throws on overlap. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = edits.map((e, i) => ({ e, i })).sort((a, b) => a.e.start - b.e.start || a.e.end - b.e.end || a.i - b.i);
  let out = '';
  let pos = 0;
  for (const { e } of sorted) {
    if (e.start < pos || e.end < e.start || e.end > text.length) throw new Error(`overlapping or invalid edit at ${e.start}`);
    out += text.slice(pos, e.start) + e.text;
    pos = e.end;
  }
  return out + text.slice(pos);
}

export function editsOverlap(a: readonly TextEdit[], b: readonly TextEdit[]): boolean {
  for (const x of a) {
    for (const y of b) {
      if (x.start < y.end && y.start < x.end) return true;
      // Two insertions at one point, or an insertion inside a replaced range, conflict too.
      if (x.start === y.start && (x.start === x.end || y.start === y.end)) return true;
    }
  }
  return false;
}

/** ERROR and MISSING nodes of a tree, those inside an ERROR included (0 for a clean tree, without walking it). */
export function errorCount(tree: Tree): number {
  let n = 0;
  forEachError(tree, true, () => n++);
  return n;
}

/** What a fixed text is held to: the ERROR/MISSING nodes and compile problems of the text before the fix. */
export interface Validity {
  errors: number;
  problems: CompileProblem[];
}

export function validityOf(tree: Tree, text: string): Validity {
  return { errors: errorCount(tree), problems: compileProblems(tree.rootNode, text) };
}

/** The validity of a text's fresh parse. */
export function validityIn(text: string): Validity {
  return withTree(text, (tree) => validityOf(tree, text));
}

/**
 * Why `after` is worse than the text `before` describes, or undefined when it is not: more
 * ERROR/MISSING nodes, or a compile problem the original did not have (by message, so a
 * problem the original already had does not count, wherever it moved).
 */
export function regression(before: Validity, after: string): string | undefined {
  const now = validityIn(after);
  if (now.errors > before.errors) return 'the fixed code would not parse';
  const had = new Map<string, number>();
  for (const p of before.problems) had.set(p.message, (had.get(p.message) ?? 0) + 1);
  for (const p of now.problems) {
    const n = had.get(p.message) ?? 0;
    if (n === 0) return `the fixed code would not compile: ${p.message} (line ${new LineIndex(after).lineOf(p.start) + 1})`;
    had.set(p.message, n - 1);
  }
  return undefined;
}
