// Hover over a flagged range: for each finding there, what VS Code does not already show
// beside it (the message is in the diagnostic's own hover line): the documentation link
// first, the finding's detail, the user's own line and the same line after the fix, how
// often it runs and where (route, event loop or threadpool), and what that costs (the
// rule's cost rows, engine/ruleDocs.ts, and what fixing it bought in the impact bench,
// analysis/knowledge/impact.ts). The route is named by the full path the routes request
// answered last (router prefixes included) when it has the handler, else by its decorator.
import { MarkupKind, type Hover, type HoverParams } from 'vscode-languageserver/node';
import { routeLabel, routeOf } from '../analysis/fastapi';
import type { FileModel } from '../analysis/model';
import type { Scope } from '../analysis/facts';
import { docsUrl } from '../engine/docs';
import { applyEdits } from '../engine/fixes';
import { costTable } from '../engine/ruleDocs';
import { impactLine } from '../analysis/knowledge/impact';
import { plainText } from '../ruleApi/message';
import type { Finding, Rule } from '../ruleApi/rule';
import type { ServerContext } from './context';
import type { DiagnosticsService } from './diagnostics';
import type { LspRoute } from './routes';

/** The route the routes request last answered for a handler of this file, by the handler's name and start offset. */
export type KnownRoute = (fn: Scope) => Pick<LspRoute, 'methods' | 'path'> | undefined;

/** The client command that opens a rule's README.md bundled with the extension in the Markdown preview (arguments: `[code]`). */
export const OPEN_DOCS_COMMAND = 'fastapiPerf.openRuleDocs';
/** The most lines a before/after pair shows; a larger fix is left to the preview of the code action. */
const MAX_LINES = 8;

export function ruleByCode(ctx: ServerContext, code: string): Rule | undefined {
  return ctx.options.rules.find(code);
}

/** Where the documentation link goes: the bundled docs through the client's command when it has one, else the repository. */
export function docsLink(ctx: ServerContext, rule: Rule): string {
  if (ctx.client.ruleDocsCommand) return `command:${OPEN_DOCS_COMMAND}?${encodeURIComponent(JSON.stringify([rule.meta.code]))}`;
  return docsUrl(rule.meta.id);
}

/** The whole lines holding [start, end). */
function linesAround(text: string, start: number, end: number): { start: number; end: number } {
  const from = text.lastIndexOf('\n', start - 1) + 1;
  const nl = text.indexOf('\n', Math.max(end - (end > start && text[end - 1] === '\n' ? 1 : 0), start));
  return { start: from, end: nl < 0 ? text.length : nl };
}

function dedent(block: string): string {
  const lines = block.split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^[ \t]*/.exec(l)![0].length));
  return lines.map((l) => l.slice(Number.isFinite(indent) ? indent : 0)).join('\n').replace(/\r/g, '');
}

/** The finding's lines as written, and the same lines after its fix (its own edits: the imports it adds are not shown). */
export function beforeAfter(text: string, f: Finding): { before: string; after?: string } | undefined {
  const edits = f.fix?.edits ?? [];
  const start = Math.min(f.start, ...edits.map((e) => e.start));
  const end = edits.length ? Math.max(...edits.map((e) => e.end)) : f.start;
  const span = linesAround(text, start, Math.max(end, start));
  const before = text.slice(span.start, span.end);
  if (before.split('\n').length > MAX_LINES) {
    const first = linesAround(text, f.start, f.start);
    return { before: dedent(text.slice(first.start, first.end)) };
  }
  if (!edits.length) return { before: dedent(before) };
  let after: string;
  try {
    after = applyEdits(before, edits.map((e) => ({ ...e, start: e.start - span.start, end: e.end - span.start })));
  } catch {
    return { before: dedent(before) };
  }
  if (after.split('\n').length > MAX_LINES * 2) return { before: dedent(before) };
  // Dedent both by the indentation of the original lines.
  const indent = Math.min(...before.split('\n').filter((l) => l.trim()).map((l) => /^[ \t]*/.exec(l)![0].length));
  const cut = (s: string): string => s.split('\n').map((l) => (l.slice(0, indent).trim() ? l : l.slice(indent))).join('\n').replace(/\r/g, '');
  return { before: cut(before), after: cut(after) };
}

