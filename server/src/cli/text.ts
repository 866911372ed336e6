// `--format text` and `--format concise`: one line per finding (`path:row:col: CODE message`),
// and for text a code frame with a caret underline and the fix title, like Ruff's full output.
import type { Located } from './report';

export interface TextOptions {
  color: boolean;
  concise: boolean;
  /** Paths are printed relative to this folder. */
  cwdRel: (absPath: string) => string;
}

const c = (on: boolean, code: string, s: string): string => (on ? `\x1b[${code}m${s}\x1b[0m` : s);

export function formatText(items: readonly Located[], opts: TextOptions): string {
  const out: string[] = [];
  for (const it of items) {
    const head = `${c(opts.color, '1', opts.cwdRel(it.file.path))}:${it.row}:${it.column}: ${c(opts.color, '1;31', it.finding.code)} ${it.finding.message}`;
    out.push(head);
    if (opts.concise) continue;
    const gutter = String(it.endRow).length;
    const pad = ' '.repeat(gutter);
    out.push(`${pad} |`);
    for (let line = it.start.line; line <= it.end.line && line < it.start.line + 6; line++) {
      const textLine = it.lines.lineText(line).replace(/\t/g, ' ');
      out.push(`${c(opts.color, '34', String(line + 1).padStart(gutter))} | ${textLine}`);
      const from = line === it.start.line ? it.lines.codePointColumn(it.finding.start) - 1 : 0;
      const lineEndOffset = it.lines.lineEnd(line);
      const to = line === it.end.line ? it.lines.codePointColumn(it.finding.end) - 1 : it.lines.codePointColumn(lineEndOffset) - 1;
      const width = Math.max(1, to - from);
      out.push(`${pad} | ${' '.repeat(from)}${c(opts.color, '1;31', '^'.repeat(width))}${line === it.end.line || line === it.start.line + 5 ? ' ' + c(opts.color, '1;31', it.finding.code) : ''}`);
    }
    out.push(`${pad} |`);
    if (it.finding.fix) out.push(`${pad} = ${c(opts.color, '36', 'help')}: ${it.finding.fix.title}${it.finding.fix.applicability === 'unsafe' ? ' (unsafe)' : ''}`);
    out.push('');
  }
  return out.join('\n');
}
