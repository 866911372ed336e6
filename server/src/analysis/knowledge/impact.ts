// What fixing a finding bought a running FastAPI server, as measured by `npm run bench:impact
// -- --write` (bench/impact), which writes impact.json: one uvicorn worker loaded with wrk,
// before and after the fix. Read by the hover's cost line.
import data from './impact.json';

/** Each figure is [before, after]. */
export interface ImpactFigures {
  title: string;
  /** '--fix', '--fix --unsafe-fixes' or 'by hand'. */
  how: string;
  versions: string;
  rps50: number[];
  /** No request completed within the run before the fix: the "before" latencies are the run's length. */
  stalledBefore?: boolean;
  p99At50Ms: number[];
  p50At1Ms: number[];
  /** An unrelated fast route of the same worker while the slow one is loaded (event-loop rules). */
  otherRouteP99Ms?: number[];
}

export interface ImpactData {
  measured: string;
  machine: string;
  rules: Record<string, ImpactFigures>;
}

const IMPACT = data as ImpactData;

/** Figures as the bench prints them: 3 significant digits or so, milliseconds or seconds, a ratio. */
export const num = (x: number): string => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
export const ms = (x: number): string => (x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${num(x)} ms`);
export const times = (x: number): string => (Number.isFinite(x) && x > 0 ? `${x >= 10 ? x.toFixed(0) : x.toFixed(1)}×` : '—');
/** A latency, or `> N s` for a run in which no request completed. */
export const latency = (x: number, stalled = false): string => (stalled ? `> ${ms(x)}` : ms(x));

/** The measured figures for a rule code, if the bench measured it. */
export function impactFigures(code: string): ImpactFigures | undefined {
  return Object.hasOwn(IMPACT.rules, code) ? IMPACT.rules[code] : undefined;
}

/**
 * One line of Markdown quoting what fixing `code` bought in the impact bench, with the
 * versions and machine it was measured on; undefined for a rule the bench does not measure.
 */
export function impactLine(code: string): string | undefined {
  const f = impactFigures(code);
  return f ? impactText(f) : undefined;
}

/** A throughput ratio this close to 1 is no gain: a figure that moved more leads the line. */
const FLAT = 0.15;

export function impactText(f: ImpactFigures): string {
  const [rb, ra] = f.rps50;
  const fixed = f.how === 'by hand' ? 'with the change made by hand' : `with the fix (\`${f.how}\`)`;
  const rps = rb > 0 ? `got ${times(ra / rb)} the requests/s (${num(rb)} → ${num(ra)}/s)` : `got ${num(ra)} requests/s (none completed within the run before)`;
  const load = `50 concurrent clients ${rps}, p99 ${latency(f.p99At50Ms[0], f.stalledBefore)} → ${ms(f.p99At50Ms[1])}`;
  const one = `one client's p50 ${ms(f.p50At1Ms[0])} → ${ms(f.p50At1Ms[1])}`;
  // `gather` halves one client's wait without adding throughput: say that first.
  const flat = rb > 0 && Math.abs(ra / rb - 1) < FLAT && f.p50At1Ms[1] < f.p50At1Ms[0] * (1 - FLAT);
  const parts = flat ? [one, load] : [load, one];
  if (f.otherRouteP99Ms) parts.push(`another route on the same worker p99 ${ms(f.otherRouteP99Ms[0])} → ${ms(f.otherRouteP99Ms[1])}`);
  return `**Measured** on a test app, ${f.title}; ${fixed}: ${parts.join('; ')}. ${f.versions}; ${IMPACT.machine}; ${IMPACT.measured}, \`npm run bench:impact\`.`;
}
