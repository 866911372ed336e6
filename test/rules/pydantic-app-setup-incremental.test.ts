// Incremental linting (chunk by chunk, reusing untouched chunks) must report exactly what a
// full lint reports, for the Pydantic and application-setup rules too: a module-level name
// added in another chunk reaches the findings that depend on it. (Random edits of every
// rule's fixtures: test/engine/incremental.test.ts.)
import { REGISTRY } from '../helpers';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeConfig } from '../../server/src/engine/config';
import { Document } from '../../server/src/engine/document';
import { lintTree } from '../../server/src/engine/linter';
import { LineIndex } from '../../server/src/engine/text';
import { ready } from '../helpers';

/** Lints, applies one edit at `at` (a string to find, or the end), lints again: incremental and full findings after it. */
function afterEdit(code: string, text: string, insert: string, at: string | null, path = 'cases.py'): { inc: string[]; full: string[] } {
  // Only the rule under test: another rule's reads must not be what re-runs the chunk.
  const opts = { path, config: mergeConfig({ select: [code] }) };
  // Small edits to a long enough file, so the linter reuses the untouched chunks.
  text += Array.from({ length: 40 }, (_, i) => `filler_${i} = ${i}\n`).join('');
  const doc = new Document(text, 1);
  try {
    doc.lint({ rules: REGISTRY, ...opts });
    const offset = at === null ? text.length : text.indexOf(at);
    const lines = new LineIndex(text);
    doc.update([{ range: lines.range(offset, offset), text: insert }], 2);
    const show = (fs: readonly { code: string; start: number; message: string; fix?: unknown }[]) => fs.map((f) => `${f.code}@${f.start} ${f.message} ${JSON.stringify(f.fix ?? null)}`);
    const inc = show(doc.lint({ rules: REGISTRY, ...opts }, 'after').findings);
    assert.equal(doc.linter.lastStats?.mode, 'incremental', 'the edit was linted incrementally');
    return { inc, full: show(lintTree(doc.text, doc.tree, { rules: REGISTRY, ...opts }).findings) };
  } finally {
    doc.dispose();
  }
}

test('incremental: a module-level name added in another chunk reaches findings that depend on it', async () => {
  await ready;
  const gunicorn = 'workers = 4\n\nbind = "0.0.0.0:8000"\n';
  const g = afterEdit('FPL503', gunicorn, 'max_requests = 1000\n', null, 'gunicorn.conf.py');
  assert.deepEqual(g.inc, g.full);
  assert.deepEqual(g.full, []);

  const settings = 'from fastapi import Depends, FastAPI\nfrom pydantic_settings import BaseSettings\napp = FastAPI()\nclass S(BaseSettings):\n    x: int = 1\ndef get_settings():\n    return S()\n@app.get("/")\ndef r(s=Depends(get_settings)):\n    return s\n';
  const s = afterEdit('FPL501', settings, 'from functools import lru_cache\nget_settings = lru_cache(get_settings)\n', '@app.get');
  assert.deepEqual(s.inc, s.full);

  const validators = 'import pydantic\nfrom pydantic import BaseModel, validator\nclass M(BaseModel):\n    x: str\n    @validator("x")\n    def f(cls, v):\n        return v\n';
  const v = afterEdit('FPL403', validators, 'from pydantic import field_validator\n', 'class M');
  assert.deepEqual(v.inc, v.full);
  assert.match(v.full.join('\n'), /"text":"field_validator\(\\"x\\"\)"/);

  // A route: FPL404 reports adapters rebuilt on every request.
  const adapters = 'from fastapi import FastAPI\nfrom pydantic import TypeAdapter\napp = FastAPI()\nx = 1\n\n\n@app.get("/")\ndef f(raw: str):\n    return TA(int).validate_python(raw)\n';
  const a = afterEdit('FPL404', adapters, 'TA = TypeAdapter\n', 'x = 1');
  assert.deepEqual(a.inc, a.full);
  assert.equal(a.full.length, 1);
});
