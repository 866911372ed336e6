// The pre-commit hooks as pre-commit installs a `language: node` hook repository, without
// pre-commit itself (test/ship/pre-commit.test.ts runs the real one when it is installed):
// the same npm commands on a git clone of this repository at the current commit, into an
// environment folder of their own, then each hook's `entry` from .pre-commit-hooks.yaml run
// the way pre-commit runs it (from the project's root, with the environment's bin/ first on
// PATH). Each install builds dist/ from source in the clone (`prepare`): about 25 s.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { cleanEnv, FINDING, FIXED, INSTALL_TIMEOUT, ok, parseHooks, PKG, REPO, run, sample, snapshot, type Hook } from './helpers';
import { tempDir } from '../tempDir';

/** pre-commit's node environment (languages/node.py get_env_patch): npm's global prefix is the env folder. */
function nodeEnv(envDir: string): NodeJS.ProcessEnv {
  return cleanEnv({
    NODE_VIRTUAL_ENV: envDir,
    NPM_CONFIG_PREFIX: envDir,
    npm_config_prefix: envDir,
    NPM_CONFIG_USERCONFIG: undefined,
    npm_config_userconfig: undefined,
    NODE_PATH: join(envDir, 'lib', 'node_modules'),
    PATH: `${join(envDir, 'bin')}${delimiter}${process.env.PATH}`,
  });
}

const hooksOf = (repo: string): Hook[] => parseHooks(readFileSync(join(repo, '.pre-commit-hooks.yaml'), 'utf8'));

/** Runs both hooks' entries on the sample project, as pre-commit would after installing them into envDir. */
function runHooks(repo: string, envDir: string): void {
  const env = nodeEnv(envDir);
  const hooks = hooksOf(repo);
  const entry = (id: string): string[] => {
    const h = hooks.find((x) => x.id === id);
    assert.ok(h, `hook ${id} in .pre-commit-hooks.yaml`);
    const [cmd, ...args] = h.entry.split(/\s+/);
    const bin = join(envDir, 'bin', cmd);
    assert.ok(existsSync(bin), `the install put \`${cmd}\` in ${join(envDir, 'bin')} (pre-commit: "Executable \`${cmd}\` not found" otherwise)`);
    return [bin, ...args];
  };
  const dir = sample();
  const [check, ...checkArgs] = entry('fastapi-perf-lint');
  const found = run(check, checkArgs, { cwd: dir, env });
  assert.equal(found.status, 1, found.all);
  assert.match(found.stdout, FINDING, found.all);
  assert.match(found.stdout, /Found 1 error\./, found.all);

  const [fix, ...fixArgs] = entry('fastapi-perf-lint-fix');
  const fixed = run(fix, fixArgs, { cwd: dir, env });
  assert.equal(fixed.status, 0, fixed.all);
  assert.match(fixed.stdout, /1 fixed, 0 remaining/, fixed.all);
  assert.match(readFileSync(join(dir, 'app', 'main.py'), 'utf8'), FIXED);

  const clean = run(check, checkArgs, { cwd: dir, env });
  assert.equal(clean.status, 0, clean.all);
}

test('.pre-commit-hooks.yaml: the check and fix hooks, language node, whole project per run', () => {
  const hooks = hooksOf(REPO);
  assert.deepEqual(hooks.map((h) => h.id), ['fastapi-perf-lint', 'fastapi-perf-lint-fix']);
  for (const h of hooks) {
    assert.equal(h.language, 'node');
    assert.equal(h.pass_filenames, 'false');
    assert.equal(h.types, '[python]');
    assert.ok(Object.keys(PKG.bin).includes(h.entry.split(' ')[0]), `${h.id}'s entry runs a bin of package.json`);
  }
});

test('pre-commit 4.6.1 and later: npm install -g git+file://<clone> builds the package and installs its bin; both hooks run', { timeout: INSTALL_TIMEOUT + 60_000 }, () => {
  const { dir: clone } = snapshot();
  const envDir = tempDir('fpl-node-env-');
  // languages/node.py install_environment: the clone has .git and package.json.
  const r = run('npm', ['install', '--allow-git=root', '--install-links', '-g', `git+file://${clone}`], { cwd: clone, env: nodeEnv(envDir), timeout: INSTALL_TIMEOUT });
  assert.equal(r.status, 0, r.all);
  const installed = join(envDir, 'lib', 'node_modules', PKG.name);
  assert.ok(existsSync(join(installed, 'dist', 'cli-bundle.js')), `dist/ built into ${installed}\n${r.all}`);
  assert.ok(!existsSync(join(installed, 'node_modules')), 'no runtime dependency installed');
  runHooks(clone, envDir);
});

test('pre-commit 3 to 4.6.0: npm install in the clone, npm pack (one line: the tarball), npm install -g <tarball>; both hooks run', { timeout: INSTALL_TIMEOUT + 60_000 }, () => {
  const { dir: clone } = snapshot();
  const envDir = tempDir('fpl-node-env-');
  const env = nodeEnv(envDir);
  // npm 11 warns that --ignore-prepublish is unknown; pre-commit passes it all the same.
  ok('npm', ['install', '--include=dev', '--include=prod', '--ignore-prepublish', '--no-progress', '--no-save'], { cwd: clone, env, timeout: INSTALL_TIMEOUT });
  const packed = ok('npm', ['pack'], { cwd: clone, env, timeout: INSTALL_TIMEOUT });
  const name = packed.stdout.trim();
  // pre-commit reads the tarball's name from stdout: build output must not be there (.npmrc).
  assert.match(name, /^fastapi-perf-lint-\d+\.\d+\.\d+\.tgz$/, packed.all);
  const tgz = join(clone, name);
  assert.ok(statSync(tgz).size > 100_000);
  ok('npm', ['install', '-g', tgz], { cwd: clone, env });
  runHooks(clone, envDir);
});
