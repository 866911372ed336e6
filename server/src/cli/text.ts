// `--format text` and `--format concise`, after Ruff's `full` and `concise` output:
// `path:row:col: CODE [*] message`, and for text a code frame (two lines of context, a
// caret underline measured in terminal cells, multi-line spans drawn in the margin) and
// the fix title.
import { eastAsianWidth } from 'get-east-asian-width';
import * as path from 'node:path';
import type { RelatedInfo } from '../ruleApi/rule';
import type { Located } from './report';

interface TextOptions {
  color: boolean;
  concise: boolean;
  /** Paths are printed relative to this folder. */
  cwdRel: (absPath: string) => string;
  /** Whether a finding's fix would be applied by `--fix` (marked `[*]`). */
  applicable: (it: Located) => boolean;
}

const CONTEXT = 2;
const TAB_WIDTH = 4;
/** Spans longer than this many lines show their first and last lines only. */
const FOLD_OVER = 6;
const ZERO_WIDTH = /^[\p{Mn}\p{Me}\p{Cf}]$/u;

const paint = (on: boolean, code: string, s: string): string => (on ? `\x1b[${code}m${s}\x1b[0m` : s);

interface DisplayLine {
  /** The line as printed: tabs expanded, control characters shown as their symbols. */
  shown: string;
  /** Terminal column before each UTF-16 index of the line (length + 1 entries). */
  cols: number[];
}

/** How a source line looks in a terminal, and where each of its characters lands. */
function displayLine(text: string): DisplayLine {
  let shown = '';
  const cols: number[] = [];
  let col = 0;
  for (let i = 0; i < text.length; ) {
    const cp = text.codePointAt(i)!;
    const units = cp > 0xffff ? 2 : 1;
    for (let k = 0; k < units; k++) cols.push(col);
    if (cp === 9) {
      const w = TAB_WIDTH - (col % TAB_WIDTH);
      shown += ' '.repeat(w);
      col += w;
    } else if (cp < 0x20 || cp === 0x7f) {
      shown += String.fromCodePoint(cp === 0x7f ? 0x2421 : 0x2400 + cp);
      col += 1;
    } else {
      const ch = String.fromCodePoint(cp);
      shown += ch;
      col += ZERO_WIDTH.test(ch) ? 0 : eastAsianWidth(cp, { ambiguousAsWide: false });
    }
    i += units;
  }
  cols.push(col);
  return { shown, cols };
}

export function formatText(items: readonly Located[], opts: TextOptions): string {
  const out: string[] = [];
  for (const it of items) {
    const mark = opts.applicable(it) ? `${paint(opts.color, '36', '[*]')} ` : '';
    out.push(`${paint(opts.color, '1', opts.cwdRel(it.file.path))}:${it.row}:${it.column}: ${paint(opts.color, '1;31', it.finding.code)} ${mark}${it.finding.message}`);
    if (opts.concise) continue;
    out.push(...codeFrame(it, opts), '');
  }
  return out.join('\n');
}

function codeFrame(it: Located, opts: TextOptions): string[] {
  const c = opts.color;
  const lines = it.lines;
  const sl = it.start.line;
  let el = it.end.line;
  let endChar = it.end.character;
  // A span ending just after a line break ends on the line before.
  if (el > sl && endChar === 0) {
    el--;
    endChar = lines.lineEnd(el) - lines.lineStarts[el];
  }
  const multi = el > sl;
  const blank = (l: number): boolean => lines.lineText(l).trim() === '';
  let first = Math.max(0, sl - CONTEXT);
  while (first < sl && blank(first)) first++;
  let last = Math.min(lines.lineCount - 1, el + CONTEXT);
  while (last > el && blank(last)) last--;
  const gutter = String(last + 1).length;
  const pad = ' '.repeat(gutter);
  const bar = paint(c, '1;34', '|');
  const label = paint(c, '1;31', it.finding.code);
  const red = (s: string): string => paint(c, '1;31', s);
  const rows: string[] = [`${pad} ${bar}`];
  const row = (num: string, body: string): void => {
    rows.push(`${paint(c, '1;34', num.padStart(gutter))} ${bar} ${body}`.trimEnd());
  };
  const startLine = displayLine(lines.lineText(sl));
  const startCol = startLine.cols[Math.min(it.start.character, startLine.cols.length - 1)];
  const atIndent = lines.lineText(sl).slice(0, it.start.character).trim() === '';
  let folded = false;
  for (let l = first; l <= last; l++) {
    if (multi && el - sl + 1 > FOLD_OVER && l > sl + 1 && l < el - 1) {
      if (!folded) rows.push('...');
      folded = true;
      continue;
    }
    const d = l === sl ? startLine : displayLine(lines.lineText(l));
    if (!multi) {
      row(String(l + 1), d.shown);
      if (l === sl) {
        const to = d.cols[Math.min(endChar, d.cols.length - 1)];
        rows.push(`${pad} ${bar} ${' '.repeat(startCol)}${red('^'.repeat(Math.max(1, to - startCol)))} ${label}`);
      }
      continue;
    }
    const inside = l > sl && l <= el;
    const margin = l === sl && atIndent ? red('/') + ' ' : inside ? red('|') + ' ' : '  ';
    row(String(l + 1), margin + d.shown);
    if (l === sl && !atIndent) rows.push(`${pad} ${bar}  ${red('_'.repeat(startCol + 1) + '^')}`);
    if (l === el) {
      const endCol = Math.max(1, d.cols[Math.min(endChar, d.cols.length - 1)]);
      rows.push(`${pad} ${bar} ${red('|' + '_'.repeat(endCol) + '^')} ${label}`);
    }
  }
  rows.push(`${pad} ${bar}`);
  const fix = it.finding.fix;
  if (fix) rows.push(`${pad} = ${paint(c, '1;36', 'help')}: ${fix.title}${fix.applicability === 'unsafe' ? ' (unsafe fix)' : ''}`);
  for (const r of it.finding.related ?? []) rows.push(`${pad} = ${paint(c, '1;36', 'note')}: ${r.message} (${relatedPlace(it, r, opts)})`);
  return rows;
}

function relatedPlace(it: Located, r: RelatedInfo, opts: TextOptions): string {
  if (r.file && r.range) return `${opts.cwdRel(path.resolve(r.file))}:${r.range.start.line + 1}:${r.range.start.character + 1}`;
  const at = r.start ?? it.finding.start;
  return `${opts.cwdRel(it.file.path)}:${it.lines.lineOf(at) + 1}:${it.lines.codePointColumn(at)}`;
}
