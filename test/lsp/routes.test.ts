// The routes request and code lenses over stdio, on a multi-module app (test/lsp/fixtures/routes):
// routers built with a prefix in one module, included with another prefix in a second, and into
// the app in a third; a nested router, api_route with methods, a websocket, a prefix that is not
// a constant, a helper function that includes the router it is given, dependencies from the app,
// the routers and the handler (Annotated aliases too); and the answer following
// an edit (`fastapiPerf/routesChanged`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import type { CodeLens } from 'vscode-languageserver-protocol';
import { LspClient, uriOf } from './harness';
import { tempDir } from '../tempDir';

interface Route {
  uri: string;
  range: { start: { line: number }; end: { line: number } };
  selectionRange: { start: { line: number; character: number } };
  methods: string[];
  path: string;
  pathKnown: boolean;
  handler: string;
  async: boolean;
  runsOn: string;
  dependencies: string[];
  findings: number;
  findingsPending: boolean;
  app: { name: string };
  routers: Array<{ name: string; prefix: string }>;
}

function workspace(): { root: string; file: (rel: string) => string; uri: (rel: string) => string; dispose: () => void } {
  const base = tempDir('fpl-routes-');
  const root = path.join(base, 'shop-app');
  cpSync(path.join(__dirname, 'fixtures', 'routes'), root, { recursive: true });
  return { root, file: (rel) => path.join(root, rel), uri: (rel) => uriOf(path.join(root, rel)), dispose: () => rmSync(base, { recursive: true, force: true }) };
}

const line = (r: Route): string => `${r.methods.join(',')} ${r.path} ${r.handler} ${r.async ? 'async' : 'def'} ${r.runsOn}`;

test('routes: full paths across modules, where each handler runs, dependencies, findings', async () => {
  const ws = workspace();
  const client = await LspClient.start({ folders: [ws.root], pull: true });
  let changed = 0;
  client.conn.onNotification('fastapiPerf/routesChanged', () => {
    changed++;
  });
  try {
    await client.indexed();
    // The first answer does not wait for files that are not open to be linted: their findings
    // are pending, counted in the background, and the client is told when they are known.
    const first = await client.request<Route[]>('fastapiPerf/routes', {});
    assert.ok(first.every((r) => r.findingsPending && r.findings === 0));
    await client.until('fastapiPerf/routesChanged', () => changed > 0);
    const routes = await client.request<Route[]>('fastapiPerf/routes', {});
    assert.ok(routes.every((r) => !r.findingsPending));
    assert.deepEqual(routes.map(line).sort(), [
      'DELETE /api/v1/users/admin/{user_id} delete_user def threadpool',
      'GET /api/v1/items/ list_items async event-loop',
      'GET /api/v1/items/{item_id} read_item def threadpool',
      'GET /api/v1/users/me me async event-loop',
      'GET /health health def threadpool',
      'GET /internal/admin/stats stats def threadpool',
      'POST <config.PARTNER_PREFIX>/sync sync_partners async event-loop',
      'PUT,PATCH /api/v1/items/{item_id} update_item async event-loop',
      'WEBSOCKET /ws feed async event-loop',
    ]);
    const by = (handler: string): Route => routes.find((r) => r.handler === handler)!;
    // The prefix read from an environment variable is kept as the expression, and said to be unknown.
    assert.equal(by('sync_partners').pathKnown, false);
    assert.equal(by('me').pathKnown, true);
    const items = by('list_items');
    assert.equal(items.uri, ws.uri('shop/api/routes/items.py'));
    assert.equal(items.selectionRange.start.line, 11);
    assert.equal(items.findings, 1, 'time.sleep in an async route');
    assert.equal(by('read_item').findings, 0);
    assert.deepEqual(items.dependencies, ['verify_key', 'get_db']);
    assert.deepEqual(by('delete_user').dependencies, ['verify_key', 'get_current_user']);
    // Through an `Annotated` alias in another module, and `Depends()` on the annotation's class.
    assert.deepEqual(by('update_item').dependencies, ['verify_key', 'get_db']);
    assert.deepEqual(by('read_item').dependencies, ['verify_key', 'Pager']);
    assert.equal(items.app.name, 'shop.main:app');
    assert.deepEqual(
      by('delete_user').routers.map((r) => `${r.name} ${r.prefix}`),
      ['api.api_router /api/v1', 'users.router /users', 'users.admin /admin'],
    );
    // Included by a helper function that is given the app and the router.
    assert.deepEqual(by('stats').routers.map((r) => `${r.name} ${r.prefix}`), ['admin.admin_router /internal/admin']);
    // One document's routes.
    const inItems = await client.request<Route[]>('fastapiPerf/routes', { uri: ws.uri('shop/api/routes/items.py') });
    assert.deepEqual(inItems.map((r) => r.handler).sort(), ['list_items', 'read_item', 'update_item']);
  } finally {
    await client.stop();
    ws.dispose();
  }
});

