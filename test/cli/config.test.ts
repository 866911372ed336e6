// Project configuration through the built CLI: precedence (flags > file > defaults),
// discovery (nearest file per folder, --config), per-file-ignores and exclude relative to
// the configuration's folder, extend-blocking-calls, warnings and errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join, relative, sep } from 'node:path';
import { project, run, SLEEPY } from './harness';

/** `path:row:code` of each JSON finding, the path relative to `dir`. */
const codes = (stdout: string, dir: string): string[] =>
  (JSON.parse(stdout) as Array<{ code: string; filename: string; location: { row: number } }>).map((i) => `${relative(dir, i.filename).split(sep).join('/')}:${i.location.row}:${i.code}`);

test('precedence: command-line flags over the config file over the defaults', () => {
  const defaults = project({ 'a.py': SLEEPY });
  assert.equal(run(['check', '.'], defaults).status, 1, 'FPL101 runs by default');

  const dir = project({ 'a.py': SLEEPY, 'pyproject.toml': '[project]\nname = "x"\n\n[tool.fastapi-perf-lint]\nignore = ["FPL101"]\n' });
  const fromFile = run(['check', '.'], dir);
  assert.equal(fromFile.status, 0, 'the file ignores FPL101');
  assert.equal(fromFile.stdout, 'All checks passed!\n');
  // --select replaces the file's selection (and its ignores), as in Ruff.
  assert.equal(run(['check', '.', '--select', 'FPL101'], dir).status, 1);
  // --extend-select adds to the file's selection; a later source's selector that matches a
  // rule decides it, as in Ruff's layered selection.
  assert.equal(run(['check', '.', '--extend-select', 'FPL1'], dir).status, 1);

  // --ignore adds to the file's ignores instead of replacing them.
  const both = project({ 'a.py': SLEEPY, 'fastapi-perf-lint.toml': 'select = ["FPL101"]\n' });
  assert.equal(run(['check', '.'], both).status, 1);
  assert.equal(run(['check', '.', '--ignore', 'FPL1'], both).status, 0);
});

test('discovery: the nearest configuration per folder; fastapi-perf-lint.toml first; pyproject.toml without the table is passed over', () => {
  const dir = project({
    'pyproject.toml': '[tool.fastapi-perf-lint]\nignore = ["FPL101"]\n',
    'quiet/a.py': SLEEPY,
    'loud/fastapi-perf-lint.toml': 'select = ["FPL"]\n',
    'loud/pyproject.toml': '[tool.fastapi-perf-lint]\nignore = ["FPL101"]\n',
    'loud/a.py': SLEEPY,
    'loud/inner/pyproject.toml': '[project]\nname = "inner"\n',
    'loud/inner/b.py': SLEEPY,
  });
  const r = run(['check', '.', '--format', 'json'], dir);
  assert.deepEqual(codes(r.stdout, dir), ['loud/a.py:3:FPL101', 'loud/inner/b.py:3:FPL101']);
  // Linting a subfolder directly finds the same configuration.
  assert.equal(run(['check', '.'], join(dir, 'quiet')).status, 0);
  // --config picks one file for every path.
  const forced = run(['check', '.', '--config', join(dir, 'pyproject.toml'), '--format', 'json'], dir);
  assert.deepEqual(codes(forced.stdout, dir), []);
});

test('per-file-ignores and exclude are relative to the configuration file\'s folder', () => {
  const dir = project({
    'proj/pyproject.toml': ['[tool.fastapi-perf-lint]', 'exclude = ["generated"]', '', '[tool.fastapi-perf-lint.per-file-ignores]', '"app/legacy/*.py" = ["FPL101"]', '"__init__.py" = ["FPL"]', ''].join('\n'),
    'proj/app/legacy/old.py': SLEEPY,
    'proj/app/__init__.py': SLEEPY,
    'proj/app/new.py': SLEEPY,
    'proj/legacy/app/legacy/deep.py': SLEEPY,
    'proj/generated/gen.py': SLEEPY,
  });
  // From the folder above the project: paths relative to the cwd differ from the config's.
  const outside = run(['check', 'proj', '--format', 'json'], dir);
  // `app/legacy/*.py` is anchored at the project: proj/legacy/app/legacy/deep.py is not matched.
  assert.deepEqual(codes(outside.stdout, dir), ['proj/app/new.py:3:FPL101', 'proj/legacy/app/legacy/deep.py:3:FPL101']);
  // From inside the project, the same files.
  const inside = run(['check', '.', '--format', 'json'], join(dir, 'proj', 'app'));
  assert.deepEqual(codes(inside.stdout, dir), ['proj/app/new.py:3:FPL101']);
});

