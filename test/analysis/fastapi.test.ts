// Route extraction over several router styles, and async context.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FileModel } from '../../server/src/analysis/model';
import { dependencyParts, routeOf, routeParams } from '../../server/src/analysis/fastapi';
import { asyncOwner } from '../../server/src/analysis/facts';
import { parse } from '../../server/src/engine/parser';
import { ready } from '../helpers';

function withModel<T>(src: string, fn: (m: FileModel) => T): T {
  const tree = parse(src);
  return fn(new FileModel({ text: src, tree, context: { module: 'app.api', isPackage: false } }));
}

function routes(src: string): string[] {
  return withModel(src, (m) =>
    m.functions
      .map((f) => ({ f, r: routeOf(m, f) }))
      .filter((x) => x.r)
      .map(({ f, r }) => `${f.name} ${r!.methods.join(',')} ${r!.path ?? '?'}`),
  );
}

const styles: Array<[string, string, string[]]> = [
  ['app decorator', 'from fastapi import FastAPI\napp = FastAPI()\n@app.get("/items")\nasync def items(): ...\n', ['items GET /items']],
  ['fastapi.FastAPI attribute', 'import fastapi\napp = fastapi.FastAPI()\n@app.post("/x")\ndef x(): ...\n', ['x POST /x']],
  ['aliased class', 'from fastapi import APIRouter as R\nr = R(prefix="/v1")\n@r.delete("/d/{i}")\nasync def d(i: int): ...\n', ['d DELETE /d/{i}']],
  ['api_route methods', 'from fastapi import APIRouter\nrouter = APIRouter()\n@router.api_route("/m", methods=["GET", "post"])\nasync def m(): ...\n', ['m GET,POST /m']],
  ['websocket', 'from fastapi import FastAPI\napp = FastAPI()\n@app.websocket("/ws")\nasync def ws(sock): ...\n', ['ws WEBSOCKET /ws']],
  ['path as keyword', 'from fastapi import APIRouter\nrouter = APIRouter()\n@router.get(path="/k")\nasync def k(): ...\n', ['k GET /k']],
  ['every verb', 'from fastapi import FastAPI\napp = FastAPI()\n@app.put("/a")\ndef a(): ...\n@app.patch("/b")\ndef b(): ...\n@app.head("/c")\ndef c(): ...\n@app.options("/d")\ndef d(): ...\n@app.trace("/e")\ndef e(): ...\n', ['a PUT /a', 'b PATCH /b', 'c HEAD /c', 'd OPTIONS /d', 'e TRACE /e']],
  ['stacked decorators', 'from fastapi import FastAPI\nimport functools\napp = FastAPI()\n@app.get("/s")\n@functools.wraps(len)\nasync def s(): ...\n', ['s GET /s']],
  ['subclassed router', 'from fastapi import APIRouter\nclass MyRouter(APIRouter):\n    pass\nrouter = MyRouter()\n@router.get("/sub")\nasync def sub(): ...\n', ['sub GET /sub']],
  ['not a route: other objects with .get', 'import requests\nclass Cache:\n    def get(self, k): ...\ncache = Cache()\n@cache.get("/x")\nasync def not_route(): ...\nsession = requests.Session()\n@session.get("/y")\ndef also_not(): ...\n', []],
  ['not a route: shadowed app', 'from fastapi import FastAPI\napp = FastAPI()\ndef make(app):\n    @app.get("/z")\n    async def inner(): ...\n', []],
  ['router method in class body is not a FastAPI route', 'class Views:\n    def get(self, path): ...\n', []],
];

for (const [name, src, want] of styles) {
  test(`routes: ${name}`, async () => {
    await ready;
    assert.deepEqual(routes(src), want);
  });
}

test('route params: markers, Annotated and declared types', async () => {
  await ready;
  const src = [
    'from typing import Annotated',
    'from fastapi import APIRouter, Depends, Query',
    'from sqlalchemy.orm import Session',
    'router = APIRouter()',
    '@router.get("/items", response_model=list[int], status_code=200)',
    'async def items(skip: int = 0, limit: Annotated[int, Query(le=100)] = 10, q: str = Query(None), db: Session = Depends(get_db)): ...',
  ].join('\n');
  withModel(src, (m) => {
    const fn = m.functions[0];
    const r = routeOf(m, fn)!;
    assert.deepEqual([...r.kwargs.keys()], ['response_model', 'status_code']);
    const ps = routeParams(m, fn).map((p) => `${p.name}:${p.marker?.kind ?? '-'}${p.marker?.inAnnotation ? '(ann)' : ''}:${p.type.k === 'inst' ? p.type.t : '?'}`);
    assert.deepEqual(ps, ['skip:-:builtins.int', 'limit:Query(ann):builtins.int', 'q:Query:builtins.str', 'db:Depends:sqlalchemy.orm.Session']);
  });
});

