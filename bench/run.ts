// npm run bench: every performance figure of the product in one run, on the same files,
// with the peer (Ruff's WebAssembly build, ASYNC + FAST rules) measured alongside.
// Prints a table and writes bench/results.json. It never fails on a number: the machine
// is shared and noisy, so it reports medians of several runs and ratios taken in one run.
//
//   npm run bench -- --dir PATH [--dir PATH2] [--edit FILE]   (your own codebases: process figures only)
import { REGISTRY } from '../test/helpers';
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import { join } from 'node:path';
import { mergeConfig } from '../server/src/engine/config';
import { Document } from '../server/src/engine/document';
import { flatTree, initParser, parseIncremental } from '../server/src/engine/parser';
import { lintProject } from '../server/src/engine/project';
import { decodeSource } from '../server/src/engine/text';
import { copyCorpus, dirCorpus, serviceCorpus, stdlibCorpus, type Corpus } from './corpus';
import { serverFigures } from './server';

const REPO = join(__dirname, '..');
const CLI = join(REPO, 'dist', 'cli.js');
const RUFF = join(REPO, 'node_modules', '@astral-sh', 'ruff-wasm-nodejs');
const RSS_HOOK = join(__dirname, 'rss-hook.cjs');
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
/** The "N workers" figure: every core, and at least 4 so that a 2-core machine shows what oversubscription costs. */
const MANY_WORKERS = Math.max(4, os.availableParallelism());

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}

function time(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

async function timeAsync(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

function texts(c: Corpus): string[] {
  return c.files.map((f) => decodeSource(readFileSync(f)).text);
}

/** Runs a command; returns wall time, and the peak RSS and CPU time its process reported (through the RSS hook). */
function run(cmd: string[], cwd = REPO): Promise<{ ms: number; cpuMs: number; peakMB: number; code: number | null }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, ['-r', RSS_HOOK, ...cmd], { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - t0;
      const m = /BENCH_MAXRSS_KB=(\d+)/.exec(err);
      const cpu = /BENCH_CPU_US=(\d+)/.exec(err);
      resolve({ ms, cpuMs: cpu ? Number(cpu[1]) / 1000 : NaN, peakMB: m ? Number(m[1]) / 1024 : NaN, code });
    });
  });
}

function ruffWorkspace(): { check(src: string): unknown } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Workspace, PositionEncoding } = require(RUFF);
  return new Workspace({ lint: { select: ['ASYNC', 'FAST'] } }, PositionEncoding.Utf16);
}

const RUFF_PROCESS = `
const { Workspace, PositionEncoding } = require(${JSON.stringify(RUFF)});
const fs = require('fs');
const files = JSON.parse(fs.readFileSync(process.argv[1], 'utf8'));
const ws = new Workspace({ lint: { select: ['ASYNC', 'FAST'] } }, PositionEncoding.Utf16);
let n = 0;
for (const f of files) { try { n += ws.check(fs.readFileSync(f, 'utf8')).length; } catch {} }
`;

interface Row {
  name: string;
  value: string;
  ratio?: string;
}

