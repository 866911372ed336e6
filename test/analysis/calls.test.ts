// Callee resolution details the event-loop rules rely on: chained calls, path
// arithmetic, file objects, typed attributes of database clients.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FileModel } from '../../server/src/analysis/model';
import { parse } from '../../server/src/engine/parser';
import { ready } from '../helpers';

/** Callee of every call in `src` (document order, outermost first for chains) as `text => name`. */
function callees(src: string): string[] {
  const tree = parse(src);
  const m = new FileModel({ text: src, tree, context: { module: 'app.x', isPackage: false } });
  return m.calls.map((c) => {
    const v = m.callee(c);
    return `${src.slice(c.start, c.node.endIndex)} => ${v.k === 'ref' ? v.q : v.k === 'inst' ? `inst:${v.t}` : '?'}`;
  });
}

test('chained calls: each call has its own callee', async () => {
  await ready;
  const src = 'import requests\nfrom sqlalchemy.orm import Session\ndef f(db: Session):\n    db.query(1).all()\n    requests.get("u").json()\n';
  assert.deepEqual(callees(src), ['db.query(1).all() => sqlalchemy.orm.Query.all', 'db.query(1) => sqlalchemy.orm.Session.query', 'requests.get("u").json() => ?', 'requests.get("u") => requests.get']);
});

test('chained call results are typed from the right call', async () => {
  await ready;
  const src = 'import sqlite3\ndef f():\n    rows = sqlite3.connect("x").cursor()\n    rows.execute("q")\n';
  assert.deepEqual(callees(src).slice(-1), ['rows.execute("q") => sqlite3.Cursor.execute']);
});

test('path arithmetic keeps the Path type', async () => {
  await ready;
  const src = 'from pathlib import Path\nBASE = Path(__file__).parent\nT = BASE / "t"\ndef f(name):\n    (T / name).read_text()\n    p = BASE / "a" / name\n    p.exists()\n    (1 / 2).real()\n';
  const got = callees(src).filter((s) => !s.startsWith('Path('));
  assert.deepEqual(got, ['(T / name).read_text() => pathlib.Path.read_text', 'p.exists() => pathlib.Path.exists', '(1 / 2).real() => ?']);
});

test('open() returns a file object', async () => {
  await ready;
  const src = 'def f(p):\n    with open(p) as fh:\n        fh.read()\n    g = open(p, "rb")\n    g.write(b"")\n';
  assert.deepEqual(callees(src).filter((s) => !s.startsWith('open(')), ['fh.read() => io.IOBase.read', 'g.write(b"") => io.IOBase.write']);
});

test('Mongo: attributes are databases and collections, methods stay methods', async () => {
  await ready;
  const src = 'import pymongo\nc = pymongo.MongoClient()\ndef f():\n    c.shop.orders.find_one({})\n    c.list_database_names()\n    c.get_database("shop").get_collection("o").insert_one({})\n    c["shop"]["o"].delete_many({})\n';
  assert.deepEqual(
    callees(src).filter((s) => !s.includes('MongoClient()') && !s.includes('get_database("shop") =>') && !s.includes('get_collection("o") =>')),
    [
      'c.shop.orders.find_one({}) => pymongo.collection.Collection.find_one',
      'c.list_database_names() => pymongo.MongoClient.list_database_names',
      'c.get_database("shop").get_collection("o").insert_one({}) => pymongo.collection.Collection.insert_one',
      'c["shop"]["o"].delete_many({}) => pymongo.collection.Collection.delete_many',
    ],
  );
});

test('builtin str methods keep the str type through a chain', async () => {
  await ready;
  const src = 'def f(x: str):\n    x.strip().lower()\n';
  assert.deepEqual(callees(src), ['x.strip().lower() => builtins.str.lower', 'x.strip() => builtins.str.strip']);
});