/** The innermost function holding an offset. */
function functionAt(model: FileModel, offset: number): Scope | undefined {
  let best: Scope | undefined;
  for (const fn of model.functions) {
    if (fn.kind !== 'function' || offset < fn.start || offset >= fn.end) continue;
    if (!best || fn.start >= best.start) best = fn;
  }
  return best;
}

/** How often the finding's code runs and on which thread: "On every request to GET /items, on the event loop." */
export function howOften(model: FileModel, f: Finding, known?: KnownRoute): string | undefined {
  const fn = functionAt(model, f.start);
  if (!fn) return undefined;
  // The route around it: the function itself, or the route a nested function is defined in.
  let route = null;
  for (let s: Scope | null = fn; s && !route; s = s.parent) if (s.kind === 'function') route = routeOf(model, s);
  const thread = fn.isAsync ? 'on the event loop' : route && route.fn === fn ? "in the threadpool (one of AnyIO's 40 threads by default)" : undefined;
  if (route) {
    const full = known?.(route.fn);
    const label = full ? `${full.methods.join(', ')} ${full.path}` : routeLabel(route);
    return `On every request to \`${label}\`${thread ? `, ${thread}` : ''}.`;
  }
  return `Each time \`${fn.name}\` runs${thread ? `, ${thread}` : ''}.`;
}

function findingMarkdown(ctx: ServerContext, rule: Rule | undefined, f: Finding, text: string, model: FileModel, known?: KnownRoute): string {
  const out: string[] = [];
  out.push(rule ? `**${f.code}** [${rule.meta.id}: documentation](${docsLink(ctx, rule)})` : `**${f.code}**`);
  if (f.detail) out.push('', f.detail);
  const lines = beforeAfter(text, f);
  if (lines) {
    out.push('', 'Your code:', '```python', lines.before, '```');
    if (lines.after !== undefined && f.fix) out.push(`After the fix (${f.fix.title}):`, '```python', lines.after, '```');
  }
  const often = howOften(model, f, known);
  if (often) out.push('', `**Runs:** ${often}`);
  const costs = costTable(f.code);
  if (costs.length) out.push('', ...costs);
  const measured = impactLine(f.code);
  if (measured) out.push('', measured);
  return out.join('\n');
}

export async function hover(ctx: ServerContext, diagnostics: DiagnosticsService, params: HoverParams, routesOf?: (uri: string) => readonly LspRoute[] | undefined): Promise<Hover | null> {
  const d = ctx.docs.get(params.textDocument.uri);
  if (!d) return null;
  const out = await diagnostics.lint(d);
  const r = out.result;
  if (!r || d.closed) return null;
  const offset = r.lines.offset(params.position);
  const hits = r.findings.filter((f) => f.start <= offset && offset <= f.end);
  if (hits.length === 0) return null;
  const answered = routesOf?.(params.textDocument.uri);
  const known: KnownRoute | undefined = answered?.length
    ? (fn) => {
        const line = r.lines.range(fn.start, fn.start).start.line;
        return answered.find((x) => x.handler === fn.name && x.range.start.line <= line && line <= x.range.end.line);
      }
    : undefined;
  const sections: string[] = [];
  const seen = new Set<string>();
  for (const f of hits) {
    const key = `${f.code}:${f.start}:${f.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    sections.push(findingMarkdown(ctx, ruleByCode(ctx, f.code), f, r.model.text, r.model, known));
  }
  const first = hits[0];
  const value = sections.join('\n\n---\n\n');
  return {
    contents: ctx.client.hoverMarkdown ? { kind: MarkupKind.Markdown, value } : { kind: MarkupKind.PlainText, value: plainText(value.replace(/\*\*/g, '')) },
    range: r.lines.range(first.start, first.end),
  };
}
