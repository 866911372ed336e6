// Issue 18 part 3 across modules: a response helper of another module that routes wrap their
// data with (FPL201, once, at the helper), double serialization and Pydantic 1 methods on
// models known through another module's class or function return type (FPL204, FPL401).
import { REGISTRY } from '../helpers';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mergeConfig } from '../../server/src/engine/config';
import { lintProject } from '../../server/src/engine/project';
import { VersionResolver } from '../../server/src/engine/versions';
import { ready } from '../helpers';
import { tempDir } from '../tempDir';

const FILES: Record<string, string> = {
  'requirements.txt': 'fastapi==0.135.0\npydantic==2.11.0\n',
  'app/__init__.py': '',
  'app/routers/__init__.py': '',
  'app/schemas.py': 'from pydantic import BaseModel\n\nclass Item(BaseModel):\n    id: int\n',
  'app/crud.py': 'from typing import Optional\n\nfrom app.schemas import Item\n\ndef get_item(i: int) -> Optional[Item]:\n    return Item(id=i)\n',
  'app/responses.py': [
    'import json',
    'from fastapi.responses import JSONResponse',
    'from app.schemas import Item',
    '',
    'def ok_response(data):',
    '    return JSONResponse(content={"ok": True, "data": data})',
    '',
    'def never_called(data):',
    '    return JSONResponse(content={"ok": True, "data": data})',
    '',
    'def to_text(item: Item) -> str:',
    '    return json.dumps(item.model_dump())',
    '',
  ].join('\n'),
  'app/routers/items.py': [
    'from fastapi import APIRouter',
    'from app import crud',
    'from app.responses import ok_response, to_text',
    'from app.schemas import Item',
    '',
    'router = APIRouter()',
    '',
    '@router.get("/a")',
    'def a(i: int):',
    '    item = crud.get_item(i)',
    '    return ok_response(item.dict())',
    '',
    '@router.post("/b")',
    'def b(raw: dict):',
    '    parsed = Item.parse_obj(raw)',
    '    return ok_response([parsed.dict(), to_text(parsed)])',
    '',
  ].join('\n'),
};

test('helpers and models of other modules: FPL201 once at the helper, FPL204 in the helper, FPL401 on imported and returned models', async () => {
  await ready;
  const root = tempDir('fpl-json-recall-');
  try {
    for (const [path, text] of Object.entries(FILES)) {
      mkdirSync(join(root, path, '..'), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    const versions = new VersionResolver({ displayRoot: root });
    const result = await lintProject({ rules: REGISTRY, paths: [root], root, config: mergeConfig({ select: ['FPL201', 'FPL204', 'FPL401'] }), versionsFor: (f) => versions.versionsFor(f), workers: 1 });
    const byFile = new Map(result.files.map((f) => [f.relPath, f.findings.map((x) => `${x.code}:${FILES[f.relPath].slice(0, x.start).split('\n').length}`)]));
    assert.deepEqual(byFile.get('app/responses.py'), ['FPL201:6', 'FPL204:12']);
    assert.deepEqual(byFile.get('app/routers/items.py'), ['FPL401:11', 'FPL401:15', 'FPL401:16']);
    const helper = result.files.find((f) => f.relPath === 'app/responses.py')!.findings[0];
    assert.match(helper.detail ?? '', /through route `a` \(app\.routers\.items\)/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
