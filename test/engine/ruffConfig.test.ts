// Ruff's configuration as Ruff reads it (engine/ruffConfig.ts): the rule selection checked
// against Ruff itself (its WebAssembly build, given the same options) on a text where every
// overlapping rule fires; discovery, `extend`, per-file ignores and excludes on real folders.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { RUFF_CODES } from '../../server/src/analysis/knowledge/ruff';
import { RuffConfigs } from '../../server/src/engine/ruffConfig';
import { ruffDiagnostics, ruffWorkspace } from '../ruff';
import { tempDir } from '../tempDir';

/** A text on which every rule of the overlap table fires. */
const EVERY_RULE = [
  'import os, subprocess, time',
  'import httpx, requests',
  'from pathlib import Path',
  '',
  '',
  'async def f(client: httpx.Client, p: Path):',
  '    time.sleep(1)',
  '    requests.get("x")',
  '    client.get("x")',
  '    subprocess.Popen("x")',
  '    subprocess.run("x")',
  '    os.waitpid(1, 0)',
  '    open("x")',
  '    os.path.exists("x")',
  '    p.exists()',
  '    input()',
  '',
].join('\n');

/** The overlapping codes Ruff reports with these options (names under preview are mapped back). */
function ruffReports(options: Record<string, unknown>): string[] {
  const names: Record<string, string> = {
    'blocking-sleep-in-async-function': 'ASYNC251',
    'blocking-http-call-in-async-function': 'ASYNC210',
    'blocking-http-call-httpx-in-async-function': 'ASYNC212',
    'create-subprocess-in-async-function': 'ASYNC220',
    'run-process-in-async-function': 'ASYNC221',
    'wait-for-process-in-async-function': 'ASYNC222',
    'blocking-open-call-in-async-function': 'ASYNC230',
    'blocking-path-method-in-async-function': 'ASYNC240',
    'blocking-input-in-async-function': 'ASYNC250',
  };
  const codes = ruffDiagnostics(ruffWorkspace(options), EVERY_RULE).map((d) => names[d.code] ?? d.code);
  return [...new Set(codes.filter((c) => RUFF_CODES.includes(c)))].sort();
}

function project(files: Record<string, string>): { root: string; file: (rel: string) => string } {
  const root = tempDir('fpl-ruffconfig-');
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  }
  return { root, file: (rel) => path.join(root, rel) };
}

const ours = (configs: RuffConfigs, file: string): string[] => [...configs.forFile(file).codesFor(file)].sort();

// Each a ruff.toml; the same options go to Ruff as they are.
const SELECTIONS: Array<[string, string]> = [
  ['no options: the default set', ''],
  ['select E and F: no ASYNC rule', 'lint.select = ["E", "F"]'],
  ['ignore one code', '[lint]\nignore = ["ASYNC251"]'],
  ['extend-ignore', '[lint]\nextend-ignore = ["ASYNC210"]'],
  ['extend-select the linter', '[lint]\nextend-select = ["ASYNC"]'],
  ['select at top level, ignore in lint', 'select = ["ASYNC"]\n[lint]\nignore = ["ASYNC2"]\nextend-select = ["ASYNC251"]'],
  ['lint.select wins over the top-level select', 'select = ["E"]\n[lint]\nselect = ["ASYNC"]'],
  ['ALL', 'lint.select = ["ALL"]'],
  ['A is flake8-builtins, not ASYNC', 'lint.select = ["A"]'],
  ['ignore A keeps ASYNC', 'lint.ignore = ["A"]'],
  ['a tie between select and ignore: ignore wins', 'lint.select = ["ASYNC"]\nlint.ignore = ["ASYNC"]'],
  ['the more specific selector wins', 'lint.select = ["ASYNC251"]\nlint.ignore = ["ASYNC"]'],
  ['prefix of digits', 'lint.select = ["ASYNC22"]'],
  ['preview widens the default set', 'preview = true'],
  ['preview in lint only', '[lint]\npreview = true'],
  ['preview with a selection', 'preview = true\nlint.select = ["F", "ASYNC25"]'],
];

