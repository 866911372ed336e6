// Output formats of the built CLI: text (Ruff's full output), concise, json, sarif
// (validated against the vendored SARIF 2.1.0 schema), github, statistics.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { project, run, SLEEPY } from './harness';

test('text: header with [*], code frame with context, caret underline, help', () => {
  const dir = project({ 'a.py': 'import time\n\nasync def f():\n    x = 1\n    time.sleep(1)\n    return x\n\n\n' });
  const r = run(['check', '.'], dir);
  assert.equal(r.status, 1);
  const expected = [
    'a.py:5:5: FPL101 [*] `time.sleep()` blocks the event loop in `async def f`; use `await asyncio.sleep()`',
    '  |',
    '3 | async def f():',
    '4 |     x = 1',
    '5 |     time.sleep(1)',
    '  |     ^^^^^^^^^^^^^ FPL101',
    '6 |     return x',
    '  |',
    '  = help: Replace with `await asyncio.sleep(...)`',
    '',
    'Found 1 error.',
    '[*] 1 fixable with the `--fix` option.',
    '',
  ].join('\n');
  // Blank lines after the span are not shown as context (line 7 is empty), as in Ruff.
  assert.equal(r.stdout, expected);
});

test('text: carets line up under wide characters and tabs', () => {
  const dir = project({ 'a.py': 'import time\nasync def f():\n    x = "日本語"; time.sleep(1)\nasync def g(x):\n\tif x: time.sleep(2)\n' });
  const lines = run(['check', 'a.py'], dir).stdout.split('\n');
  const first = lines.indexOf('3 |     x = "日本語"; time.sleep(1)');
  assert.ok(first > 0, lines.join('\n'));
  // 9 narrow characters, 3 two-cell ideographs, 3 more narrow: the call starts in cell 18.
  assert.equal(lines[first + 1], `  | ${' '.repeat(18)}${'^'.repeat(13)} FPL101`);
  // A tab is expanded to the next multiple of 4 cells.
  const tabbed = lines.indexOf('5 |     if x: time.sleep(2)', lines.findIndex((l) => l.startsWith('a.py:5:')));
  assert.ok(tabbed > 0, lines.join('\n'));
  assert.equal(lines[tabbed + 1], `  | ${' '.repeat(10)}${'^'.repeat(13)} FPL101`);
  assert.match(lines.join('\n'), /a\.py:3:16: FPL101/);
});

test('text: a multi-line span is drawn in the margin, as Ruff does', () => {
  const dir = project({ 'a.py': 'import time\nasync def f():\n    y = time.sleep(\n        1,\n    )\n' });
  const out = run(['check', 'a.py'], dir).stdout;
  const frame = [
    'a.py:3:9: FPL101 [*] `time.sleep()` blocks the event loop in `async def f`; use `await asyncio.sleep()`',
    '  |',
    '1 |   import time',
    '2 |   async def f():',
    '3 |       y = time.sleep(',
    '  |  _________^',
    '4 | |         1,',
    '5 | |     )',
    '  | |_____^ FPL101',
    '  |',
    '  = help: Replace with `await asyncio.sleep(...)`',
  ].join('\n');
  assert.ok(out.startsWith(frame), out);
});

test('concise: one line per finding', () => {
  const dir = project({ 'b.py': SLEEPY, 'a.py': SLEEPY });
  const r = run(['check', '.', '--format', 'concise'], dir);
  assert.equal(r.status, 1);
  const lines = r.stdout.trim().split('\n');
  assert.deepEqual(lines.slice(0, 2), [
    'a.py:3:5: FPL101 [*] `time.sleep()` blocks the event loop in `async def f`; use `await asyncio.sleep()`',
    'b.py:3:5: FPL101 [*] `time.sleep()` blocks the event loop in `async def f`; use `await asyncio.sleep()`',
  ]);
  assert.equal(lines[2], 'Found 2 errors.');
});

