// `# noqa` suppressions with Ruff's syntax and Ruff's reading of it: `# noqa` (every rule on
// the line), `# noqa: FPL101,FPL102` (only those codes; codes are case-sensitive, spaces and
// commas separate them, text after them is a comment), and file-level
// `# fastapi-perf-lint: noqa` / `# fastapi-perf-lint: noqa: FPL101`. A directive that names no
// code (`# noqa: XYZ`, `# noqa: fpl101`) or is malformed (`# noqa; FPL101`) suppresses nothing
// and is reported, as are FPL codes no rule has; other tools' codes are theirs.
import { lineStart } from '../analysis/lines';
import type { Tree } from '../analysis/tree';
import { withTree } from './parser';
import { LineIndex } from './text';

export interface Suppressions {
  /** Start offset of a line -> codes suppressed on it, or 'all'. */
  lines: Map<number, Set<string> | 'all'>;
  file: Set<string> | 'all' | null;
  /** FPL codes named in noqa comments that no rule has, with their offsets, for a warning. */
  unknown: Array<{ code: string; offset: number }>;
  /** Directives that suppress nothing because they cannot be read, with why, for a warning. */
  invalid: Array<{ offset: number; reason: string }>;
}

/** Where a directive starts: `#`, then `noqa` or `fastapi-perf-lint: noqa` (any case). */
const NOQA = /#[ \t]*(fastapi-perf-lint[ \t]*:[ \t]*)?noqa/gi;

type Directive = { kind: 'all' } | { kind: 'codes'; codes: string[]; end: number } | { kind: 'invalid'; reason: string };

const EXAMPLE = '(e.g. `# noqa: FPL101, FPL102`)';
const ALL: Directive = { kind: 'all' };
const invalid = (reason: string): Directive => ({ kind: 'invalid', reason });
const isSpace = (c: string | undefined): boolean => c !== undefined && /\s/.test(c);
const isUpper = (c: string | undefined): boolean => c !== undefined && c >= 'A' && c <= 'Z';
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

/** Reads what follows `noqa`, from `i` to the end of the line `end`, as Ruff's noqa lexer does. */
function readDirective(text: string, i: number, end: number): Directive {
  if (i >= end || text[i] === '#') return ALL;
  if (isSpace(text[i])) {
    while (i < end && isSpace(text[i])) i++;
    if (i >= end || text[i] !== ':') return ALL; // `# noqa because ...`
  } else if (text[i] !== ':') return invalid(`expected \`:\` followed by a comma-separated list of codes ${EXAMPLE}`);
  i++;
  const codes: string[] = [];
  let codesEnd = i;
  let joined = false; // `FPL101FPL102`: a code straight after another
  while (i < end) {
    while (i < end && isSpace(text[i])) i++;
    if (i >= end) break;
    if (text[i] === ',') {
      i++;
      continue;
    }
    if (!isUpper(text[i])) break; // the first word that is no code starts a comment
    const start = i;
    while (i < end && isUpper(text[i])) i++;
    if (!isDigit(text[i])) {
      if (joined) return invalid(`expected codes of uppercase letters followed by digits ${EXAMPLE}`);
      break;
    }
    while (i < end && isDigit(text[i])) i++;
    codes.push(text.slice(start, i));
    codesEnd = i;
    const next = i < end ? text[i] : undefined;
    if (next === undefined || next === ',' || next === '#' || isSpace(next)) joined = false;
    else if (isUpper(next)) joined = true;
    else return invalid(`expected codes of uppercase letters followed by digits ${EXAMPLE}`);
  }
  return codes.length ? { kind: 'codes', codes, end: codesEnd } : invalid(`expected a comma-separated list of codes ${EXAMPLE}`);
}

/** Offset where the line holding `offset` ends (before its line break). */
function lineEndOf(text: string, offset: number): number {
  let i = offset;
  while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
  return i;
}

