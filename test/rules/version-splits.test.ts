// Both sides of each version split, through the whole pipeline: versions read from a
// monorepo's lock and requirements files, per service, reach the rules and their messages.
import { REGISTRY } from '../helpers';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { mergeConfig } from '../../server/src/engine/config';
import { lintProject } from '../../server/src/engine/project';
import { VersionResolver } from '../../server/src/engine/versions';
import { type ProjectVersions } from '../../server/src/ruleApi/versions';
import { lintWith, ready } from '../helpers';
import { tempDir } from '../tempDir';

const ROUTE = [
  'from fastapi import FastAPI',
  'from fastapi.responses import JSONResponse, ORJSONResponse',
  'from pydantic import BaseModel',
  '',
  'app = FastAPI()',
  '',
  'class Item(BaseModel):',
  '    id: int',
  '',
  'class Items(BaseModel):',
  '    items: list[Item]',
  '',
  '@app.get("/rows")',
  'def rows():',
  '    return JSONResponse([{"id": i} for i in range(100)])',
  '',
  '@app.get("/fast", response_class=ORJSONResponse)',
  'def fast():',
  '    return {"items": list(range(100))}',
  '',
  '@app.get("/item")',
  'def item():',
  '    return Items(items=[Item(id=1)])',
  '',
].join('\n');

function monorepo(): string {
  const dir = tempDir('fpl-split-');
  const files: Record<string, string> = {
    '.git/HEAD': '',
    'services/legacy/requirements.txt': 'fastapi==0.115.12\norjson==3.10.15\npydantic==2.10.6\n',
    'services/legacy/app/main.py': ROUTE,
    'services/modern/uv.lock': '[[package]]\nname = "fastapi"\nversion = "0.136.1"\n\n[[package]]\nname = "pydantic"\nversion = "2.12.4"\n',
    'services/modern/app/main.py': ROUTE,
  };
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

test('monorepo: each service gets the advice of its own FastAPI version, naming where it was read', async () => {
  await ready;
  const dir = monorepo();
  const versions = new VersionResolver({ displayRoot: dir });
  const result = await lintProject({ rules: REGISTRY, paths: [dir], root: dir, config: mergeConfig({ select: ['FPL2', 'FPL201', 'FPL203', 'FPL204'] }), versionsFor: (f) => versions.versionsFor(f), workers: 1 });
  const by = (service: string) =>
    result.files
      .filter((f) => f.relPath.startsWith(`services/${service}/`))
      .flatMap((f) => f.findings)
      .map((f) => `${f.code} ${f.message} ${f.detail ?? ''}`);
  const legacy = by('legacy');
  const modern = by('modern');
  // FastAPI 0.115 with orjson: the ORJSONResponse advice, on the app and on JSONResponse; nothing deprecated.
  assert.ok(legacy.some((m) => m.startsWith('FPL201') && m.includes('`FastAPI()` without') && m.includes('FastAPI 0.115.12 from services/legacy/requirements.txt')), legacy.join('\n'));
  assert.ok(legacy.some((m) => m.startsWith('FPL201') && m.includes('`JSONResponse(...)` serializes with the standard `json` module') && m.includes('`JSONResponse(...)` in `rows`') && m.includes('orjson 3.10.15 from services/legacy/requirements.txt')));
  assert.ok(!legacy.some((m) => m.startsWith('FPL202') || m.startsWith('FPL203')));
  // FastAPI 0.136: declare return types; ORJSONResponse is deprecated; the app itself is fine.
  assert.ok(modern.some((m) => m.startsWith('FPL201') && m.includes('skips the Pydantic (Rust) serializer') && m.includes('FastAPI 0.136.1 from services/modern/uv.lock')), modern.join('\n'));
  assert.ok(!modern.some((m) => m.includes('`FastAPI()` without')));
  assert.ok(modern.some((m) => m.startsWith('FPL202') && m.includes('FastAPI 0.136.1 from services/modern/uv.lock')));
  assert.ok(modern.some((m) => m.startsWith('FPL203') && m.includes('`item`')));
});

const pinned = (fastapi: string, orjson?: string): ProjectVersions => ({
  fastapi: { version: fastapi, source: 'uv.lock' },
  ...(orjson ? { orjson: { version: orjson, source: 'uv.lock' } } : {}),
});

test('FPL201 fix: safe with orjson installed, a suggestion without it', async () => {
  await ready;
  const src = 'from fastapi import FastAPI\nfrom fastapi.responses import JSONResponse\napp = FastAPI()\n@app.get("/r")\ndef r():\n    return JSONResponse(list(range(100)))\n@app.get("/s", response_class=JSONResponse)\ndef s():\n    return list(range(100))\n';
  const withOrjson = lintWith(src, ['FPL201'], { versions: pinned('0.115.12', '3.10.15') });
  const without = lintWith(src, ['FPL201'], { versions: pinned('0.115.12') });
  assert.deepEqual(withOrjson.map((f) => f.fix?.applicability), ['safe', 'safe', 'safe']); // FastAPI(), JSONResponse(...), response_class
  // Without orjson only the explicit class is reported (JSONResponse(...) is what FastAPI does anyway).
  assert.deepEqual(without.map((f) => f.fix?.applicability), ['unsafe']);
  assert.deepEqual(lintWith(src, ['FPL201'], { versions: pinned('0.130.0', '3.10.15') }).map((f) => f.fix), [undefined]);
});

test('version boundaries: 0.129/0.130 for FPL201 and FPL203, 0.130/0.131 for FPL202, Pydantic 1/2 for FPL204', async () => {
  await ready;
  const src = [
    'import json',
    'from fastapi import FastAPI',
    'from fastapi.responses import ORJSONResponse',
    'from pydantic import BaseModel',
    'app = FastAPI(default_response_class=ORJSONResponse)',
    'class Item(BaseModel):',
    '    id: int',
    'class Items(BaseModel):',
    '    items: list[Item]',
    '@app.get("/i")',
    'def i():',
    '    return Items(items=[Item(id=1)])',
    'def dump(item: Item):',
    '    return json.dumps(item.model_dump())',
    '',
  ].join('\n');
  const codes = (v: ProjectVersions) => lintWith(src, ['FPL202', 'FPL203', 'FPL204'], { versions: v }).map((f) => f.code);
  assert.deepEqual(codes({ fastapi: { version: '0.129.2', source: 'x' }, pydantic: { version: '2.0', source: 'x' } }), ['FPL204']);
  assert.deepEqual(codes({ fastapi: { version: '0.130.0', source: 'x' }, pydantic: { version: '2.0', source: 'x' } }), ['FPL203', 'FPL204']);
  assert.deepEqual(codes({ fastapi: { version: '0.131.0', source: 'x' }, pydantic: { version: '2.0', source: 'x' } }), ['FPL202', 'FPL203', 'FPL204']);
  assert.deepEqual(codes({ fastapi: { version: '0.99.1', source: 'x' }, pydantic: { version: '1.10.13', source: 'x' } }), []);
  assert.deepEqual(codes({}), ['FPL202', 'FPL203', 'FPL204'], 'unknown versions mean the latest');
});