test('json: Ruff\'s shape, code-point columns', () => {
  const dir = project({ 'a.py': 'import time\nasync def f():\n    s = "日本"; time.sleep(1)\n' });
  const items = JSON.parse(run(['check', '.', '--format', 'json'], dir).stdout);
  assert.equal(items.length, 1);
  assert.deepEqual(Object.keys(items[0]).sort(), ['cell', 'code', 'end_location', 'filename', 'fix', 'location', 'message', 'noqa_row', 'related', 'url']);
  assert.deepEqual(items[0].location, { row: 3, column: 15 });
  assert.equal(items[0].fix.applicability, 'safe');
});

function sarifValidator(): ReturnType<Ajv['compile']> {
  const schema = JSON.parse(readFileSync(join(__dirname, 'sarif-schema-2.1.0.json'), 'utf8'));
  // The official schema is written in draft-04 terms (`id`, the draft-04 `$schema`); Ajv 8
  // reads it once `id` is `$id`. It uses no other draft-04-only keyword.
  delete schema.$schema;
  schema.$id = schema.id;
  delete schema.id;
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(schema);
}

test('sarif: valid SARIF 2.1.0 with rule metadata, UTF-16 regions and fixes', () => {
  const dir = project({ 'app/naïve dir/a.py': 'import time\nasync def f():\n    s = "😀"; time.sleep(1)\n', 'b.py': 'x = 1\n' });
  const r = run(['check', '.', '--format', 'sarif'], dir);
  assert.equal(r.status, 1);
  const log = JSON.parse(r.stdout);
  const validate = sarifValidator();
  assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
  const run0 = log.runs[0];
  const rule = run0.tool.driver.rules.find((x: { id: string }) => x.id === 'FPL101');
  assert.equal(rule.name, 'blocking-sleep-in-async');
  assert.match(rule.helpUri, /rules\/blocking-sleep-in-async\/README\.md$/);
  assert.equal(rule.defaultConfiguration.level, 'error');
  assert.ok(rule.shortDescription.text.length > 0);
  const [result] = run0.results;
  assert.equal(result.ruleId, 'FPL101');
  assert.equal(run0.tool.driver.rules[result.ruleIndex].id, 'FPL101');
  assert.equal(result.level, 'error');
  const loc = result.locations[0].physicalLocation;
  assert.deepEqual(loc.artifactLocation, { uri: 'app/na%C3%AFve%20dir/a.py', uriBaseId: '%SRCROOT%' });
  // The emoji is two UTF-16 code units (one code point): the call starts at UTF-16 column 15.
  assert.deepEqual(loc.region, { startLine: 3, startColumn: 15, endLine: 3, endColumn: 28 });
  assert.equal(run0.columnKind, 'utf16CodeUnits');
  const inserted = result.fixes[0].artifactChanges[0].replacements.map((x: { insertedContent: { text: string } }) => x.insertedContent.text);
  assert.deepEqual(inserted.sort(), ['asyncio.sleep', 'await ', 'import asyncio\n']);
  // A clean run is a valid log too.
  const clean = JSON.parse(run(['check', 'b.py', '--format', 'sarif'], dir).stdout);
  assert.ok(validate(clean), JSON.stringify(validate.errors));
  assert.deepEqual(clean.runs[0].results, []);
});

test('sarif: the validator rejects a log that breaks the schema (the check can fail)', () => {
  const validate = sarifValidator();
  assert.equal(validate({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ message: { text: 'm' }, level: 'fatal' }] }] }), false);
  assert.equal(validate({ version: '2.1.0', runs: [{ tool: { driver: {} } }] }), false);
});

