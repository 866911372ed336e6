// `--format json`: Ruff's JSON shape, 1-based rows and code-point columns.
import { docsUrl } from '../engine/docs';
import type { Located } from './report';

export function formatJson(items: readonly Located[]): string {
  const out = items.map(({ file, finding, lines, row, column, endRow, endColumn }) => {
    const loc = (offset: number) => ({ row: lines.lineOf(offset) + 1, column: lines.codePointColumn(offset) });
    const fix = finding.fix
      ? {
          applicability: finding.fix.applicability,
          message: finding.fix.title,
          edits: [...finding.fix.edits, ...(finding.fix.importEdits ?? [])]
            .sort((a, b) => a.start - b.start)
            .map((e) => ({ content: e.text, location: loc(e.start), end_location: loc(e.end) })),
        }
      : null;
    return {
      cell: null,
      code: finding.code,
      end_location: { row: endRow, column: endColumn },
      filename: file.path,
      fix,
      location: { row, column },
      message: finding.message,
      noqa_row: row,
      url: docsUrl(finding.id),
    };
  });
  return JSON.stringify(out, null, 2);
}