for (const [name, toml] of SELECTIONS) {
  test(`Ruff's selection: ${name}`, () => {
    const p = project({ 'ruff.toml': toml, 'app/main.py': '' });
    const expected = ruffReports(parseToml(toml) as Record<string, unknown>);
    assert.deepEqual(ours(new RuffConfigs(), p.file('app/main.py')), expected);
  });
}

test('no configuration anywhere: Ruff\'s defaults, and no file', () => {
  const p = project({ 'app/main.py': '' });
  const s = new RuffConfigs().forFile(p.file('app/main.py'));
  assert.equal(s.file, undefined);
  assert.deepEqual([...s.codesFor(p.file('app/main.py'))].sort(), ruffReports({}));
  assert.deepEqual(ruffReports({}), ['ASYNC210', 'ASYNC220', 'ASYNC221', 'ASYNC222', 'ASYNC230', 'ASYNC251']);
});

test('discovery: the nearest folder with a configuration; .ruff.toml, then ruff.toml, then pyproject.toml with [tool.ruff]', () => {
  const p = project({
    'pyproject.toml': '[tool.ruff.lint]\nignore = ["ASYNC251"]\n',
    'svc/pyproject.toml': '[project]\nname = "svc"\n', // no [tool.ruff]: passed over, as Ruff does
    'svc/app.py': '',
    'both/ruff.toml': 'lint.select = ["ASYNC210"]\n',
    'both/pyproject.toml': '[tool.ruff.lint]\nselect = ["ASYNC251"]\n',
    'both/app.py': '',
    'three/.ruff.toml': 'lint.select = ["ASYNC222"]\n',
    'three/ruff.toml': 'lint.select = ["ASYNC210"]\n',
    'three/app.py': '',
  });
  const c = new RuffConfigs();
  assert.equal(c.forFile(p.file('svc/app.py')).file, p.file('pyproject.toml'));
  assert.ok(!ours(c, p.file('svc/app.py')).includes('ASYNC251'));
  assert.deepEqual(ours(c, p.file('both/app.py')), ['ASYNC210']);
  assert.deepEqual(ours(c, p.file('three/app.py')), ['ASYNC222']);
});

test('extend: the base first, then the file; per-file ignores replaced, extend-per-file-ignores added, each relative to its own folder', () => {
  const p = project({
    'base/ruff.toml': [
      '[lint]',
      'extend-select = ["ASYNC240"]',
      'ignore = ["ASYNC210"]',
      '[lint.per-file-ignores]',
      '"scripts/*" = ["ASYNC"]',
      '[lint.extend-per-file-ignores]',
      '"jobs/*" = ["ASYNC222"]',
    ].join('\n'),
    'svc/pyproject.toml': [
      '[tool.ruff]',
      'extend = "../base/ruff.toml"',
      '[tool.ruff.lint]',
      'extend-select = ["ASYNC210"]',
      '[tool.ruff.lint.extend-per-file-ignores]',
      '"app/legacy.py" = ["ASYNC251"]',
    ].join('\n'),
    'svc/app/main.py': '',
    'svc/app/legacy.py': '',
    'base/jobs/run.py': '',
  });
  const c = new RuffConfigs();
  // ASYNC210 ignored by the base, selected again by the file; ASYNC240 from the base.
  assert.deepEqual(ours(c, p.file('svc/app/main.py')), ['ASYNC210', 'ASYNC220', 'ASYNC221', 'ASYNC222', 'ASYNC230', 'ASYNC240', 'ASYNC251']);
  assert.ok(!ours(c, p.file('svc/app/legacy.py')).includes('ASYNC251'));
  // The base's globs are relative to the base's folder: `jobs/*` there, not in svc.
  const base = c.forFile(p.file('svc/app/main.py'));
  assert.ok(!base.codesFor(p.file('base/jobs/run.py')).has('ASYNC222'));
  assert.ok(base.codesFor(p.file('svc/jobs/run.py')).has('ASYNC222'));
});

