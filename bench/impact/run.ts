// npm run bench:impact: what fixing a finding buys a running FastAPI server. Each case app
// (bench/impact/cases) is served by one uvicorn worker on 127.0.0.1 and loaded with wrk,
// then fixed with `node dist/cli.js check --fix` (or by hand where the rule has no fix) and
// loaded again, under Debian's FastAPI and a newer one from pip. A benchmark, not a test:
// it never fails on a number. Prints a table, writes bench/results/impact.json; with
// --write also the hover's data (server/src/analysis/knowledge/impact.json) and the README table.
//
//   npm run bench:impact -- [--write] [--duration S] [--stack all|newest|debian] [--only FPL101,FPL102]
//   npm run bench:impact -- --from bench/results/impact.json   (--write's outputs from an earlier run)
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import { join } from 'node:path';
import { latency, num, times } from '../../server/src/analysis/knowledge/impact';
import { CASES, howLabel, type Case } from './cases';
import { atLeast, ensureDebianPackages, machine, stacks, type Machine, type Stack } from './env';
import { get, probe, serveApp, serveUpstream, waitReady, wrk, writeLua, type Load } from './load';
import { readmeTable, writeKnowledge, type CaseResult, type Results, type Variant } from './report';

const REPO = join(__dirname, '..', '..');
const CLI = join(REPO, 'dist', 'cli.js');
const CASES_DIR = join(__dirname, 'cases');
const HIGH = 50;
const WARMUP_S = 1;
const MAX_HIGH_S = 6;

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** The linter on one app: findings of `code`, and (with fix flags) the fixes applied. */
function lint(dir: string, code: string, fix: string[] = []): number {
  const r = spawnSync(process.execPath, [CLI, 'check', dir, '--select', code, '--format', 'json', '--exit-zero', '--no-progress', ...fix], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`fastapi-perf-lint failed on ${dir}: ${r.stderr}`);
  if (fix.length) return 0;
  return (JSON.parse(r.stdout) as { code: string }[]).filter((f) => f.code === code).length;
}

function diff(a: string, b: string): string {
  const r = spawnSync('diff', ['-u', '--label', 'before/app.py', '--label', 'after/app.py', a, b], { encoding: 'utf8' });
  return r.stdout;
}

/** The case's before and after folders for a stack (Pydantic 1 has its own app where it differs). */
function prepare(c: Case, stack: Stack, work: string): { before: string; after: string; diff: string } {
  const root = join(work, `${c.dir}-${stack.name}`);
  const before = join(root, 'before');
  const after = join(root, 'after');
  const src = join(CASES_DIR, c.dir);
  const pydantic1 = !atLeast(stack.versions.pydantic, '2') && existsSync(join(src, 'app.pydantic1.py'));
  mkdirSync(before, { recursive: true });
  for (const f of readdirSync(src)) {
    if (f === 'after.py' || f.startsWith('app.')) continue;
    cpSync(join(src, f), join(before, f));
  }
  cpSync(join(src, pydantic1 ? 'app.pydantic1.py' : 'app.py'), join(before, 'app.py'));
  cpSync(before, after, { recursive: true });
  if (c.after === 'hand') cpSync(join(src, 'after.py'), join(after, 'app.py'));
  else lint(after, c.code, c.after === 'fix' ? ['--fix'] : ['--fix', '--unsafe-fixes']);
  const d = diff(join(before, 'app.py'), join(after, 'app.py'));
  if (!d) throw new Error(`${c.code}: the fix changed nothing`);
  const n = lint(before, c.code);
  if (!n) throw new Error(`${c.code}: the linter reports nothing on the "before" app`);
  const left = lint(after, c.code);
  if (left) throw new Error(`${c.code}: ${left} finding(s) left on the "after" app`);
  return { before, after, diff: d };
}

