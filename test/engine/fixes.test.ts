// Fix application: imports inserted in the right place and never duplicated; fix-all stable;
// fixes that cannot stand together never applied together; results CPython rejects dropped.
import { REGISTRY } from '../helpers';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFixes, fixAll, lintSource, lintTree } from '../../server/src/engine/linter';
import { parse } from '../../server/src/engine/parser';
import { applyEdits } from '../../server/src/engine/fixes';
import { mergeConfig } from '../../server/src/engine/config';
import { ruleRegistry } from '../../server/src/engine/registry';
import type { Rule } from '../../server/src/ruleApi/rule';
import { compileWithCPython } from '../cpython';
import { ready } from '../helpers';

const fix = (src: string) => fixAll(src, { rules: REGISTRY }, (f) => f.fix?.applicability === 'safe').text;

const cases: Array<[string, string, string]> = [
  [
    'the import goes into its group, and the one the fix leaves unused goes',
    'import time\nfrom fastapi import FastAPI\n\nasync def f():\n    time.sleep(1)\n',
    'import asyncio\nfrom fastapi import FastAPI\n\nasync def f():\n    await asyncio.sleep(1)\n',
  ],
  [
    'after docstring and __future__, once for several fixes',
    '"""Doc."""\nfrom __future__ import annotations\nimport time\nasync def f():\n    time.sleep(1)\n    time.sleep(2)\n    return time.time()\n',
    '"""Doc."""\nfrom __future__ import annotations\nimport asyncio\nimport time\nasync def f():\n    await asyncio.sleep(1)\n    await asyncio.sleep(2)\n    return time.time()\n',
  ],
  [
    'with the standard library, not after the relative imports',
    'import time\n\nfrom fastapi import FastAPI\n\nfrom .db import fetch\n\napp = FastAPI()\n\n\n@app.get("/")\nasync def f():\n    time.sleep(1)\n    return await fetch(time.time())\n',
    'import asyncio\nimport time\n\nfrom fastapi import FastAPI\n\nfrom .db import fetch\n\napp = FastAPI()\n\n\n@app.get("/")\nasync def f():\n    await asyncio.sleep(1)\n    return await fetch(time.time())\n',
  ],
  [
    'reuses an aliased import',
    'import asyncio as aio\nimport time\nasync def f():\n    time.sleep(1)\n',
    'import asyncio as aio\nasync def f():\n    await aio.sleep(1)\n',
  ],
  [
    'keeps CRLF line endings',
    'import time\r\nasync def f():\r\n    time.sleep(1)\r\n    return time\r\n',
    'import asyncio\r\nimport time\r\nasync def f():\r\n    await asyncio.sleep(1)\r\n    return time\r\n',
  ],
  [
    'a trailing comment stays on its import line',
    'import time  # clock\nasync def f():\n    time.sleep(1)\n    return time\n',
    'import asyncio\nimport time  # clock\nasync def f():\n    await asyncio.sleep(1)\n    return time\n',
  ],
  [
    'no fix when the name asyncio is taken by something else',
    'import time\nasyncio = None\nasync def f():\n    time.sleep(1)\n',
    'import time\nasyncio = None\nasync def f():\n    time.sleep(1)\n',
  ],
  ['suppressed findings are not fixed', 'import time\nasync def f():\n    time.sleep(1)  # noqa\n', 'import time\nasync def f():\n    time.sleep(1)  # noqa\n'],
];

for (const [name, src, want] of cases) {
  test(`fix: ${name}`, async () => {
    await ready;
    assert.equal(fix(src), want);
    assert.equal(fix(want), want, 'fixing again changes nothing');
  });
}

test('applyEdits rejects overlapping edits', () => {
  assert.throws(() => applyEdits('abcdef', [{ start: 0, end: 3, text: 'x' }, { start: 2, end: 4, text: 'y' }]));
  assert.equal(applyEdits('abc', [{ start: 1, end: 1, text: 'X' }, { start: 1, end: 2, text: 'Y' }]), 'aXYc');
});

const ROUTE_THAT_SLEEPS = 'import time\n\nfrom fastapi import FastAPI\n\napp = FastAPI()\n\n\n@app.get("/slow")\nasync def slow():\n    time.sleep(1)\n    return {"ok": True}\n';

