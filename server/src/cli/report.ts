// A finding placed in its file, as every output format needs it.
import type { Finding } from '../ruleApi/rule';
import type { FileResult } from '../engine/project';
import type { LineIndex } from '../engine/text';
import type { Position } from '../ruleApi/rule';

export interface Located {
  file: FileResult;
  finding: Finding;
  lines: LineIndex;
  /** 0-based LSP position (UTF-16 column). */
  start: Position;
  end: Position;
  /** 1-based row and 1-based code-point column, as Ruff prints them. */
  row: number;
  column: number;
  endRow: number;
  endColumn: number;
}

export function locate(files: readonly FileResult[]): Located[] {
  const out: Located[] = [];
  for (const file of files) {
    // A file without findings needs no lines (and its text is then never read).
    if (!file.findings.length || !file.lines) continue;
    const lines = file.lines;
    for (const finding of file.findings) {
      const start = lines.position(finding.start);
      const end = lines.position(finding.end);
      out.push({
        file,
        finding,
        lines,
        start,
        end,
        row: start.line + 1,
        column: lines.codePointColumn(finding.start),
        endRow: end.line + 1,
        endColumn: lines.codePointColumn(finding.end),
      });
    }
  }
  // Deterministic: path, then line, then column, then code.
  out.sort((a, b) => (a.file.relPath < b.file.relPath ? -1 : a.file.relPath > b.file.relPath ? 1 : 0) || a.finding.start - b.finding.start || (a.finding.code < b.finding.code ? -1 : a.finding.code > b.finding.code ? 1 : 0));
  return out;
}
