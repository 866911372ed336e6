// Hostile trees for the CLI (issue 15): symbolic links to `/` and `..`, globs and .gitignore
// lines too long for a regular expression, .gitignore case, a large binary file named `.py`,
// named pipes where files or configuration are expected. Each run has a time limit: before
// these were handled, some walked the whole file system or blocked for ever.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { randomFillSync } from 'node:crypto';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { CLI, project, SLEEPY, type Run } from '../cli/harness';
import { tempDir } from '../tempDir';

/** The built CLI, stopped after 60 s (status null) rather than left to walk the whole disk or block on a pipe. */
function run(args: string[], cwd: string): Run {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.GITHUB_WORKSPACE;
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env, timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Paths of the JSON findings, relative to `dir`, sorted. */
const reported = (r: Run, dir: string): string[] =>
  (JSON.parse(r.stdout) as Array<{ filename: string }>).map((d) => relative(dir, d.filename).split(sep).join('/')).sort();

const JSON_101 = ['--format', 'json', '--select', 'FPL101', '--no-progress'];

test('symbolic links: never followed outside the path walked (to /, .., a folder beside it); inside, each file found once', () => {
  const base = tempDir('fpl-links-');
  const dir = join(base, 'proj');
  for (const [name, text] of Object.entries({ 'proj/app.py': SLEEPY, 'proj/pkg/mod.py': SLEEPY, 'proj/build/gen/g.py': SLEEPY, 'outside/x.py': SLEEPY })) {
    mkdirSync(join(base, name, '..'), { recursive: true });
    writeFileSync(join(base, name), text);
  }
  symlinkSync('/', join(dir, 'root'));
  symlinkSync('..', join(dir, 'up'));
  symlinkSync('../outside', join(dir, 'out'));
  symlinkSync(join(base, 'outside', 'x.py'), join(dir, 'x.py'));
  symlinkSync('pkg', join(dir, 'alias')); // the same folder under a second name
  symlinkSync('app.py', join(dir, 'b.py')); // the same file under a second name
  symlinkSync('build/gen', join(dir, 'gen')); // the only way into a folder the walk skips
  symlinkSync('..', join(dir, 'pkg', 'up')); // inside when walking `.`, outside when walking `pkg`
  symlinkSync('loop_b', join(dir, 'loop_a'));
  symlinkSync('loop_a', join(dir, 'loop_b'));

  const r = run(['check', '.', ...JSON_101], dir);
  assert.equal(r.status, 1, r.stderr);
  assert.deepEqual(reported(r, dir), ['app.py', 'gen/g.py', 'pkg/mod.py']);
  for (const link of ['root', 'up', 'out', 'x.py']) assert.match(r.stderr, new RegExp(`warning: ${link.replace('.', '\\.')}: symbolic link to .*, outside \\.: not followed`), link);
  assert.doesNotMatch(r.stderr, /pkg\/up|alias|b\.py|loop/, 'links inside are followed quietly, or passed over when they loop');

  // The root is each path given: from `pkg`, its link to `..` leads outside.
  const sub = run(['check', 'pkg', ...JSON_101], dir);
  assert.deepEqual(reported(sub, dir), ['pkg/mod.py']);
  assert.match(sub.stderr, /warning: .*up: symbolic link to .*proj, outside .*pkg: not followed/);
});

test('a 70,000-character glob in `exclude` or `per-file-ignores`: a configuration error naming the file, line and key', () => {
  const long = 'a'.repeat(70_000);
  for (const [toml, key, line] of [
    [`[project]\nname = "x"\n[tool.fastapi-perf-lint]\nexclude = ["gen", "${long}"]\n`, 'exclude', 4],
    [`[tool.fastapi-perf-lint.per-file-ignores]\n"${long}" = ["FPL101"]\n`, 'per-file-ignores', 1],
  ] as const) {
    const dir = project({ 'a.py': SLEEPY, 'pyproject.toml': toml });
    const r = run(['check', '.', '--no-progress'], dir);
    assert.equal(r.status, 2);
    assert.equal(r.stderr, `error: pyproject.toml:${line}: \`${key}\`: a glob of 70000 characters is over the 4096-character limit\n`);
  }
  // A long glob within the limit works.
  const dir = project({ 'a.py': SLEEPY, 'gen/g.py': SLEEPY, 'pyproject.toml': `[tool.fastapi-perf-lint]\nexclude = ["gen", "${'b'.repeat(4000)}"]\n` });
  const r = run(['check', '.', ...JSON_101], dir);
  assert.equal(r.status, 1, r.stderr);
  assert.deepEqual(reported(r, dir), ['a.py']);
});

test('a 33,000-character .gitignore line: not used, with a warning naming the file and line; the other lines apply', () => {
  const dir = project({ 'a.py': SLEEPY, 'ignored.py': SLEEPY, 'sub/b.py': SLEEPY, '.gitignore': `ignored.py\n${'a'.repeat(33_000)}\n`, 'sub/.gitignore': `${'*'.repeat(40_000)}\n` });
  const r = run(['check', '.', ...JSON_101], dir);
  assert.equal(r.status, 1, r.stderr);
  assert.deepEqual(reported(r, dir), ['a.py', 'sub/b.py']);
  assert.match(r.stderr, /^warning: \.gitignore:2: a pattern of 33000 characters is longer than any path \(over 4096\): not used$/m);
  assert.match(r.stderr, /^warning: sub\/\.gitignore:1: a pattern of 40000 characters/m);
});

test('.gitignore matches case-sensitively, as git on Linux', () => {
  const dir = project({ 'app.py': SLEEPY, 'APP.py': SLEEPY, 'Out/x.py': SLEEPY, 'out/y.py': SLEEPY, 'keep.py': SLEEPY, '.gitignore': 'APP.py\nout/\nKEEP.PY\n' });
  const r = run(['check', '.', ...JSON_101], dir);
  const want = ['Out/x.py', 'app.py', 'keep.py'];
  assert.deepEqual(reported(r, dir), want);
  // Git itself agrees, where it is installed.
  const git = spawnSync('git', ['init', '-q', dir]);
  if (git.status === 0) {
    const tracked = spawnSync('git', ['-c', 'core.ignorecase=false', 'ls-files', '--others', '--exclude-standard', '--', '*.py'], { cwd: dir, encoding: 'utf8' });
    assert.deepEqual(tracked.stdout.split('\n').filter(Boolean).sort(), want);
  }
});

test('a 6 MB binary file named .py, and one of undecodable bytes: skipped at once with a note', () => {
  const binary = randomFillSync(Buffer.alloc(6 * 1024 * 1024));
  binary[100] = 0; // git's rule: a NUL in the first 8,000 bytes
  const undecodable = randomFillSync(Buffer.alloc(64 * 1024)).map((b) => b | 0x80); // no NUL, hardly any UTF-8
  const dir = project({ 'ok.py': SLEEPY, 'blob.py': binary, 'noise.py': undecodable });
  const r = run(['check', '.', ...JSON_101], dir);
  assert.equal(r.status, 1, r.stderr);
  assert.deepEqual(reported(r, dir), ['ok.py']);
  assert.match(r.stderr, /^note: blob\.py: skipped: binary file$/m);
  assert.match(r.stderr, /^note: noise\.py: skipped: binary file$/m);
  // Named on the command line, the same.
  const named = run(['check', 'blob.py', '--no-progress'], dir);
  assert.equal(named.status, 0);
  assert.equal(named.stderr, 'note: blob.py: skipped: binary file\n');
});

test('named pipes: never opened, in the walk, named on the command line, with --fix, or as .gitignore and pyproject.toml', () => {
  const dir = project({ 'ok.py': SLEEPY, 'sub/b.py': SLEEPY });
  execFileSync('mkfifo', [join(dir, 'pipe.py'), join(dir, 'sub', '.gitignore')]);
  for (const args of [['check', '.'], ['check', '.', '--fix'], ['check', '.', '--diff']]) {
    const r = run([...args, '--no-progress', '--format', 'concise'], dir);
    assert.notEqual(r.status, null, `${args.join(' ')}: timed out`);
    assert.match(r.stderr, /^note: pipe\.py: skipped: not a regular file \(a named pipe\)$/m, args.join(' '));
    assert.match(r.stderr, /^warning: sub\/\.gitignore: not a regular file \(a named pipe\): not read$/m, args.join(' '));
  }
  assert.match(readFileSync(join(dir, 'ok.py'), 'utf8'), /await asyncio\.sleep/, '--fix fixed the real files');
  const named = run(['check', 'pipe.py', '--fix', '--no-progress'], dir);
  assert.equal(named.status, 0);
  assert.equal(named.stderr, 'note: pipe.py: skipped: not a regular file (a named pipe)\n');
  // A configuration file that is a pipe cannot be used: an error, not a hang.
  execFileSync('mkfifo', [join(dir, 'sub', 'pyproject.toml')]);
  const config = run(['check', 'sub', '--no-progress'], dir);
  assert.equal(config.status, 2);
  assert.equal(config.stderr, 'error: sub/pyproject.toml: cannot read configuration: not a regular file (a named pipe)\n');
});
