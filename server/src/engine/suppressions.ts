// `# noqa` suppressions with Ruff's syntax and Ruff's reading of it: `# noqa` (every rule on
// the line), `# noqa: FPL101,FPL102` (only those codes; codes are case-sensitive, spaces and
// commas separate them, text after them is a comment), and file-level
// `# fastapi-perf-lint: noqa` / `# fastapi-perf-lint: noqa: FPL101`. A directive that names no
// code (`# noqa: XYZ`, `# noqa: fpl101`) or is malformed (`# noqa; FPL101`) suppresses nothing
// and is reported, as are FPL codes no rule has; other tools' codes are theirs.
//
// Ruff's codes suppress ours too where both flag the same call (a finding's `ruff` code,
// analysis/ruffOverlap.ts): `# noqa: ASYNC251` on the line, and Ruff's own forms as Ruff
// 0.17 reads them: `# ruff: noqa` / `# flake8: noqa` with or without codes (the whole
// file, from a comment on its own line), `# ruff: file-ignore[...]` (module level),
// `# ruff: ignore[...]` (its line, or on its own line the next statement's first line),
// `# ruff: disable[...]` ... `# ruff: enable[...]` (same indentation, same codes; without
// its `enable`, to the end of the block).
import { lineEnd, lineStart } from '../analysis/lines';
import type { Node, Tree } from '../analysis/tree';
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
  /** Spans where Ruff's own forms turn Ruff codes off ('all': every code Ruff has). */
  ruff: Array<{ start: number; end: number; codes: ReadonlySet<string> | 'all' }>;
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

/** Each noqa directive in a comment (with no tree, each that may be one): its offset, whether it is file-level, and what it says. */
function* directives(text: string, tree: Tree | null, from = 0, to = text.length): Generator<{ at: number; fileLevel: boolean; directive: Directive }> {
  const re = new RegExp(NOQA.source, 'gi');
  const slice = text.slice(from, to);
  for (let m = re.exec(slice); m; m = re.exec(slice)) {
    const at = from + m.index;
    // Only real comments count: "# noqa" inside a string literal does not.
    const node = tree?.rootNode.descendantForIndex(at, at + 1);
    if (tree && (!node || node.type !== 'comment')) continue;
    yield { at, fileLevel: !!m[1], directive: readDirective(text, at + m[0].length, lineEnd(text, at)) };
  }
}

export function parseSuppressions(text: string, tree: Tree, knownCodes: ReadonlySet<string>): Suppressions {
  const out: Suppressions = { lines: new Map(), file: null, unknown: [], invalid: [], ruff: [] };
  if (/(ruff|flake8)[ \t]*:/.test(text)) out.ruff = ruffSuppressions(text, tree);
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

/**
 * Whether a finding starting at `offset` is suppressed: by its code, or by `ruff`, the code
 * of the Ruff rule that flags the same call.
 */
export function isSuppressed(s: Suppressions, code: string, text: string, offset: number, ruff?: string): boolean {
  if (s.file === 'all' || s.file?.has(code) || (ruff && s.file?.has(ruff))) return true;
  if (ruff && s.ruff.some((r) => r.start <= offset && offset < r.end && (r.codes === 'all' || r.codes.has(ruff)))) return true;
  if (s.lines.size === 0) return false;
  const l = s.lines.get(lineStart(text, offset));
  return l === 'all' || (!!l && (l.has(code) || (!!ruff && l.has(ruff))));
}

// ---- Ruff's own forms -------------------------------------------------------------------

/** `# ruff: noqa`, `# flake8: noqa` (tool names lowercase, `noqa` any case), `# ruff: <action>[`. */
const RUFF_FORM = /#[ \t]*(?:(?:ruff|flake8)[ \t]*:[ \t]*[nN][oO][qQ][aA]|ruff[ \t]*:[ \t]*(file-ignore|ignore|disable|enable)[ \t]*\[([^\]\n\r]*)\])/g;
const RUFF_CODE = /^[A-Z]+[0-9]+$/;

/** Statements and blocks: a line whose first token has one of these around it starts a logical line. */
const LINE_HOLDERS = new Set([
  'module', 'block', 'if_statement', 'for_statement', 'while_statement', 'try_statement', 'with_statement', 'function_definition',
  'class_definition', 'decorated_definition', 'match_statement',
]);

interface RuffComment {
  at: number;
  /** The comment is alone on its line; then its indentation. */
  ownLine: boolean;
  indent: string;
  action: 'noqa' | 'file-ignore' | 'ignore' | 'disable' | 'enable';
  codes: string[] | 'all';
  node: Node;
}

function ruffComments(text: string, tree: Tree): RuffComment[] {
  const out: RuffComment[] = [];
  const re = new RegExp(RUFF_FORM.source, 'g');
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const at = m.index;
    const node = tree.rootNode.descendantForIndex(at, at + 1);
    if (node?.type !== 'comment') continue;
    const start = lineStart(text, at);
    const before = text.slice(start, node.startIndex);
    const ownLine = /^[ \t\f]*$/.test(before);
    if (!m[1]) {
      // A file exemption is the comment itself, never text inside another comment.
      if (node.startIndex !== at) continue;
      const d = readDirective(text, at + m[0].length, lineEnd(text, at));
      if (d.kind === 'invalid') continue;
      out.push({ at, ownLine, indent: before, action: 'noqa', codes: d.kind === 'all' ? 'all' : d.codes, node });
      continue;
    }
    const codes = m[2].split(',').map((c) => c.trim()).filter((c) => RUFF_CODE.test(c));
    if (codes.length) out.push({ at, ownLine, indent: before, action: m[1] as RuffComment['action'], codes, node });
  }
  return out;
}

