// `--ruff-overlap` (and `ruff-overlap` in the configuration): `report` by default, `defer`
// leaves Ruff the calls its configuration flags in each file, `auto` only when the project
// uses Ruff; the findings Ruff cannot make stay, and `--fix` fixes only what is reported.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { project, run } from './harness';

const APP = [
  'import time', //                                   1
  'import requests', //                               2
  '', //                                              3
  '', //                                              4
  'async def f(s: requests.Session):', //              5
  '    time.sleep(1)', //                             6  ASYNC251 in Ruff's defaults
  '    requests.get("x")', //                         7  ASYNC210 in Ruff's defaults
  '    s.get("x")', //                                8  Ruff does not flag a Session's method
  '',
].join('\n');

const ARGS = ['check', '.', '--select', 'FPL101,FPL102', '--format', 'concise', '--no-progress', '--exit-zero'];

function rows(stdout: string, file = 'app/main.py'): number[] {
  return stdout
    .split('\n')
    .filter((l) => l.startsWith(`${file}:`))
    .map((l) => Number(l.split(':')[1]));
}

test('--ruff-overlap: report by default; defer leaves Ruff its calls; auto defers only in a project that uses Ruff', () => {
  const dir = project({ 'app/main.py': APP });
  assert.deepEqual(rows(run(ARGS, dir).stdout), [6, 7, 8]);
  assert.deepEqual(rows(run([...ARGS, '--ruff-overlap', 'report'], dir).stdout), [6, 7, 8]);
  const deferred = run([...ARGS, '--ruff-overlap', 'defer'], dir);
  assert.deepEqual(rows(deferred.stdout), [8]);
  assert.match(deferred.stderr, /note: 2 findings left to Ruff, which reports the same calls/);
  // No Ruff configuration, dependency or hook: auto reports everything.
  assert.deepEqual(rows(run([...ARGS, '--ruff-overlap', 'auto'], dir).stdout), [6, 7, 8]);
  const bad = run([...ARGS, '--ruff-overlap', 'sometimes'], dir);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--ruff-overlap needs one of auto, report, defer/);
});

test('auto: Ruff is in use through its configuration, a dependency or a pre-commit hook; its configuration decides which calls are its', () => {
  const withConfig = project({ 'app/main.py': APP, 'pyproject.toml': '[tool.ruff.lint]\nignore = ["ASYNC210"]\n' });
  assert.deepEqual(rows(run([...ARGS, '--ruff-overlap', 'auto'], withConfig).stdout), [7, 8]);
  const withDependency = project({ 'app/main.py': APP, 'requirements-dev.txt': 'pytest\nruff==0.17.4\n' });
  assert.deepEqual(rows(run([...ARGS, '--ruff-overlap', 'auto'], withDependency).stdout), [8]);
  // Before 0.16 Ruff's default set had no blocking-call rule.
  const olderRuff = project({ 'app/main.py': APP, 'requirements-dev.txt': 'ruff==0.15.12\n' });
  assert.deepEqual(rows(run([...ARGS, '--ruff-overlap', 'auto'], olderRuff).stdout), [6, 7, 8]);
  const hook = '- repo: https://github.com/astral-sh/ruff-pre-commit\n  rev: v0.17.4\n  hooks:\n    - id: ruff-check\n';
  const withHook = project({ 'app/main.py': APP, '.pre-commit-config.yaml': `repos:\n${hook}` });
  assert.deepEqual(rows(run([...ARGS, '--ruff-overlap', 'auto'], withHook).stdout), [8]);
  // A hook that only formats does not lint.
  const formatOnly = project({ 'app/main.py': APP, '.pre-commit-config.yaml': `repos:\n${hook.replace('ruff-check', 'ruff-format')}` });
  assert.deepEqual(rows(run([...ARGS, '--ruff-overlap', 'auto'], formatOnly).stdout), [6, 7, 8]);
});

test('ruff-overlap in the configuration, the flag over it; Ruff\'s selection and per-file ignores decide per file', () => {
  const dir = project({
    'app/main.py': APP,
    'tests/helpers.py': APP,
    'pyproject.toml': [
      '[tool.fastapi-perf-lint]',
      'ruff-overlap = "defer"',
      'lint-tests-and-scripts = true',
      '[tool.ruff.lint]',
      'select = ["E", "F", "ASYNC251"]',
      '[tool.ruff.lint.per-file-ignores]',
      '"tests/*" = ["ASYNC"]',
    ].join('\n'),
  });
  const r = run(ARGS, dir);
  // Ruff runs ASYNC251 only (not ASYNC210), and not in tests/.
  assert.deepEqual(rows(r.stdout), [7, 8]);
  assert.deepEqual(rows(r.stdout, 'tests/helpers.py'), [6, 7, 8]);
  assert.deepEqual(rows(run([...ARGS, '--ruff-overlap', 'report'], dir).stdout), [6, 7, 8]);
  const invalid = project({ 'app/main.py': APP, 'pyproject.toml': '[tool.fastapi-perf-lint]\nruff-overlap = "yes"\n' });
  const bad = run(ARGS, invalid);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /`ruff-overlap` must be one of auto, report, defer/);
});

test('# noqa with the Ruff code suppresses our finding on the same call, whatever the mode', () => {
  const dir = project({ 'app/main.py': APP.replace('time.sleep(1)', 'time.sleep(1)  # noqa: ASYNC251') });
  assert.deepEqual(rows(run(ARGS, dir).stdout), [7, 8]);
});

test('--fix with defer fixes only the findings it reports', () => {
  const dir = project({ 'app/main.py': APP });
  const r = run(['check', '.', '--select', 'FPL101', '--fix', '--ruff-overlap', 'defer', '--no-progress', '--exit-zero'], dir);
  assert.equal(r.status, 0);
  assert.equal(readFileSync(join(dir, 'app/main.py'), 'utf8'), APP);
  run(['check', '.', '--select', 'FPL101', '--fix', '--no-progress', '--exit-zero'], dir);
  assert.match(readFileSync(join(dir, 'app/main.py'), 'utf8'), /await asyncio\.sleep\(1\)/);
});
