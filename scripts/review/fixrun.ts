// Whether `--fix` can be trusted on real code (issue 15): for each corpus repository, one
// repository at a time (the machine is shared), copies the tree twice outside this
// repository, runs `check <path> --fix` in one copy and `--fix --unsafe-fixes` in the other
// (from the copy's root, as run.ts lints), then measures against the untouched corpus tree:
// files changed, fixes applied, changed .py files CPython compiled before and no longer
// compiles, findings the fixes created (a fresh lint of the copy, per file and code, against
// the lint before fixing), and Ruff I001/F401/F821 findings the changed files gained.
// Writes <out>/<owner+name>.json (counts and every problem), <out>/<owner+name>/<mode>.patch
// (the diffs, to read), keeps the copies in <out>/<owner+name>/<mode>/, and <out>/summary.json.
// Exits 1 when any repository has a problem (compile failure, created finding, new Ruff
// finding, a crash, a file added or deleted).
// `--extend-select CODES` adds rules to every run (`ALL`: the rules off by default too, whose
// fixes the default configuration never exercises).
// Usage: npx tsx scripts/review/fixrun.ts [CLI_JS] --out DIR [--only owner/name,...] [--extend-select CODES] [--timeout MIN]
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { createTwoFilesPatch } from 'diff';
import { STDLIB_MODULES } from '../../server/src/analysis/knowledge/stdlib';
import { compileWithCPython } from '../../test/cpython';
import { ruffCodes } from '../../test/ruff';
import { assertOutsideRepo, dirName, loadCorpus, REPO_ROOT, repoDir, table, type RawFinding } from './lib';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { out: { type: 'string' }, only: { type: 'string' }, 'extend-select': { type: 'string' }, timeout: { type: 'string', default: '40' } },
});
if (!values.out) {
  console.error('usage: fixrun.ts [CLI_JS] --out DIR [--only owner/name,...] [--extend-select CODES] [--timeout MIN]');
  process.exit(2);
}
const CLI = path.resolve(positionals[0] ?? path.join(REPO_ROOT, 'dist', 'cli.js'));
const OUT = path.resolve(values.out);
const TIMEOUT_MS = Number(values.timeout) * 60_000;
const SELECT = values['extend-select'] ? ['--extend-select', values['extend-select']] : [];
assertOutsideRepo(OUT, 'the output folder');
mkdirSync(OUT, { recursive: true });

const MODES = { safe: ['--fix'], unsafe: ['--fix', '--unsafe-fixes'] } as const;
type Mode = keyof typeof MODES;
const RUFF_CODES = ['I001', 'F401', 'F821'];

interface CliRun {
  stdout: string;
  stderr: string;
  status: number | null;
  ms: number;
}

function cli(args: string[], cwd: string): CliRun {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 30, timeout: TIMEOUT_MS });
  if (r.error && (r.error as NodeJS.ErrnoException).code !== 'ETIMEDOUT') throw r.error;
  return { stdout: r.stdout ?? '', stderr: r.stderr ?? '', status: r.status, ms: performance.now() - t0 };
}

/** A lint as JSON; null when the CLI did not finish with exit 0 (`--exit-zero`: anything else is a crash). */
function lint(target: string, cwd: string): { run: CliRun; findings: RawFinding[] | null } {
  const run = cli(['check', target, ...SELECT, '--format', 'json', '--exit-zero', '--no-progress'], cwd);
  return { run, findings: run.status === 0 ? (JSON.parse(run.stdout) as RawFinding[]) : null };
}

/** Findings per file (relative to the root) and code. */
function perFileCode(findings: RawFinding[], root: string): Map<string, number> {
  const m = new Map<string, number>();
  for (const f of findings) {
    const k = `${path.relative(root, path.resolve(root, f.filename))}\t${f.code}`;
    m.set(k, (m.get(k) ?? 0) + 1);
  }
  return m;
}

/** Every regular file under a folder, relative to it. */
function files(dir: string, rel = ''): string[] {
  const out: string[] = [];
  for (const e of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const p = path.join(rel, e.name);
    if (e.isDirectory()) out.push(...files(dir, p));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

/**
 * The project's own top-level modules as Ruff finds them with its default `src` (the
 * project folder and its `src/`): folders and `.py` files there, for the repository root and
 * the linted folder (backend/, server/: where those projects keep their pyproject.toml).
 */
function firstParty(root: string, target: string): string[] {
  const names = new Set<string>();
  for (const dir of [root, path.join(root, 'src'), target, path.join(target, 'src')]) {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      const name = e.isDirectory() ? e.name : e.isFile() && e.name.endsWith('.py') ? e.name.slice(0, -3) : '';
      // Ruff looks for a standard library module before the project's folders.
      if (/^[A-Za-z_]\w*$/.test(name) && !STDLIB_MODULES.has(name)) names.add(name);
    }
  }
  return [...names].sort();
}

function countCodes(codes: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const c of codes) m.set(c, (m.get(c) ?? 0) + 1);
  return m;
}