/** Whether the line starting at `lineAt`, whose first token is at `p`, starts a logical line (not a continuation inside brackets or a string). */
function startsLogicalLine(tree: Tree, lineAt: number, p: number): boolean {
  let n: Node | null = tree.rootNode.descendantForIndex(p, p + 1);
  while (n && n.startIndex >= lineAt) n = n.parent;
  return !n || LINE_HOLDERS.has(n.type);
}

/** Where a `# ruff: disable[...]` stops: at its `enable` (same indentation, same codes), else where its block ends. */
function disableEnd(text: string, tree: Tree, d: RuffComment, comments: readonly RuffComment[]): number {
  const same = (c: RuffComment): boolean => c.action === 'enable' && c.ownLine && c.indent === d.indent && Array.isArray(c.codes) && (c.codes as string[]).join() === (d.codes as string[]).join();
  for (let lineAt = lineEnd(text, d.at) + 1; lineAt < text.length; ) {
    if (text[lineAt - 1] === '\r' && text[lineAt] === '\n') lineAt++;
    const end = lineEnd(text, lineAt);
    let p = lineAt;
    while (p < end && /[ \t\f]/.test(text[p])) p++;
    if (p < end) {
      const enable = comments.find((c) => c.at >= p && c.at < end && c.node.startIndex === p && same(c));
      if (enable) return enable.at;
      if (text[p] !== '#' && p - lineAt < d.indent.length && startsLogicalLine(tree, lineAt, p)) return lineAt;
    }
    lineAt = end + 1;
  }
  return text.length;
}

/** The spans Ruff's own suppression comments cover, with their codes. */
function ruffSuppressions(text: string, tree: Tree): Suppressions['ruff'] {
  const comments = ruffComments(text, tree);
  const out: Suppressions['ruff'] = [];
  for (const c of comments) {
    const codes = c.codes === 'all' ? 'all' : new Set(c.codes);
    const at0 = lineStart(text, c.at);
    switch (c.action) {
      case 'noqa':
        if (c.ownLine) out.push({ start: 0, end: text.length, codes });
        break;
      case 'file-ignore':
        if (c.ownLine && c.indent === '') out.push({ start: 0, end: text.length, codes });
        break;
      case 'ignore': {
        if (!c.ownLine) {
          out.push({ start: at0, end: lineEnd(text, c.at) + 1, codes });
          break;
        }
        // The next statement's first logical line: a compound statement's header, not its body.
        let next = c.node.nextNamedSibling;
        while (next?.type === 'comment') next = next.nextNamedSibling;
        // A comment before a body's first statement sits outside the body's block.
        if (next?.type === 'block') next = next.namedChildren.find((n) => n?.type !== 'comment') ?? null;
        if (!next) break;
        const header = next.type === 'decorated_definition' ? (next.childForFieldName('definition') ?? next) : next;
        const body = header.namedChildren.find((n) => n?.type === 'block');
        out.push({ start: c.at, end: body ? body.startIndex : next.endIndex, codes });
        break;
      }
      case 'disable':
        if (c.ownLine) out.push({ start: c.at, end: disableEnd(text, tree, c, comments), codes });
        break;
      case 'enable':
        break;
    }
  }
  return out;
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
  for (let n: Node | null = tree.rootNode.descendantForIndex(trimmed - 1, trimmed); n; n = n.parent) {
    if ((n.type === 'string' || n.type === 'string_content') && n.endIndex > end) return null;
    if (n.type === 'comment') break;
  }
  return { start: trimmed, end, text: `  # noqa: ${code}` }; // trailing blanks go
}

/**
 * The edit that suppresses `code` in the whole file: adds the code to the file's
 * `# fastapi-perf-lint: noqa: A` comment, or puts one where a person would, after the
 * shebang, the encoding line and the module docstring (and the blank line after it), on
 * its own line. Null when the file already suppresses the code.
 */
export function fileNoqaEdit(text: string, tree: Tree, code: string): { start: number; end: number; text: string } | null {
  for (const { fileLevel, directive: d } of directives(text, tree)) {
    if (!fileLevel || d.kind === 'invalid') continue;
    if (d.kind === 'all' || d.codes.includes(code)) return null;
    return { start: d.end, end: d.end, text: `, ${code}` };
  }
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const nextLine = (offset: number): number => {
    const nl = text.indexOf('\n', offset);
    return nl < 0 ? text.length : nl + 1;
  };
  let at = 0;
  if (text.startsWith('#!')) at = nextLine(0);
  // PEP 263: the encoding declaration is on the first or second line.
  for (let i = 0; i < 2 && at < text.length; i++) {
    const line = text.slice(at, nextLine(at));
    if (/^[ \t\f]*#.*?coding[:=]/.test(line)) at = nextLine(at);
    else break;
  }
  const first = tree.rootNode.namedChildren.find((n) => n && n.type !== 'comment');
  if (first?.type === 'expression_statement' && first.firstNamedChild?.type === 'string' && first.startIndex >= at) {
    at = nextLine(first.endIndex);
    if (/^[ \t]*\r?\n/.test(text.slice(at, nextLine(at)))) at = nextLine(at);
  }
  const needsBreak = at === text.length && text.length > 0 && !text.endsWith('\n');
  return { start: at, end: at, text: `${needsBreak ? eol : ''}# fastapi-perf-lint: noqa: ${code}${eol}` };
}
