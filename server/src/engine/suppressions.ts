// `# noqa` suppressions with Ruff's syntax: `# noqa` (every rule on the line),
// `# noqa: FPL101,FPL102` (codes are case-sensitive; spaces and commas separate them),
// and file-level `# fastapi-perf-lint: noqa` / `# fastapi-perf-lint: noqa: FPL101`.
import type { Tree } from '../analysis/tree';
import type { LineIndex } from './text';

export interface Suppressions {
  /** Start offset of a line -> codes suppressed on it, or 'all'. */
  lines: Map<number, Set<string> | 'all'>;
  file: Set<string> | 'all' | null;
  /** FPL codes named in noqa comments that no rule has, with their offsets, for a warning. */
  unknown: Array<{ code: string; offset: number }>;
}

const NOQA = /#[ \t]*(fastapi-perf-lint:[ \t]*)?noqa\b(?:[ \t]*:[ \t]*((?:[A-Z]+[0-9]+)(?:[ \t]*,?[ \t]*[A-Z]+[0-9]+)*))?/gi;

export function parseSuppressions(text: string, tree: Tree, knownCodes: ReadonlySet<string>): Suppressions {
  const out: Suppressions = { lines: new Map(), file: null, unknown: [] };
  if (!/noqa/i.test(text)) return out;
  NOQA.lastIndex = 0;
  for (let m = NOQA.exec(text); m; m = NOQA.exec(text)) {
    // Only real comments count: "# noqa" inside a string literal does not.
    const node = tree.rootNode.descendantForIndex(m.index, m.index + 1);
    if (!node || node.type !== 'comment') continue;
    const fileLevel = !!m[1];
    const codes = m[2] ? m[2].split(/[\s,]+/).filter(Boolean) : null;
    // Ruff's `# noqa:` without valid codes after the colon is a blanket noqa; codes are case-sensitive.
    const own = codes ? codes.filter((c) => /^[A-Z]+[0-9]+$/.test(c)) : null;
    if (own) {
      for (const c of own) {
        if (c.startsWith('FPL') && !knownCodes.has(c)) out.unknown.push({ code: c, offset: m.index });
      }
    }
    if (fileLevel) {
      if (!own) out.file = 'all';
      else if (out.file !== 'all') {
        out.file ??= new Set();
        for (const c of own) out.file.add(c);
      }
      continue;
    }
    const line = lineStartOf(text, m.index);
    const prev = out.lines.get(line);
    if (!own) out.lines.set(line, 'all');
    else if (prev !== 'all') {
      const set = prev ?? new Set<string>();
      for (const c of own) set.add(c);
      out.lines.set(line, set);
    }
  }
  return out;
}

/** Offset where the line holding `offset` starts (LSP line breaks: \n, \r\n, \r). */
export function lineStartOf(text: string, offset: number): number {
  return Math.max(text.lastIndexOf('\n', offset - 1), text.lastIndexOf('\r', offset - 1)) + 1;
}

/** Whether a finding starting at `offset` is suppressed. */
export function isSuppressed(s: Suppressions, code: string, text: string, offset: number): boolean {
  if (s.file === 'all' || s.file?.has(code)) return true;
  if (s.lines.size === 0) return false;
  const l = s.lines.get(lineStartOf(text, offset));
  return l === 'all' || (!!l && l.has(code));
}

/**
 * The edit that suppresses `code` on `line`: extends the line's `# noqa: A, B` comment, or
 * appends `  # noqa: CODE`. Null when the line is already suppressed for the code, or when a
 * comment cannot go at its end (the line continues with a backslash or ends inside a string).
 */
export function noqaEdit(text: string, tree: Tree, lines: LineIndex, line: number, code: string): { start: number; end: number; text: string } | null {
  if (line < 0 || line >= lines.lineCount) return null;
  const start = lines.lineStarts[line];
  const end = lines.lineEnd(line);
  const content = text.slice(start, end);
  NOQA.lastIndex = 0;
  for (let m = NOQA.exec(content); m; m = NOQA.exec(content)) {
    const at = start + m.index;
    const node = tree.rootNode.descendantForIndex(at, at + 1);
    if (!node || node.type !== 'comment' || m[1]) continue;
    if (!m[2]) return null; // a blanket `# noqa` already covers every code
    const codes = m[2].split(/[\s,]+/);
    if (codes.includes(code)) return null;
    const after = at + m[0].length;
    return { start: after, end: after, text: `, ${code}` };
  }
  if (/\\[ \t]*$/.test(content)) return null;
  let trimmed = end;
  while (trimmed > start && (text[trimmed - 1] === ' ' || text[trimmed - 1] === '\t')) trimmed--;
  if (trimmed === start) return null;
  // Inside a string spanning lines (a docstring, a triple-quoted literal) a comment would be text.
  for (let n = tree.rootNode.descendantForIndex(trimmed - 1, trimmed); n; n = n.parent) {
    if ((n.type === 'string' || n.type === 'string_content') && n.endIndex > end) return null;
    if (n.type === 'comment') break;
  }
  return { start: trimmed, end, text: `  # noqa: ${code}` }; // trailing blanks go
}
