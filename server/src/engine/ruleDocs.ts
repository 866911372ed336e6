// A rule's documentation, rendered from its metadata: the rule's README.md (written by
// `npm run docs`, shipped in the .vsix and opened by the editor's hover link), the text
// `fastapi-perf-lint explain` prints, and the cost rows the hover shows. One source for all three.
import type { Rule } from '../ruleApi/rule';
import { RUFF_OVERLAP, type RuffOverlap } from '../analysis/knowledge/ruff';

/** One row of the seed article's cost table ("Understanding the Overhead", "Pydantic V2 Performance Characteristics"), or of what the rule measures itself. */
export interface CostRow {
  operation: string;
  cost: string;
  note: string;
}

const ROWS = {
  di: { operation: 'Dependency resolution', cost: '5-50 µs', note: 'per-request walk of the dependency graph' },
  validation: { operation: 'Pydantic validation', cost: '10-100 µs', note: 'per model, depends on its complexity' },
  serialization: { operation: 'Response serialization', cost: '5-50 µs', note: 'Pydantic 2, declared return type' },
  middleware: { operation: 'Middleware stack', cost: '1-5 µs per layer', note: 'plus what the middleware itself does' },
  threadpool: { operation: 'Threadpool hop', cost: 'one of 40 threads', note: "a sync `def` route or dependency and `run_in_threadpool` use AnyIO's threadpool, 40 threads by default: the 41st concurrent call waits (`asyncio.to_thread`: the loop's executor, min(32, CPUs + 4) threads)" },
  eventLoop: { operation: 'Blocking call on the event loop', cost: 'the call\'s whole duration', note: 'every other request of the worker waits, often 10-1000 ms' },
  jsonModule: { operation: '`json.dumps` vs `orjson.dumps`', cost: '~15 ms vs ~2 ms', note: '10,000 dicts' },
  v1Serialize: { operation: 'Pydantic 1 + `json.dumps` vs `model_dump_json()`', cost: '~80 ms vs ~2 ms', note: '1000 objects' },
  v1Validate: { operation: 'Validation, Pydantic 1 vs Pydantic 2', cost: '~120 ms vs ~3 ms', note: '1000 nested objects' },
} satisfies Record<string, CostRow>;

/** Which rows speak for each rule's cost (rules not listed have no row: their cost is the query, the pool, the file). */
const COSTS: Record<string, (keyof typeof ROWS)[]> = {
  FPL101: ['eventLoop'],
  FPL102: ['eventLoop', 'threadpool'],
  FPL103: ['eventLoop', 'threadpool'],
  FPL104: ['eventLoop', 'threadpool'],
  FPL105: ['eventLoop'],
  FPL106: ['eventLoop', 'threadpool'],
  FPL107: ['eventLoop', 'threadpool'],
  FPL108: ['eventLoop', 'threadpool'],
  FPL112: ['di', 'threadpool'],
  FPL201: ['serialization', 'jsonModule'],
  FPL202: ['serialization', 'jsonModule'],
  FPL203: ['serialization', 'v1Serialize'],
  FPL204: ['serialization', 'v1Serialize'],
  FPL401: ['validation', 'v1Validate'],
  FPL402: ['validation', 'v1Validate'],
  FPL403: ['validation', 'v1Validate'],
  FPL404: ['validation'],
  FPL405: ['validation', 'v1Validate'],
  FPL406: ['validation', 'v1Validate'],
  FPL501: ['di', 'validation'],
  FPL502: ['middleware'],
};

export function costRows(code: string): CostRow[] {
  return (COSTS[code] ?? []).map((k) => ROWS[k]);
}

/** The cost rows as a Markdown table (empty when the rule has none). */
export function costTable(code: string): string[] {
  const rows = costRows(code);
  if (!rows.length) return [];
  return ['| What | Cost | Notes |', '|---|---|---|', ...rows.map((r) => `| ${r.operation} | ${r.cost} | ${r.note} |`)];
}

export function severityLabel(rule: Rule): string {
  return rule.meta.defaultEnabled === false ? `${rule.meta.severity} (off by default)` : rule.meta.severity;
}

function code(block: string): string[] {
  return ['```python', block.replace(/\s+$/, ''), '```'];
}

/** A few names of a list, then how many more. */
function some(names: readonly string[], max = 6): string {
  const shown = names.slice(0, max).map((n) => `\`${n}\``);
  return names.length > max ? `${shown.join(', ')} and ${names.length - max} more` : shown.join(', ');
}

