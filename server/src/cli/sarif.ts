// `--format sarif`: SARIF 2.1.0 (one run; every rule's metadata; results with their fixes
// and related locations). Paths are relative to the current folder (`%SRCROOT%`), as code
// scanning services expect; columns are UTF-16 code units, SARIF's default `columnKind`.
import * as path from 'node:path';
import { docsUrl, REPOSITORY_URL } from '../engine/docs';
import { fileUri, uriPath } from '../engine/fileNames';
import type { Severity, TextEdit } from '../ruleApi/rule';
import type { LineIndex } from '../engine/text';
import type { Located } from './report';
import type { RuleRegistry } from '../engine/registry';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

interface SarifOptions {
  cwd: string;
  version: string;
  /** Every rule, for the tool's rule metadata. */
  rules: RuleRegistry;
}

/** A file path as a URI reference relative to `%SRCROOT%` (or an absolute file URI outside it). */
function artifact(file: string, cwd: string): { uri: string; uriBaseId?: string } {
  const rel = path.relative(cwd, file);
  if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) return { uri: fileUri(file) };
  // The name's bytes, percent-encoded: any file name survives.
  return { uri: uriPath(rel.split(path.sep).join('/')), uriBaseId: '%SRCROOT%' };
}

function region(lines: LineIndex, start: number, end: number): { startLine: number; startColumn: number; endLine: number; endColumn: number } {
  const a = lines.position(start);
  const b = lines.position(end);
  return { startLine: a.line + 1, startColumn: a.character + 1, endLine: b.line + 1, endColumn: b.character + 1 };
}

export function formatSarif(items: readonly Located[], opts: SarifOptions): string {
  const ruleIndex = new Map(opts.rules.rules.map((r, i) => [r.meta.code, i]));
  const rules = opts.rules.rules.map((r) => {
    const d = r.meta.docs;
    const markdown = [d.summary, '', '## Why is this slow?', d.why, '', '## Example', '```python', d.example, '```', '', '## Use instead', '```python', d.useInstead, '```'];
    if (d.fixSafety) markdown.push('', '## Fix safety', d.fixSafety);
    return {
      id: r.meta.code,
      name: r.meta.id,
      shortDescription: { text: d.summary },
      fullDescription: { text: d.why },
      help: { text: `${d.summary} ${d.why}`, markdown: markdown.join('\n') },
      helpUri: docsUrl(r.meta.id),
      defaultConfiguration: { level: LEVEL[r.meta.severity], enabled: r.meta.defaultEnabled !== false },
      properties: { tags: [r.meta.family, 'performance'], fix: r.meta.fix, 'problem.severity': r.meta.severity },
    };
  });
  const results = items.map((it) => {
    const where = artifact(it.file.path, opts.cwd);
    const result: Record<string, unknown> = {
      ruleId: it.finding.code,
      ruleIndex: ruleIndex.get(it.finding.code) ?? -1,
      level: LEVEL[it.finding.severity],
      message: { text: it.finding.message },
      locations: [{ physicalLocation: { artifactLocation: where, region: region(it.lines, it.finding.start, it.finding.end) } }],
    };
    const fix = it.finding.fix;
    if (fix) {
      const edits: TextEdit[] = [...fix.edits, ...(fix.importEdits ?? [])].sort((a, b) => a.start - b.start || a.end - b.end);
      result.fixes = [
        {
          description: { text: fix.title },
          artifactChanges: [
            {
              artifactLocation: where,
              replacements: edits.map((e) => ({ deletedRegion: region(it.lines, e.start, e.end), insertedContent: { text: e.text } })),
            },
          ],
          properties: { applicability: fix.applicability },
        },
      ];
    }
    if (it.finding.related?.length) {
      result.relatedLocations = it.finding.related.flatMap((r, id) => {
        if (r.file && r.range) {
          const { start, end } = r.range;
          return [{ id, message: { text: r.message }, physicalLocation: { artifactLocation: artifact(path.resolve(r.file), opts.cwd), region: { startLine: start.line + 1, startColumn: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 } } }];
        }
        if (r.start === undefined) return [];
        return [{ id, message: { text: r.message }, physicalLocation: { artifactLocation: where, region: region(it.lines, r.start, r.end ?? r.start) } }];
      });
    }
    return result;
  });
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'fastapi-perf-lint', version: opts.version, informationUri: REPOSITORY_URL, rules } },
        originalUriBaseIds: { '%SRCROOT%': { uri: fileUri(opts.cwd + path.sep) } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return JSON.stringify(log, null, 2);
}