async function measure(dir: string, c: Case, stack: Stack, env: Record<string, string>, seconds: number, lua: string): Promise<Variant> {
  const server = await serveApp(dir, stack.pythonPath, env);
  try {
    const slow = `${server.base}/slow`;
    // wrk leaves the requests it sent last in the server's queue: wait until /fast answers
    // again, so the next figure starts on an idle worker.
    const status = await get(slow);
    if (status !== 200) throw new Error(`GET /slow answered ${status}: ${server.log().slice(-600)}`);
    // Warm up at one connection: wrk leaves the requests it sent last in the server (on the
    // loop or in the threadpool), and one is all the next figure may find there.
    const drain = () => waitReady(`${server.base}/fast`, server.proc, server.log, 60000);
    await wrk(slow, 1, WARMUP_S, lua);
    await drain();
    const one = await wrk(slow, 1, seconds, lua);
    await drain();
    // wrk counts the requests that complete within its run: a route that takes 50 times its
    // one-client latency at 50 connections needs a run long enough to see several complete.
    const highSeconds = Math.min(MAX_HIGH_S, Math.max(seconds, Math.ceil((2 * HIGH * one.p50Ms) / 1000)));
    const [many, fast] = await Promise.all([wrk(slow, HIGH, highSeconds, lua), c.eventLoop ? probe(`${server.base}/fast`, highSeconds) : Promise.resolve(undefined)]);
    return { c1: one, c50: many, ...(fast ? { fastUnderLoad: fast } : {}) };
  } finally {
    await server.stop();
  }
}


function loadLine(label: string, b: Load, a: Load, answered = false): string {
  const err = b.errors || a.errors ? `  errors ${b.errors} → ${a.errors}` : '';
  const count = answered ? `answered ${b.requests} → ${a.requests}` : `req/s ${num(b.rps)} → ${num(a.rps)} (${times(a.rps / b.rps)})`;
  return (
    `    ${label.padEnd(22)} ${count}`.padEnd(58) +
    `p50 ${latency(b.p50Ms, b.stalled)} → ${latency(a.p50Ms, a.stalled)}`.padEnd(28) +
    `p99 ${latency(b.p99Ms, b.stalled)} → ${latency(a.p99Ms, a.stalled)} (${b.stalled || a.stalled ? '—' : times(b.p99Ms / a.p99Ms)})${err}`
  );
}

export function versionLine(v: Record<string, string>): string {
  return `FastAPI ${v.fastapi} · Pydantic ${v.pydantic} · Starlette ${v.starlette} · uvicorn ${v.uvicorn} · Python ${v.python}`;
}

function printCase(r: CaseResult): void {
  console.log(`  ${r.code} ${r.title}  [${r.how}; ${versionLine(r.versions)}]`);
  if (r.error || !r.before || !r.after) {
    console.log(`    not measured: ${r.error}`);
    return;
  }
  console.log(loadLine('1 connection', r.before.c1, r.after.c1));
  console.log(loadLine(`${HIGH} connections`, r.before.c50, r.after.c50));
  if (r.before.fastUnderLoad && r.after.fastUnderLoad) console.log(loadLine('/fast while /slow busy', r.before.fastUnderLoad, r.after.fastUnderLoad, true));
}

/** `--write`: the hover's data and the README table from a results file. */
function writeOutputs(out: Results): void {
  const k = writeKnowledge(out, join(REPO, 'server', 'src', 'analysis', 'knowledge', 'impact.json'));
  const readme = join(REPO, 'README.md');
  const text = readFileSync(readme, 'utf8');
  const start = '<!-- impact:start -->';
  const end = '<!-- impact:end -->';
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  if (i >= 0 && j > i) writeFileSync(readme, text.slice(0, i + start.length) + '\n' + readmeTable(out) + text.slice(j));
  else console.log('README.md has no <!-- impact:start --> ... <!-- impact:end --> section: table not written.');
  console.log(`Wrote ${k} and the README table.`);
}

