// Bad files for the CLI: too large or with a line too long (skipped with a note, limits
// configurable), a file deleted or renamed while the project is being scanned, unreadable
// files, symbolic link loops, a named pipe. The run always finishes and reports the rest.
import { REGISTRY } from '../helpers';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { mergeConfig } from '../../server/src/engine/config';
import { lintProject } from '../../server/src/engine/project';
import { ready } from '../helpers';
import { CLI, project, run, SLEEPY, type Run } from '../cli/harness';

const codesOf = (stdout: string): string[] => (JSON.parse(stdout) as Array<{ filename: string; code: string }>).map((d) => `${d.filename.split('/').pop()}:${d.code}`).sort();

test('a 20 MB generated file and a single 1 MB line: skipped with a note; the limits are configurable', () => {
  const unit = 'def handler(request):\n    return {"id": 0, "values": [1, 2, 3]}\n\n';
  const dir = project({
    'ok.py': SLEEPY,
    'generated.py': SLEEPY + unit.repeat(Math.ceil((20 * 1024 * 1024) / unit.length)),
    'oneline.py': `${SLEEPY}x = [${'1, '.repeat(350_000)}]\n`,
  });
  try {
    const r = run(['check', '.', '--format', 'json', '--select', 'FPL101', '--no-progress'], dir);
    assert.equal(r.status, 1);
    assert.deepEqual(codesOf(r.stdout), ['ok.py:FPL101']);
    assert.match(r.stderr, /generated\.py: skipped: \d+ bytes is over the 10485760-byte limit \(max-file-size\)/);
    assert.match(r.stderr, /oneline\.py: skipped: a line of \d+ characters is over the 200000-character limit \(max-line-length\)/);
    // Raised in the configuration, the long line is linted; lowered, the small file is skipped.
    writeFileSync(join(dir, 'pyproject.toml'), '[tool.fastapi-perf-lint]\nmax-line-length = 2000000\nmax-file-size = 20\n');
    const again = run(['check', 'ok.py', 'oneline.py', '--format', 'json', '--select', 'FPL101', '--no-progress'], dir);
    assert.deepEqual(codesOf(again.stdout), []);
    assert.match(again.stderr, /ok\.py: skipped: \d+ bytes is over the 20-byte limit/);
    writeFileSync(join(dir, 'pyproject.toml'), '[tool.fastapi-perf-lint]\nmax-line-length = 2000000\n');
    assert.deepEqual(codesOf(run(['check', 'oneline.py', '--format', 'json', '--select', 'FPL101', '--no-progress'], dir).stdout), ['oneline.py:FPL101']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a file deleted, and one renamed, while the project is scanned: noted, the others linted', async () => {
  await ready;
  const dir = project({ 'a.py': SLEEPY, 'b.py': SLEEPY, 'c.py': SLEEPY });
  try {
    const config = mergeConfig({ select: ['FPL101'] });
    // `configFor` is asked about each file as the walk meets it: the moment to pull the rug.
    const r = await lintProject({ rules: REGISTRY,
      paths: [dir],
      root: dir,
      config,
      configFor: (f) => {
        if (f.endsWith('b.py')) rmSync(f, { force: true });
        if (f.endsWith('c.py') && existsSync(f)) renameSync(f, join(dir, 'c_renamed.py'));
        return config;
      },
    });
    const byName = new Map(r.files.map((f) => [f.relPath, f]));
    assert.equal(byName.get('a.py')!.findings.length, 1);
    const enoent = { kind: 'skipped', reason: { why: 'unreadable', error: 'ENOENT' } };
    assert.deepEqual(byName.get('b.py')!.skipped, enoent);
    assert.deepEqual(byName.get('c.py')!.skipped, enoent);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** The built CLI run as `nobody` (through setpriv), or undefined when that user cannot run it. */
function runAsNobody(args: string[], cwd: string): Run | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const r = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  // No setpriv, or the repository is not readable by that user (a clone under /root).
  if (r.error || /Cannot find module|EACCES: permission denied, open '.*cli\.js'|setpriv:/.test(r.stderr)) return undefined;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('an unreadable file: skipped with a note (as root, the CLI runs as an unprivileged user)', (t) => {
  const dir = project({ 'ok.py': SLEEPY, 'secret.py': SLEEPY });
  try {
    chmodSync(join(dir, 'secret.py'), 0o000);
    let readable = true;
    try {
      readFileSync(join(dir, 'secret.py'));
    } catch {
      readable = false;
    }
    const args = ['check', '.', '--format', 'json', '--select', 'FPL101', '--no-progress'];
    let r = readable ? undefined : run(args, dir);
    if (!r) {
      // Root reads everything: run the CLI as an unprivileged user instead, where the system allows it.
      chmodSync(dir, 0o755);
      r = runAsNobody(args, dir);
      if (!r) {
        t.skip('root reads files whatever their mode, and the CLI cannot be run as an unprivileged user here');
        return;
      }
    }
    assert.deepEqual(codesOf(r.stdout), ['ok.py:FPL101']);
    assert.match(r.stderr, /secret\.py: skipped: cannot read \(EACCES\)/);
  } finally {
    chmodSync(join(dir, 'secret.py'), 0o644);
    rmSync(dir, { recursive: true, force: true });
  }
});

test('symbolic link loops, a dangling link and a named pipe: visited once or passed over, never a hang', () => {
  const dir = project({ 'pkg/mod.py': SLEEPY, 'top.py': SLEEPY });
  try {
    symlinkSync(join(dir, 'pkg'), join(dir, 'pkg', 'again'));
    symlinkSync('..', join(dir, 'pkg', 'up'));
    symlinkSync('self.py', join(dir, 'self.py'));
    symlinkSync('missing.py', join(dir, 'dangling.py'));
    execFileSync('mkfifo', [join(dir, 'pipe.py')]);
    const r = run(['check', '.', '--format', 'json', '--select', 'FPL101', '--no-progress'], dir);
    assert.equal(r.status, 1, r.stderr);
    assert.deepEqual(codesOf(r.stdout), ['mod.py:FPL101', 'top.py:FPL101']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
