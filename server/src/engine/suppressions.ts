// `# noqa` suppressions with Ruff's syntax: `# noqa` (every rule on the line),
// `# noqa: FPL101,FPL102` (codes are case-sensitive; spaces and commas separate them),
// and file-level `# fastapi-perf-lint: noqa` / `# fastapi-perf-lint: noqa: FPL101`.
import type { Tree } from './parser';

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
