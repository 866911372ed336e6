// What the single-file fixtures cannot show for FPL401-FPL406 and FPL501-FPL503: behaviour
// that depends on the project's versions, the file name, or other modules of the workspace.
import { REGISTRY } from '../helpers';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mergeConfig } from '../../server/src/engine/config';
import { lintProject } from '../../server/src/engine/project';
import type { Finding } from '../../server/src/ruleApi/rule';
import type { ProjectVersions } from '../../server/src/ruleApi/versions';
import { lintWith, ready } from '../helpers';
import { tempDir } from '../tempDir';

function versions(spec: Record<string, string>): ProjectVersions {
  const out: Record<string, { version: string; source: string }> = {};
  for (const [k, v] of Object.entries(spec)) out[k] = { version: v, source: 'test' };
  return out as ProjectVersions;
}

function codes(findings: Finding[], code: string): Finding[] {
  return findings.filter((f) => f.code === code);
}

const V1_IDIOMS = [
  'import json',
  'from pydantic import BaseModel, validator',
  '',
  'class Item(BaseModel):',
  '    name: str',
  '',
  '    @validator("name")',
  '    def strip(cls, v):',
  '        return v.strip()',
  '',
  '    class Config:',
  '        orm_mode = True',
  '',
  'def handle(item: Item, raw: str):',
  '    return item.dict(), Item(**json.loads(raw))',
  '',
].join('\n');

test('FPL401-FPL403 and FPL405 apply on Pydantic 2 and on an unknown version, not on Pydantic 1', async () => {
  await ready;
  const rules = ['FPL401', 'FPL402', 'FPL403', 'FPL405'];
  for (const [label, v] of [['2.11', versions({ pydantic: '2.11.7' })], ['unknown', undefined]] as const) {
    const found = lintWith(V1_IDIOMS, rules, { versions: v });
    for (const code of rules) assert.equal(codes(found, code).length, 1, `${code} on Pydantic ${label}`);
  }
  assert.deepEqual(lintWith(V1_IDIOMS, rules, { versions: versions({ pydantic: '1.10.13' }) }), []);
});

test('version-dependent messages name the version and where it was read', async () => {
  await ready;
  const [f] = codes(lintWith(V1_IDIOMS, ['FPL401'], { versions: versions({ pydantic: '2.11.7' }) }), 'FPL401');
  assert.match(`${f.message} ${f.detail ?? ''}`, /Pydantic 2\.11\.7 from test/);
  const [g] = codes(lintWith(V1_IDIOMS, ['FPL401']), 'FPL401');
  assert.match(`${g.message} ${g.detail ?? ''}`, /no Pydantic version found, assuming the latest/);
});

test('FPL406: an error from FastAPI 0.128 (and when unknown), a warning before, nothing on Pydantic 1', async () => {
  await ready;
  const src = 'from pydantic.v1 import BaseModel\n';
  const sev = (v?: ProjectVersions) => lintWith(src, ['FPL406'], { versions: v }).map((f) => f.severity);
  assert.deepEqual(sev(versions({ fastapi: '0.128.0' })), ['error']);
  assert.deepEqual(sev(undefined), ['error']);
  assert.deepEqual(sev(versions({ fastapi: '0.127.1' })), ['warning']);
  assert.deepEqual(sev(versions({ pydantic: '1.10.17' })), []);
  // A configured severity still wins over the version-dependent one.
  const configured = lintWith(src, null, { config: mergeConfig({ select: ['FPL406'], severity: { FPL406: 'info' } }) });
  assert.deepEqual(configured.map((f) => f.severity), ['info']);
});

test('FPL502: the decorator on a Starlette app is an error from Starlette 1.0; on FastAPI it stays info', async () => {
  await ready;
  const starlette = 'from starlette.applications import Starlette\napp = Starlette()\n@app.middleware("http")\nasync def m(request, call_next):\n    return await call_next(request)\n';
  const fastapi = starlette.replace('from starlette.applications import Starlette', 'from fastapi import FastAPI as Starlette');
  const sev = (src: string, v?: ProjectVersions) => lintWith(src, ['FPL502'], { versions: v }).map((f) => f.severity);
  assert.deepEqual(sev(starlette, versions({ starlette: '1.0.0' })), ['error']);
  assert.deepEqual(sev(starlette, undefined), ['error']);
  assert.deepEqual(sev(starlette, versions({ starlette: '0.49.1' })), ['info']);
  assert.deepEqual(sev(fastapi, versions({ starlette: '1.0.0' })), ['info']);
});

test('FPL503 looks only at gunicorn configuration files, and accepts max_requests', async () => {
  await ready;
  const src = 'workers = 4\nworker_class = "sync"\n';
  assert.equal(lintWith(src, ['FPL503'], { path: '/srv/app/gunicorn.conf.py' }).length, 2);
  assert.equal(lintWith(src, ['FPL503'], { path: 'deploy/gunicorn_conf.py' }).length, 2);
  assert.equal(lintWith(src, ['FPL503'], { path: 'settings.py' }).length, 0);
  assert.equal(lintWith(src, ['FPL503'], { path: 'gunicorn.conf.py.bak' }).length, 0);
  const tuned = 'workers = 4\nworker_class = "uvicorn_worker.UvicornWorker"\nmax_requests = 1000\n';
  assert.deepEqual(lintWith(tuned, ['FPL503'], { path: 'gunicorn.conf.py' }), []);
  const starred = 'from base_gunicorn import *\nworkers = 4\n';
  assert.deepEqual(lintWith(starred, ['FPL503'], { path: 'gunicorn.conf.py' }), []);
  const bindOnly = 'bind = "0.0.0.0:8000"\n';
  assert.deepEqual(lintWith(bindOnly, ['FPL503'], { path: 'gunicorn.conf.py' }), []);
});

test('FPL501 and FPL401 across modules: settings used as a dependency elsewhere, models imported from another module', async () => {
  await ready;
  const root = tempDir('fpl-app-setup-');
  try {
    mkdirSync(join(root, 'app', 'routers'), { recursive: true });
    writeFileSync(join(root, 'app', '__init__.py'), '');
    writeFileSync(join(root, 'app', 'routers', '__init__.py'), '');
    writeFileSync(
      join(root, 'app', 'settings.py'),
      'from pydantic_settings import BaseSettings\n\nclass Settings(BaseSettings):\n    url: str = ""\n\ndef get_settings() -> Settings:\n    return Settings()\n\ndef unused_settings() -> Settings:\n    return Settings()\n',
    );
    writeFileSync(join(root, 'app', 'schemas.py'), 'from pydantic import BaseModel\n\nclass ItemIn(BaseModel):\n    name: str\n');
    writeFileSync(
      join(root, 'app', 'routers', 'items.py'),
      'from fastapi import APIRouter, Depends\nfrom ..schemas import ItemIn\nfrom ..settings import Settings, get_settings\n\nrouter = APIRouter()\n\n@router.post("/")\nasync def create(payload: ItemIn, settings: Settings = Depends(get_settings)):\n    return payload.dict()\n',
    );
    const result = await lintProject({ rules: REGISTRY, paths: [root], root, config: mergeConfig({ select: ['FPL401', 'FPL501'] }) });
    const byFile = new Map(result.files.map((f) => [f.relPath, f.findings.map((x) => x.code)]));
    assert.deepEqual(byFile.get('app/settings.py'), ['FPL501']);
    assert.deepEqual(byFile.get('app/routers/items.py'), ['FPL401']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
