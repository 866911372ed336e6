// The LSP layer's pure parts: finding -> diagnostic, settings sanitising and merging,
// and the edits fix-all sends.
import { isEnabled } from '../../server/src/engine/config';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Finding } from '../../server/src/ruleApi/rule';
import { LineIndex } from '../../server/src/engine/text';
import { applyEdits } from '../../server/src/engine/fixes';
import { diffEdits } from '../../server/src/lsp/codeActions';
import { DEFAULT_SETTINGS, effectiveConfig, sanitizeSettings } from '../../server/src/lsp/configuration';
import { toDiagnostic } from '../../server/src/lsp/diagnostics';
import { uriOf } from './harness';

test('toDiagnostic: severity, related locations in this file and in others, fix edits with imports', () => {
  const text = 'import x\n\nasync def f():\n    x.go()  # 🚀\n';
  const lines = new LineIndex(text);
  const start = text.indexOf('x.go()');
  const f: Finding = {
    code: 'FPL108',
    id: 'transitive-blocking-call',
    message: 'blocks',
    severity: 'warning',
    start,
    end: start + 6,
    related: [
      { message: 'called here', start: text.indexOf('f()'), end: text.indexOf('f()') + 1 },
      { message: 'blocks here', file: '/tmp/other.py', range: { start: { line: 3, character: 4 }, end: { line: 3, character: 9 } } },
    ],
    fix: { title: 'wrap', applicability: 'unsafe', edits: [{ start, end: start, text: 'await ' }], importEdits: [{ start: 8, end: 8, text: '\nimport asyncio' }] },
  };
  const d = toDiagnostic(f, lines, 'file:///tmp/this.py', 3);
  assert.equal(d.severity, 2);
  assert.deepEqual(d.range, { start: { line: 3, character: 4 }, end: { line: 3, character: 10 } });
  assert.deepEqual(d.relatedInformation, [
    { location: { uri: 'file:///tmp/this.py', range: { start: { line: 2, character: 10 }, end: { line: 2, character: 11 } } }, message: 'called here' },
    { location: { uri: uriOf('/tmp/other.py'), range: { start: { line: 3, character: 4 }, end: { line: 3, character: 9 } } }, message: 'blocks here' },
  ]);
  assert.deepEqual(d.data, {
    version: 3,
    fix: {
      title: 'wrap',
      applicability: 'unsafe',
      // In document order, as the LSP spec asks.
      edits: [
        { range: { start: { line: 0, character: 8 }, end: { line: 0, character: 8 } }, newText: '\nimport asyncio' },
        { range: { start: { line: 3, character: 4 }, end: { line: 3, character: 4 } }, newText: 'await ' },
      ],
    },
  });
});

test('sanitizeSettings: wrong types and unknown values fall back to defaults', () => {
  assert.deepEqual(sanitizeSettings(undefined), { ...DEFAULT_SETTINGS, severity: {} });
  const s = sanitizeSettings({
    enable: 'yes',
    select: ['FPL1', 'bad code', 3, ' FPL301 '],
    ignore: 'FPL101',
    severity: { FPL101: 'hint', FPL102: 'fatal', nope: 'error', FPL103: 'off' },
    workspaceDiagnostics: false,
    exclude: ['migrations', '', 7],
    fastapiVersion: 'latest',
    run: 'never',
    minimumSeverity: 3,
  });
  assert.deepEqual(s, {
    enable: true,
    run: 'onType',
    minimumSeverity: 'hint',
    select: ['FPL1', 'FPL301'],
    ignore: [],
    severity: { FPL101: 'hint', FPL103: 'off' },
    workspaceDiagnostics: false,
    exclude: ['migrations'],
    fastapiVersion: '',
    ruffInEditor: false,
  });
});

test('effectiveConfig: editor settings over the defaults; the version setting names its source', () => {
  const e = effectiveConfig(sanitizeSettings({ select: ['FPL1'], severity: { FPL101: 'info' }, fastapiVersion: '0.115.2', exclude: ['gen'] }), true);
  assert.ok(isEnabled('FPL101', true, e.config) && !isEnabled('FPL201', true, e.config), 'select FPL1');
  assert.equal(e.config.severity.FPL101, 'info');
  assert.deepEqual(e.config.exclude, ['gen']);
  assert.deepEqual(e.versions.fastapi, { version: '0.115.2', source: 'fastapiPerf.fastapiVersion setting' });
  const d = effectiveConfig(sanitizeSettings({}), false);
  assert.ok(isEnabled('FPL201', true, d.config), 'every default rule');
  assert.equal(d.versions.fastapi, undefined);
});

test('diffEdits: edits that turn one text into the other, one per changed run of lines', () => {
  const before = 'import time\n\nasync def f():\n    time.sleep(1)\n    x = 1\n    time.sleep(2)\n';
  const after = 'import time\nimport asyncio\n\nasync def f():\n    await asyncio.sleep(1)\n    x = 1\n    await asyncio.sleep(2)\n';
  const edits = diffEdits(before, after);
  assert.equal(applyEdits(before, edits), after);
  assert.equal(edits.length, 3);
  // Random pairs: always exact.
  let seed = 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const pieces = ['a\n', 'b\n', 'time.sleep(1)\n', '🚀\n', '\r\n', 'x'];
  for (let i = 0; i < 200; i++) {
    const make = () => Array.from({ length: Math.floor(rnd() * 12) }, () => pieces[Math.floor(rnd() * pieces.length)]).join('');
    const a = make();
    const b = make();
    assert.equal(applyEdits(a, diffEdits(a, b)), b);
  }
});