/** Each noqa directive in a comment (with no tree, each that may be one): its offset, whether it is file-level, and what it says. */
function* directives(text: string, tree: Tree | null, from = 0, to = text.length): Generator<{ at: number; fileLevel: boolean; directive: Directive }> {
  const re = new RegExp(NOQA.source, 'gi');
  const slice = text.slice(from, to);
  for (let m = re.exec(slice); m; m = re.exec(slice)) {
    const at = from + m.index;
    // Only real comments count: "# noqa" inside a string literal does not.
    const node = tree?.rootNode.descendantForIndex(at, at + 1);
    if (tree && (!node || node.type !== 'comment')) continue;
    yield { at, fileLevel: !!m[1], directive: readDirective(text, at + m[0].length, lineEndOf(text, at)) };
  }
}

export function parseSuppressions(text: string, tree: Tree, knownCodes: ReadonlySet<string>): Suppressions {
  const out: Suppressions = { lines: new Map(), file: null, unknown: [], invalid: [] };
  if (!/noqa/i.test(text)) return out;
  for (const { at, fileLevel, directive: d } of directives(text, tree)) {
    if (d.kind === 'invalid') {
      out.invalid.push({ offset: at, reason: d.reason });
      continue;
    }
    const codes = d.kind === 'codes' ? d.codes : null;
    for (const c of codes ?? []) if (c.startsWith('FPL') && !knownCodes.has(c)) out.unknown.push({ code: c, offset: at });
    if (fileLevel) {
      if (!codes) out.file = 'all';
      else if (out.file !== 'all') {
        out.file ??= new Set();
        for (const c of codes) out.file.add(c);
      }
      continue;
    }
    const line = lineStart(text, at);
    const prev = out.lines.get(line);
    if (!codes) out.lines.set(line, 'all');
    else if (prev !== 'all') {
      const set = prev ?? new Set<string>();
      for (const c of codes) set.add(c);
      out.lines.set(line, set);
    }
  }
  return out;
}

/**
 * The warnings of a file that is not linted (nothing can fire in it): its text is parsed only
 * when a `# noqa` in it, comment or not, deserves one.
 */
export function noqaWarnings(text: string, knownCodes: ReadonlySet<string>): string[] {
  if (!/noqa/i.test(text)) return [];
  const suspect = [...directives(text, null)].some(({ directive: d }) => d.kind === 'invalid' || (d.kind === 'codes' && d.codes.some((c) => c.startsWith('FPL') && !knownCodes.has(c))));
  if (!suspect) return [];
  return withTree(text, (tree) => suppressionWarnings(parseSuppressions(text, tree, knownCodes), new LineIndex(text)));
}

/** The warnings a file's suppressions deserve, one line each: `3: unknown rule code ...`. */
export function suppressionWarnings(s: Suppressions, lines: LineIndex): string[] {
  const out = [
    ...s.invalid.map((p) => ({ offset: p.offset, message: `invalid \`# noqa\` directive: ${p.reason}; it suppresses nothing` })),
    ...s.unknown.map((u) => ({ offset: u.offset, message: `unknown rule code \`${u.code}\` in \`# noqa\`; it suppresses nothing` })),
  ];
  return out.sort((a, b) => a.offset - b.offset).map((w) => `${lines.lineOf(w.offset) + 1}: ${w.message}`);
}

/** Whether a finding starting at `offset` is suppressed. */
export function isSuppressed(s: Suppressions, code: string, text: string, offset: number): boolean {
  if (s.file === 'all' || s.file?.has(code)) return true;
  if (s.lines.size === 0) return false;
  const l = s.lines.get(lineStart(text, offset));
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
  for (const { fileLevel, directive: d } of directives(text, tree, start, end)) {
    if (fileLevel || d.kind === 'invalid') continue; // an unreadable directive is left as it is
    if (d.kind === 'all') return null; // a blanket `# noqa` already covers every code
    if (d.codes.includes(code)) return null;
    return { start: d.end, end: d.end, text: `, ${code}` };
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
