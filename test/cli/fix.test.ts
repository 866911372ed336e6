// --fix and --diff through the built CLI: byte-exact round trips (CRLF, BOM, UTF-8 and
// latin-1 text), files that must not be written, atomic replacement, what is reported.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, lstatSync, readdirSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { project, run, SLEEPY } from './harness';
import { compileWithCPython } from '../cpython';

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

test('--fix keeps CRLF line endings, the BOM and non-ASCII text', () => {
  const before = 'import time\r\n\r\nasync def f():\r\n    s = "naïve 日本 😀"\r\n    time.sleep(1)\r\n    return s\r\n';
  const dir = project({ 'a.py': Buffer.concat([BOM, Buffer.from(before, 'utf8')]) });
  const r = run(['check', '.', '--fix'], dir);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, 'Found 1 error (1 fixed, 0 remaining).\n');
  const bytes = readFileSync(join(dir, 'a.py'));
  assert.deepEqual(bytes.subarray(0, 3), BOM);
  const text = bytes.subarray(3).toString('utf8');
  assert.equal(text, 'import asyncio\r\n\r\nasync def f():\r\n    s = "naïve 日本 😀"\r\n    await asyncio.sleep(1)\r\n    return s\r\n');
  // Nothing left to fix, and a second run changes nothing.
  assert.equal(run(['check', '.'], dir).status, 0);
  assert.equal(run(['check', '.', '--fix'], dir).stdout, 'All checks passed!\n');
  assert.deepEqual(readFileSync(join(dir, 'a.py')), bytes);
});

test('--fix on an async route that never awaits and sleeps: one coherent fix, code that compiles, an honest report', () => {
  const route = 'import time\n\nfrom fastapi import FastAPI\n\napp = FastAPI()\n\n\n@app.get("/slow")\nasync def slow():\n    time.sleep(1)\n    return {"ok": True}\n';
  for (const flags of [['--fix'], ['--fix', '--unsafe-fixes']]) {
    const dir = project({ 'app.py': route });
    // One problem, one finding: FPL107 speaks for the blocking call.
    assert.match(run(['check', '.'], dir).stdout, /Found 1 error\.\n\[\*\] 1 fixable/);
    const r = run(['check', '.', ...flags], dir);
    assert.equal(r.status, 0, r.stderr);
    // FPL107 makes the route a `def` (FastAPI runs it in the threadpool); an `await` would not compile there.
    const after = readFileSync(join(dir, 'app.py'), 'utf8');
    assert.equal(after, route.replace('async def slow', 'def slow'));
    assert.deepEqual(compileWithCPython([{ name: 'app.py', text: after }]), [null]);
    assert.equal(r.stdout, 'Found 1 error (1 fixed, 0 remaining).\n');
    assert.equal(run(['check', '.'], dir).stdout, 'All checks passed!\n');
  }
});

test('--fix --unsafe-fixes never combines making a route sync with an `await` written into it', () => {
  // FPL107 silenced: FPL103 offers to make the route a `def`, FPL101 to await `asyncio.sleep`.
  const route = 'import time\n\nfrom fastapi import Depends, FastAPI\nfrom sqlalchemy.orm import Session\n\nfrom .db import Item, get_db\n\napp = FastAPI()\n\n\n@app.get("/slow")\nasync def slow(db: Session = Depends(get_db)):  # noqa: FPL107\n    time.sleep(1)\n    return db.get(Item, 1)\n';
  const dir = project({ 'app.py': route });
  const r = run(['check', '.', '--fix', '--unsafe-fixes', '--format', 'concise', '--extend-select', 'FPL103'], dir);
  const after = readFileSync(join(dir, 'app.py'), 'utf8');
  assert.deepEqual(compileWithCPython([{ name: 'app.py', text: after }]), [null]);
  assert.equal(after, route.replace('import time', 'import asyncio').replace('time.sleep(1)', 'await asyncio.sleep(1)'));
  assert.match(r.stdout, /FPL103 .*\nFound 2 errors \(1 fixed, 1 remaining\)\.\n$/);
  assert.equal(r.status, 1);
});

