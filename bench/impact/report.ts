// The impact bench's outputs besides the console: the README table and the hover's data.
import { writeFileSync } from 'node:fs';
import { latency, ms, num, times, type ImpactData, type ImpactFigures } from '../../server/src/analysis/knowledge/impact';
import type { Machine } from './env';
import type { Load } from './load';

export interface Variant {
  c1: Load;
  c50: Load;
  /** /fast at 1 connection while /slow is loaded at 50 (event-loop cases); a request still waiting at the end counts with its wait so far. */
  fastUnderLoad?: Load;
}

export interface CaseResult {
  code: string;
  title: string;
  how: string;
  stack: string;
  versions: Record<string, string>;
  diff?: string;
  before?: Variant;
  after?: Variant;
  error?: string;
}

export interface Results {
  generated: string;
  machine: Machine & { loadAtEnd: number[] };
  /** The whole run, package installs included. */
  elapsedSeconds?: number;
  settings: { seconds: number; warmupSeconds: number; connections: number[]; server: string };
  stacks: { name: string; versions: Record<string, string> }[];
  cases: CaseResult[];
}

const r = (x: number, digits = 3) => Number(x.toPrecision(digits));

function measured(c: CaseResult): c is CaseResult & { before: Variant; after: Variant } {
  return !c.error && !!c.before && !!c.after;
}

function machineLine(res: Results): string {
  const m = res.machine;
  return `${m.cores} × ${m.cpu}, ${m.os}, load average ${m.loadAtStart[0]} at start`;
}

/** The "What fixing it buys" tables, one per stack, for the README. */
export function readmeTable(res: Results): string {
  const lines: string[] = [];
  lines.push(`Measured by \`npm run bench:impact\` on ${machineLine(res)} (${res.generated.slice(0, 10)}; ${res.settings.server}; wrk ${res.settings.seconds} s per figure). Read the ratios, not the absolute figures. "--fix" rows are the CLI's own fix applied to the app; "by hand" rows apply what the rule's message says (the rule has no fix).`);
  for (const s of res.stacks) {
    const rows = res.cases.filter((c) => c.stack === s.name && measured(c)) as (CaseResult & { before: Variant; after: Variant })[];
    if (!rows.length) continue;
    const v = s.versions;
    lines.push('', `FastAPI ${v.fastapi}, Pydantic ${v.pydantic}, Starlette ${v.starlette}, uvicorn ${v.uvicorn}, Python ${v.python} (${s.name === 'debian' ? "Debian's packages" : 'pip'}):`, '');
    lines.push('| Rule | The slow route | After | req/s, 50 connections | p99, 50 connections | p50, 1 connection | Another route on the worker, p99 |');
    lines.push('|---|---|---|---|---|---|---|');
    for (const c of rows) {
      const b = c.before;
      const a = c.after;
      const fast = b.fastUnderLoad && a.fastUnderLoad ? `${ms(b.fastUnderLoad.p99Ms)} → ${ms(a.fastUnderLoad.p99Ms)}` : '';
      lines.push(
        `| ${c.code} | ${c.title} | ${c.how.replace(/--/g, '&#8209;&#8209;')} | ${num(b.c50.rps)} → ${num(a.c50.rps)} (**${times(a.c50.rps / b.c50.rps)}**) | ${latency(b.c50.p99Ms, b.c50.stalled)} → ${latency(a.c50.p99Ms, a.c50.stalled)} | ${latency(b.c1.p50Ms, b.c1.stalled)} → ${latency(a.c1.p50Ms, a.c1.stalled)} | ${fast} |`,
      );
    }
  }
  lines.push('', 'Every figure, with the fix each case applied: `bench/results/impact.json`.', '');
  return lines.join('\n');
}

function figures(c: CaseResult & { before: Variant; after: Variant }): ImpactFigures {
  const { before: b, after: a } = c;
  const v = c.versions;
  return {
    title: c.title.replace(/`/g, ''),
    how: c.how,
    versions: `FastAPI ${v.fastapi}, Pydantic ${v.pydantic}, uvicorn ${v.uvicorn}, Python ${v.python}`,
    rps50: [r(b.c50.rps), r(a.c50.rps)],
    ...(b.c50.stalled ? { stalledBefore: true } : {}),
    p99At50Ms: [r(b.c50.p99Ms), r(a.c50.p99Ms)],
    p50At1Ms: [r(b.c1.p50Ms), r(a.c1.p50Ms)],
    ...(b.fastUnderLoad && a.fastUnderLoad ? { otherRouteP99Ms: [r(b.fastUnderLoad.p99Ms), r(a.fastUnderLoad.p99Ms)] } : {}),
  };
}

/** The hover's data: each rule's figures on the newest FastAPI measured. */
export function writeKnowledge(res: Results, file: string): string {
  const data: ImpactData = { measured: res.generated.slice(0, 10), machine: machineLine(res), rules: {} };
  // Stacks are listed oldest first: a later one overwrites.
  for (const c of res.cases) if (measured(c)) data.rules[c.code] = figures(c);
  writeFileSync(file, JSON.stringify(data, null, 2) + '\n');
  return file;
}
