// The same input gives the same output under any load: the CLI on heavy files (the
// standard library's asyncio/base_events.py, a generated module of 8,000 async functions)
// once on a quiet machine and once beside CPU-burning processes, compared byte for byte.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, project } from './harness';
import { stdlibPath } from '../robustness/corpus';

/** 8,000 `async def`s, each calling `time.sleep`: one FPL101 each. */
function manyFunctions(n: number): string {
  const out = ['import time', ''];
  for (let i = 0; i < n; i++) out.push(`async def f${i}():`, '    time.sleep(1)', '');
  return out.join('\n');
}

/** The CLI's output, however large (8,000 findings are megabytes of JSON). */
function run(args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, NO_COLOR: '1' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Busy loops, one process each, until killed. */
function burners(n: number): ChildProcess[] {
  return Array.from({ length: n }, () => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
}

test('the CLI gives the same JSON on a quiet machine and beside 3 busy processes', { skip: !stdlibPath() && 'no python3' }, () => {
  // File and light system calls reported too: base_events.py's findings are file reads, os.stat and os.remove.
  const dir = project({ 'many.py': manyFunctions(8000), 'pyproject.toml': '[tool.fastapi-perf-lint]\nreport-file-io = true\nreport-light-io = true\n' });
  const baseEvents = join(stdlibPath()!, 'asyncio', 'base_events.py');
  if (existsSync(baseEvents)) copyFileSync(baseEvents, join(dir, 'base_events.py'));
  const args = ['check', '.', '--format', 'json', '--extend-select', 'ALL', '--no-progress'];
  const quiet = run(args, dir);
  const busy = burners(3);
  let loaded;
  try {
    loaded = run(args, dir);
  } finally {
    for (const b of busy) b.kill('SIGKILL');
  }
  assert.equal(quiet.status, 1, quiet.stderr);
  assert.equal(loaded.stdout, quiet.stdout);
  assert.equal(loaded.stderr, quiet.stderr);
  const findings = JSON.parse(quiet.stdout) as Array<{ filename: string; code: string }>;
  assert.equal(findings.filter((f) => f.filename.endsWith('many.py') && f.code === 'FPL101').length, 8000);
  if (existsSync(baseEvents)) assert.ok(findings.some((f) => f.filename.endsWith('base_events.py')));
});
