// How fixes write library names: existing imports first, the name itself before a module path.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FileModel } from '../../server/src/analysis/model';
import { reference } from '../../server/src/engine/linter';
import { parse } from '../../server/src/engine/parser';
import { ready } from '../helpers';

function ref(src: string, q: string): ReturnType<typeof reference> {
  const tree = parse(src);
  try {
    const model = new FileModel({ text: src, tree, context: { module: 'm', isPackage: false } });
    return reference(model, q, src.length);
  } finally {
    tree.delete();
  }
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
