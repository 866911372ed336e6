// Configuration: layered rule selection, merging, globs relative to a source's folder,
// and loading project files (discovery, validation, warnings and errors with lines).
import { REGISTRY } from '../helpers';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { isEnabled, isExcluded, loadProjectConfig, mergeConfig, perFileIgnoredCodes, type LoadedConfig } from '../../server/src/engine/config';
import { tempDir } from '../tempDir';

function tree(files: Record<string, string>): string {
  const dir = tempDir('fpl-config-');
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

test('selection: defaults, most specific selector within a source, later sources as layers', () => {
  const on = (code: string, ...inputs: Parameters<typeof mergeConfig>) => isEnabled(code, true, mergeConfig(...inputs));
  assert.equal(on('FPL101'), true);
  assert.equal(on('FPL101', { select: ['FPL1'], ignore: ['FPL101'] }), false);
  assert.equal(on('FPL102', { select: ['FPL1'], ignore: ['FPL101'] }), true);
  assert.equal(on('FPL101', { select: ['FPL101'], ignore: ['FPL1'] }), true);
  assert.equal(on('FPL101', { select: ['FPL101'], ignore: ['FPL101'] }), false, 'a tie goes to ignore');
  // File ignores FPL203; the command line ignores FPL101: both stay ignored.
  const file = { ignore: ['FPL203'] };
  const cli = { ignore: ['FPL101'] };
  assert.equal(on('FPL203', file, cli), false);
  assert.equal(on('FPL101', file, cli), false);
  assert.equal(on('FPL102', file, cli), true);
  // A later `select` starts over: the file's ignore no longer applies.
  assert.equal(on('FPL203', file, { select: ['FPL2'] }), true);
  assert.equal(on('FPL101', file, { select: ['FPL2'] }), false);
  // A later extend-select adds without dropping other rules.
  assert.equal(on('FPL101', { select: ['FPL2'] }, { extendSelect: ['FPL101'] }), true);
  assert.equal(on('FPL201', { select: ['FPL2'] }, { extendSelect: ['FPL101'] }), true);
  // Severity "off" wins over any selection.
  assert.equal(on('FPL101', { select: ['FPL101'], severity: { FPL101: 'off' } }), false);
});

test('selection: a rule off by default needs its exact code or ALL', () => {
  const off = (...inputs: Parameters<typeof mergeConfig>) => isEnabled('FPL112', false, mergeConfig(...inputs));
  assert.equal(off(), false);
  assert.equal(off({ select: ['FPL1'] }), false);
  assert.equal(off({ extendSelect: ['FPL112'] }), true);
  assert.equal(off({ select: ['ALL'] }), true);
  assert.equal(off({ extendSelect: ['FPL112'] }, { ignore: ['FPL11'] }), false);
});

test('extend-blocking-calls: the family comes from `code`, else from the module', () => {
  const cfg = mergeConfig({ extendBlockingCalls: { 'mylib.wait': 'use mylib.wait_async', 'mylib.pause': { code: 'FPL101' }, 'requests_plus.fetch': {} } });
  assert.deepEqual(cfg.extendBlockingCalls.get('mylib.wait'), { family: 'cpu', instead: 'use mylib.wait_async', cost: 'heavy' });
  assert.deepEqual(cfg.extendBlockingCalls.get('mylib.pause'), { family: 'sleep', instead: 'await asyncio.to_thread(...)', cost: 'heavy' });
  assert.equal(cfg.extendBlockingCalls.get('requests_plus.fetch')!.family, 'cpu');
  assert.equal(mergeConfig({ extendBlockingCalls: { 'requests.get': 'x' } }).extendBlockingCalls.get('requests.get')!.family, 'http');
});

test('globs are relative to the folder of the source that set them', () => {
  const cfg = mergeConfig({ root: '/p', perFileIgnores: { 'app/*.py': ['FPL101'], '__init__.py': ['FPL'] }, exclude: ['build2', 'gen/*.py'] });
  assert.deepEqual(perFileIgnoredCodes(cfg, { path: '/p/app/a.py', relPath: 'p/app/a.py' }), ['FPL101']);
  assert.deepEqual(perFileIgnoredCodes(cfg, { path: '/p/x/app/a.py' }), []);
  assert.deepEqual(perFileIgnoredCodes(cfg, { path: '/p/x/__init__.py' }), ['FPL']);
  assert.deepEqual(perFileIgnoredCodes(cfg, { path: '/elsewhere/app/a.py' }), [], 'outside the folder');
  assert.equal(isExcluded(cfg, '/p/build2', '/cwd'), true);
  assert.equal(isExcluded(cfg, '/p/sub/build2', '/cwd'), true);
  assert.equal(isExcluded(cfg, '/p/gen/a.py', '/cwd'), true);
  assert.equal(isExcluded(cfg, '/p/sub/gen/a.py', '/cwd'), false);
  // A source without a folder (command line, editor settings): relative to the caller's root.
  const flat = mergeConfig({ perFileIgnores: { 'app/*.py': ['FPL101'] }, exclude: ['gen/*.py'] });
  assert.deepEqual(perFileIgnoredCodes(flat, { path: '/p/app/a.py', relPath: 'app/a.py' }), ['FPL101']);
  assert.equal(isExcluded(flat, '/cwd/gen/a.py', '/cwd'), true);
});

test('loadProjectConfig: nearest file walking up; fastapi-perf-lint.toml first; pyproject.toml without the table passed over; one read per folder', () => {
  const dir = tree({
    'pyproject.toml': '[tool.fastapi-perf-lint]\nselect = ["FPL1"]\npagination-max-limit = 500\n',
    'a/pyproject.toml': '[project]\nname = "a"\n',
    'a/b/c.py': '',
    'd/fastapi-perf-lint.toml': 'ignore = ["FPL101"]\nfastapi-version = "0.115.2"\n',
    'd/pyproject.toml': '[tool.fastapi-perf-lint]\nselect = ["FPL101"]\n',
  });
  const cache = new Map<string, LoadedConfig>();
  const deep = loadProjectConfig(join(dir, 'a/b/c.py'), { codes: REGISTRY.codes, cache });
  assert.equal(deep.file, join(dir, 'pyproject.toml'));
  assert.deepEqual(deep.input, { root: dir, select: ['FPL1'], paginationMaxLimit: 500 });
  assert.equal(loadProjectConfig(join(dir, 'a'), { codes: REGISTRY.codes, cache }), deep, 'cached per folder');
  const d = loadProjectConfig(join(dir, 'd'), { codes: REGISTRY.codes, cache });
  assert.equal(d.file, join(dir, 'd', 'fastapi-perf-lint.toml'));
  assert.deepEqual(d.input, { root: join(dir, 'd'), ignore: ['FPL101'], fastapiVersion: '0.115.2' });
  const explicit = loadProjectConfig(dir, { codes: REGISTRY.codes, configFile: join(dir, 'd', 'pyproject.toml') });
  assert.deepEqual(explicit.input, { root: join(dir, 'd'), select: ['FPL101'] });
  const none = tree({ 'x.py': '' });
  assert.deepEqual(loadProjectConfig(join(none, 'x.py'), { codes: REGISTRY.codes }).input, undefined);
});

test('loadProjectConfig: every key, kebab-case, tables for per-file-ignores, severity and extend-blocking-calls', () => {
  const dir = tree({
    'pyproject.toml': [
      '[tool.fastapi-perf-lint]',
      'select = ["FPL"]',
      'ignore = ["FPL101"]',
      'extend-select = ["FPL1"]',
      'exclude = ["migrations"]',
      'fastapi-version = "0.136.0"',
      'pagination-max-limit = 200',
      'max-file-size = 100000',
      'max-line-length = 5000',
      '',
      '[tool.fastapi-perf-lint.per-file-ignores]',
      '"tests/*" = ["FPL1"]',
      '',
      '[tool.fastapi-perf-lint.severity]',
      'FPL101 = "warning"',
      '',
      '[tool.fastapi-perf-lint.extend-blocking-calls]',
      '"mylib.fetch" = "await mylib.afetch(...)"',
      '"mylib.nap" = { instead = "await asyncio.sleep(...)", code = "FPL101" }',
      '',
    ].join('\n'),
  });
  const r = loadProjectConfig(dir, { codes: REGISTRY.codes });
  assert.deepEqual(r.warnings, []);
  assert.equal(r.error, undefined);
  assert.deepEqual(r.input, {
    root: dir,
    select: ['FPL'],
    ignore: ['FPL101'],
    extendSelect: ['FPL1'],
    exclude: ['migrations'],
    fastapiVersion: '0.136.0',
    paginationMaxLimit: 200,
    maxFileSize: 100000,
    maxLineLength: 5000,
    perFileIgnores: { 'tests/*': ['FPL1'] },
    severity: { FPL101: 'warning' },
    extendBlockingCalls: { 'mylib.fetch': 'await mylib.afetch(...)', 'mylib.nap': { instead: 'await asyncio.sleep(...)', code: 'FPL101' } },
  });
});

test('loadProjectConfig: warnings for unknown keys and codes, with file and line', () => {
  const dir = tree({
    'fastapi-perf-lint.toml': ['select = ["FPL1", "XYZ9"]', 'max_file_size = 10', '', '[per-file-ignores]', '"a.py" = ["FPL777"]', '', '[extend-blocking-calls]', '"m.f" = { instead = "g", kind = "http" }', ''].join('\n'),
  });
  const r = loadProjectConfig(dir, { codes: REGISTRY.codes });
  const file = join(dir, 'fastapi-perf-lint.toml');
  assert.deepEqual(r.warnings, [
    { file, line: 1, message: 'unknown rule code `XYZ9` in `select`: no rule matches it' },
    { file, line: 2, message: 'unknown key `max_file_size` in fastapi-perf-lint.toml (ignored); did you mean `max-file-size`?' },
    { file, line: 5, message: 'unknown rule code `FPL777` in `per-file-ignores` for `a.py`: no rule matches it' },
    { file, line: 8, message: 'unknown key `kind` in `extend-blocking-calls.m.f` (ignored); expected `instead` or `code`' },
  ]);
  assert.deepEqual(r.input!.select, ['FPL1', 'XYZ9']);
});

test('loadProjectConfig: broken TOML and wrong types are errors with a line, never exceptions', () => {
  const broken = tree({ 'pyproject.toml': '[tool.fastapi-perf-lint]\nselect = "FPL1\n' });
  const b = loadProjectConfig(broken, { codes: REGISTRY.codes });
  assert.equal(b.input, undefined);
  assert.equal(b.error!.file, join(broken, 'pyproject.toml'));
  assert.equal(b.error!.line, 2);
  assert.match(b.error!.message, /^invalid TOML: /);
  const cases: Array<[string, RegExp, number]> = [
    ['select = "FPL1"', /`select` must be a list of strings/, 1],
    ['select = ["fpl 1"]', /invalid rule selector `fpl 1` in `select`/, 1],
    ['pagination-max-limit = 0', /`pagination-max-limit` must be a positive integer/, 1],
    ['fastapi-version = "latest"', /`fastapi-version` must be a version string/, 1],
    ['x = 1\n[severity]\nFPL101 = "loud"', /`severity.FPL101` must be one of error, warning, info, hint, off/, 2],
    ['[extend-blocking-calls]\n"not a name" = "x"', /`extend-blocking-calls`: `not a name` is not a qualified name/, 2],
    ['[extend-blocking-calls]\n"m.f" = { code = "FPL999" }', /`extend-blocking-calls.m.f.code` must be one of FPL101, /, 2],
  ];
  for (const [text, message, line] of cases) {
    const dir = tree({ 'fastapi-perf-lint.toml': text + '\n' });
    const r = loadProjectConfig(dir, { codes: REGISTRY.codes });
    assert.equal(r.input, undefined, text);
    assert.match(r.error!.message, message, text);
    assert.equal(r.error!.line, line, text);
  }
});
