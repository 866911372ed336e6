// scopeAt searches a scope's children by binary search when their bodies do not overlap:
// it answers as the linear search over the children in document order did.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Scope } from '../../server/src/analysis/facts';
import { FileModel } from '../../server/src/analysis/model';
import { parse } from '../../server/src/engine/parser';
import { ready } from '../helpers';

function linearScopeAt(model: FileModel, offset: number): Scope {
  let s = model.moduleScope;
  for (;;) {
    const child = s.children.find((c) => c.bodyStart <= offset && offset < c.end);
    if (!child) return s;
    s = child;
  }
}

function pythonFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? pythonFiles(join(dir, e.name)) : e.name.endsWith('.py') ? [join(dir, e.name)] : []));
}

test('scopeAt: the same scope as the linear search, at every offset (fixtures, examples, defaults and decorators holding lambdas)', async () => {
  await ready;
  const generated = Array.from({ length: 40 }, (_, i) =>
    [`@deco(lambda: ${i})`, `def f${i}(a=lambda x: [y for y in x], b=(lambda: 1)()):`, `    g = lambda: [z for z in range(${i})]`, `    class C${i}:`, `        def m(self, k=lambda: 0): return {q: q for q in k()}`, `    return g`].join('\n'),
  ).join('\n\n');
  const root = join(__dirname, '..', '..');
  const texts = [generated, ...[...pythonFiles(join(root, 'rules')), ...pythonFiles(join(root, 'examples'))].map((p) => readFileSync(p, 'utf8'))];
  for (const text of texts) {
    const tree = parse(text);
    const model = new FileModel({ text, tree, context: { module: 'm', isPackage: false } });
    for (let o = 0; o <= text.length; o += 3) assert.equal(model.scopeAt(o), linearScopeAt(model, o), `offset ${o} of ${text.slice(0, 60)}`);
  }
});