async function corpusFigures(c: Corpus, rows: Row[], results: Record<string, unknown>): Promise<void> {
  const src = texts(c);
  const cfg = mergeConfig();
  // Bare parse: the floor of this design. Then the same with the read into the flat tree the analysis works on.
  const parseRuns: number[] = [];
  const flatRuns: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    parseRuns.push(time(() => src.forEach((t) => parseIncremental(t).delete())));
    flatRuns.push(
      time(() =>
        src.forEach((t) => {
          const parsed = parseIncremental(t);
          flatTree(parsed, t);
          parsed.delete();
        }),
      ),
    );
  }
  const bare = median(parseRuns);
  const flat = median(flatRuns);
  // Full lint in this thread: without the prefilter (the engine's own overhead), and with it.
  const full: number[] = [];
  const pre: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    full.push(await timeAsync(() => lintProject({ rules: REGISTRY, paths: [c.root], root: c.root, config: cfg, workers: 1, prefilter: false })));
    pre.push(await timeAsync(() => lintProject({ rules: REGISTRY, paths: [c.root], root: c.root, config: cfg, workers: 1 })));
  }
  // Ruff-WASM, lint loop only, after warm-up.
  const ws = ruffWorkspace();
  src.forEach((t) => {
    try {
      ws.check(t);
    } catch {
      /* Ruff rejects a few files */
    }
  });
  const ruffLoop: number[] = [];
  for (let r = 0; r < RUNS; r++)
    ruffLoop.push(
      time(() =>
        src.forEach((t) => {
          try {
            ws.check(t);
          } catch {
            /* ignore */
          }
        }),
      ),
    );
  rows.push({ name: `${c.name}: corpus`, value: `${c.files.length} files, ${(c.bytes / 1e6).toFixed(1)} MB, ${Math.round(c.lines / 1000)}k lines` });
  const f = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const mbs = c.bytes / 1e6;
  rows.push({ name: `${c.name}: bare parse (1 thread)`, value: f(bare), ratio: `${(mbs / (bare / 1000)).toFixed(1)} MB/s` });
  rows.push({ name: `${c.name}: parse and read into the flat tree (1 thread)`, value: f(flat), ratio: `${(flat / bare).toFixed(2)}x bare parse` });
  rows.push({ name: `${c.name}: full lint, no prefilter (1 thread)`, value: f(median(full)), ratio: `${(median(full) / bare).toFixed(2)}x bare parse` });
  rows.push({ name: `${c.name}: full lint, prefilter (1 thread)`, value: f(median(pre)), ratio: `${(median(pre) / bare).toFixed(2)}x bare parse` });
  rows.push({ name: `${c.name}: Ruff-WASM ASYNC+FAST lint loop (warm)`, value: f(median(ruffLoop)), ratio: `ours no-prefilter / Ruff = ${(median(full) / median(ruffLoop)).toFixed(2)}x` });
  results[c.name] = {
    files: c.files.length,
    bytes: c.bytes,
    lines: c.lines,
    bareParseMs: bare,
    parseAndFlattenMs: flat,
    fullLintNoPrefilterMs: median(full),
    fullLintPrefilterMs: median(pre),
    ratioFullToParse: median(full) / bare,
    ruffLoopMs: median(ruffLoop),
  };
}

interface ProcessRun {
  ms: number;
  cpuMs: number;
  peakMB: number;
}

/**
 * Whole processes, as a user runs them, in turn within each round so that a drift of the
 * shared machine hits all alike: our CLI cold (no cache), warm (an unchanged tree, the cache
 * of the cold run), after one edit of `edited` (a helper others import), cold with 2
 * and N workers; and Ruff-WASM (ASYNC+FAST) over the same files.
 */