interface Rise {
  file: string;
  code: string;
  n: number;
}

interface ModeResult {
  exitCode: number | null;
  seconds: number;
  /** From the CLI's closing line on stderr (`Fixed N errors.`). */
  fixesApplied: number;
  /** Findings of the lint before fixing whose fix this mode applies (`[*] N fixable`). */
  fixable: number;
  filesChanged: number;
  /** Files that appeared or disappeared: `--fix` must only rewrite files. */
  filesAddedOrDeleted: string[];
  compileFailures: string[];
  /** Per file and code, how many more findings the fresh lint of the fixed copy gives. */
  createdFindings: Rise[];
  /** Per changed file and Ruff code, how many more findings. */
  newRuff: Rise[];
  /** The CLI's notes and warnings of the fix run (fixes it declined, and why). */
  notes: string[];
  crash?: string;
}

function fixMode(mode: Mode, original: string, copy: string, target: string, before: RawFinding[], patchFile: string, ownModules: string[]): ModeResult {
  rmSync(copy, { recursive: true, force: true });
  cpSync(original, copy, { recursive: true, verbatimSymlinks: true });
  const t = path.join(copy, path.relative(original, target));
  const unsafe = mode === 'unsafe';
  const result: ModeResult = {
    exitCode: null,
    seconds: 0,
    fixesApplied: 0,
    fixable: before.filter((f) => f.fix && ((f.fix as { applicability: string }).applicability === 'safe' || unsafe)).length,
    filesChanged: 0,
    filesAddedOrDeleted: [],
    compileFailures: [],
    createdFindings: [],
    newRuff: [],
    notes: [],
  };
  const fix = cli(['check', t, ...MODES[mode], ...SELECT, '--format', 'json', '--exit-zero', '--no-progress'], copy);
  result.exitCode = fix.status;
  result.seconds = Math.round(fix.ms / 100) / 10;
  const lines = fix.stderr.split('\n').filter(Boolean);
  result.fixesApplied = Number(/^Fixed (\d+) errors?\.$/m.exec(fix.stderr)?.[1] ?? 0);
  result.notes = lines.filter((l) => !/^Fixed \d+ errors?\.$/.test(l)).map((l) => l.replaceAll(copy + path.sep, ''));
  if (fix.status !== 0) result.crash = `fix run: exit ${fix.status}: ${fix.stderr.slice(0, 2000)}`;

  const was = new Set(files(original));
  const now = new Set(files(copy));
  result.filesAddedOrDeleted = [...[...now].filter((f) => !was.has(f)).map((f) => `added ${f}`), ...[...was].filter((f) => !now.has(f)).map((f) => `deleted ${f}`)];
  const changed = [...now].filter((f) => was.has(f) && !readFileSync(path.join(original, f)).equals(readFileSync(path.join(copy, f)))).sort();
  result.filesChanged = changed.length;

  const py = changed.filter((f) => f.endsWith('.py'));
  const answers = compileWithCPython(py.flatMap((f) => [{ name: f, path: path.join(original, f) }, { name: f, path: path.join(copy, f) }]));
  py.forEach((f, i) => {
    const [was, now] = [answers[2 * i], answers[2 * i + 1]];
    if (was === null && now !== null) result.compileFailures.push(`${f}: ${now}`);
  });

  const patches: string[] = [];
  for (const f of changed) {
    const a = readFileSync(path.join(original, f), 'utf8');
    const b = readFileSync(path.join(copy, f), 'utf8');
    patches.push(createTwoFilesPatch(f, f, a, b, undefined, undefined, { context: 5 }));
    if (!f.endsWith('.py')) continue;
    const [ra, rb] = [countCodes(ruffCodes(a, ownModules)), countCodes(ruffCodes(b, ownModules))];
    for (const c of RUFF_CODES) {
      const n = (rb.get(c) ?? 0) - (ra.get(c) ?? 0);
      if (n > 0) result.newRuff.push({ file: f, code: c, n });
    }
  }
  writeFileSync(patchFile, patches.join('\n'));

  // A fresh lint of the whole fixed copy: a fix may create a finding in another file too.
  const after = lint(t, copy);
  if (!after.findings) result.crash = (result.crash ? result.crash + '\n' : '') + `lint after: exit ${after.run.status}: ${after.run.stderr.slice(0, 2000)}`;
  else {
    const [b, a] = [perFileCode(before, original), perFileCode(after.findings, copy)];
    for (const [k, n] of [...a].sort()) {
      const [file, code] = k.split('\t');
      if (n > (b.get(k) ?? 0)) result.createdFindings.push({ file, code, n: n - (b.get(k) ?? 0) });
    }
  }
  return result;
}

