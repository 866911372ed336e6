// The progress bar: only on a terminal, only once the scan has taken a moment, throttled,
// cleared before the report.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Progress } from '../../server/src/cli/progress';

function fake(isTTY: boolean): { stream: { isTTY: boolean; columns: number; write: (s: string) => void }; out: string[] } {
  const out: string[] = [];
  return { stream: { isTTY, columns: 80, write: (s: string) => void out.push(s) }, out };
}

test('silent when disabled (not a terminal, or --no-progress)', () => {
  const { stream, out } = fake(false);
  let t = 0;
  const p = new Progress(stream, false, () => t);
  t = 5000;
  p.update(1, 10);
  p.done();
  assert.deepEqual(out, []);
});

test('silent for a quick scan, drawn once the scan takes more than a moment, then cleared', () => {
  const { stream, out } = fake(true);
  let t = 0;
  const p = new Progress(stream, true, () => t, 300, 80);
  t = 100;
  p.update(1, 10);
  assert.equal(out.length, 0, 'nothing in the first moment');
  t = 400;
  p.update(5, 10);
  assert.equal(out.length, 1);
  assert.match(out[0], /^\r\x1b\[2K\[#+-+\] 5\/10 files$/);
  assert.equal((out[0].match(/#/g) ?? []).length, (out[0].match(/-/g) ?? []).length, 'half done, half filled');
  t = 420;
  p.update(6, 10);
  assert.equal(out.length, 1, 'throttled');
  t = 430;
  p.update(10, 10);
  assert.equal(out.length, 2, 'the last update is always drawn');
  p.done();
  assert.equal(out[2], '\r\x1b[2K');
});

test('a quick scan that never drew leaves nothing to clear', () => {
  const { stream, out } = fake(true);
  const p = new Progress(stream, true, () => 0);
  p.update(10, 10);
  p.done();
  assert.deepEqual(out, []);
});
