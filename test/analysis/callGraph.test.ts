// The call graph over one module's summary: blocking chains (depth, cycles, generators,
// decorators, constructors), per-request functions, and references.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CallGraph } from '../../server/src/analysis/callGraph';
import { FileModel } from '../../server/src/analysis/model';
import { parse } from '../../server/src/engine/parser';
import { classifyBlocking } from '../../server/src/analysis/knowledge/blocking';
import { ready } from '../helpers';

function withGraph<T>(src: string, fn: (g: CallGraph, m: FileModel) => T): T {
  const tree = parse(src);
  const model = new FileModel({ text: src, tree, context: { module: 'app.svc', isPackage: false } });
  return fn(new CallGraph(model.resolver, () => [model.summary], (q) => classifyBlocking(q, { extendBlockingCalls: new Map(), reportFileIo: true, reportLightIo: false })), model);
}

function chain(src: string, q: string): string | null {
  return withGraph(src, (g) => {
    const c = g.blockingChain(`app.svc.${q}`);
    return c ? [...c.steps.map((s) => s.fn.q), c.target].join(' -> ') + (c.more ? ` (+${c.more} more)` : '') : null;
  });
}

const chains: Array<[string, string, string, string | null]> = [
  ['direct', 'import time\ndef f():\n    time.sleep(1)\n', 'f', 'f -> time.sleep'],
  ['the heaviest call, not the first; the others counted', 'import os\nimport requests\ndef f(p):\n    open(p).close()\n    os.walk(p)\n    return requests.get(p)\n', 'f', 'f -> requests.get (+2 more)'],
  ['a network call through a helper beats a file read in the body', 'import requests\ndef g():\n    return requests.get("x")\ndef f(p):\n    data = open(p).read()\n    return g(), data\n', 'f', 'f -> g -> requests.get (+2 more)'],
  ['equal costs: the direct call before the helper', 'import requests\ndef g():\n    return requests.get("x")\ndef f():\n    g()\n    return requests.post("y")\n', 'f', 'f -> requests.post (+1 more)'],
  ['two levels', 'import requests\ndef g():\n    return requests.get("x")\ndef f():\n    return g()\n', 'f', 'f -> g -> requests.get'],
  ['cycle without blocking', 'def a(n):\n    return b(n)\ndef b(n):\n    return a(n)\n', 'a', null],
  ['cycle with blocking on the way', 'import time\ndef a(n):\n    return b(n)\ndef b(n):\n    time.sleep(1)\n    return a(n)\n', 'a', 'a -> b -> time.sleep'],
  ['async function never blocks its caller', 'import time\nasync def f():\n    time.sleep(1)\n', 'f', null],
  ['generator runs nothing when called', 'def f(p):\n    with open(p) as fh:\n        yield from fh\n', 'f', null],
  ['awaited call inside is skipped', 'import time\ndef f():\n    return await_me(time)\ndef await_me(t):\n    return t\n', 'f', null],
  ['lru_cache with parameters still blocks on a miss', 'import functools\nimport time\n@functools.lru_cache\ndef f(key):\n    time.sleep(1)\n', 'f', 'f -> time.sleep'],
  ['a cached function without parameters runs once', 'import functools\nimport time\n@functools.lru_cache\ndef f():\n    time.sleep(1)\n', 'f', null],
  ['unknown decorator is opaque', 'import time\nimport celery\n@celery.task\ndef f():\n    time.sleep(1)\n', 'f', null],
  ['constructor runs __init__', 'class C:\n    def __init__(self, p):\n        self.data = open(p).read()\ndef f():\n    return C("x")\n', 'f', 'f -> C.__init__ -> builtins.open'],
  ['method through a typed attribute', 'import requests\nclass G:\n    def __init__(self):\n        self.http = requests.Session()\n    def get(self):\n        return self.http.get("x")\ndef f():\n    return G().get()\n', 'f', 'f -> G.get -> requests.Session.get'],
  ['nested def body is not run', 'import time\ndef f():\n    def inner():\n        time.sleep(1)\n    return inner\n', 'f', null],
  ['a lambda the helper calls runs at the call site', 'import requests\ndef each(fetch):\n    return [fetch(i) for i in range(3)]\ndef f(url):\n    return each(lambda i: requests.get(url))\n', 'f', 'f -> each -> f.<lambda> -> requests.get'],
  ['a lambda passed by keyword, to a method on an instance', 'import time\nclass P:\n    def run(self, *, fetch):\n        return fetch(1)\ndef f():\n    return P().run(fetch=lambda n: time.sleep(n))\n', 'f', 'f -> P.run -> f.<lambda> -> time.sleep'],
  ['a lambda the helper only stores does not run', 'import time\ndef keep(fetch):\n    return [fetch]\ndef f():\n    return keep(lambda: time.sleep(1))\n', 'f', null],
  ['a lambda passed where the helper calls another parameter', 'import time\ndef each(items, fetch):\n    return items(1)\ndef f(xs):\n    return each(xs, lambda: time.sleep(1))\n', 'f', null],
  ['calls on the lambda\'s own parameters are unknown', 'def each(fetch):\n    return fetch(1)\ndef f():\n    return each(lambda s: s.get("x"))\n', 'f', null],
  ['C3 MRO: the sibling override before the shared base', 'import time\nclass A:\n    def page(self):\n        time.sleep(1)\nclass B(A):\n    pass\nclass C(A):\n    def page(self):\n        return 1\nclass D(B, C):\n    pass\ndef f():\n    return D().page()\n', 'f', null],
  ['a subscripted workspace base is its class', 'import time\nfrom typing import Generic, TypeVar\nT = TypeVar("T")\nclass Repo(Generic[T]):\n    def page(self):\n        time.sleep(1)\nclass Orders(Repo[int]):\n    pass\ndef f():\n    return Orders().page()\n', 'f', 'f -> Repo.page -> time.sleep'],
  ['an unresolved base before the one defining the method: unknown', 'import time\nclass A:\n    def page(self):\n        time.sleep(1)\nclass D(make()(), A):\n    pass\ndef f():\n    return D().page()\n', 'f', null],
  ['an attribute assigned two classes is unknown', 'import time\nclass S:\n    def get(self):\n        time.sleep(1)\nclass M:\n    def get(self):\n        return 1\nclass H:\n    def __init__(self):\n        self.s = S()\n    def reset(self):\n        self.s = M()\n    def go(self):\n        return self.s.get()\ndef f():\n    return H().go()\n', 'f', null],
  ['offloaded callable is not a call', 'import asyncio, time\ndef f():\n    return asyncio.to_thread(time.sleep, 1)\n', 'f', null],
];