async function processFigures(c: Corpus, edited: string | undefined, rows: Row[], results: Record<string, unknown>): Promise<void> {
  const cacheDir = join(os.tmpdir(), `fpl-bench-cache-${c.name}`);
  const listFile = join(os.tmpdir(), `fpl-bench-files-${c.name}.json`);
  writeFileSync(listFile, JSON.stringify(c.files));
  const original = edited === undefined ? undefined : readFileSync(edited, 'utf8');
  const cli = (workers: number, ...extra: string[]) => run([CLI, 'check', c.root, '--workers', String(workers), '--exit-zero', '--quiet', '--no-progress', '--format', 'concise', '--cache-dir', cacheDir, ...extra]);
  const ruff = () => run(['-e', RUFF_PROCESS, listFile]);
  const cold: ProcessRun[] = [];
  const cold2: ProcessRun[] = [];
  const coldN: ProcessRun[] = [];
  const warm: ProcessRun[] = [];
  const edit: ProcessRun[] = [];
  const peer: ProcessRun[] = [];
  // One round not counted: the operating system's file cache and the code cache.
  await cli(1, '--no-cache');
  await ruff();
  for (let r = 0; r < RUNS; r++) {
    rmSync(cacheDir, { recursive: true, force: true });
    cold.push(await cli(1));
    peer.push(await ruff());
    warm.push(await cli(1));
    if (edited !== undefined) {
      appendFileSync(edited, `\n\ndef _bench_edit_${r}(value):\n    return value\n`);
      edit.push(await cli(1));
    }
    cold2.push(await cli(2, '--no-cache'));
    coldN.push(await cli(MANY_WORKERS, '--no-cache'));
  }
  if (edited !== undefined) writeFileSync(edited, original!);
  rmSync(cacheDir, { recursive: true, force: true });
  const m = (xs: ProcessRun[], k: keyof ProcessRun) => median(xs.map((x) => x[k]));
  const fig = (xs: ProcessRun[]) => `${(m(xs, 'ms') / 1000).toFixed(2)} s wall, ${(m(xs, 'cpuMs') / 1000).toFixed(2)} s CPU, ${m(xs, 'peakMB').toFixed(0)} MB`;
  const ratio = (a: ProcessRun[], b: ProcessRun[]) => `${(m(a, 'ms') / m(b, 'ms')).toFixed(2)}x wall, ${(m(a, 'cpuMs') / m(b, 'cpuMs')).toFixed(2)}x CPU`;
  rows.push({ name: `${c.name}: CLI cold, 1 thread`, value: fig(cold), ratio: `vs Ruff-WASM ${ratio(cold, peer)} (goal <= 0.5x)` });
  rows.push({ name: `${c.name}: CLI cold, --workers 2`, value: fig(cold2), ratio: `vs Ruff-WASM ${ratio(cold2, peer)}; vs 1 thread ${ratio(cold2, cold)}` });
  const over = MANY_WORKERS > os.availableParallelism() ? `, more than the ${os.availableParallelism()} cores` : '';
  rows.push({ name: `${c.name}: CLI cold, --workers ${MANY_WORKERS}${over}`, value: fig(coldN), ratio: `vs Ruff-WASM ${ratio(coldN, peer)}; vs 1 thread ${ratio(coldN, cold)}` });
  rows.push({ name: `${c.name}: Ruff-WASM ASYNC+FAST, whole process`, value: fig(peer) });
  rows.push({ name: `${c.name}: CLI warm (unchanged tree, cache)`, value: fig(warm), ratio: `vs cold ${ratio(warm, cold)} (goal <= 0.1x)` });
  if (edit.length) rows.push({ name: `${c.name}: CLI after one helper edit (cache)`, value: fig(edit), ratio: `vs cold ${ratio(edit, cold)}` });
  const out = (xs: ProcessRun[]) => ({ wallMs: m(xs, 'ms'), cpuMs: m(xs, 'cpuMs'), peakMB: m(xs, 'peakMB') });
  Object.assign(results[c.name] as object, { edited: edited?.slice(c.root.length + 1), cold: out(cold), coldWorkers2: out(cold2), coldWorkersN: { workers: MANY_WORKERS, ...out(coldN) }, ruff: out(peer), warm: out(warm), ...(edit.length ? { afterEdit: out(edit) } : {}) });
}

const KEYWORDS = new Set('False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield self'.split(' '));

function keystrokes(file: string, rows: Row[], results: Record<string, unknown>): void {
  const text = readFileSync(file, 'utf8');
  // Seeded, so that two runs (or two builds) time the same edits.
  let seed = 12345;
  const rnd = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const idents: number[] = [];
  const re = /[A-Za-z_][A-Za-z0-9_]{2,}/g;
  for (let m = re.exec(text); m; m = re.exec(text)) if (!KEYWORDS.has(m[0])) idents.push(m.index + 1 + rnd(m[0].length - 1));
  const measure = (kind: 'identifier' | 'random'): number[] => {
    const doc = new Document(text, 1);
    doc.lint({ rules: REGISTRY });
    const out: number[] = [];
    let v = 2;
    for (let i = 0; i < 200; i++) {
      const off = kind === 'identifier' ? idents[rnd(idents.length)] : rnd(doc.text.length);
      const pos = doc.lines.position(off);
      const ch = kind === 'identifier' ? 'x' : ['x', ' ', '(', ')', ':', '\n', '"', '#'][rnd(8)];
      const t0 = performance.now();
      doc.update([{ range: { start: pos, end: pos }, text: ch }], v++);
      doc.lint({ rules: REGISTRY });
      out.push(performance.now() - t0);
      // Undo, so the file stays close to the original (not timed).
      const end = doc.lines.position(off + 1);
      doc.update([{ range: { start: pos, end }, text: '' }], v++);
      doc.lint({ rules: REGISTRY });
    }
    doc.dispose();
    return out;
  };
  const ident = measure('identifier');
  const random = measure('random');
  const ws = ruffWorkspace();
  ws.check(text);
  const ruff: number[] = [];
  for (let i = 0; i < 20; i++) ruff.push(time(() => ws.check(text)));
  const name = file.split('/').slice(-2).join('/');
  const fmt = (xs: number[]) => `p50 ${pct(xs, 50).toFixed(2)} / p95 ${pct(xs, 95).toFixed(2)} / p99 ${pct(xs, 99).toFixed(2)} ms`;
  rows.push({ name: `keystroke ${name}: identifier edits`, value: fmt(ident), ratio: `target p95 < 5 ms and < Ruff (${median(ruff).toFixed(1)} ms)` });
  rows.push({ name: `keystroke ${name}: random edits`, value: fmt(random) });
  rows.push({ name: `keystroke ${name}: Ruff-WASM full lint`, value: `median ${median(ruff).toFixed(2)} ms` });
  results[`keystroke:${name}`] = {
    lines: text.split('\n').length,
    identifier: { p50: pct(ident, 50), p95: pct(ident, 95), p99: pct(ident, 99) },
    random: { p50: pct(random, 50), p95: pct(random, 95), p99: pct(random, 99) },
    ruffFullLintMedianMs: median(ruff),
  };
}

