// Adds a rule code to a project configuration's `ignore` list as a person would: the
// file's own formatting, comments and quote style stay; a one-line array stays one line,
// a multi-line array gets a new line indented like its last entry; a missing key or
// `[tool.fastapi-perf-lint]` table is added. The result is parsed again and must ignore
// the code, else no edit is offered (a layout this editor does not know, a broken file).
import { parse as parseToml } from 'smol-toml';
import type { TextEdit } from '../ruleApi/rule';

const HEADER = /^[ \t]*\[[ \t]*tool[ \t]*\.[ \t]*(?:fastapi-perf-lint|"fastapi-perf-lint"|'fastapi-perf-lint')[ \t]*\][ \t]*(#.*)?$/;
const ANY_HEADER = /^[ \t]*\[/;

interface Line {
  start: number;
  end: number;
  text: string;
}

function linesOf(text: string): Line[] {
  const out: Line[] = [];
  let start = 0;
  for (;;) {
    const nl = text.indexOf('\n', start);
    const end = nl < 0 ? text.length : nl;
    out.push({ start, end, text: text.slice(start, end).replace(/\r$/, '') });
    if (nl < 0) return out;
    start = nl + 1;
  }
}

/** The array starting at `open` (its `[`): where it closes, where its last value ends, whether a comma follows it, and the quote its strings use. */
function scanArray(text: string, open: number): { close: number; lastEnd: number; comma: boolean; quote: string } | null {
  let lastEnd = -1;
  let comma = false;
  let quote = '';
  for (let i = open + 1; i < text.length; i++) {
    const c = text[i];
    if (c === '#') {
      const nl = text.indexOf('\n', i);
      if (nl < 0) return null;
      i = nl;
    } else if (c === '"' || c === "'") {
      if (text.startsWith(c.repeat(3), i)) return null; // multi-line strings: not in a list of codes
      let j = i + 1;
      while (j < text.length && text[j] !== c && text[j] !== '\n') j += c === '"' && text[j] === '\\' ? 2 : 1;
      if (text[j] !== c) return null;
      quote ||= c;
      lastEnd = j + 1;
      comma = false;
      i = j;
    } else if (c === ',') comma = true;
    else if (c === ']') return { close: i, lastEnd, comma, quote: quote || '"' };
    else if (!/\s/.test(c)) return null; // not a list of strings
  }
  return null;
}

/** The region of the configuration's keys: the `[tool.fastapi-perf-lint]` table of a pyproject.toml, the top level of fastapi-perf-lint.toml. */
function region(lines: Line[], pyproject: boolean): { header: number; from: number; to: number } | null {
  let header = -1;
  if (pyproject) {
    header = lines.findIndex((l) => HEADER.test(l.text));
    if (header < 0) return null;
  }
  let to = header + 1;
  while (to < lines.length && !ANY_HEADER.test(lines[to].text)) to++;
  return { header, from: header + 1, to };
}

function ignores(text: string, code: string, pyproject: boolean): boolean {
  try {
    let t: unknown = parseToml(text);
    if (pyproject) for (const k of ['tool', 'fastapi-perf-lint']) t = t && typeof t === 'object' ? (t as Record<string, unknown>)[k] : undefined;
    const table = (t ?? {}) as Record<string, unknown>;
    return ['ignore', 'extend-ignore'].some((k) => Array.isArray(table[k]) && (table[k] as unknown[]).includes(code));
  } catch {
    return false;
  }
}

/**
 * The edit adding `code` to the `ignore` list of a configuration file's text (`pyproject`:
 * a pyproject.toml, else fastapi-perf-lint.toml); null when it is there already or the
 * file cannot be edited safely.
 */
export function ignoreCodeEdit(text: string, code: string, pyproject: boolean): TextEdit | null {
  if (ignores(text, code, pyproject)) return null;
  const edit = findEdit(text, code, pyproject);
  if (!edit) return null;
  const after = text.slice(0, edit.start) + edit.text + text.slice(edit.end);
  return ignores(after, code, pyproject) ? edit : null;
}

function findEdit(text: string, code: string, pyproject: boolean): TextEdit | null {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = linesOf(text);
  const r = region(lines, pyproject);
  if (!r) {
    // No table: a new one at the end, after a blank line.
    const lead = text.length === 0 ? '' : text.endsWith(eol + eol) ? '' : text.endsWith('\n') ? eol : eol + eol;
    return { start: text.length, end: text.length, text: `${lead}[tool.fastapi-perf-lint]${eol}ignore = ["${code}"]${eol}` };
  }
  const keyLine = (key: string): number => {
    const re = new RegExp(`^[ \\t]*(?:${key}|"${key}"|'${key}')[ \\t]*=`);
    for (let i = r.from; i < r.to; i++) if (re.test(lines[i].text)) return i;
    return -1;
  };
  const at = keyLine('ignore') >= 0 ? keyLine('ignore') : keyLine('extend-ignore');
  if (at < 0) {
    // No key: a line after the table's last key (before the blank lines and comments leading to the next table).
    let last = r.header;
    for (let i = r.from; i < r.to; i++) if (lines[i].text.trim() && !lines[i].text.trim().startsWith('#')) last = i;
    if (last < 0) return { start: 0, end: 0, text: `ignore = ["${code}"]${eol}` };
    const pos = lines[last].start + lines[last].text.length;
    return { start: pos, end: pos, text: `${eol}ignore = ["${code}"]` };
  }
  const eq = lines[at].start + lines[at].text.indexOf('=');
  const open = text.indexOf('[', eq);
  if (open < 0 || text.slice(eq + 1, open).trim()) return null;
  const a = scanArray(text, open);
  if (!a) return null;
  const item = `${a.quote}${code}${a.quote}`;
  if (a.lastEnd < 0) return { start: open + 1, end: a.close, text: item }; // `[]`
  if (!text.slice(open, a.close).includes('\n')) {
    // One line: `["A", "B"]` -> `["A", "B", "C"]`; a trailing comma stays last.
    if (!a.comma) return { start: a.lastEnd, end: a.lastEnd, text: `, ${item}` };
    const trimmed = text.slice(0, a.close).replace(/[ \t]*$/, '').length;
    return { start: trimmed, end: a.close, text: ` ${item},` };
  }
  // Several lines: a new line after the last entry (and its comment), indented like it.
  const last = lines.find((l) => l.start <= a.lastEnd - 1 && a.lastEnd - 1 < l.end)!;
  const indent = lines.indexOf(last) === at ? '    ' : /^[ \t]*/.exec(last.text)![0];
  if (!text.slice(a.lastEnd, a.close).includes('\n')) {
    // `  "B"]` or `  "B",]`: the bracket stays after the new entry.
    return a.comma ? { start: a.close, end: a.close, text: `${eol}${indent}${item},` } : { start: a.lastEnd, end: a.lastEnd, text: `,${eol}${indent}${item}` };
  }
  const lineEnd = last.start + last.text.length;
  if (a.comma) return { start: lineEnd, end: lineEnd, text: `${eol}${indent}${item},` };
  return { start: a.lastEnd, end: lineEnd, text: `,${text.slice(a.lastEnd, lineEnd)}${eol}${indent}${item}` };
}
