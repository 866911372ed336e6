// Where a fix's imports go and which ones it removes (engine/imports.ts), checked against
// Ruff: a result never gains an I001 (unsorted imports) or F401 (unused import) finding.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FileModel } from '../../server/src/analysis/model';
import { applyEdits } from '../../server/src/engine/fixes';
import { importEdits } from '../../server/src/engine/imports';
import { parse } from '../../server/src/engine/parser';
import type { ImportNeed, TextEdit } from '../../server/src/ruleApi/rule';
import { ready } from '../helpers';
import { ruffCodes } from '../ruff';

/** The text after the fix: `replace` swaps a first occurrence (the fix's own edit), `needs` are its imports. */
function fixed(src: string, needs: ImportNeed[], replace?: [string, string], isPackage = false, workspaceModules: string[] = []): string {
  const tree = parse(src);
  const workspace = { get: () => undefined, has: (m: string) => workspaceModules.includes(m) };
  const model = new FileModel({ text: src, tree, context: { module: isPackage ? 'pkg' : 'm', isPackage }, workspace });
  const edits: TextEdit[] = [];
  if (replace) {
    const at = src.indexOf(replace[0]);
    edits.push({ start: at, end: at + replace[0].length, text: replace[1] });
  }
  return applyEdits(src, [...edits, ...importEdits(model, needs, edits)]);
}

const ASYNCIO = [{ module: 'asyncio' }];
const QUERY = [{ module: 'fastapi', name: 'Query' }];

const CASES: Array<[string, string, ImportNeed[], string, [string, string]?]> = [
  ['in order in a sorted group', 'import json\nimport sys\n\nx = (json, sys, asyncio)\n', ASYNCIO, 'import asyncio\nimport json\nimport sys\n\nx = (json, sys, asyncio)\n'],
  ['in order, between', 'import asyncio\nimport sys\n\nx = (asyncio, sys, json)\n', [{ module: 'json' }], 'import asyncio\nimport json\nimport sys\n\nx = (asyncio, sys, json)\n'],
  ['plain imports before from-imports', 'import sys\nfrom typing import Any\n\nx = (sys, Any, asyncio)\n', ASYNCIO, 'import asyncio\nimport sys\nfrom typing import Any\n\nx = (sys, Any, asyncio)\n'],
  ['at the end of an unsorted group', 'import sys\nimport json\n\nx = (json, sys, asyncio)\n', ASYNCIO, 'import sys\nimport json\nimport asyncio\n\nx = (json, sys, asyncio)\n'],
  ['a group of its own before the other packages', 'from fastapi import FastAPI\n\nx = (FastAPI, asyncio)\n', ASYNCIO, 'import asyncio\n\nfrom fastapi import FastAPI\n\nx = (FastAPI, asyncio)\n'],
  ['a group of its own, before the relative imports', 'import os\n\nfrom .db import x\n\ny = (os, x, Query)\n', QUERY, 'import os\n\nfrom fastapi import Query\n\nfrom .db import x\n\ny = (os, x, Query)\n'],
  ['after the __future__ import', 'from __future__ import annotations\n\nx = asyncio\n', ASYNCIO, 'from __future__ import annotations\n\nimport asyncio\n\nx = asyncio\n'],
  ['next to its package', 'import os\n\nimport httpx\nfrom fastapi import FastAPI\nfrom starlette.requests import Request\n\nx = (os, httpx, FastAPI, Request, run_in_threadpool)\n', [{ module: 'fastapi.concurrency', name: 'run_in_threadpool' }], 'import os\n\nimport httpx\nfrom fastapi import FastAPI\nfrom fastapi.concurrency import run_in_threadpool\nfrom starlette.requests import Request\n\nx = (os, httpx, FastAPI, Request, run_in_threadpool)\n'],
  ['joins its from-import, in order', 'from fastapi import Depends, FastAPI\n\nx = (Depends, FastAPI, Query)\n', QUERY, 'from fastapi import Depends, FastAPI, Query\n\nx = (Depends, FastAPI, Query)\n'],
  ['joins: constants, classes, then functions', 'from fastapi import FastAPI, status\n\nx = (FastAPI, status, Query)\n', QUERY, 'from fastapi import FastAPI, Query, status\n\nx = (FastAPI, status, Query)\n'],
  ['joins a list one name a line', 'from fastapi import (\n    Depends,\n    FastAPI,\n)\n\nx = (Depends, FastAPI, Query)\n', QUERY, 'from fastapi import (\n    Depends,\n    FastAPI,\n    Query,\n)\n\nx = (Depends, FastAPI, Query)\n'],
  [
    'joins and wraps a line grown too long',
    'from fastapi import APIRouter, Depends, FastAPI, Header, HTTPException, Request, Response, status\n\nx = (APIRouter, Depends, FastAPI, Header, HTTPException, Request, Response, status, Query)\n',
    QUERY,
    'from fastapi import (\n    APIRouter,\n    Depends,\n    FastAPI,\n    Header,\n    HTTPException,\n    Query,\n    Request,\n    Response,\n    status,\n)\n\nx = (APIRouter, Depends, FastAPI, Header, HTTPException, Request, Response, status, Query)\n',
  ],
  ['no imports: before the code, with a blank line', '"""Doc."""\n\nx = asyncio\n', ASYNCIO, '"""Doc."""\n\nimport asyncio\n\nx = asyncio\n'],
  ['no imports: two blank lines before a def', '"""Doc."""\n\n\ndef f():\n    return asyncio\n', ASYNCIO, '"""Doc."""\n\n\nimport asyncio\n\n\ndef f():\n    return asyncio\n'],
  ['removes the import the fix left unused, with its blank line', 'import time\n\nfrom fastapi import FastAPI\n\nx = (FastAPI, time.sleep)\n', ASYNCIO, 'import asyncio\n\nfrom fastapi import FastAPI\n\nx = (FastAPI, asyncio.sleep)\n', ['time.sleep', 'asyncio.sleep']],
  ['removes a name of a from-import', 'from time import sleep, time\n\nx = (sleep, time)\n', ASYNCIO, 'import asyncio\nfrom time import time\n\nx = (asyncio.sleep, time)\n', ['(sleep, ', '(asyncio.sleep, ']],
  ['keeps an import still used', 'import time\n\nx = (time.sleep, time.time)\n', ASYNCIO, 'import asyncio\nimport time\n\nx = (asyncio.sleep, time.time)\n', ['time.sleep', 'asyncio.sleep']],
  ['keeps an import named in __all__', 'import time\n\n__all__ = ["time"]\nx = time.sleep\n', ASYNCIO, 'import asyncio\nimport time\n\n__all__ = ["time"]\nx = asyncio.sleep\n', ['time.sleep', 'asyncio.sleep']],
  ['keeps CRLF', 'import sys\r\n\r\nx = (sys, asyncio)\r\n', ASYNCIO, 'import asyncio\r\nimport sys\r\n\r\nx = (sys, asyncio)\r\n'],
];