async function main(): Promise<void> {
  const started = Date.now();
  if (spawnSync(process.execPath, [join(REPO, 'esbuild.mjs')], { cwd: REPO, stdio: 'inherit' }).status !== 0) throw new Error('build failed');
  await initParser();
  const rows: Row[] = [];
  const results: Record<string, unknown> = {
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, memGB: Math.round(os.totalmem() / 2 ** 30), node: process.version, load: os.loadavg() },
    runs: RUNS,
  };
  const dirs = argValues('--dir');
  if (dirs.length) {
    // Your own codebases, in place: cold, warm, workers and Ruff-WASM; the edit figure only with --edit FILE (restored after).
    const edit = argValues('--edit')[0];
    for (const d of dirs) {
      const c = dirCorpus(d);
      rows.push({ name: `${c.name}: corpus`, value: `${c.files.length} files, ${(c.bytes / 1e6).toFixed(1)} MB, ${Math.round(c.lines / 1000)}k lines` });
      results[c.name] = { root: d, files: c.files.length, bytes: c.bytes };
      await processFigures(c, edit && edit.startsWith(d) ? edit : undefined, rows, results);
    }
    return report(rows, results, started, join(__dirname, 'results-dirs.json'));
  }
  // Copied, so that the bench can edit a file and keep a cache beside it.
  const std = copyCorpus(stdlibCorpus(), join(os.tmpdir(), 'fpl-bench-stdlib'));
  await corpusFigures(std, rows, results);
  await processFigures(std, join(std.root, 'asyncio', 'coroutines.py'), rows, results);
  const service = serviceCorpus(join(os.tmpdir(), 'fpl-bench-service'));
  await corpusFigures(service, rows, results);
  // A helper module of the generated service that other packages' routes and services import.
  await processFigures(service, join(service.root, 'app', 'products', 'utils.py'), rows, results);
  keystrokes(join(std.root, '_pydecimal.py'), rows, results);
  keystrokes(join(std.root, 'test', 'test_typing.py'), rows, results);
  await serverFigures(std, rows, results);
  report(rows, results, started, join(__dirname, 'results.json'));
}

function argValues(name: string): string[] {
  return process.argv.flatMap((a, i) => (a === name && i + 1 < process.argv.length ? [process.argv[i + 1]] : []));
}

function report(rows: Row[], results: Record<string, unknown>, started: number, file: string): void {
  results.totalSeconds = (Date.now() - started) / 1000;
  writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
  const w = Math.max(...rows.map((r) => r.name.length));
  const v = Math.max(...rows.map((r) => r.value.length));
  console.log(`\nfastapi-perf-lint benchmark (${results.machine && (results.machine as { cpus: number }).cpus} cores, ${process.version}, ${RUNS} runs, medians)\n`);
  for (const r of rows) console.log(`${r.name.padEnd(w)}  ${r.value.padEnd(v)}  ${r.ratio ?? ''}`);
  console.log(`\nwritten ${file} (${results.totalSeconds} s)`);
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