for (const [name, src, q, want] of chains) {
  test(`blockingChain: ${name}`, async () => {
    await ready;
    assert.equal(chain(src, q), want);
  });
}

test('perRequest: routes, dependencies and their callees; cached factories stop the walk', async () => {
  await ready;
  const src = [
    'from functools import lru_cache',
    'from fastapi import Depends, FastAPI',
    'app = FastAPI()',
    'def make_client():',
    '    return 1',
    '@lru_cache',
    'def cached():',
    '    return make_other()',
    'def make_other():',
    '    return 2',
    'def dep():',
    '    return helper()',
    'def helper():',
    '    return 3',
    'class Svc:',
    '    def __init__(self):',
    '        self.c = make_client()',
    'def unused():',
    '    return make_client()',
    '@app.get("/")',
    'async def route(d=Depends(dep)):',
    '    Svc()',
    '    return cached()',
  ].join('\n');
  withGraph(src, (g) => {
    assert.deepEqual([...g.perRequest()].sort(), ['app.svc.Svc.__init__', 'app.svc.dep', 'app.svc.helper', 'app.svc.make_client', 'app.svc.route']);
  });
});

test('perRequestEntry: the nearest route or dependency that runs a function on every request', async () => {
  await ready;
  const src = [
    'from fastapi import Depends, FastAPI',
    'app = FastAPI()',
    'def make_client():',
    '    return 1',
    'def helper():',
    '    return make_client()',
    'def dep():',
    '    return helper()',
    'def unused():',
    '    return 2',
    '@app.get("/")',
    'async def route(d=Depends(dep)):',
    '    return make_client()',
  ].join('\n');
  withGraph(src, (g) => {
    assert.deepEqual(g.perRequestEntry('app.svc.make_client'), { q: 'app.svc.route', kind: 'route' });
    assert.deepEqual(g.perRequestEntry('app.svc.helper'), { q: 'app.svc.dep', kind: 'dependency' });
    assert.deepEqual(g.perRequestEntry('app.svc.dep'), { q: 'app.svc.dep', kind: 'dependency' });
    assert.equal(g.perRequestEntry('app.svc.unused'), undefined);
  });
});

test('referenced: calls and stored values count; imports, decorators and Depends do not', async () => {
  await ready;
  const src = [
    'from fastapi import Depends, FastAPI',
    'app = FastAPI()',
    'def dep():',
    '    return 1',
    'def called():',
    '    return 2',
    'def stored():',
    '    return 3',
    'def stored_locally():',
    '    return 4',
    'alias = stored',
    '@app.get("/")',
    'async def route(d=Depends(dep)):',
    '    f = stored_locally',
    '    return called()',
  ].join('\n');
  withGraph(src, (g) => {
    const all = ['called', 'stored', 'stored_locally', 'dep', 'route', 'unused'].map((n) => `app.svc.${n}`);
    assert.deepEqual(all.filter((q) => g.isReferenced(q)).sort(), ['app.svc.called', 'app.svc.stored', 'app.svc.stored_locally']);
  });
});

test('parameter uses in function details: unread, compared with a bound, passed to a bare name', async () => {
  await ready;
  const src = [
    'def f(unused, capped, checked, signed, forwarded, rebound):',
    '    capped = max(min(capped, 100), 1)',
    '    if checked > MAX:',
    '        raise ValueError()',
    '    if signed > 0:',
    '        pass',
    '    rebound = 1',
    '    return helper(forwarded, key=forwarded)',
  ].join('\n');
  withGraph(src, (g) => {
    const f = g.resolver.fn('app.svc.f')!;
    const uses = Object.fromEntries(g.resolver.detail(f.module, f.fn)!.params.map((p) => [p.name, p.use ?? null]));
    assert.deepEqual(uses, {
      unused: { unread: true },
      capped: { passedTo: ['min'] },
      checked: { compared: true },
      signed: null,
      forwarded: { passedTo: ['helper'] },
      rebound: { unread: true },
    });
  });
});
