// FileModel helpers for rules that look beyond the fact lists: which offsets the current run
// covers (per-chunk runs of incremental linting), and module bindings read with a record.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FileModel } from '../../server/src/analysis/model';
import { parse } from '../../server/src/engine/parser';
import { ready } from '../helpers';

test('covers follows the focused chunk; moduleBinding reads the whole file and records the name', async () => {
  await ready;
  const src = 'import a\nx = 1\nx = 2\ndef f():\n    return x\n';
  const tree = parse(src);
  const m = new FileModel({ text: src, tree, context: { module: 'm', isPackage: false } });
  const xAt = src.indexOf('x = 1');
  const fAt = src.indexOf('def f');
  assert.ok(m.covers(xAt) && m.covers(fAt), 'everything is covered outside per-chunk runs');
  m.focus(m.chunkOf(fAt));
  assert.ok(m.covers(fAt));
  assert.ok(!m.covers(xAt));
  m.resolver.recorder = new Set();
  assert.equal(m.moduleBinding('x').length, 2, 'bindings from other chunks too');
  assert.deepEqual(m.moduleBinding('nope'), []);
  assert.ok(m.resolver.recorder.has('b:x') && m.resolver.recorder.has('b:nope'));
});