/** What Ruff matches in one row of the overlap table, in words. */
function ruffCalls(o: RuffOverlap): string {
  if (o.functions) {
    const names = some(o.functions.map((f) => f.replace(/^builtins\./, '')));
    if (o.spawnMode) return `${names} ${o.spawnMode === 'wait' ? 'with the mode `os.P_WAIT` (or none)' : 'with another mode than `os.P_WAIT`'}`;
    return names;
  }
  const r = o.receiver!;
  const how = [r.direct ? `\`${r.types[0].split('.').pop()}(...)\`` : '', `a name bound to \`${r.types[0]}(...)\`${r.annotated ? ' or annotated with the class' : ''}${r.onlyBinding ? ' (bound once)' : ''}`].filter(Boolean).join(' or ');
  return `${r.methods.length === 1 ? 'the method' : 'the methods'} ${some(r.methods)} of ${how}`;
}

/** The section on Ruff of a rule Ruff overlaps, from the overlap table (none for the others). */
export function ruffSection(code: string): string[] {
  const rows = RUFF_OVERLAP.filter((o) => o.fpl === code);
  if (!rows.length) return [];
  const state = (o: RuffOverlap): string => (o.default === 'stable' ? "in Ruff's default rule set" : o.default === 'preview' ? "in Ruff's default rule set with `preview = true`" : 'when selected');
  return [
    '',
    '## Beside Ruff',
    '',
    'Ruff reports some of the same calls (checked against Ruff 0.17):',
    '',
    ...rows.map((o) => `- [\`${o.ruff}\`](https://docs.astral.sh/ruff/rules/${o.name}/) (${state(o)}): ${ruffCalls(o)}.`),
    '',
    `On those calls the two are one problem. \`# noqa: ${rows[0].ruff}\`, or any of Ruff's suppression comments for that code (\`# ruff: noqa: ${rows[0].ruff}\`, \`# ruff: ignore[${rows[0].ruff}]\`, \`# ruff: disable[${rows[0].ruff}]\`), silences both. With \`ruff-overlap = "defer"\` (or \`auto\`, the editor's default, when the Ruff extension lints in the editor), ${code} leaves the call to Ruff wherever Ruff's configuration runs that code for the file, and the editor offers ${code}'s fix on Ruff's diagnostic. Calls Ruff cannot recognise stay ${code}'s: through an attribute or a variable whose type Ruff cannot see, through an import alias Ruff does not follow, and every client, session and call the list above does not name. See [Using it with Ruff](../../README.md#using-it-with-ruff).`,
  ];
}

/** The README.md of one rule. */
export function ruleReadme(rule: Rule): string {
  const { meta } = rule;
  const d = meta.docs;
  const out = [
    `<!-- Generated by \`npm run docs\` from rules/${meta.id}/rule.ts (meta.docs): edit that, not this file. -->`,
    `# ${meta.code}: ${meta.id}`,
    '',
    d.summary,
    '',
    '| Code | Family | Severity | Fix |',
    '|---|---|---|---|',
    `| ${meta.code} | ${meta.family} | ${severityLabel(rule)} | ${meta.fix} |`,
  ];
  if (meta.defaultEnabled === false) out.push('', `Off by default: enable it with \`extend-select = ["${meta.code}"]\` in \`[tool.fastapi-perf-lint]\`.`);
  out.push('', '## Why is this slow?', '', d.why, '', '## Example', '');
  if (d.file) out.push(`In \`${d.file}\`:`, '');
  out.push(...code(d.example), '', '## Use instead', '', ...code(d.useInstead));
  if (d.fixSafety) out.push('', '## Fix safety', '', d.fixSafety);
  if (d.versions) out.push('', '## Versions', '', d.versions);
  if (d.references?.length) out.push('', '## References', '', ...d.references.map((r) => `- <${r}>`));
  const costs = costTable(meta.code);
  if (costs.length) out.push('', '## What it costs', '', 'Typical costs, from published FastAPI and Pydantic benchmarks; the threadpool and event-loop rows are how the server runs the code:', '', ...costs);
  out.push(...ruffSection(meta.code));
  out.push(
    '',
    '## Suppressing it',
    '',
    `Add \`# noqa: ${meta.code}\` at the end of the line the finding starts on, or turn the rule off with \`ignore = ["${meta.code}"]\` in \`[tool.fastapi-perf-lint]\`.`,
  );
  return out.join('\n') + '\n';
}