test('per-file ignores: globs relative to the configuration, names at any depth, negation, prefixes of codes', () => {
  const p = project({
    'pyproject.toml': [
      '[tool.ruff.lint.per-file-ignores]',
      '"tests/*" = ["ASYNC"]',
      '"__init__.py" = ["ASYNC251"]',
      '"!app/**" = ["ASYNC22"]',
      '"app/cli.py" = ["ALL"]',
    ].join('\n'),
  });
  const c = new RuffConfigs();
  const codes = (rel: string) => ours(c, p.file(rel));
  assert.deepEqual(codes('tests/test_x.py'), []);
  assert.deepEqual(codes('tests/deep/test_y.py'), []);
  assert.deepEqual(codes('app/pkg/__init__.py'), ['ASYNC210', 'ASYNC220', 'ASYNC221', 'ASYNC222', 'ASYNC230']);
  assert.deepEqual(codes('app/main.py'), ['ASYNC210', 'ASYNC220', 'ASYNC221', 'ASYNC222', 'ASYNC230', 'ASYNC251']);
  assert.deepEqual(codes('tools/x.py'), ['ASYNC210', 'ASYNC230', 'ASYNC251']);
  assert.deepEqual(codes('app/cli.py'), []);
});

test('excludes: Ruff lints nothing in an excluded file', () => {
  const p = project({
    'ruff.toml': 'extend-exclude = ["generated"]\n[lint]\nexclude = ["app/old.py"]\n',
    'custom/ruff.toml': 'exclude = ["vendor"]\n',
  });
  const c = new RuffConfigs();
  assert.deepEqual(ours(c, p.file('generated/models.py')), []);
  assert.deepEqual(ours(c, p.file('app/old.py')), []);
  assert.deepEqual(ours(c, p.file('build/lib/app.py')), [], "Ruff's default excludes");
  assert.ok(ours(c, p.file('app/main.py')).length > 0);
  // `exclude` replaces the defaults.
  assert.ok(ours(c, p.file('custom/build/app.py')).length > 0);
  assert.deepEqual(ours(c, p.file('custom/vendor/lib.py')), []);
});

test('a configuration Ruff cannot read: nothing is known to be Ruff\'s', () => {
  const p = project({ 'ruff.toml': 'lint.select = [\n', 'loop/ruff.toml': 'extend = "ruff.toml"\n', 'missing/ruff.toml': 'extend = "nowhere.toml"\n' });
  const c = new RuffConfigs();
  for (const rel of ['app.py', 'loop/app.py', 'missing/app.py']) {
    const s = c.forFile(p.file(rel));
    assert.ok(s.error, rel);
    assert.deepEqual([...s.codesFor(p.file(rel))], [], rel);
  }
});

test("the project's Ruff version: before 0.16 the default set has no blocking-call rule; selecting them still does", () => {
  const p = project({ 'app/main.py': '', 'sel/ruff.toml': 'lint.extend-select = ["ASYNC251"]\n' });
  const c = new RuffConfigs();
  const old = { version: '0.15.12', source: 'uv.lock' };
  assert.deepEqual([...c.forFile(p.file('app/main.py'), old).codesFor(p.file('app/main.py'))], []);
  assert.deepEqual([...c.forFile(p.file('sel/x.py'), old).codesFor(p.file('sel/x.py'))], ['ASYNC251']);
  assert.equal(c.forFile(p.file('app/main.py'), { version: '0.16.2', source: 'uv.lock' }).codesFor(p.file('app/main.py')).size, 6);
  // Unknown (or only "some Ruff"): the latest.
  assert.equal(c.forFile(p.file('app/main.py'), { version: '*', source: 'pyproject.toml' }).codesFor(p.file('app/main.py')).size, 6);
});
