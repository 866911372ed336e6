// File names as bytes: every byte string survives the trip to a string and back, through a
// URI too; valid UTF-8 names are plain strings; text output shows U+FFFD for stray bytes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { displayName, fsPath, hasEscapedBytes, nameBytes, nameFromBytes, pathFromUriPath, uriPath } from '../../server/src/engine/fileNames';

test('any bytes -> name -> the same bytes, and through a percent-encoded URI path', () => {
  const samples = [Buffer.from('bad\xff.py', 'latin1'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from([0xc0, 0xaf]), Buffer.from([0xe2, 0x82]), Buffer.from([0xf4, 0x90, 0x80, 0x80])];
  for (let i = 0; i < 5000; i++) samples.push(randomBytes(1 + (i % 16)));
  for (const b of samples) {
    const name = nameFromBytes(b);
    assert.deepEqual(nameBytes(name), b, b.toString('hex'));
    assert.equal(pathFromUriPath(uriPath(name)), name, b.toString('hex'));
    assert.match(uriPath(name), /^[A-Za-z0-9\-._~/%]*$/);
  }
});

test('valid UTF-8 names are plain strings; names with stray bytes go to fs as bytes and to text with U+FFFD', () => {
  for (const s of ['app.py', 'café_🚀.py', 'back\\slash.py', '\uFFFD.py']) {
    assert.equal(nameFromBytes(Buffer.from(s)), s);
    assert.equal(hasEscapedBytes(s), false);
    assert.equal(fsPath(s), s);
    assert.equal(displayName(s), s);
  }
  const bad = nameFromBytes(Buffer.from('a\xff\xfeb.py', 'latin1'));
  assert.equal(bad, 'a\udcff\udcfeb.py');
  assert.ok(hasEscapedBytes(bad));
  assert.deepEqual(fsPath(bad), Buffer.from('a\xff\xfeb.py', 'latin1'));
  assert.equal(displayName(`/tmp/${bad}`), '/tmp/a\uFFFD\uFFFDb.py');
  assert.equal(uriPath(`/tmp/${bad}`), '/tmp/a%FF%FEb.py');
});
