// How fixes write library names: existing imports first, the name itself before a module path.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FileModel } from '../../server/src/analysis/model';
import { reference } from '../../server/src/engine/linter';
import { parse } from '../../server/src/engine/parser';
import { ready } from '../helpers';

function ref(src: string, q: string): ReturnType<typeof reference> {
  const tree = parse(src);
  const model = new FileModel({ text: src, tree, context: { module: 'm', isPackage: false } });
  return reference(model, q, src.length);
}

test('reference: a name imported directly wins over its module, whatever the import order', async () => {
  await ready;
  assert.deepEqual(ref('import pydantic\nfrom pydantic import field_validator\n', 'pydantic.field_validator'), { text: 'field_validator', imports: [] });
  assert.deepEqual(ref('from pydantic import field_validator\nimport pydantic\n', 'pydantic.field_validator'), { text: 'field_validator', imports: [] });
});

test('reference: through an aliased module, else a new import', async () => {
  await ready;
  assert.deepEqual(ref('import asyncio as aio\n', 'asyncio.sleep'), { text: 'aio.sleep', imports: [] });
  assert.deepEqual(ref('x = 1\n', 'asyncio.sleep'), { text: 'asyncio.sleep', imports: [{ module: 'asyncio' }] });
});

/** The walk `reference` did before the per-model import index: every module-level binding, per question. */
function walkedReference(model: FileModel, q: string, offset: number): ReturnType<typeof reference> {
  const scope = model.scopeAt(offset);
  const parts = q.split('.');
  const same = (name: string, target: string): boolean => {
    const v = model.resolveName(name, scope, offset);
    return v.k === 'ref' && v.q === target;
  };
  let viaModule: string | null = null;
  for (const [name, list] of Object.entries(model.summary.bindings)) {
    for (const b of list) {
      if (b.k !== 'import' || !b.t) continue;
      if (b.t === q && same(name, q)) return { text: name, imports: [] };
      if (!viaModule && q.startsWith(`${b.t}.`) && same(name, b.t)) viaModule = name + q.slice(b.t.length);
    }
  }
  if (viaModule) return { text: viaModule, imports: [] };
  const head = parts[0];
  const v = model.resolveName(head, scope, offset);
  if (v.k === 'ref' && (v.q === head || v.q === `builtins.${head}`)) return { text: q, imports: [{ module: parts.slice(0, -1).join('.') || head }] };
  return null;
}

function pythonFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? pythonFiles(join(dir, e.name)) : e.name.endsWith('.py') ? [join(dir, e.name)] : []));
}

test('reference: the import index answers as the walk over every binding did (fixtures, examples, shadowing and order)', async () => {
  await ready;
  const extra = [
    'import asyncio as aio\nimport asyncio\nfrom asyncio import gather\nasync def f():\n    asyncio = 1\n    pass\n',
    'import concurrent.futures\nimport concurrent as c\nfrom concurrent import futures\nx = 1\n',
    'from fastapi import concurrency\nimport fastapi.concurrency as fc\ndef g():\n    import asyncio\n    return asyncio\n',
  ];
  const root = join(__dirname, '..', '..');
  const texts = [...extra, ...[...pythonFiles(join(root, 'rules')), ...pythonFiles(join(root, 'examples'))].map((p) => readFileSync(p, 'utf8'))];
  let asked = 0;
  for (const text of texts) {
    const tree = parse(text);
    const model = new FileModel({ text, tree, context: { module: 'm', isPackage: false } });
    const targets = [...model.importsByTarget().keys()];
    const names = ['asyncio.to_thread', 'asyncio.gather', 'asyncio.sleep', 'fastapi.concurrency.run_in_threadpool', 'concurrent.futures.ThreadPoolExecutor', ...targets.slice(0, 6).flatMap((t) => [t, `${t}.x`])];
    // Each function's body and a few calls: scopes are what change the answer.
    const offsets = [0, text.length, ...model.functions.map((f) => f.bodyStart), ...model.calls.filter((_, i) => i % 10 === 0).map((c) => c.start)];
    for (const q of names) {
      for (const o of offsets) {
        assert.deepEqual(reference(model, q, o), walkedReference(model, q, o), `${q} at ${o} in ${text.slice(0, 80)}`);
        asked++;
      }
    }
  }
  assert.ok(asked > 1000);
});