test('extend-blocking-calls: a declared call is flagged in async code, through import aliases, not in sync code', () => {
  const code = ['import mylib', 'import mylib as ml', 'from mylib import wait as pause', '', 'async def handler():', '    mylib.wait(1)', '    ml.wait(2)', '    pause(3)', '', 'def sync():', '    mylib.wait(4)', ''].join('\n');
  const dir = project({
    'app.py': code,
    'pyproject.toml': '[tool.fastapi-perf-lint.extend-blocking-calls]\n"mylib.wait" = { instead = "await mylib.wait_async(...)", code = "FPL101" }\n',
  });
  const r = run(['check', '.', '--format', 'json'], dir);
  assert.equal(r.status, 1, r.stderr);
  assert.deepEqual(codes(r.stdout, dir), ['app.py:6:FPL101', 'app.py:7:FPL101', 'app.py:8:FPL101']);
  assert.match(JSON.parse(r.stdout)[0].message, /`mylib\.wait\(\)` blocks the event loop in `async def handler`/);
  // Without the declaration, nothing.
  const plain = project({ 'app.py': code });
  assert.equal(run(['check', '.'], plain).status, 0);
});

test('unknown keys and rule codes: warnings naming the file, line and key; the run goes on', () => {
  const dir = project({
    'a.py': SLEEPY,
    'pyproject.toml': ['[tool.fastapi-perf-lint]', 'selct = ["FPL1"]', 'extend-select = ["FPL999"]', '', '[tool.fastapi-perf-lint.severity]', 'FPL998 = "warning"', ''].join('\n'),
  });
  const r = run(['check', '.'], dir);
  assert.equal(r.status, 1);
  const warnings = r.stderr.trim().split('\n');
  assert.deepEqual(warnings, [
    'warning: pyproject.toml:2: unknown key `selct` in [tool.fastapi-perf-lint] (ignored); did you mean `select`?',
    'warning: pyproject.toml:3: unknown rule code `FPL999` in `extend-select`: no rule matches it',
    'warning: pyproject.toml:6: unknown rule code `FPL998` in `severity` (ignored)',
  ]);
  // Unknown codes on the command line are usage errors.
  const flag = run(['check', '.', '--select', 'FPL999'], dir);
  assert.equal(flag.status, 2);
  assert.match(flag.stderr, /^error: --select FPL999: no rule has this code or prefix/);
});

test('a broken configuration file: exit 2 with a one-line error naming the file and line', () => {
  const dir = project({ 'a.py': SLEEPY, 'pyproject.toml': '[project]\nname = "x"\n\n[tool.fastapi-perf-lint]\nselect = ["FPL101"\nignore = []\n' });
  const r = run(['check', '.'], dir);
  assert.equal(r.status, 2);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /^error: pyproject\.toml:\d+:\d+: invalid TOML: [^\n]+\n$/);
  const line = Number(/pyproject\.toml:(\d+)/.exec(r.stderr)![1]);
  assert.ok(line >= 5 && line <= 6, r.stderr);

  const wrongType = project({ 'a.py': SLEEPY, 'fastapi-perf-lint.toml': 'select = ["FPL1"]\npagination-max-limit = "lots"\n' });
  const w = run(['check', '.'], wrongType);
  assert.equal(w.status, 2);
  assert.equal(w.stderr, 'error: fastapi-perf-lint.toml:2: `pagination-max-limit` must be a positive integer\n');

  const missing = run(['check', '.', '--config', 'nope.toml'], dir);
  assert.equal(missing.status, 2);
  assert.equal(missing.stderr, 'error: --config nope.toml: no such file\n');
});

test('usage errors exit 2 with one line', () => {
  const dir = project({ 'a.py': SLEEPY });
  for (const args of [['check', '--workers', '0'], ['check', '--format', 'xml'], ['check', '--bogus'], ['check', '--select', 'fpl-1'], ['check', 'missing.py']]) {
    const r = run(args, dir);
    assert.equal(r.status, 2, args.join(' '));
    assert.equal(r.stderr.split('\n').length, 2, r.stderr);
    assert.match(r.stderr, /^error: /);
  }
});

test('no Python files: a warning, exit 0', () => {
  const dir = project({ 'notes.txt': 'x' });
  const r = run(['check', '.'], dir);
  assert.equal(r.status, 0);
  assert.equal(r.stderr, 'warning: no Python files found under the given paths\n');
});
