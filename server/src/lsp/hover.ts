// Hover over a flagged range: for each finding there, the message, the rule's summary,
// why it is slow, what to write instead (from the rule's docs) and a link to the docs.
import { MarkupKind, type Hover, type HoverParams } from 'vscode-languageserver/node';
import { docsUrl } from '../engine/docs';
import type { Rule } from '../ruleApi/rule';
import type { ServerContext } from './context';
import type { DiagnosticsService } from './diagnostics';

export function ruleByCode(ctx: ServerContext, code: string): Rule | undefined {
  return ctx.options.rules.find(code);
}

function ruleMarkdown(rule: Rule, message?: string): string {
  const { code, id, docs } = rule.meta;
  return [
    `**${code}** \`${id}\`${message ? `: ${message}` : ''}`,
    '',
    docs.summary,
    '',
    `**Why it is slow:** ${docs.why}`,
    '',
    '**Use instead:**',
    '```python',
    docs.useInstead,
    '```',
    '',
    `[Documentation for ${code}](${docsUrl(id)})`,
  ].join('\n');
}

export async function hover(ctx: ServerContext, diagnostics: DiagnosticsService, params: HoverParams): Promise<Hover | null> {
  const d = ctx.docs.get(params.textDocument.uri);
  if (!d) return null;
  const out = await diagnostics.lint(d);
  const r = out.result;
  if (!r || d.closed) return null;
  const offset = r.lines.offset(params.position);
  const hits = r.findings.filter((f) => f.start <= offset && offset <= f.end);
  if (hits.length === 0) return null;
  const sections: string[] = [];
  const seen = new Set<string>();
  for (const f of hits) {
    const key = `${f.code}:${f.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const rule = ruleByCode(ctx, f.code);
    sections.push(rule ? ruleMarkdown(rule, f.message) : `**${f.code}**: ${f.message}`);
  }
  const first = hits[0];
  const value = sections.join('\n\n---\n\n');
  return {
    contents: ctx.client.hoverMarkdown ? { kind: MarkupKind.Markdown, value } : { kind: MarkupKind.PlainText, value: value.replace(/\*\*|`/g, '') },
    range: r.lines.range(first.start, first.end),
  };
}