async function main(): Promise<void> {
  const t0 = Date.now();
  const from = arg('--from');
  if (from) {
    // Rewrite the outputs from an earlier run's JSON without measuring again.
    writeOutputs(JSON.parse(readFileSync(from, 'utf8')) as Results);
    return;
  }
  const seconds = Number(arg('--duration') ?? 2);
  const which = (arg('--stack') ?? 'all') as 'all' | 'newest' | 'debian';
  const only = arg('--only')?.split(',');
  const m: Machine = machine();
  console.log(`Load average at start: ${m.loadAtStart.join(', ')} (${m.cores} cores: figures are noisy when this is high)`);
  ensureDebianPackages();
  if (!existsSync(CLI)) {
    console.log('Building dist/ (npm run build) for the CLI...');
    if (spawnSync('npm', ['run', 'build'], { cwd: REPO, stdio: 'inherit' }).status !== 0) process.exit(2);
  }
  const cacheDir = join(REPO, 'bench', 'impact', '.cache');
  const stackList = stacks(cacheDir, which);
  const mm = machine();
  console.log(`Machine: ${mm.cores} × ${mm.cpu}, ${mm.os}; ${mm.python}; ${mm.wrk}`);
  console.log(`Server: uvicorn, 1 worker, --loop asyncio --http h11, on 127.0.0.1; wrk ${seconds} s per figure (up to ${MAX_HIGH_S} s at ${HIGH} connections for a slow route) after a ${WARMUP_S} s warm-up at 1 connection`);
  for (const s of stackList) console.log(`Stack ${s.name}: ${versionLine(s.versions)}`);

  const work = mkdtempSync(join(os.tmpdir(), 'fpl-impact-'));
  const lua = writeLua(work);
  const upstream = await serveUpstream();
  const results: CaseResult[] = [];
  try {
    for (const stack of stackList) {
      console.log(`\n${stack.name}: ${versionLine(stack.versions)}`);
      for (const c of CASES) {
        if (only && !only.includes(c.code)) continue;
        if (c.minFastapi && !atLeast(stack.versions.fastapi, c.minFastapi)) {
          console.log(`  ${c.code} skipped: needs FastAPI >= ${c.minFastapi}`);
          continue;
        }
        const result: CaseResult = { code: c.code, title: c.title, how: howLabel(c), stack: stack.name, versions: stack.versions };
        try {
          const { before, after, diff: d } = prepare(c, stack, work);
          result.diff = d;
          const data = join(work, `${c.dir}-${stack.name}`, 'data');
          mkdirSync(data, { recursive: true });
          const env = { IMPACT_UPSTREAM: upstream.base, IMPACT_DATA: data };
          result.before = await measure(before, c, stack, env, seconds, lua);
          result.after = await measure(after, c, stack, env, seconds, lua);
        } catch (e) {
          result.error = e instanceof Error ? e.message : String(e);
        }
        results.push(result);
        printCase(result);
      }
    }
  } finally {
    await upstream.stop();
    rmSync(work, { recursive: true, force: true });
  }

  const out: Results = {
    generated: new Date().toISOString(),
    machine: { ...m, loadAtEnd: os.loadavg().map((x) => Math.round(x * 100) / 100) },
    elapsedSeconds: Math.round((Date.now() - t0) / 1000),
    settings: { seconds, warmupSeconds: WARMUP_S, connections: [1, HIGH], server: 'uvicorn, 1 worker, --loop asyncio --http h11, 127.0.0.1' },
    stacks: stackList.map((s) => ({ name: s.name, versions: s.versions })),
    cases: results,
  };
  const file = arg('--out') ?? join(REPO, 'bench', 'results', 'impact.json');
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, JSON.stringify(out, null, 2) + '\n');
  console.log(`\nLoad average at end: ${out.machine.loadAtEnd.join(', ')}. Wrote ${file} (${out.elapsedSeconds} s in all).`);
  if (process.argv.includes('--write')) writeOutputs(out);
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});