const contexts: Array<[string, string, boolean]> = [
  ['async def body', 'async def f():\n    g()  # <-\n', true],
  ['sync def body', 'def f():\n    g()  # <-\n', false],
  ['nested sync def', 'async def f():\n    def inner():\n        g()  # <-\n', false],
  ['lambda', 'async def f():\n    h = lambda: g()  # <-\n', false],
  ['class body', 'async def f():\n    class C:\n        x = g()  # <-\n', false],
  ['comprehension keeps context', 'async def f(xs):\n    return [g() for x in xs]  # <-\n', true],
  ['default value runs at definition', 'async def outer():\n    def inner(x=g()):  # <-\n        pass\n', true],
  ['default of an async def runs outside it', 'def outer():\n    async def inner(x=g()):  # <-\n        pass\n', false],
  ['decorator of nested async def', 'def outer():\n    @g()  # <-\n    async def inner():\n        pass\n', false],
  ['module level', 'g()  # <-\n', false],
];

for (const [name, src, want] of contexts) {
  test(`async context: ${name}`, async () => {
    await ready;
    withModel(src, (m) => {
      const line = src.split('\n').findIndex((l) => l.includes('# <-'));
      const start = src.split('\n').slice(0, line).join('\n').length + 1;
      const call = m.calls.find((c) => c.start >= start - 1 && c.dotted === 'g')!;
      assert.ok(call);
      assert.equal(!!asyncOwner(call.scope), want);
    });
  });
}

test('referencesTo: names and attributes that resolve to a definition, not shadowing locals, keyword names or the definition itself', async () => {
  await ready;
  const src = [
    'from fastapi import Depends',
    'from app import api',
    'def build(): ...',
    'def local():',
    '    build = 1',
    '    return build',
    'def call():',
    '    return run(build=2)',
    'handlers = [build]',
    'def again():',
    '    return api.build',
    'def route(x=Depends(build)): ...',
    '',
  ].join('\n');
  withModel(src, (m) => {
    const build = m.functions.find((f) => f.name === 'build')!;
    const line = (n: { startIndex: number }) => src.slice(0, n.startIndex).split('\n').length;
    assert.deepEqual(m.referencesTo(build).map((r) => `${line(r.node)}:${r.node.parent?.type}`), ['9:list', '11:attribute', '12:argument_list']);
    const scopes = m.identifiers('build').map((n) => {
      const s = m.bindingScope(n);
      return `${line(n)}:${s === 'module' ? 'module' : s.name}`;
    });
    assert.deepEqual(scopes, ['3:module', '5:local', '6:local', '8:module', '9:module', '11:module', '12:module']);
    assert.equal(m.needsFullAnalysis, false);
  });
});

test('dependencyParts: a dependency, its sub-dependencies, a class with its __init__ and bases, a library helper', async () => {
  await ready;
  const src = [
    'from fastapi import Depends',
    'from fastapi_pagination import Params',
    'def page(limit: int = 10): ...',
    'def listing(p=Depends(page), q: str = ""): ...',
    'class Base:',
    '    size: int = 5',
    'class Filters(Base):',
    '    def __init__(self, take: int = 1): ...',
    '',
  ].join('\n');
  withModel(src, (m) => {
    const parts = (name: string) => [...dependencyParts(m, m.resolveName(name, m.moduleScope, src.length))].map((p) => `${p.q}(${p.names.join(',')})`);
    assert.deepEqual(parts('listing'), ['app.api.listing(p,q)', 'app.api.page(limit)']);
    assert.deepEqual(parts('Filters'), ['app.api.Filters()', 'app.api.Filters.__init__(self,take)', 'app.api.Base(size)']);
    assert.deepEqual(parts('Params'), ['fastapi_pagination.Params()']);
  });
});
