// The built CLI as a subprocess: exit codes and Ruff's JSON shape.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../tempDir';

const CLI = join(__dirname, '..', '..', 'dist', 'cli.js');
const run = (args: string[], cwd?: string) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd });

function project(files: Record<string, string>): string {
  const dir = tempDir('fpl-cli-');
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

test('exit codes: 1 with findings, 0 clean or with --exit-zero, 2 on usage errors', () => {
  const dir = project({ 'a.py': 'import time\nasync def f():\n    time.sleep(1)\n', 'b.py': 'x = 1\n' });
  assert.equal(run(['check', join(dir, 'a.py')]).status, 1);
  assert.equal(run(['check', join(dir, 'a.py'), '--exit-zero']).status, 0);
  assert.equal(run(['check', join(dir, 'b.py')]).status, 0);
  const bad = run(['check', dir, '--format', 'yaml']);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /unknown format/);
  assert.equal(run(['check', dir, '--select', 'FPL1', '--ignore', 'FPL101']).status, 0);
  // As in Ruff, the more specific selector wins.
  assert.equal(run(['check', join(dir, 'a.py'), '--select', 'FPL101', '--ignore', 'FPL1']).status, 1);
});

test('--format json has Ruff\'s fields, 1-based rows and columns', () => {
  const dir = project({ 'a.py': 'import time\nasync def f():\n    time.sleep(1)\n' });
  const r = run(['check', dir, '--format', 'json']);
  assert.equal(r.status, 1);
  const [item] = JSON.parse(r.stdout);
  assert.equal(item.code, 'FPL101');
  assert.equal(item.filename, join(dir, 'a.py'));
  assert.deepEqual(item.location, { row: 3, column: 5 });
  assert.deepEqual(item.end_location, { row: 3, column: 18 });
  assert.equal(item.fix.applicability, 'safe');
  const contents = item.fix.edits.map((e: { content: string }) => e.content).sort();
  assert.deepEqual(contents, ['asyncio.sleep', 'await ', 'import asyncio\n']);
  assert.match(item.url, /rules\/blocking-sleep-in-async/);
});

test('text output names the file, position and code, and a summary', () => {
  const dir = project({ 'a.py': 'import time\nasync def f():\n    time.sleep(1)\n' });
  const r = run(['check', '.'], dir);
  assert.match(r.stdout, /a\.py:3:5: FPL101 /);
  assert.match(r.stdout, /Found 1 error/);
});