test('--fix keeps a route async when other code awaits it, also from a folder without __init__.py inside a package', () => {
  // The project file sits above backend/, which holds the packages; license/ has no __init__.py.
  const route = 'import requests\nfrom fastapi import APIRouter\n\nrouter = APIRouter()\n\n\n@router.post("/claim")\nasync def claim(token: str):\n    return requests.get("https://example.com", params={"t": token}).json()\n';
  const caller = 'from ee.server.license.api import claim\n\n\nclass TestClaim:\n    async def test_claim(self):\n        assert await claim(token="x")\n';
  const dir = project({
    'pyproject.toml': '[project]\nname = "x"\n',
    'backend/ee/__init__.py': '',
    'backend/ee/server/__init__.py': '',
    'backend/ee/server/license/api.py': route,
    'backend/tests/__init__.py': '',
    'backend/tests/test_api.py': caller,
  });
  // Making `claim` a `def` would break `await claim(...)`: the fix is unsafe, so --fix leaves it.
  const r = run(['check', 'backend', '--fix', '--format', 'concise'], dir);
  assert.match(r.stdout, /FPL107 `async def claim` blocks the event loop/);
  assert.match(r.stdout, /No fixes available \(1 hidden fix/);
  assert.equal(readFileSync(join(dir, 'backend/ee/server/license/api.py'), 'utf8'), route);
});

test('--fix writes a latin-1 file back in latin-1', () => {
  const before = Buffer.from('# -*- coding: latin-1 -*-\nimport time\nasync def f():\n    s = "caf\xe9"\n    time.sleep(1)\n', 'latin1');
  const dir = project({ 'a.py': before });
  assert.equal(run(['check', '.', '--fix'], dir).status, 0);
  const after = readFileSync(join(dir, 'a.py'));
  assert.equal(after.toString('latin1'), '# -*- coding: latin-1 -*-\nimport asyncio\nasync def f():\n    s = "caf\xe9"\n    await asyncio.sleep(1)\n');
  assert.ok(after.includes(0xe9) && !after.includes(Buffer.from('é', 'utf8')));
});

test('--fix never writes a file that could not be decoded faithfully', () => {
  // Invalid UTF-8 and no coding cookie: linted with replacement characters, never fixed.
  const bytes = Buffer.concat([Buffer.from('import time\nasync def f():\n    s = "'), Buffer.from([0xff, 0xfe]), Buffer.from('"\n    time.sleep(1)\n')]);
  const dir = project({ 'a.py': bytes });
  const r = run(['check', '.', '--fix'], dir);
  assert.equal(r.status, 1);
  assert.deepEqual(readFileSync(join(dir, 'a.py')), bytes);
  assert.match(r.stderr, /note: a\.py: not fixed: file is not valid UTF-8/);
  assert.match(r.stdout, /Found 1 error\./);
});

test('--fix reports what remains, keeps the file mode and leaves no temporary file', () => {
  const dir = project({ 'a.py': 'import time\nasync def f():\n    time.sleep(1)\n    list(time.sleep(2) for _ in range(2))\n' });
  chmodSync(join(dir, 'a.py'), 0o754);
  const r = run(['check', '.', '--fix', '--format', 'concise'], dir);
  assert.equal(r.status, 1);
  // The call in the generator expression has no fix: it remains, at its position in the fixed file.
  assert.equal(
    r.stdout,
    'a.py:5:10: FPL101 `time.sleep()` blocks the event loop in `async def f`; use `await asyncio.sleep()`\nFound 2 errors (1 fixed, 1 remaining).\n',
  );
  assert.equal(statSync(join(dir, 'a.py')).mode & 0o777, 0o754);
  // The cache's folder is expected there, as Ruff leaves .ruff_cache.
  assert.deepEqual(readdirSync(dir).filter((f) => f !== '.fastapi-perf-lint-cache'), ['a.py']);
});

test('--fix on a file with a second name (a symbolic link): fixed once, under its own name; a named link is written through', () => {
  const fixedText = 'import asyncio\nasync def f():\n    await asyncio.sleep(1)\n';
  const dir = project({ 'a.py': SLEEPY });
  symlinkSync(join(dir, 'a.py'), join(dir, 'b.py'));
  const r = run(['check', '.', '--fix', '--format', 'concise'], dir);
  assert.equal(lstatSync(join(dir, 'b.py')).isSymbolicLink(), true);
  assert.equal(readFileSync(join(dir, 'a.py'), 'utf8'), fixedText);
  assert.match(r.stdout, /Found 1 error \(1 fixed, 0 remaining\)/);
  assert.doesNotMatch(r.stderr, /b\.py/);
  // Named on the command line, the link is the file's name: the file behind it is fixed.
  const named = project({ 'a.py': SLEEPY });
  symlinkSync(join(named, 'a.py'), join(named, 'b.py'));
  assert.equal(run(['check', 'b.py', '--fix'], named).status, 0);
  assert.equal(lstatSync(join(named, 'b.py')).isSymbolicLink(), true);
  assert.equal(readFileSync(join(named, 'a.py'), 'utf8'), fixedText);
});

test('--diff prints a unified diff and writes nothing; exit 1 when there is something to fix', () => {
  const dir = project({ 'a.py': SLEEPY, 'clean.py': 'x = 1\n' });
  const r = run(['check', '.', '--diff'], dir);
  assert.equal(r.status, 1);
  assert.equal(
    r.stdout,
    ['--- a.py', '+++ a.py', '@@ -1,3 +1,3 @@', '-import time', '+import asyncio', ' async def f():', '-    time.sleep(1)', '+    await asyncio.sleep(1)', ''].join('\n'),
  );
  assert.equal(r.stderr, 'Would fix 1 error.\n');
  assert.equal(readFileSync(join(dir, 'a.py'), 'utf8'), SLEEPY);
  const clean = run(['check', 'clean.py', '--diff'], dir);
  assert.equal(clean.status, 0);
  assert.equal(clean.stdout, '');
  assert.equal(run(['check', '.', '--diff', '--exit-zero'], dir).status, 0);
});

test('--diff of a CRLF file shows CRLF lines', () => {
  const dir = project({ 'a.py': SLEEPY.replace(/\n/g, '\r\n') });
  const out = run(['check', '.', '--diff'], dir).stdout;
  assert.match(out, /\n\+import asyncio\r\n/);
  assert.match(out, /\n\+    await asyncio\.sleep\(1\)\r\n/);
});