test('routes: code lenses above route handlers, following edits in other modules', async () => {
  const ws = workspace();
  const client = await LspClient.start({ folders: [ws.root], pull: true });
  let changed = 0;
  client.conn.onNotification('fastapiPerf/routesChanged', () => {
    changed++;
  });
  try {
    await client.indexed();
    const items = ws.uri('shop/api/routes/items.py');
    await client.open(items, readFileSync(ws.file('shop/api/routes/items.py'), 'utf8'));
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: items } });
    assert.deepEqual(
      lenses.map((l) => `${l.range.start.line} ${l.command?.title}`),
      ['11 GET /api/v1/items/ · event loop · 1 finding', '17 GET /api/v1/items/{item_id} · threadpool · 0 findings', '22 PUT, PATCH /api/v1/items/{item_id} · event loop · 0 findings'],
    );
    // The hover names the route by the full path the lenses answered (prefixes from three modules), and quotes the impact bench.
    const sleep = { line: 12, character: 6 };
    const before = await client.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri: items }, position: sleep });
    assert.match(before.contents.value, /On every request to `GET \/api\/v1\/items\/`, on the event loop/);
    assert.match(before.contents.value, /\*\*Measured\*\* on a test app, .*npm run bench:impact/);
    // The client has asked: an edit to the prefix in another module changes the answer, and the client is told.
    const api = ws.uri('shop/api/__init__.py');
    const text = readFileSync(ws.file('shop/api/__init__.py'), 'utf8');
    await client.open(api, text);
    await client.request('fastapiPerf/routes', {});
    const at = text.indexOf('"/items"');
    const lines = text.slice(0, at).split('\n');
    const pos = { line: lines.length - 1, character: lines[lines.length - 1].length + 2 };
    await client.change(api, 2, [{ range: { start: pos, end: { line: pos.line, character: pos.character + 5 } }, text: 'goods' }]);
    await client.until('fastapiPerf/routesChanged', () => changed > 0);
    const after = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: items } });
    assert.equal(after[0].command?.title, 'GET /api/v1/goods/ · event loop · 1 finding');
  } finally {
    await client.stop();
    ws.dispose();
  }
});

test('routes: odd params answer empty, never fail', async () => {
  const ws = workspace();
  const client = await LspClient.start({ folders: [ws.root], pull: true });
  try {
    await client.indexed();
    for (const params of [{ uri: 5 }, { uri: 'untitled:Untitled-1' }, { uri: ws.uri('shop/missing.py') }, { uri: ws.uri('shop/deps.py') }]) {
      assert.deepEqual(await client.request<Route[]>('fastapiPerf/routes', params), [], JSON.stringify(params));
    }
    assert.equal((await client.request<Route[]>('fastapiPerf/routes', null)).length, 9);
    // Lenses only for documents the client has open.
    assert.deepEqual(await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: ws.uri('shop/main.py') } }), []);
  } finally {
    await client.stop();
    ws.dispose();
  }
});