test('github: workflow commands, severity as the command, escaped properties', () => {
  const dir = project({ 'a,b.py': SLEEPY, 'pyproject.toml': '[tool.fastapi-perf-lint]\n', 'c.py': SLEEPY });
  const r = run(['check', '.', '--format', 'github'], dir);
  assert.equal(r.status, 1);
  assert.equal(
    r.stdout,
    [
      '::error file=a%2Cb.py,line=3,col=5,endLine=3,endColumn=18,title=FPL101::`time.sleep()` blocks the event loop in `async def f`; use `await asyncio.sleep()`',
      '::error file=c.py,line=3,col=5,endLine=3,endColumn=18,title=FPL101::`time.sleep()` blocks the event loop in `async def f`; use `await asyncio.sleep()`',
      '',
    ].join('\n'),
  );
  // In GitHub Actions, paths are relative to the workspace (the repository), wherever the command runs.
  const inWorkspace = run(['check', 'c.py', '--format', 'github'], dir, { GITHUB_WORKSPACE: join(dir, '..') });
  assert.match(inWorkspace.stdout, new RegExp(`^::error file=${basename(dir)}/c\\.py,line=3,`));
  // A severity set in the configuration picks the command.
  const warn = project({ 'a.py': SLEEPY, 'pyproject.toml': '[tool.fastapi-perf-lint.severity]\nFPL101 = "warning"\n' });
  assert.match(run(['check', '.', '--format', 'github'], warn).stdout, /^::warning file=a\.py,line=3,col=5,endLine=3,endColumn=18,title=FPL101::/);
});

test('--statistics: count, code, fix marker and rule id; JSON with --format json', () => {
  const dir = project({ 'a.py': 'import time\nasync def f():\n    time.sleep(1)\n    list(time.sleep(2) for _ in range(2))\n' });
  const r = run(['check', '.', '--statistics'], dir);
  assert.equal(r.status, 1);
  // One of the two findings has no fix (inside a generator expression).
  assert.equal(r.stdout.split('\n')[0], '2\tFPL101\t[~] blocking-sleep-in-async');
  assert.match(r.stdout, /Found 2 errors\.\n\[\*\] 1 fixable with the `--fix` option\.\n$/);
  const json = JSON.parse(run(['check', '.', '--statistics', '--format', 'json'], dir).stdout);
  assert.deepEqual(json, [{ code: 'FPL101', name: 'blocking-sleep-in-async', count: 2, fixable_count: 1 }]);
});

test('--quiet prints findings only; no findings prints the all-clear', () => {
  const dir = project({ 'a.py': SLEEPY, 'ok.py': 'x = 1\n', 'pyproject.toml': '[tool.fastapi-perf-lint]\nselct = ["FPL1"]\n' });
  const q = run(['check', 'a.py', '-q', '--format', 'concise'], dir);
  assert.equal(q.stdout, 'a.py:3:5: FPL101 [*] `time.sleep()` blocks the event loop in `async def f`; use `await asyncio.sleep()`\n');
  assert.equal(q.stderr, '');
  const ok = run(['check', 'ok.py'], dir);
  assert.equal(ok.status, 0);
  assert.equal(ok.stdout, 'All checks passed!\n');
});

test('rules lists code, id, severity and fix kind; explain prints the docs', () => {
  const rules = run(['rules']);
  assert.equal(rules.status, 0);
  const [header, ...rows] = rules.stdout.trim().split('\n');
  assert.match(header, /^Code\s+Id\s+Severity\s+Fix$/);
  assert.ok(rows.some((l) => /^FPL101\s+blocking-sleep-in-async\s+error\s+safe$/.test(l)), rules.stdout);
  const ex = run(['explain', 'fpl101']);
  assert.equal(ex.status, 0);
  assert.match(ex.stdout, /^# FPL101: blocking-sleep-in-async\n/);
  // The same text as the rule's README.md, which the editor's hover opens.
  assert.ok(ex.stdout.startsWith(readFileSync(join(__dirname, '..', '..', 'rules', 'blocking-sleep-in-async', 'README.md'), 'utf8').replace(/^<!--.*-->\n/, '').trimEnd()));
  assert.match(ex.stdout, /## Why is this slow\?/);
  assert.match(ex.stdout, /Documentation: https:\/\/\S+\/rules\/blocking-sleep-in-async\/README\.md/);
  const unknown = run(['explain', 'FPL999']);
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /^error: unknown rule: FPL999/);
});