test('imports go where a careful human puts them, and no Ruff I001/F401 appears', async () => {
  await ready;
  for (const [name, src, needs, want, replace] of CASES) {
    const after = fixed(src, needs, replace);
    assert.equal(after, want, name);
    const gained = (code: string) => ruffCodes(after).filter((c) => c === code).length - ruffCodes(src).filter((c) => c === code).length;
    assert.ok(gained('I001') <= 0 && gained('F401') <= 0, `${name}: ${ruffCodes(src)} -> ${ruffCodes(after)}`);
  }
});

test("third-party imports go with the third-party group, not the workspace's own modules", async () => {
  await ready;
  assert.equal(
    fixed('import os\n\nfrom app.db import get_db\n\nx = (os, get_db, Query)\n', QUERY, undefined, false, ['app', 'app.db']),
    'import os\n\nfrom fastapi import Query\n\nfrom app.db import get_db\n\nx = (os, get_db, Query)\n',
  );
});

test('an empty file gets the import alone', async () => {
  await ready;
  assert.equal(fixed('', ASYNCIO), 'import asyncio\n');
  assert.equal(fixed('# header', ASYNCIO), '# header\nimport asyncio\n');
});

test("a package's __init__.py keeps its imports: they are its API", async () => {
  await ready;
  assert.equal(fixed('import time\n\nx = time.sleep\n', ASYNCIO, ['time.sleep', 'asyncio.sleep'], true), 'import asyncio\nimport time\n\nx = asyncio.sleep\n');
});
