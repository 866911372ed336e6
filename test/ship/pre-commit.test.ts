// pre-commit itself installing the hooks from a file:// clone of this repository at the
// current commit, in a temporary project with a finding: the check hook fails with it, the
// fix hook fixes it. pre-commit is a Python tool: 4.x from PyPI (`pip install pre-commit`),
// 3.0.4 from Debian (`apt-get install pre-commit`, what .ci/run installs: PyPI is out of
// reach there). Up to 4.6.0 pre-commit installs a node hook with `npm install` in its clone,
// `npm pack` and `npm install -g <tarball>`; 4.6.1 and later with `npm install -g
// git+file://<clone>`. Without pre-commit on PATH the test is skipped and says why;
// test/ship/git-install.test.ts runs both npm sequences with or without pre-commit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanEnv, FIXED, INSTALL_TIMEOUT, ok, run, sample, snapshot } from './helpers';
import { tempDir } from '../tempDir';

function preCommit(): { version?: string; flow?: string; skip?: string } {
  const r = run('pre-commit', ['--version'], { timeout: 30_000 });
  if (r.status !== 0) {
    const why = r.status === null ? 'not found on PATH' : `\`pre-commit --version\` exited ${r.status}: ${r.stderr.trim().split('\n')[0]}`;
    return { skip: `pre-commit ${why}; to run this test install it: \`pip install 'pre-commit>=4'\` (or Debian's 3.x: \`apt-get install pre-commit\`, as .ci/run does)` };
  }
  const m = /pre-commit (\d+)\.(\d+)\.(\d+)/.exec(r.stdout);
  if (!m) return { skip: `\`pre-commit --version\` printed ${JSON.stringify(r.stdout.trim())}, not a version` };
  if (Number(m[1]) < 3) return { skip: `pre-commit ${m[0].split(' ')[1]} is older than 3` };
  const [major, minor, patch] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const git = major > 4 || (major === 4 && (minor > 6 || (minor === 6 && patch >= 1)));
  return { version: m[0].split(' ')[1], flow: git ? 'npm install -g git+file://' : 'npm install, npm pack, npm install -g <tarball>' };
}

const found = preCommit();

test(`pre-commit${found.version ? ` ${found.version} (${found.flow})` : ''}: both hooks from a file:// clone at the current commit`, { skip: found.skip, timeout: INSTALL_TIMEOUT + 60_000 }, () => {
  const { dir: clone, commit } = snapshot();
  const dir = sample();
  writeFileSync(
    join(dir, '.pre-commit-config.yaml'),
    ['repos:', `  - repo: file://${clone}`, `    rev: ${commit}`, '    hooks:', '      - id: fastapi-perf-lint', '      - id: fastapi-perf-lint-fix', ''].join('\n'),
  );
  const env = cleanEnv({ PRE_COMMIT_HOME: tempDir('fpl-pre-commit-home-'), PRE_COMMIT_COLOR: 'never', SKIP: undefined });
  const git = (...args: string[]) => ok('git', ['-c', 'user.name=fpl-test', '-c', 'user.email=fpl-test@localhost', ...args], { cwd: dir, env });
  git('init', '--quiet');
  git('add', '-A');

  // The first run installs the hook environment: a build from source in pre-commit's clone.
  const check = run('pre-commit', ['run', 'fastapi-perf-lint', '--all-files'], { cwd: dir, env, timeout: INSTALL_TIMEOUT });
  assert.equal(check.status, 1, check.all);
  assert.match(check.stdout, /app\/main\.py:3:5: FPL101/, check.all);

  const fix = run('pre-commit', ['run', 'fastapi-perf-lint-fix', '--all-files'], { cwd: dir, env });
  assert.equal(fix.status, 1, `pre-commit fails a hook that modified files\n${fix.all}`);
  assert.match(fix.stdout, /files were modified by this hook/, fix.all);
  assert.match(readFileSync(join(dir, 'app', 'main.py'), 'utf8'), FIXED);

  git('add', '-A');
  const clean = run('pre-commit', ['run', '--all-files'], { cwd: dir, env });
  assert.equal(clean.status, 0, clean.all);
});
