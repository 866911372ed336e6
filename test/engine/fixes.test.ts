// Fix application: imports inserted in the right place and never duplicated; fix-all stable.
import { REGISTRY } from '../helpers';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixAll } from '../../server/src/engine/linter';
import { applyEdits } from '../../server/src/engine/fixes';
import { ready } from '../helpers';

const fix = (src: string) => fixAll(src, { rules: REGISTRY }, (f) => f.fix?.applicability === 'safe').text;

const cases: Array<[string, string, string]> = [
  [
    'adds the import after the import block',
    'import time\nfrom fastapi import FastAPI\n\nasync def f():\n    time.sleep(1)\n',
    'import time\nfrom fastapi import FastAPI\nimport asyncio\n\nasync def f():\n    await asyncio.sleep(1)\n',
  ],
  [
    'after docstring and __future__, once for several fixes',
    '"""Doc."""\nfrom __future__ import annotations\nimport time\nasync def f():\n    time.sleep(1)\n    time.sleep(2)\n',
    '"""Doc."""\nfrom __future__ import annotations\nimport time\nimport asyncio\nasync def f():\n    await asyncio.sleep(1)\n    await asyncio.sleep(2)\n',
  ],
  [
    'reuses an aliased import',
    'import asyncio as aio\nimport time\nasync def f():\n    time.sleep(1)\n',
    'import asyncio as aio\nimport time\nasync def f():\n    await aio.sleep(1)\n',
  ],
  [
    'keeps CRLF line endings',
    'import time\r\nasync def f():\r\n    time.sleep(1)\r\n',
    'import time\r\nimport asyncio\r\nasync def f():\r\n    await asyncio.sleep(1)\r\n',
  ],
  [
    'a trailing comment stays on the last import line',
    'import time  # clock\nasync def f():\n    time.sleep(1)\n',
    'import time  # clock\nimport asyncio\nasync def f():\n    await asyncio.sleep(1)\n',
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
