// Issue 18 part 4: FPL109 through awaited helpers of other modules. A helper counts when it
// awaits a concurrency-safe read (itself or one call deeper) and nothing else; helpers that
// share the request's AsyncSession, use a module-level session, or keep global state do not.
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
  'requirements.txt': 'fastapi==0.115.0\nhttpx==0.27.0\nsqlalchemy==2.0.30\n',
  'app/__init__.py': '',
  'app/clients.py': [
    'import httpx',
    '',
    'users_http = httpx.AsyncClient(base_url="http://users")',
    'orders_http = httpx.AsyncClient(base_url="http://orders")',
    '',
  ].join('\n'),
  'app/db.py': [
    'from sqlalchemy.ext.asyncio import AsyncSession',
    '',
    'session = AsyncSession()',
    '',
  ].join('\n'),
  'app/services/__init__.py': '',
  'app/services/users.py': [
    'from sqlalchemy.ext.asyncio import AsyncSession',
    'from app.clients import users_http',
    'from app.db import session',
    '',
    'async def get_user(uid: int) -> dict:',
    '    r = await users_http.get(f"/users/{uid}")',
    '    return r.json()',
    '',
    'async def user_row(db: AsyncSession, uid: int):',
    '    return await db.get(dict, uid)',
    '',
    'async def user_count() -> int:',
    '    return (await session.execute("select count(*) from users")).scalar()',
    '',
    'class UsersApi:',
    '    async def profile(self, uid: int) -> dict:',
    '        return await get_user(uid)',
    '',
  ].join('\n'),
  'app/services/orders.py': [
    'from sqlalchemy.ext.asyncio import AsyncSession',
    'from app.clients import orders_http',
    'from app.db import session',
    '',
    'async def fetch_orders(uid: int) -> list:',
    '    r = await orders_http.get(f"/orders?user={uid}")',
    '    return r.json()',
    '',
    'async def order_rows(db: AsyncSession, uid: int):',
    '    return await db.execute("select * from orders")',
    '',
    'async def order_count() -> int:',
    '    return (await session.execute("select count(*) from orders")).scalar()',
    '',
  ].join('\n'),
  'app/routes.py': [
    'from fastapi import APIRouter, Depends',
    'from sqlalchemy.ext.asyncio import AsyncSession',
    'from app.services import orders',
    'from app.services.users import UsersApi, get_user, user_count, user_row',
    '',
    'router = APIRouter()',
    'users_api = UsersApi()',
    '',
    'async def get_db():',
    '    yield AsyncSession()',
    '',
    '@router.get("/a/{uid}")',
    'async def a(uid: int):',
    '    user = await get_user(uid)',
    '    found = await orders.fetch_orders(uid)',
    '    return user, found',
    '',
    '@router.get("/b/{uid}")',
    'async def b(uid: int):',
    '    user = await users_api.profile(uid)',
    '    found = await orders.fetch_orders(uid)',
    '    return user, found',
    '',
    '@router.get("/c/{uid}")',
    'async def c(uid: int, db: AsyncSession = Depends(get_db)):',
    '    user = await user_row(db, uid)',
    '    found = await orders.order_rows(db, uid)',
    '    return user, found',
    '',
    '@router.get("/d")',
    'async def d():',
    '    users = await user_count()',
    '    found = await orders.order_count()',
    '    return users, found',
    '',
    '@router.get("/e/{uid}")',
    'async def e(uid: int):',
    '    user = await get_user(uid)',
    '    found = await orders.fetch_orders(user["id"])',
    '    return user, found',
    '',
  ].join('\n'),
};

test('FPL109 follows awaited helpers of other modules that only read through concurrency-safe clients', async () => {
  await ready;
  const root = tempDir('fpl-seq-helpers-');
  try {
    for (const [path, text] of Object.entries(FILES)) {
      mkdirSync(join(root, path, '..'), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    const versions = new VersionResolver({ displayRoot: root });
    const result = await lintProject({ rules: REGISTRY, paths: [root], root, config: mergeConfig({ select: ['FPL109'] }), versionsFor: (f) => versions.versionsFor(f), workers: 1 });
    const lines = result.files.flatMap((f) => f.findings.map((x) => `${f.relPath}:${FILES[f.relPath].slice(0, x.start).split('\n').length}`));
    // a: functions of two modules; b: a method two calls deep. c: one AsyncSession passed to
    // both; d: one module-level session; e: the second call uses the first's result.
    assert.deepEqual(lines, ['app/routes.py:14', 'app/routes.py:20']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
