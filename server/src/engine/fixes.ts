// Fixes: materialising a fix (its edits plus the imports it needs) as text edits,
// applying edits, checking the result still parses as well as before, and the
// fix-all loop (non-overlapping fixes, re-lint, repeat until stable).
import type { FileModel } from '../analysis/model';
import type { Fix, ImportNeed, TextEdit } from '../ruleApi/rule';
import { parse } from './parser';
import { type Tree } from '../analysis/tree';
import { lineEnding } from '../analysis/lines';

/** Where new imports go: after the docstring, `from __future__` imports and the leading import block. */
export function importInsertion(model: FileModel): { offset: number; before: string; after: string } {
  const eol = lineEnding(model.text);
  let after = -1;
  let firstStatement = -1;
  let first = true;
  for (const child of model.root.namedChildren) {
    if (!child) continue;
    const t = child.type;
    if (t === 'comment') continue;
    if (first && t === 'expression_statement' && child.firstNamedChild?.type === 'string' && child.namedChildCount === 1) {
      after = child.endIndex;
      first = false;
      continue;
    }
    first = false;
    if (t === 'future_import_statement' || t === 'import_statement' || t === 'import_from_statement') {
      after = child.endIndex;
      continue;
    }
    firstStatement = child.startIndex;
    break;
  }
  if (after >= 0) {
    // End of the line holding the last statement of the block (a trailing comment stays on it).
    let end = after;
    while (end < model.text.length && model.text[end] !== '\n' && model.text[end] !== '\r') end++;
    return { offset: end, before: eol, after: '' };
  }
  if (firstStatement >= 0) {
    let start = firstStatement;
    while (start > 0 && model.text[start - 1] !== '\n' && model.text[start - 1] !== '\r') start--;
    return { offset: start, before: '', after: eol };
  }
  // Only comments (or nothing): append.
  const needsEol = model.text.length > 0 && !/[\r\n]$/.test(model.text);
  return { offset: model.text.length, before: needsEol ? eol : '', after: eol };
}

function importStatement(need: ImportNeed): string {
  return need.name ? `from ${need.module} import ${need.name}` : `import ${need.module}`;
}

/** True when the module already has this import at top level. */
export function hasImport(model: FileModel, need: ImportNeed): boolean {
  const target = need.name ? `${need.module}.${need.name}` : need.module;
  const local = need.name ?? need.module.split('.')[0];
  return (model.summary.bindings[local] ?? []).some((b) => b.k === 'import' && (b.t === target || (!need.name && b.t === need.module.split('.')[0] && need.module === b.t)));
}

/** The import edits for a set of needs: one insertion holding every missing import, deduplicated. */
export function importEdits(model: FileModel, needs: readonly ImportNeed[]): TextEdit[] {
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const n of needs) {
    const stmt = importStatement(n);
    if (seen.has(stmt) || hasImport(model, n)) continue;
    seen.add(stmt);
    lines.push(stmt);
  }
  if (lines.length === 0) return [];
  const at = importInsertion(model);
  const eol = lineEnding(model.text);
  return [{ start: at.offset, end: at.offset, text: at.before + lines.join(eol) + at.after }];
}

/** All edits of a fix, imports included. */
export function fixEdits(model: FileModel, fix: Fix): TextEdit[] {
  return [...fix.edits, ...importEdits(model, fix.imports ?? [])];
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

/** ERROR and MISSING nodes of a tree (0 for a clean tree, without walking it). */
export function errorCount(tree: Tree): number {
  const root = tree.rootNode;
  if (!root.hasError) return 0;
  let n = 0;
  const cursor = tree.walk();
  for (;;) {
    const node = cursor.currentNode;
    if (node.isError || node.isMissing) n++;
    if (node.hasError && cursor.gotoFirstChild()) continue;
    let moved = false;
    while (!(moved = cursor.gotoNextSibling())) {
      if (!cursor.gotoParent()) break;
    }
    if (!moved) break;
  }
  cursor.delete();
  return n;
}

/** ERROR and MISSING nodes of a text's fresh parse. */
export function errorsIn(text: string): number {
  const tree = parse(text);
  try {
    return errorCount(tree);
  } finally {
    tree.delete();
  }
}
