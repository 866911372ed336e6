// Broken and unusual input never makes FPL401-FPL406 or FPL501-FPL503 throw, and their
// fixes never leave a file parsing worse than before.
import { REGISTRY } from '../helpers';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeConfig } from '../../server/src/engine/config';
import { errorCount } from '../../server/src/engine/fixes';
import { fixAll, lintSource } from '../../server/src/engine/linter';
import { parse } from '../../server/src/engine/parser';
import { ready } from '../helpers';

const CODES = ['FPL401', 'FPL402', 'FPL403', 'FPL404', 'FPL405', 'FPL406', 'FPL501', 'FPL502', 'FPL503'];
const HEAD = 'import json\nfrom fastapi import FastAPI, Depends\nfrom pydantic import BaseModel, TypeAdapter, validator\nfrom pydantic_settings import BaseSettings\napp = FastAPI()\n';

const BROKEN: string[] = [
  'class M(BaseModel):\n    class Config:\n',
  'class M(BaseModel):\n    class Config:\n        orm_mode =\n        title = "x"\n',
  'class M(BaseModel):\n    class Config:\n        orm_mode = True\n    x: int = (\n',
  'class M(BaseModel):\n    name: str\n    @validator(\n    def f(cls, v):\n        return v\n',
  'class M(BaseModel):\n    name: str\n    @validator("name", pre=)\n    def f(cls, v):\n        return v\n',
  'def f(raw):\n    return M(**json.loads(raw)\n',
  'def f(raw):\n    return M(**)\n',
  'from pydantic.v1 import\n',
  'import pydantic.v1 as\n',
  'class S(BaseSettings):\n    x: int = 1\ndef get_settings(:\n    return S()\n@app.get("/")\ndef r(s=Depends(get_settings)):\n    return s\n',
  '@app.middleware(\nasync def m(request, call_next):\n    return await call_next(request)\n',
  'def f(m: M):\n    return m.dict(**\n',
  'def f():\n    return TypeAdapter(\n',
  'class Ünïcode(BaseModel):\n    naïve: str\n    class Config:\n        orm_mode = True  # 日本語 😀\ndef g(x: Ünïcode):\n    return x.dict()\n',
  'class M(BaseModel):\r\n    class Config:\r\n        orm_mode = True\r\n        # comment\r\n        validate_all = True\r\n',
  `def f(m: M):\n    return ${'('.repeat(200)}m${')'.repeat(200)}.dict()\n`,
  '\ufeffclass M(BaseModel):\n\tclass Config:\n\t\torm_mode = True\n',
];

for (const [i, body] of BROKEN.entries()) {
  test(`robustness #${i + 1}: no rule throws, fixes never parse worse`, async () => {
    await ready;
    const text = HEAD + body;
    const config = mergeConfig({ select: CODES });
    for (const path of ['cases.py', 'gunicorn.conf.py']) {
      const out = lintSource(text, { rules: REGISTRY, path, config });
      assert.deepEqual(out.notes.filter((n) => n.kind !== 'syntax-error'), [], 'no rule failed');
    }
    const before = parse(text);
    const baseline = errorCount(before);
    const fixed = fixAll(text, { rules: REGISTRY, path: 'cases.py', config }, () => true);
    const after = parse(fixed.text);
    assert.ok(errorCount(after) <= baseline, 'the fixed text parses no worse');
  });
}

test('robustness: CRLF files keep their line endings through the FPL402 rewrite', async () => {
  await ready;
  const text = 'from pydantic import BaseModel\r\nclass M(BaseModel):\r\n    class Config:\r\n        orm_mode = True\r\n        # keep me\r\n        validate_all = True\r\n';
  const fixed = fixAll(text, { rules: REGISTRY, path: 'a.py', config: mergeConfig({ select: ['FPL402'] }) }, () => true).text;
  assert.match(fixed, /model_config = ConfigDict\(\r\n {8}from_attributes=True,\r\n {8}# keep me\r\n {8}validate_default=True,\r\n {4}\)\r\n/);
  assert.doesNotMatch(fixed.replace(/\r\n/g, ''), /[\r\n]/, 'no bare CR or LF');
});

test('robustness: gunicorn config with odd values', async () => {
  await ready;
  const text = 'worker_class = f"{x}"\nworker_class = b"sync"\nworker_class = "sync" "x"\nworkers = \n';
  const out = lintSource(text, { rules: REGISTRY, path: 'gunicorn.conf.py', config: mergeConfig({ select: ['FPL503'] }) });
  // `workers = ` does not parse: the one note says so, and no rule failed.
  assert.deepEqual(out.notes, [{ kind: 'syntax-error', line: 4 }]);
});
