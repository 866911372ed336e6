// Runs one CLI build over every corpus repository, one repository at a time (the machine
// is shared), with the default configuration, and writes <out>/<owner>+<name>.json per
// repository (findings in the CLI's JSON shape, plus `related`) and <out>/summary.json.
// Prints the findings per repository and per rule.
// Usage: npx tsx scripts/review/run.ts [CLI_JS] --out DIR [--only owner/name,...] [--select|--extend-select CODES] [--timeout MIN]
// `--extend-select` adds rules that are off by default; `--select` runs only those (to measure an opt-in rule).
// CLI_JS defaults to this repository's dist/cli.js; a frozen build keeps comparisons fair.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { assertOutsideRepo, countBy, dirName, loadCorpus, REPO_ROOT, repoDir, ruleOrder, table, type RawFinding, type RepoOutput } from './lib';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { out: { type: 'string' }, only: { type: 'string' }, select: { type: 'string' }, 'extend-select': { type: 'string' }, timeout: { type: 'string', default: '40' } },
});
if (!values.out) {
  console.error('usage: run.ts [CLI_JS] --out DIR [--only owner/name,...] [--select|--extend-select CODES] [--timeout MIN]');
  process.exit(2);
}
const CLI = path.resolve(positionals[0] ?? path.join(REPO_ROOT, 'dist', 'cli.js'));
const OUT = path.resolve(values.out);
const TIMEOUT_MS = Number(values.timeout) * 60_000;
const SELECT = [...(values.select ? ['--select', values.select] : []), ...(values['extend-select'] ? ['--extend-select', values['extend-select']] : [])];
assertOutsideRepo(OUT, 'the output folder');
mkdirSync(OUT, { recursive: true });

function cli(args: string[], cwd: string): { stdout: string; stderr: string; status: number | null; ms: number; timedOut: boolean } {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 30, timeout: TIMEOUT_MS });
  const timedOut = (r.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT';
  if (r.error && !timedOut) throw r.error;
  return { stdout: r.stdout ?? '', stderr: r.stderr ?? '', status: r.status, ms: performance.now() - t0, timedOut };
}

function countPy(dir: string): number {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) n += countPy(path.join(dir, e.name));
    else if (e.isFile() && e.name.endsWith('.py')) n++;
  }
  return n;
}

interface SarifResult {
  ruleId: string;
  level?: string;
  message: { text: string };
  locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[];
  relatedLocations?: {
    message: { text: string };
    physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number; endLine: number; endColumn: number } };
  }[];
}

function sarifPath(uri: string, cwd: string): string {
  return uri.startsWith('file:') ? decodeURIComponent(new URL(uri).pathname) : path.join(cwd, ...uri.split('/').map(decodeURIComponent));
}

/**
 * Builds whose JSON has no `related` (the baseline) still give related locations in SARIF:
 * FPL108's call chain, FPL305's loop. They are what a judge needs, so take them from there,
 * matching each result by file, line, code and message, in output order.
 */
function addRelatedFromSarif(findings: RawFinding[], target: string, cwd: string): void {
  const r = cli(['check', target, '--format', 'sarif', '--exit-zero', '--no-progress', ...SELECT], cwd);
  if (r.timedOut || r.status !== 0) throw new Error(`the SARIF run failed (${r.timedOut ? 'timeout' : `exit ${r.status}`}): ${r.stderr.slice(0, 2000)}`);
  const results = (JSON.parse(r.stdout) as { runs: { results: SarifResult[] }[] }).runs[0].results;
  const queue = new Map<string, SarifResult[]>();
  const k = (file: string, line: number, code: string, msg: string) => `${file}\t${line}\t${code}\t${msg}`;
  for (const s of results) {
    const loc = s.locations[0].physicalLocation;
    const id = k(sarifPath(loc.artifactLocation.uri, cwd), loc.region.startLine, s.ruleId, s.message.text);
    queue.set(id, [...(queue.get(id) ?? []), s]);
  }
  for (const f of findings) {
    const s = queue.get(k(f.filename, f.location.row, f.code, f.message))?.shift();
    if (!s) throw new Error(`no SARIF result for ${f.code} at ${f.filename}:${f.location.row}`);
    if (s.level) f.level = s.level;
    f.related = (s.relatedLocations ?? []).map((x) => ({
      message: x.message.text,
      filename: sarifPath(x.physicalLocation.artifactLocation.uri, cwd),
      location: { row: x.physicalLocation.region.startLine, column: x.physicalLocation.region.startColumn },
      end_location: { row: x.physicalLocation.region.endLine, column: x.physicalLocation.region.endColumn },
    }));
  }
}

const list = loadCorpus();
const only = values.only?.split(',');
const version = cli(['--version'], REPO_ROOT).stdout.trim();
console.log(`${version} (${CLI}) -> ${OUT}`);
const summary: { repo: string; findings: number; seconds: number; exitCode: number | null; pyFiles: number }[] = [];
const all: RawFinding[] = [];
for (const entry of list.repos.filter((e) => !only || only.includes(e.repo))) {
  const cwd = repoDir(list, entry.repo);
  const target = path.join(cwd, entry.path);
  const r = cli(['check', target, '--format', 'json', '--exit-zero', '--no-progress', ...SELECT], cwd);
  let findings: RawFinding[] = [];
  let relatedFromSarif = false;
  if (r.timedOut) console.log(`${entry.repo}: TIMEOUT after ${values.timeout} min`);
  else if (r.status !== 0) console.log(`${entry.repo}: exit ${r.status}: ${r.stderr.slice(0, 500)}`);
  else {
    findings = JSON.parse(r.stdout) as RawFinding[];
    if (findings.length && !findings.some((f) => 'related' in f)) {
      addRelatedFromSarif(findings, target, cwd);
      relatedFromSarif = true;
    }
  }
  const out: RepoOutput = {
    repo: entry.repo,
    commit: entry.commit,
    path: entry.path,
    cli: CLI,
    version,
    seconds: Math.round(r.ms / 100) / 10,
    exitCode: r.timedOut ? null : r.status,
    pyFiles: countPy(target),
    relatedFromSarif,
    stderr: r.stderr,
    findings,
  };
  writeFileSync(path.join(OUT, `${dirName(entry.repo)}.json`), JSON.stringify(out, null, 1) + '\n');
  summary.push({ repo: entry.repo, findings: findings.length, seconds: out.seconds, exitCode: out.exitCode, pyFiles: out.pyFiles });
  all.push(...findings);
  console.log(`${entry.repo}: ${findings.length} findings, ${out.pyFiles} .py files, ${out.seconds} s`);
  // Notes matter to the comparison: a file whose rules hit the per-file time budget (wall
  // clock, so a loaded machine can cause it) is reported incompletely.
  for (const l of r.stderr.trim().split('\n').filter(Boolean).slice(0, 10)) console.log(`  ${l}`);
}
writeFileSync(path.join(OUT, 'summary.json'), JSON.stringify({ version, cli: CLI, repos: summary }, null, 1) + '\n');

console.log('\nPer repository');
console.log(table(['repo', '.py files', 'findings', 'seconds'], [...summary.map((s) => [s.repo, s.pyFiles, s.findings, s.seconds]), ['total', summary.reduce((a, s) => a + s.pyFiles, 0), all.length, '']]));
console.log('\nPer rule');
const perRule = [...countBy(all, (f) => f.code)].sort((a, b) => ruleOrder(a[0], b[0]));
console.log(table(['rule', 'findings'], [...perRule, ['total', all.length]]));