test('an async route that never awaits gets one coherent fix: `def`, and no `await` written into it', async () => {
  await ready;
  const all = fixAll(ROUTE_THAT_SLEEPS, { rules: REGISTRY, path: 'app.py' }, () => true);
  assert.equal(all.text, ROUTE_THAT_SLEEPS.replace('async def', 'def'));
  assert.deepEqual(all.rejected, []);
  // Before FPL107 speaks for the route's blocking calls, both fixes are there, and say what they do to the function.
  const raw = lintSource(ROUTE_THAT_SLEEPS, { rules: REGISTRY, path: 'app.py', deferConditions: true });
  const fn = ROUTE_THAT_SLEEPS.indexOf('async def');
  assert.deepEqual(raw.findings.map((f) => [f.code, f.fix?.effect]), [
    ['FPL107', { fn, makes: 'sync' }],
    ['FPL101', { fn, needs: 'async' }],
  ]);
  // Either alone is valid (a quick fix); together they would not compile, and are never applied together.
  const alone = raw.findings.map((f) => applyEdits(ROUTE_THAT_SLEEPS, [...f.fix!.edits, ...(f.fix!.importEdits ?? [])]));
  assert.deepEqual(compileWithCPython(alone.map((text, i) => ({ name: `fix${i}`, text }))), [null, null]);
  const tree = parse(ROUTE_THAT_SLEEPS);
  const model = lintTree(ROUTE_THAT_SLEEPS, tree, { rules: REGISTRY, path: 'app.py', deferConditions: true }).model;
  const together = applyFixes(ROUTE_THAT_SLEEPS, model, raw.findings, () => true);
  assert.deepEqual(together.applied.map((f) => f.code), ['FPL107']);
  assert.equal(together.text, ROUTE_THAT_SLEEPS.replace('async def', 'def'));
});

test('a fix whose result CPython would reject is dropped, with the reason', async () => {
  await ready;
  // A rule gone wrong: writes `await` into a sync function.
  const broken: Rule = {
    meta: { code: 'FPL999', id: 'broken', family: 'event-loop', severity: 'error', fix: 'safe', docs: { summary: '', why: '', example: '', useInstead: '' } },
    check(ctx) {
      for (const call of ctx.model.calls) ctx.report({ node: call.node, message: 'm', fix: { title: 't', edits: [{ start: call.start, end: call.start, text: 'await ' }] } });
    },
  };
  const src = 'def f():\n    g()\n';
  const r = fixAll(src, { rules: ruleRegistry([broken]) }, () => true);
  assert.equal(r.text, src);
  assert.deepEqual(r.rejected.map((x) => x.reason), ["the fixed code would not compile: 'await' outside async function (line 2)"]);
});

test('a fix never writes a name before the function binds it further down (UnboundLocalError)', async () => {
  await ready;
  const src = 'import requests\nimport time\n\n\nasync def f():\n    time.sleep(1)\n    data = requests.get("u")\n    import asyncio\n    await asyncio.sleep(0)\n    return data\n';
  const findings = lintSource(src, { rules: REGISTRY, path: 'app.py', config: mergeConfig({ select: ['FPL101', 'FPL102'] }) }).findings;
  assert.deepEqual(findings.map((f) => [f.code, !!f.fix]), [['FPL101', false], ['FPL102', false]]);
  // The function's own import above the fix serves it: no module-level import of its own.
  const above = 'from fastapi import FastAPI\n\napp = FastAPI()\n\n\n@app.get("/")\nasync def f():\n    import asyncio\n\n    with open("x") as fh:\n        await asyncio.sleep(0)\n        return fh\n';
  const offloaded = fixAll(above, { rules: REGISTRY, path: 'app.py', config: mergeConfig({ select: ['FPL104'], reportFileIo: true }) }, () => true).text;
  assert.equal(offloaded, above.replace('with open("x")', 'with await asyncio.to_thread(open, "x")'));
  // At module level too: `ORJSONResponse` is imported only after the app is made.
  const late = 'from fastapi import FastAPI\n\napp = FastAPI()\n\nfrom fastapi.responses import ORJSONResponse\n\n\n@app.get("/")\ndef items():\n    return ORJSONResponse([1])\n';
  const versions = { fastapi: { version: '0.115.0', source: 'test' }, orjson: { version: '3.10', source: 'test' } };
  const fixed = fixAll(late, { rules: REGISTRY, path: 'app.py', versions, config: mergeConfig({ select: ['FPL201'] }) }, () => true).text;
  assert.ok(!/^app = FastAPI\(default_response_class=ORJSONResponse\)/m.test(fixed), fixed);
});
