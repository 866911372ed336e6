// Expression helpers: method chains, value uses, literal numbers and payloads, string prefixes;
// and the model questions built on them (callsTo, moduleString).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { calledMethods, chainAbove, chainOf, isTinyPayload, literalNumber, stringPrefix, useOf } from '../../server/src/analysis/expressions';
import { FileModel } from '../../server/src/analysis/model';
import { parse } from '../../server/src/engine/parser';
import { type Node } from '../../server/src/analysis/tree';
import { ready } from '../helpers';

function withTree<T>(src: string, fn: (root: Node, model: FileModel) => T): T {
  const tree = parse(src);
  return fn(tree.rootNode, new FileModel({ text: src, tree, context: { module: 'm', isPackage: false } }));
}

/** The first node of a type whose text is `text`. */
function find(root: Node, type: string, text: string): Node {
  const n = root.descendantsOfType(type).find((x) => x?.text === text);
  assert.ok(n, `${type} ${text}`);
  return n!;
}

test('chainOf: base and links, through parentheses and await', async () => {
  await ready;
  withTree('x = (await db.execute(select(M).where(c).limit(5))).scalars()[0:2].all()\n', (root) => {
    const top = root.descendantsOfType('assignment')[0]!.childForFieldName('right')!;
    const { base, links } = chainOf(top);
    assert.equal(base.text, 'db');
    assert.deepEqual(links.map((l) => l.kind + (l.name ? `:${l.name}` : '')), ['attr:execute', 'call', 'attr:scalars', 'call', 'subscript', 'attr:all', 'call']);
    assert.deepEqual(calledMethods(links).map((m) => m.name), ['execute', 'scalars', 'all']);
    const select = find(root, 'call', 'select(M)');
    assert.deepEqual(calledMethods(chainOf(find(root, 'call', 'select(M).where(c).limit(5)')).links).map((m) => m.name), ['where', 'limit']);
    const above = chainAbove(select);
    assert.deepEqual(calledMethods(above.links).map((m) => m.name), ['where', 'limit']);
    assert.equal(above.top.text, 'select(M).where(c).limit(5)');
  });
});

test('chainAbove: from an awaited call to the end of the chain', async () => {
  await ready;
  withTree('async def f():\n    return (await db.execute(q)).scalars().all()\n', (root) => {
    const exec = find(root, 'call', 'db.execute(q)');
    const above = chainAbove(exec);
    assert.deepEqual(calledMethods(above.links).map((m) => m.name), ['scalars', 'all']);
    assert.equal(useOf(above.top).kind, 'return');
  });
});

test('useOf: return, assignment, iteration, argument', async () => {
  await ready;
  withTree('def f():\n    a = g()\n    for x in h():\n        pass\n    k(j())\n    return m()\n', (root) => {
    assert.deepEqual(useOf(find(root, 'call', 'g()')), { kind: 'assign', name: 'a' });
    assert.equal(useOf(find(root, 'call', 'h()')).kind, 'iterate');
    assert.equal(useOf(find(root, 'call', 'j()')).kind, 'argument');
    assert.equal(useOf(find(root, 'call', 'm()')).kind, 'return');
    assert.equal(useOf(find(root, 'call', 'k(j())')).kind, 'other');
  });
});

test('literalNumber', async () => {
  await ready;
  const cases: Array<[string, number | null]> = [['1_000', 1000], ['-1', -1], ['2**31 - 1', 2147483647], ['10**9', 1e9], ['0x10', 16], ['float("inf")', Infinity], ['3 // 2', 1], ['n', null], ['1 / 2', null]];
  for (const [expr, want] of cases) {
    withTree(`x = ${expr}\n`, (root) => assert.equal(literalNumber(root.descendantsOfType('assignment')[0]!.childForFieldName('right')), want, expr));
  }
});

test('isTinyPayload: literal statuses and messages, not data', async () => {
  await ready;
  const cases: Array<[string, boolean]> = [
    ['{"status": "ok"}', true],
    ['{"detail": str(exc)}', true],
    ['{"ok": True, "version": "1.2"}', true],
    ['None', true],
    ['{"items": rows}', false],
    ['{"detail": [e for e in errs]}', false],
    ['{"a": 1, "b": 2, "c": 3, "d": 4, "e": 5}', false],
    ['{**base, "x": 1}', false],
    ['rows', false],
  ];
  for (const [expr, want] of cases) {
    withTree(`x = ${expr}\n`, (root) => assert.equal(isTinyPayload(root.descendantsOfType('assignment')[0]!.childForFieldName('right')), want, expr));
  }
});

test('stringPrefix and moduleString: literal text of module constants', async () => {
  await ready;
  const src = 'A = "sqlite:///x.db"\nB = f"postgresql://{user}@db"\nC = A\nD = "one"\nD = "two"\nE = b"bytes"\n';
  withTree(src, (root, model) => {
    assert.equal(stringPrefix(find(root, 'string', '"sqlite:///x.db"')), 'sqlite:///x.db');
    assert.equal(model.moduleString('A'), 'sqlite:///x.db');
    assert.equal(model.moduleString('B'), 'postgresql://');
    assert.equal(model.moduleString('C'), null, 'a name, not a literal');
    assert.equal(model.moduleString('D'), null, 'bound twice');
    assert.equal(model.moduleString('E'), 'bytes');
    assert.equal(model.moduleString('missing'), null);
  });
});

test('callsTo: calls by resolved callee, aliases included, shadowing respected', async () => {
  await ready;
  const src = 'import json\nfrom json import dumps as d\ndef f(x):\n    json.dumps(x)\n    d(x)\ndef g(json):\n    json.dumps(1)\n';
  withTree(src, (_root, model) => {
    assert.deepEqual(model.callsTo('json.dumps').map((c) => c.node.text), ['json.dumps(x)', 'd(x)']);
    assert.deepEqual(model.callsTo('nothing.here'), []);
  });
});
