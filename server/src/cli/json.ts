// `--format json`: Ruff's JSON shape, 1-based rows and code-point columns, plus `related`:
// the finding's related locations (the chain of a blocking call, the calls a route blocks on),
// as SARIF has relatedLocations. Locations in other files count columns in UTF-16 code units.
import { docsUrl } from '../engine/docs';
import { displayName } from '../engine/fileNames';
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
    const related = (finding.related ?? []).flatMap((r) => {
      if (r.file && r.range) {
        const at = (p: { line: number; character: number }) => ({ row: p.line + 1, column: p.character + 1 });
        return [{ message: r.message, filename: displayName(r.file), location: at(r.range.start), end_location: at(r.range.end) }];
      }
      if (r.start === undefined) return [];
      return [{ message: r.message, filename: displayName(file.path), location: loc(r.start), end_location: loc(r.end ?? r.start) }];
    });
    return {
      cell: null,
      code: finding.code,
      end_location: { row: endRow, column: endColumn },
      filename: displayName(file.path),
      fix,
      location: { row, column },
      message: finding.message,
      ...(finding.detail && { detail: finding.detail }),
      noqa_row: row,
      related,
      url: docsUrl(finding.id),
    };
  });
  return JSON.stringify(out, null, 2);
}
