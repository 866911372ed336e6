// The editor fixes with the versions the diagnostics were made with: the project's
// requirements.txt (FastAPI 0.110 with orjson) decides which fixes "Fix all" applies.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CodeAction } from 'vscode-languageserver-protocol';
import { tempDir } from '../tempDir';
import { applyLspEdits, codes, editsFor, LspClient, uriOf } from './harness';

const APP = [
  'from fastapi import FastAPI',
  'from fastapi.responses import JSONResponse',
  'from pydantic import BaseModel',
  '',
  'app = FastAPI()',
  '',
  '',
  'class Item(BaseModel):',
  '    id: int',
  '',
  '',
  'class Items(BaseModel):',
  '    items: list[Item]',
  '',
  '',
  '@app.get("/rows")',
  'def rows():',
  '    data = [{"id": i} for i in range(1000)]',
  '    return JSONResponse(data)',
  '',
  '',
  '@app.get("/items/{item_id}")',
  'def get_item(item_id: int):',
  '    return Items(items=[Item(id=item_id)])',
  '',
].join('\n');

test('source.fixAll with requirements.txt pinning FastAPI 0.110 and orjson: the FPL201 fixes, no FPL203 fix', async () => {
  const root = join(tempDir('fpl-lsp-versions-'), 'svc');
  mkdirSync(root, { recursive: true });
  writeFileSync(join(root, 'requirements.txt'), 'fastapi==0.110.0\norjson\n');
  writeFileSync(join(root, 'app.py'), APP);
  const client = await LspClient.start({ folders: [root], settings: { select: ['FPL2', 'FPL201', 'FPL203'] } });
  try {
    const uri = uriOf(join(root, 'app.py'));
    await client.indexed();
    await client.open(uri, APP, 1);
    const p = await client.diagnosticsFor(uri, (x) => x.diagnostics.length > 0);
    assert.deepEqual(codes(p.diagnostics), ['FPL201', 'FPL201']);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll.fastapiPerf'] },
    });
    assert.equal(actions.length, 1);
    const resolved = actions[0].edit ? actions[0] : await client.request<CodeAction>('codeAction/resolve', actions[0]);
    const after = applyLspEdits(APP, editsFor(resolved.edit, uri).edits);
    assert.match(after, /app = FastAPI\(default_response_class=ORJSONResponse\)/);
    assert.match(after, /return ORJSONResponse\(data\)/);
    assert.doesNotMatch(after, /-> Item/);
  } finally {
    await client.stop();
  }
});
