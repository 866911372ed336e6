// The compile-rules checker against CPython: every snippet parses cleanly with tree-sitter,
// and the checker must reject exactly what `compile()` rejects, with CPython's message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileProblems } from '../../server/src/analysis/compileRules';
import { errorCount } from '../../server/src/engine/fixes';
import { parse } from '../../server/src/engine/parser';
import { compileWithCPython } from '../cpython';
import { ready } from '../helpers';

const SNIPPETS = [
  // await and its scopes
  'async def f():\n    await x\n',
  'def f():\n    await x\n',
  'await x\n',
  'class C:\n    y = await x\n',
  'async def f():\n    g = lambda: await x\n',
  'async def f():\n    g = lambda a=await x: a\n',
  'async def f():\n    def g(a=await x): pass\n',
  'async def f():\n    def g(a: await x) -> await y: pass\n',
  'async def f():\n    @(await x)\n    def g(): pass\n',
  'async def f():\n    def g():\n        await x\n',
  'async def f():\n    class C:\n        y = await x\n',
  'async def f():\n    class C(await x):\n        pass\n',
  'def f():\n    return f"{await x}"\n',
  // comprehensions
  'async def f():\n    return [await y for y in x]\n',
  'def f():\n    return [await y for y in x]\n',
  'def f():\n    return (await y for y in x)\n',
  'g = (await y for y in x)\n',
  'g = (y async for y in x)\n',
  'def f():\n    return [y async for y in x]\n',
  'def f():\n    return {y: 1 async for y in x}\n',
  'def f():\n    return {await y for y in x}\n',
  'async def f():\n    return [[y async for y in z] for z in x]\n',
  'def f():\n    return [[y async for y in z] for z in x]\n',
  'def f():\n    return [(y async for y in z) for z in x]\n',
  'def f():\n    return ([y async for y in z] for z in x)\n',
  'def f():\n    return [[y for y in await z] for z in x]\n',
  'def f():\n    return [y for y in await x]\n',
  'def f():\n    return (y for y in await x)\n',
  'async def f():\n    return (y for y in await x)\n',
  'x = (y for y in await z)\n',
  'def f():\n    return [(await y) for y in (z async for z in x)]\n',
  'def f():\n    return [y for y in z if (await w)]\n',
  'def f():\n    return [lambda: (await y) for y in x]\n',
  'async def f():\n    return [lambda: [await y for y in z] for z in x]\n',
  'async def f():\n    class C:\n        y = (await z for z in x)\n',
  'async def f():\n    class C:\n        y = [await z for z in x]\n',
  'def f():\n    return [[[y async for y in w] for w in z] for z in x]\n',
  'def f():\n    return ([[y async for y in w] for w in z] for z in x)\n',
  'def f():\n    return (lambda: (await y for y in x))\n',
  'async def f():\n    def g():\n        return [y async for y in x]\n',
  'async def f():\n    def g():\n        return (y async for y in x)\n',
  'def f():\n    return [y for y in x if [z async for z in y]]\n',
  'x = [y for y in z]\nasync def f():\n    return [await y for y in x for x in await z]\n',
  // async for / with
  'def f():\n    async for y in x: pass\n',
  'def f():\n    async with x as y: pass\n',
  'async with x: pass\n',
  'async def f():\n    async with x as y:\n        async for z in y: pass\n',
  'async def f():\n    def g():\n        async with x: pass\n',
  'async def f():\n    class C:\n        async for y in x: pass\n',
  // generators
  'async def f():\n    yield 1\n    return 2\n',
  'async def f():\n    yield 1\n    return\n',
  'async def f():\n    yield from x\n',
  'def f():\n    yield from x\n    return 1\n',
  'async def f():\n    def g():\n        yield 1\n    return 2\n',
  'async def f():\n    g = (y for y in x)\n    return 2\n',
  'async def f():\n    g = lambda: (yield)\n    return 2\n',
  'yield 1\n',
  'class C:\n    yield 1\n',
  'return 1\n',
  'class C:\n    return 1\n',
  'def f():\n    class C:\n        return 1\n',
  // parameters and arguments
  'def f(a, a): pass\n',
  'f = lambda a, a: 1\n',
  'def f(a, *a): pass\n',
  'def f(a, **a): pass\n',
  'def f(a: int, *, a: int = 1): pass\n',
  'def f(a=1, b): pass\n',
  'def f(a=1, *, b): pass\n',
  'def f(a=1, /, b): pass\n',
  'def f(a, /, b=1, *args, c, d=2, **kw): pass\n',
  'def f(a: int = 1, b: int): pass\n',
  'def f(a=1, *args: int, b): pass\n',
  'f = lambda a=1, b: 1\n',
  'f(a=1, a=2)\n',
  'f(a=1, **{"a": 2})\n',
  'f(a=1, b=2, *c)\n',
  // __future__
  'import os\nfrom __future__ import annotations\n',
  '"""doc"""\nfrom __future__ import annotations\nimport os\n',
  '# comment\nfrom __future__ import annotations\nfrom __future__ import division\n',
  'x = 1\nfrom __future__ import annotations\n',
];

// Run-time, not compile-time: CPython compiles these, the checker names the UnboundLocalError.
const RUNTIME = [
  ['async def f():\n    await asyncio.to_thread(g)\n    import asyncio\n', "local variable 'asyncio' referenced before assignment (imported later in the function)"],
  ['def f():\n    x = [time.time() for _ in range(2)]\n    import time\n', "local variable 'time' referenced before assignment (imported later in the function)"],
  ['def f():\n    import time\n    return time.time()\n', null],
  ['def f():\n    def g():\n        return time.time()\n    import time\n    return g\n', null],
  ['def f(x=time):\n    import time\n', null],
  ['def f():\n    o.time = 1\n    g(time=1)\n    import time\n', null],
] as const;

function ours(src: string): string | null {
  const tree = parse(src);
  assert.equal(errorCount(tree), 0, `tree-sitter parses ${JSON.stringify(src)}`);
  return compileProblems(tree.rootNode, src)[0]?.message ?? null;
}

test('the compile rules reject what CPython rejects, with its message', async () => {
  await ready;
  const theirs = compileWithCPython(SNIPPETS.map((text, i) => ({ name: `snippet${i}`, text })));
  const problems: string[] = [];
  SNIPPETS.forEach((src, i) => {
    const want = theirs[i]?.replace(/ \(line \d+\)$/, '') ?? null;
    const got = ours(src);
    if (got !== want) problems.push(`${JSON.stringify(src)}: CPython ${JSON.stringify(want)}, ours ${JSON.stringify(got)}`);
  });
  assert.deepEqual(problems, []);
});

test('a name used before the function imports it is reported (UnboundLocalError at run time)', async () => {
  await ready;
  const compiled = compileWithCPython(RUNTIME.map(([text], i) => ({ name: `runtime${i}`, text })));
  assert.deepEqual(compiled, RUNTIME.map(() => null), 'CPython compiles them all');
  for (const [src, want] of RUNTIME) assert.equal(ours(src), want, src);
});
