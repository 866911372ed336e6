// FPL206 across modules: an app's default_response_class reaches the routes of the routers
// it includes from other modules, counted from their summaries; versions come from the project.
import { REGISTRY } from '../helpers';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mergeConfig } from '../../server/src/engine/config';
import { Document } from '../../server/src/engine/document';
import { lintTree } from '../../server/src/engine/linter';
import { lintProject } from '../../server/src/engine/project';
import { LineIndex } from '../../server/src/engine/text';
import { VersionResolver } from '../../server/src/engine/versions';
import { ready } from '../helpers';
import { tempDir } from '../tempDir';

async function lintApp(requirements: string, items: string): Promise<Map<string, string[]>> {
  await ready;
  const root = tempDir('fpl206-');
  try {
    mkdirSync(join(root, 'app', 'routers'), { recursive: true });
    writeFileSync(join(root, 'requirements.txt'), requirements);
    writeFileSync(join(root, 'app', '__init__.py'), '');
    writeFileSync(join(root, 'app', 'routers', '__init__.py'), '');
    writeFileSync(join(root, 'app', 'routers', 'items.py'), items);
    writeFileSync(join(root, 'app', 'routers', 'users.py'), 'from fastapi import APIRouter\n\nrouter = APIRouter()\n\n@router.get("/")\ndef users():\n    return []\n');
    writeFileSync(
      join(root, 'app', 'main.py'),
      'from fastapi import FastAPI\nfrom fastapi.responses import JSONResponse\n\nfrom app.routers import items\nfrom app.routers.users import router as users_router\n\napp = FastAPI(default_response_class=JSONResponse)\napp.include_router(items.router)\napp.include_router(users_router, default_response_class=JSONResponse)\n',
    );
    const versions = new VersionResolver({ displayRoot: root });
    const result = await lintProject({ rules: REGISTRY, paths: [root], root, config: mergeConfig({ select: ['FPL206'] }), versionsFor: (f) => versions.versionsFor(f), workers: 1 });
    return new Map(result.files.map((f) => [f.relPath, f.findings.map((x) => `${x.code} ${x.message} ${x.detail ?? ''}`)]));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

const ITEMS = 'from fastapi import APIRouter\nfrom pydantic import BaseModel\n\nclass Item(BaseModel):\n    id: int\n\nrouter = APIRouter()\n\n@router.get("/")\ndef items() -> list[Item]:\n    return []\n\n@router.get("/{i}")\ndef item(i: int) -> Item:\n    return Item(id=i)\n';

test('FPL206: the app default counts the routes of included routers that declare a return type', async () => {
  const byFile = await lintApp('fastapi==0.135.0\n', ITEMS);
  const main = byFile.get('app/main.py') ?? [];
  // The app's default reaches items' two typed routes; users has no typed route, so its include is quiet.
  assert.equal(main.length, 1, main.join('\n'));
  assert.match(main[0], /^FPL206 `default_response_class=JSONResponse` .*; remove it .*\(FastAPI 0\.135\.0 from requirements\.txt\)\. Routes affected: 2\./);
});

test('FPL206: quiet when no route it reaches has a return type, and before FastAPI 0.130', async () => {
  const untyped = ITEMS.replace(' -> list[Item]', '').replace(' -> Item', '');
  assert.deepEqual((await lintApp('fastapi==0.135.0\n', untyped)).get('app/main.py') ?? [], []);
  assert.deepEqual((await lintApp('fastapi==0.129.0\n', ITEMS)).get('app/main.py') ?? [], []);
});

test('FPL206 incremental: a typed route added in another chunk makes the app default a finding, as a full lint does', async () => {
  await ready;
  const opts = { path: 'cases.py', config: mergeConfig({ select: ['FPL206'] }), versions: { fastapi: { version: '0.135.0', source: 'test' } } };
  let text = 'from fastapi import FastAPI\nfrom fastapi.responses import JSONResponse\n\napp = FastAPI(default_response_class=JSONResponse)\n\n\n@app.get("/a")\ndef a():\n    return {"a": 1}\n';
  text += Array.from({ length: 40 }, (_, i) => `filler_${i} = ${i}\n`).join('');
  const doc = new Document(text, 1);
  try {
    assert.deepEqual(doc.lint({ rules: REGISTRY, ...opts }).findings, []);
    const offset = text.length;
    doc.update([{ range: new LineIndex(text).range(offset, offset), text: '\n\n@app.get("/b")\ndef b() -> list[int]:\n    return [1]\n' }], 2);
    const show = (fs: readonly { code: string; start: number; message: string; detail?: string }[]) => fs.map((f) => `${f.code}@${f.start} ${f.message} ${f.detail ?? ''}`);
    const inc = show(doc.lint({ rules: REGISTRY, ...opts }, 'after').findings);
    const full = show(lintTree(doc.text, doc.tree, { rules: REGISTRY, ...opts }).findings);
    assert.deepEqual(inc, full);
    assert.equal(full.length, 1);
    assert.match(full[0], /\(FastAPI 0\.135\.0 from test\)\. Routes affected: 1\./);
  } finally {
    doc.dispose();
  }
});

test('FPL206 incremental: an include_router added in another chunk counts its router, as a full lint does', async () => {
  await ready;
  const opts = { path: 'cases.py', config: mergeConfig({ select: ['FPL206'] }), versions: { fastapi: { version: '0.135.0', source: 'test' } } };
  let text = 'from fastapi import APIRouter, FastAPI\nfrom fastapi.responses import JSONResponse\n\napp = FastAPI(default_response_class=JSONResponse)\nrouter = APIRouter()\n\n\n@router.get("/b")\ndef b() -> list[int]:\n    return [1]\n';
  text += Array.from({ length: 40 }, (_, i) => `filler_${i} = ${i}\n`).join('');
  const doc = new Document(text, 1);
  try {
    assert.deepEqual(doc.lint({ rules: REGISTRY, ...opts }).findings, []);
    const offset = text.length;
    doc.update([{ range: new LineIndex(text).range(offset, offset), text: 'app.include_router(router)\n' }], 2);
    const show = (fs: readonly { code: string; start: number; message: string; detail?: string }[]) => fs.map((f) => `${f.code}@${f.start} ${f.message} ${f.detail ?? ''}`);
    const inc = show(doc.lint({ rules: REGISTRY, ...opts }, 'after').findings);
    const full = show(lintTree(doc.text, doc.tree, { rules: REGISTRY, ...opts }).findings);
    assert.deepEqual(inc, full);
    assert.equal(full.length, 1);
  } finally {
    doc.dispose();
  }
});
