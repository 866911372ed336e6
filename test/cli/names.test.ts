// File names through every output format: bytes that are not UTF-8, a backslash (one
// character of a name on Linux), spaces, `,` `%` `:` `#`, a line break, non-ASCII letters.
// The file is always linted; each format keeps the name byte for byte where it can (SARIF's
// percent-encoded URIs, JSON and GitHub's escapes) and shows U+FFFD for bytes that are not
// text where it must be text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { project, run, SLEEPY } from './harness';

/** Each file's name as bytes, and as text output shows it. */
const NAMES: Array<{ bytes: Buffer; shown: string }> = [
  { bytes: Buffer.from('bad\xff\xfe.py', 'latin1'), shown: 'bad\uFFFD\uFFFD.py' },
  { bytes: Buffer.from('back\\slash.py'), shown: 'back\\slash.py' },
  { bytes: Buffer.from('odd, 100%: #1.py'), shown: 'odd, 100%: #1.py' },
  { bytes: Buffer.from('two\nlines.py'), shown: 'two\nlines.py' },
  { bytes: Buffer.from('café_🚀.py'), shown: 'café_🚀.py' },
];

function tree(): string {
  const dir = project({});
  for (const n of NAMES) writeFileSync(Buffer.concat([Buffer.from(`${dir}/`), n.bytes]), SLEEPY);
  return dir;
}

const args = ['check', '.', '--select', 'FPL101', '--no-progress'];
const sorted = (xs: string[]): string[] => [...xs].sort();

test('every file is linted whatever its name; text and concise show it, with U+FFFD for bytes that are not UTF-8', () => {
  const dir = tree();
  const concise = run([...args, '--format', 'concise'], dir);
  assert.equal(concise.status, 1, concise.stderr);
  assert.equal(concise.stderr, '');
  for (const n of NAMES) assert.ok(concise.stdout.includes(`${n.shown}:3:5: FPL101 `), n.shown);
  assert.match(concise.stdout, /Found 5 errors\./);
  const text = run([...args, '--format', 'text'], dir);
  for (const n of NAMES) assert.ok(text.stdout.includes(`${n.shown}:3:5: FPL101 [*] `), n.shown);
});

test('json: each filename is the name, U+FFFD for bytes that are not UTF-8', () => {
  const dir = tree();
  const r = run([...args, '--format', 'json'], dir);
  const names = (JSON.parse(r.stdout) as Array<{ filename: string }>).map((d) => d.filename);
  assert.deepEqual(sorted(names), sorted(NAMES.map((n) => join(dir, n.shown))));
});

test('sarif: each artifact URI is the name\'s exact bytes, percent-encoded', () => {
  const dir = tree();
  const r = run([...args, '--format', 'sarif'], dir);
  const log = JSON.parse(r.stdout) as { runs: Array<{ results: Array<{ locations: Array<{ physicalLocation: { artifactLocation: { uri: string; uriBaseId: string } } }> }> }> };
  const uris = log.runs[0].results.map((x) => x.locations[0].physicalLocation.artifactLocation);
  assert.ok(uris.every((u) => u.uriBaseId === '%SRCROOT%' && /^[A-Za-z0-9\-._~%]+$/.test(u.uri)), JSON.stringify(uris));
  const bytes = (uri: string): string => Buffer.from(uri.replace(/%([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('hex');
  assert.deepEqual(sorted(uris.map((u) => bytes(u.uri))), sorted(NAMES.map((n) => n.bytes.toString('hex'))));
});

test('github: the file property is the name (`back\\slash.py` stays so), its delimiters escaped', () => {
  const dir = tree();
  const r = run([...args, '--format', 'github'], dir);
  const files = r.stdout.split('\n').filter(Boolean).map((l) => /^::error file=([^,]*),line=3,/.exec(l)![1]);
  assert.ok(files.every((f) => !/[,:\n\r]/.test(f)), 'delimiters and line breaks are escaped');
  const unescape = (s: string): string => s.replace(/%(2C|3A|0A|0D|25)/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  assert.deepEqual(sorted(files.map(unescape)), sorted(NAMES.map((n) => n.shown)));
});

test('--fix writes each file under its own name, whatever its bytes', () => {
  const dir = tree();
  const r = run([...args, '--fix'], dir);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /Found 5 errors \(5 fixed, 0 remaining\)\./);
  // The cache's folder is expected there, as Ruff leaves .ruff_cache.
  const cache = Buffer.from('.fastapi-perf-lint-cache').toString('hex');
  const entries = readdirSync(Buffer.from(dir), { encoding: 'buffer' }).map((b) => b.toString('hex')).filter((h) => h !== cache);
  assert.deepEqual(sorted(entries), sorted(NAMES.map((n) => n.bytes.toString('hex'))), 'no other file appeared');
  for (const n of NAMES) assert.match(readFileSync(Buffer.concat([Buffer.from(`${dir}/`), n.bytes]), 'utf8'), /await asyncio\.sleep\(1\)/, n.shown);
});