function problems(r: ModeResult): number {
  return r.compileFailures.length + r.createdFindings.length + r.newRuff.length + r.filesAddedOrDeleted.length + (r.crash ? 1 : 0);
}

const list = loadCorpus();
const only = values.only?.split(',');
const version = cli(['--version'], REPO_ROOT).stdout.trim();
console.log(`${version} (${CLI})${SELECT.length ? ` ${SELECT.join(' ')}` : ''} -> ${OUT}`);
const summary: { repo: string; findings: number; safe: ModeResult; unsafe: ModeResult }[] = [];
for (const entry of list.repos.filter((e) => !only || only.includes(e.repo))) {
  const original = repoDir(list, entry.repo);
  const target = path.join(original, entry.path);
  const dir = path.join(OUT, dirName(entry.repo));
  mkdirSync(dir, { recursive: true });
  // The corpus tree is only read: the lint before fixing runs on it, the fixes on copies.
  const before = lint(target, original);
  if (!before.findings) {
    console.log(`${entry.repo}: the lint before fixing failed: exit ${before.run.status}: ${before.run.stderr.slice(0, 500)}`);
    process.exitCode = 1;
    continue;
  }
  const ownModules = firstParty(original, target);
  const res = {} as Record<Mode, ModeResult>;
  for (const mode of Object.keys(MODES) as Mode[]) res[mode] = fixMode(mode, original, path.join(dir, mode), target, before.findings, path.join(dir, `${mode}.patch`), ownModules);
  const out = { repo: entry.repo, commit: entry.commit, path: entry.path, cli: CLI, version, extendSelect: values['extend-select'] ?? null, findings: before.findings.length, firstParty: ownModules, ...res };
  writeFileSync(path.join(OUT, `${dirName(entry.repo)}.json`), JSON.stringify(out, null, 1) + '\n');
  summary.push({ repo: entry.repo, findings: before.findings.length, ...res });
  for (const mode of Object.keys(MODES) as Mode[]) {
    const r = res[mode];
    console.log(`${entry.repo} ${mode}: ${r.filesChanged} files changed, ${r.fixesApplied} fixes applied (${r.fixable} fixable), ${r.seconds} s, ${problems(r)} problems`);
    const shown = [r.crash, ...r.filesAddedOrDeleted, ...r.compileFailures.map((x) => `compile: ${x}`), ...r.createdFindings.map((x) => `created: ${x.file}: ${x.code} +${x.n}`), ...r.newRuff.map((x) => `new Ruff: ${x.file}: ${x.code} +${x.n}`)];
    for (const l of shown.filter(Boolean).slice(0, 20)) console.log(`  ${l}`);
  }
}
writeFileSync(path.join(OUT, 'summary.json'), JSON.stringify({ version, cli: CLI, extendSelect: values['extend-select'] ?? null, repos: summary }, null, 1) + '\n');

const rises = (xs: Rise[]) => xs.reduce((n, x) => n + x.n, 0);
const row = (name: string, rs: ModeResult[]) => {
  const sum = (f: (r: ModeResult) => number) => rs.reduce((n, r) => n + f(r), 0);
  return [
    name,
    sum((r) => r.filesChanged),
    sum((r) => r.fixesApplied),
    sum((r) => r.fixable),
    sum((r) => r.compileFailures.length),
    sum((r) => rises(r.createdFindings)),
    sum((r) => rises(r.newRuff.filter((x) => x.code !== 'F821'))),
    sum((r) => rises(r.newRuff.filter((x) => x.code === 'F821'))),
    sum((r) => (r.crash ? 1 : 0) + r.filesAddedOrDeleted.length),
  ];
};
const head = ['repo', 'files changed', 'fixes applied', 'fixable', 'compile failures', 'created findings', 'new F401/I001', 'new F821', 'crashes'];
for (const mode of Object.keys(MODES) as Mode[]) {
  console.log(`\n${mode === 'safe' ? '--fix' : '--fix --unsafe-fixes'} (compile failures: files; created and new Ruff: findings)`);
  console.log(table(head, [...summary.map((s) => row(s.repo, [s[mode]])), row('total', summary.map((s) => s[mode]))]));
}
if (summary.some((s) => problems(s.safe) + problems(s.unsafe) > 0)) process.exitCode = 1;
