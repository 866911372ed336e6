// Issue 22's measurement: on each corpus repository, whether the project uses Ruff (its
// configuration, a dependency or lock entry, a pre-commit hook), how many of our findings
// Ruff makes too, and what `ruff-overlap` leaves. Two CLI runs per repository, one
// repository at a time: `--ruff-overlap report` (every finding) and `defer` (what Ruff's
// configuration, at the project's Ruff version, takes; the editor shows the same with `auto`
// when the Ruff extension lints). Ruff itself (its WebAssembly build, default settings, Ruff
// 0.17) then says, file by file, which of our findings sit on a call its default set flags:
// the duplicates a project would see with Ruff's defaults, counted by Ruff, not by our table.
// Prints counts only. Usage: npx tsx scripts/review/ruff-overlap.ts [CLI_JS] [--only owner/name,...]
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { RUFF_CODES } from '../../server/src/analysis/knowledge/ruff';
import { RuffConfigs } from '../../server/src/engine/ruffConfig';
import { VersionResolver } from '../../server/src/engine/versions';
import { loadCorpus, REPO_ROOT, repoDir, table, type RawFinding } from './lib';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { only: { type: 'string' } } });
const CLI = path.resolve(positionals[0] ?? path.join(REPO_ROOT, 'dist', 'cli.js'));
const OURS = new Set(['FPL101', 'FPL102', 'FPL104', 'FPL105']);

interface RuffDiagnostic {
  code: string | null;
  start_location: { row: number; column: number };
}
const { Workspace, PositionEncoding } = createRequire(__filename)('@astral-sh/ruff-wasm-nodejs');
// Code-point columns, as the JSON output counts them.
const ruffDefaults = new Workspace({}, PositionEncoding.Utf32);

function check(target: string, cwd: string, mode: string): { findings: RawFinding[]; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, 'check', target, '--format', 'json', '--exit-zero', '--no-progress', '--ruff-overlap', mode], { cwd, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`${target} (${mode}): exit ${r.status}: ${r.stderr.slice(0, 500)}`);
  return { findings: JSON.parse(r.stdout) as RawFinding[], stderr: r.stderr };
}

const place = (f: { filename: string; location: { row: number; column: number } }, code = ''): string => `${f.filename}:${f.location.row}:${f.location.column}:${code}`;

/** Our findings (of the four overlapping rules) at a place where Ruff's default set reports an overlapping code. */
function ruffDefaultDuplicates(findings: readonly RawFinding[]): number {
  const byFile = new Map<string, RawFinding[]>();
  for (const f of findings) if (OURS.has(f.code)) byFile.set(f.filename, [...(byFile.get(f.filename) ?? []), f]);
  let n = 0;
  for (const [file, list] of byFile) {
    let diags: RuffDiagnostic[];
    try {
      diags = ruffDefaults.check(readFileSync(file, 'utf8')) as RuffDiagnostic[];
    } catch {
      continue; // syntax Ruff does not accept
    }
    const at = new Set(diags.filter((d) => d.code && RUFF_CODES.includes(d.code)).map((d) => `${d.start_location.row}:${d.start_location.column}`));
    n += list.filter((f) => at.has(`${f.location.row}:${f.location.column}`)).length;
  }
  return n;
}

const list = loadCorpus();
const rows: (string | number)[][] = [];
const totals = { findings: 0, overlapping: 0, defaults: 0, configured: 0, fixable: 0, shown: 0 };
for (const entry of list.repos.filter((e) => !values.only || values.only.split(',').includes(e.repo))) {
  const cwd = repoDir(list, entry.repo);
  const target = path.join(cwd, entry.path);
  const probe = path.join(target, '__probe__.py');
  const ruffVersion = new VersionResolver().versionsFor(probe).ruff;
  const config = new RuffConfigs().forFile(probe, ruffVersion);
  const uses = [config.file ? path.relative(cwd, config.file) : '', ruffVersion ? `ruff ${ruffVersion.version} (${ruffVersion.source.split(' ')[0]})` : ''].filter(Boolean).join(', ') || 'no';
  const all = check(target, cwd, 'report').findings;
  const deferred = check(target, cwd, 'defer').findings;
  const kept = new Set(deferred.map((f) => place(f, f.code)));
  const left = all.filter((f) => !kept.has(place(f, f.code)));
  const overlapping = all.filter((f) => OURS.has(f.code)).length;
  const defaults = ruffDefaultDuplicates(all);
  const fixable = left.filter((f) => f.fix).length;
  rows.push([entry.repo, uses, all.length, overlapping, defaults, left.length, fixable, deferred.length]);
  totals.findings += all.length;
  totals.overlapping += overlapping;
  totals.defaults += defaults;
  totals.configured += left.length;
  totals.fixable += fixable;
  totals.shown += deferred.length;
  console.error(`${entry.repo}: done`);
}
rows.push(['total', '', totals.findings, totals.overlapping, totals.defaults, totals.configured, totals.fixable, totals.shown]);
console.log(
  table(
    ['repository', 'uses Ruff', 'findings', 'FPL101/102/104/105', "on a call Ruff's defaults flag", "left to Ruff (its configuration)", 'of which with our fix', 'shown with defer / auto'],
    rows,
  ),
);
