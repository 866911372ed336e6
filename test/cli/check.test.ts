// The built CLI on the multi-module fixture workspace: `check <dir> --format json`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { project, run } from './harness';

const REPO = join(__dirname, '..', '..');
const CLI = join(REPO, 'dist', 'cli.js');
const FIXTURE = join(REPO, 'test', 'fixtures', 'transitive-workspace');

function cli(args: string[]) {
  if (!existsSync(CLI)) {
    const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: REPO, encoding: 'utf8' });
    assert.equal(build.status, 0, build.stderr);
  }
  return spawnSync(process.execPath, [CLI, ...args], { cwd: REPO, encoding: 'utf8' });
}

test('cli: FPL108 chain across modules in JSON output', () => {
  // FPL107 (the routes never await) would speak for these calls: the chains are FPL108's.
  const r = cli(['check', relative(REPO, FIXTURE), '--format', 'json', '--ignore', 'FPL107', '--extend-select', 'FPL108,FPL110']);
  assert.equal(r.status, 1, `exit 1 with findings; stderr: ${r.stderr}`);
  const items = JSON.parse(r.stdout) as Array<{ code: string; filename: string; message: string; detail?: string; location: { row: number; column: number }; fix: { applicability: string } | null }>;
  const fpl108 = items.filter((i) => i.code === 'FPL108');
  assert.equal(fpl108.length, 2);
  assert.ok(fpl108[0].filename.endsWith(join('app', 'routes.py')));
  assert.deepEqual(fpl108[0].location, { row: 13, column: 21 });
  // The chain is in the detail (the hover); the message names the call and what it blocks on.
  assert.match(fpl108[0].message, /`build_report\(\)` blocks the event loop via `subprocess\.run`/);
  assert.match(fpl108[0].detail ?? '', /get_report -> build_report -> render_pdf -> subprocess\.run/);
  assert.equal(fpl108[0].fix?.applicability, 'unsafe');
  const codes = [...new Set(items.map((i) => i.code))].sort();
  assert.deepEqual(codes, ['FPL108', 'FPL110'], 'FPL112 stays off unless selected');
});

test('cli: --extend-select FPL112 turns on the off-by-default rule', () => {
  const r = cli(['check', relative(REPO, FIXTURE), '--format', 'json', '--extend-select', 'FPL112']);
  const items = JSON.parse(r.stdout) as Array<{ code: string; filename: string }>;
  assert.deepEqual(items.filter((i) => i.code === 'FPL112').map((i) => i.filename.split(/[\\/]/).pop()), ['deps.py']);
});

test('cli: one file of a project is linted with the project around it (pre-commit passes single files)', () => {
  const dir = project({
    'pyproject.toml': '[project]\nname = "svc"\n',
    'app/__init__.py': '',
    'app/services.py': 'import time\n\n\ndef slow_report():\n    time.sleep(2)\n    return 1\n',
    'app/routes.py': 'from fastapi import APIRouter, Request\n\nfrom .services import slow_report\n\nrouter = APIRouter()\n\n\n@router.get("/r")\nasync def report(request: Request):\n    await request.body()\n    return slow_report()\n',
  });
  const one = run(['check', 'app/routes.py', '--format', 'json', '--extend-select', 'FPL108'], dir);
  const items = JSON.parse(one.stdout) as Array<{ code: string; filename: string; message: string; detail?: string }>;
  assert.deepEqual([...new Set(items.map((i) => i.filename.split(/[\\/]/).pop()))], ['routes.py'], 'only the file asked for is reported');
  assert.ok(items.some((i) => i.code === 'FPL108' && /slow_report -> time\.sleep/.test(i.detail ?? '')), one.stdout + one.stderr);
  // The same finding as when the whole project is checked.
  const all = JSON.parse(run(['check', '.', '--format', 'json', '--extend-select', 'FPL108'], dir).stdout) as Array<{ code: string; filename: string }>;
  assert.deepEqual(
    items.map((i) => i.code),
    all.filter((i) => i.filename.endsWith('routes.py')).map((i) => i.code),
  );
});
