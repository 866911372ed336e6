// Positions: UTF-16 columns for LSP, code-point columns for Ruff-style output, decoding.
import { REGISTRY } from '../helpers';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeSource, encodeSource, LineIndex } from '../../server/src/engine/text';
import { lintSource } from '../../server/src/engine/linter';
import { ready } from '../helpers';

test('a finding after é, 中 and an emoji gets UTF-16 columns (LSP) and code-point columns (CLI)', async () => {
  await ready;
  const src = 'import time\nasync def f():\n    s = "é中😀"; time.sleep(1)\n';
  const [f] = lintSource(src, { rules: REGISTRY }).findings;
  assert.equal(f.code, 'FPL101');
  const lines = new LineIndex(src);
  // `    s = "` is 9 units, é and 中 one each, 😀 two (a surrogate pair), then `"; ` 3: 16.
  assert.deepEqual(lines.position(f.start), { line: 2, character: 16 });
  assert.deepEqual(lines.position(f.end), { line: 2, character: 29 });
  assert.equal(src.slice(f.start, f.end), 'time.sleep(1)');
  assert.equal(lines.codePointColumn(f.start), 16); // 1-based; the emoji counts once
  assert.equal(lines.offset({ line: 2, character: 16 }), f.start);
});

test('line breaks: LF, CRLF and a lone CR all end lines; offsets clamp', () => {
  const t = 'a\r\nb\rc\nd';
  const li = new LineIndex(t);
  assert.equal(li.lineCount, 4);
  assert.deepEqual(['a', 'b', 'c', 'd'], [0, 1, 2, 3].map((i) => li.lineText(i)));
  assert.deepEqual(li.position(t.indexOf('c')), { line: 2, character: 0 });
  assert.equal(li.offset({ line: 0, character: 99 }), 1);
  assert.equal(li.offset({ line: 99, character: 0 }), t.length);
});

test('decoding: BOM, coding cookie, invalid UTF-8 marked lossy and never re-encoded', () => {
  const bom = decodeSource(Buffer.from([0xef, 0xbb, 0xbf, ...Buffer.from('x = "é"\n')]));
  assert.equal(bom.text, 'x = "é"\n');
  assert.equal(bom.bom, true);
  assert.deepEqual(Buffer.from(encodeSource(bom.text, bom)!), Buffer.from([0xef, 0xbb, 0xbf, ...Buffer.from('x = "é"\n')]));
  const latin = decodeSource(Buffer.concat([Buffer.from('# -*- coding: latin-1 -*-\nx = "'), Buffer.from([0xe9]), Buffer.from('"\n')]));
  assert.equal(latin.encoding, 'latin1');
  assert.equal(latin.text, '# -*- coding: latin-1 -*-\nx = "é"\n');
  assert.deepEqual(Buffer.from(encodeSource(latin.text, latin)!)[31], 0xe9);
  const bad = decodeSource(Buffer.from([0x78, 0x20, 0x3d, 0x20, 0xff, 0x0a]));
  assert.ok(bad.lossy);
  assert.equal(encodeSource(bad.text, bad), undefined);
});

test('decoding valid UTF-8 gives what TextDecoder gives: non-ASCII, emoji, NUL, a CR, a second BOM', () => {
  const bom = [0xef, 0xbb, 0xbf];
  const cases = ['x = 1\n', 'é中😀\r\n\0', '', '\uFEFF in the middle', ...['x', '😀'].map((s) => s.repeat(5000))].map((s) => Buffer.from(s));
  cases.push(Buffer.from([...bom, ...bom, 0x78]), Buffer.from([0xed, 0xa0, 0x80]));
  for (const bytes of cases) {
    const body = bytes.subarray(0, 3).equals(Buffer.from(bom)) ? bytes.subarray(3) : bytes;
    assert.equal(decodeSource(bytes).text, new TextDecoder('utf-8').decode(body), JSON.stringify(bytes.subarray(0, 12)));
  }
});
