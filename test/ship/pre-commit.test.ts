// pre-commit itself installing the hooks from a file:// clone of this repository at the
// current commit, in a temporary project with a finding: the check hook fails with it, the
// fix hook fixes it. Two pre-commits when the machine has them: the one on PATH (Debian's
// 3.0.4 in CI: .ci/run installs it) and 4.x installed with the machine's pip into a temporary
// folder. Up to 4.6.0 pre-commit installs a node hook with `npm install` in its clone, `npm
// pack` and `npm install -g <tarball>`; 4.6.1 and later with `npm install -g
// git+file://<clone>`. A pre-commit that cannot be had is skipped with the reason;
// test/ship/git-install.test.ts runs both npm sequences with or without pre-commit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanEnv, FIXED, INSTALL_TIMEOUT, ok, run, sample, snapshot } from './helpers';
import { tempDir } from '../tempDir';

interface PreCommit {
  /** The command and the arguments before pre-commit's own. */
  cmd: string[];
  env?: Record<string, string>;
  version?: string;
  flow?: string;
  skip?: string;
}

/** What `pre-commit --version` says of a pre-commit command: its version and how it installs a node hook, or why it cannot run. */
function probe(cmd: string[], env: Record<string, string> = {}): PreCommit {
  const r = run(cmd[0], [...cmd.slice(1), '--version'], { timeout: 30_000, env: cleanEnv(env) });
  if (r.status !== 0) {
    const why = r.status === null ? 'not found' : `\`pre-commit --version\` exited ${r.status}: ${r.stderr.trim().split('\n')[0]}`;
    return { cmd, env, skip: why };
  }
  const m = /pre-commit (\d+)\.(\d+)\.(\d+)/.exec(r.stdout);
  if (!m) return { cmd, env, skip: `\`pre-commit --version\` printed ${JSON.stringify(r.stdout.trim())}, not a version` };
  if (Number(m[1]) < 3) return { cmd, env, skip: `pre-commit ${m[0].split(' ')[1]} is older than 3` };
  const [major, minor, patch] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const git = major > 4 || (major === 4 && (minor > 6 || (minor === 6 && patch >= 1)));
  return { cmd, env, version: m[0].split(' ')[1], flow: git ? 'npm install -g git+file://' : 'npm install, npm pack, npm install -g <tarball>' };
}

/** The pre-commit on PATH (Debian's 3.x in CI). */
function onPath(): PreCommit {
  const p = probe(['pre-commit']);
  if (p.skip) p.skip = `pre-commit on PATH: ${p.skip}; install it with \`apt-get install pre-commit\` (Debian's 3.x, as .ci/run does) or \`pip install 'pre-commit>=4'\``;
  return p;
}

/**
 * pre-commit 4 installed with the machine's pip into a temporary folder (nothing is installed
 * for the user or the system). Skipped, saying why, when there is no pip or its index has no
 * pre-commit 4 (PyPI or a mirror out of reach).
 */
function fromPip(): PreCommit {
  const target = tempDir('fpl-pre-commit4-');
  const r = run('python3', ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-input', '--retries', '0', '--target', target, 'pre-commit>=4'], { timeout: INSTALL_TIMEOUT });
  if (r.status !== 0) {
    const last = (r.stderr.trim() || r.stdout.trim() || `exit ${r.status}`).split('\n').filter(Boolean).pop();
    return { cmd: [], skip: `pre-commit 4 could not be installed with \`python3 -m pip install 'pre-commit>=4'\` (${last}): pip's index (PyPI or a mirror) is out of reach or python3 has no pip` };
  }
  const p = probe(['python3', '-m', 'pre_commit'], { PYTHONPATH: target });
  if (p.skip) p.skip = `pre-commit installed with pip: ${p.skip}`;
  else if (Number(p.version!.split('.')[0]) < 4) p.skip = `pip installed pre-commit ${p.version}, not 4`;
  return p;
}

const PRE_COMMITS: Array<[string, () => PreCommit]> = [['on PATH', onPath], ['4 from pip', fromPip]];

for (const [where, find] of PRE_COMMITS) {
  const found = find();
  test(`pre-commit ${where}${found.version ? ` (${found.version}: ${found.flow})` : ''}: both hooks from a file:// clone at the current commit`, { skip: found.skip, timeout: INSTALL_TIMEOUT + 60_000 }, () => hooks(found));
}

function hooks(found: PreCommit): void {
  const preCommit = (args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv; timeout?: number }) => run(found.cmd[0], [...found.cmd.slice(1), ...args], opts);
  const { dir: clone, commit } = snapshot();
  const dir = sample();
  writeFileSync(
    join(dir, '.pre-commit-config.yaml'),
    ['repos:', `  - repo: file://${clone}`, `    rev: ${commit}`, '    hooks:', '      - id: fastapi-perf-lint', '      - id: fastapi-perf-lint-fix', ''].join('\n'),
  );
  const env = cleanEnv({ ...found.env, PRE_COMMIT_HOME: tempDir('fpl-pre-commit-home-'), PRE_COMMIT_COLOR: 'never', SKIP: undefined });
  const git = (...args: string[]) => ok('git', ['-c', 'user.name=fpl-test', '-c', 'user.email=fpl-test@localhost', ...args], { cwd: dir, env });
  git('init', '--quiet');
  git('add', '-A');

  // The first run installs the hook environment: a build from source in pre-commit's clone.
  const check = preCommit(['run', 'fastapi-perf-lint', '--all-files'], { cwd: dir, env, timeout: INSTALL_TIMEOUT });
  assert.equal(check.status, 1, check.all);
  assert.match(check.stdout, /app\/main\.py:3:5: FPL101/, check.all);

  const fix = preCommit(['run', 'fastapi-perf-lint-fix', '--all-files'], { cwd: dir, env });
  assert.equal(fix.status, 1, `pre-commit fails a hook that modified files\n${fix.all}`);
  assert.match(fix.stdout, /files were modified by this hook/, fix.all);
  assert.match(readFileSync(join(dir, 'app', 'main.py'), 'utf8'), FIXED);

  git('add', '-A');
  const clean = preCommit(['run', '--all-files'], { cwd: dir, env });
  assert.equal(clean.status, 0, clean.all);
}
