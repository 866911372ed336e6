// Beside Ruff in the editor, over stdio: with `ruffOverlap` auto and the client saying Ruff
// lints here, the calls Ruff's configuration flags are left to Ruff; a code-action request
// carrying Ruff's diagnostic gets our fix for it, and "fix all" includes it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { CodeAction, Diagnostic, Range } from 'vscode-languageserver-protocol';
import { ready } from '../helpers';
import { tempDir } from '../tempDir';
import { applyLspEdits, codes, editsFor, LspClient, uriOf } from './harness';

const MAIN = [
  'import time', //                                0
  'import requests', //                            1
  '', //                                           2
  '', //                                           3
  'async def f(s: requests.Session):', //           4
  '    time.sleep(1)', //                          5  Ruff: ASYNC251 (default set)
  '    requests.get("x")', //                      6  Ruff: ASYNC210 (default set)
  '    s.get("x")', //                             7  Ruff flags no Session method
  '',
].join('\n');

/** Ruff's diagnostic on `time.sleep` as the Ruff extension publishes it: the callee's range. */
const RUFF_SLEEP: Diagnostic = {
  range: { start: { line: 5, character: 4 }, end: { line: 5, character: 14 } },
  severity: 2,
  code: 'ASYNC251',
  source: 'Ruff',
  message: 'Async functions should not call `time.sleep`',
};

async function start(files: Record<string, string>, settings: Record<string, unknown>) {
  await ready;
  const root = path.join(tempDir('fpl-lsp-ruff-'), 'svc');
  for (const [rel, text] of Object.entries({ 'app/main.py': MAIN, ...files })) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  }
  const client = await LspClient.start({ folders: [root], settings: { select: ['FPL101', 'FPL102'], ...settings } });
  await client.indexed();
  const uri = uriOf(path.join(root, 'app/main.py'));
  return { client, uri, root };
}

/** The diagnostics of app/main.py once published for `text`, as their codes by line. */
async function published(client: LspClient, uri: string, text: string, count: number): Promise<Diagnostic[]> {
  await client.open(uri, text, 1);
  const p = await client.diagnosticsFor(uri, (x) => x.diagnostics.length === count);
  return p.diagnostics;
}

const byLine = (diags: readonly Diagnostic[]): string[] => diags.map((d) => `${d.range.start.line}:${d.code}`);

test('auto with Ruff in the editor: Ruff\'s calls are left to it; a code action on its ASYNC251 diagnostic gets our fix; fix-all includes it', async () => {
  const { client, uri } = await start({}, { ruffInEditor: true });
  try {
    const diags = await published(client, uri, MAIN, 1);
    assert.deepEqual(byLine(diags), ['7:FPL102']);
    const range: Range = RUFF_SLEEP.range;
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: [RUFF_SLEEP] } });
    const fix = actions.find((a) => a.title === 'Replace with await asyncio.sleep(...)');
    assert.ok(fix, `our fix is offered on Ruff's diagnostic: ${actions.map((a) => a.title).join(', ')}`);
    assert.deepEqual(fix.diagnostics, [RUFF_SLEEP]);
    assert.equal(fix.isPreferred, true);
    const after = applyLspEdits(MAIN, editsFor(fix.edit, uri).edits);
    assert.match(after, /^import asyncio$/m);
    assert.match(after, /^ {4}await asyncio\.sleep\(1\)$/m);
    // A Ruff code that does not flag this call, or another tool's diagnostic at the place, gets nothing of ours.
    for (const other of [{ ...RUFF_SLEEP, code: 'ASYNC210' }, { ...RUFF_SLEEP, source: 'Pylance', code: 'reportSomething' }]) {
      const none = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: [other] } });
      assert.equal(none.find((a) => a.title.startsWith('Replace with')), undefined);
    }
    // "Fix all safe problems" applies the fixes of the findings left to Ruff too.
    const source = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: [], only: ['source.fixAll'] } });
    assert.equal(source.length, 1);
    const resolved = source[0].edit ? source[0] : await client.request<CodeAction>('codeAction/resolve', source[0]);
    assert.match(applyLspEdits(MAIN, editsFor(resolved.edit, uri).edits), /await asyncio\.sleep\(1\)/);
  } finally {
    await client.stop();
  }
});

test('auto without Ruff in the editor, report, and a Ruff configuration that selects no ASYNC rule: everything is ours', async () => {
  const cases: Array<[Record<string, string>, Record<string, unknown>]> = [
    [{}, {}],
    [{}, { ruffInEditor: true, ruffOverlap: 'report' }],
    [{ 'pyproject.toml': '[tool.ruff.lint]\nselect = ["E", "F"]\n' }, { ruffInEditor: true }],
    // The project says report, and the editor setting is not set.
    [{ 'pyproject.toml': '[tool.fastapi-perf-lint]\nruff-overlap = "report"\n' }, { ruffInEditor: true }],
  ];
  for (const [files, settings] of cases) {
    const { client, uri } = await start(files, settings);
    try {
      assert.deepEqual(codes(await published(client, uri, MAIN, 3)), ['FPL101', 'FPL102', 'FPL102'], JSON.stringify({ files, settings }));
    } finally {
      await client.stop();
    }
  }
});

test('Ruff\'s configuration decides per file (ignore, per-file ignores); defer needs no Ruff in the editor; # noqa with Ruff\'s code suppresses ours', async () => {
  const { client, uri, root } = await start(
    { 'pyproject.toml': '[tool.ruff.lint]\nignore = ["ASYNC210"]\n[tool.ruff.lint.per-file-ignores]\n"app/legacy.py" = ["ASYNC251"]\n', 'app/legacy.py': MAIN },
    { ruffOverlap: 'defer' },
  );
  try {
    assert.deepEqual(byLine(await published(client, uri, MAIN, 2)), ['6:FPL102', '7:FPL102']);
    const legacy = uriOf(path.join(root, 'app/legacy.py'));
    assert.deepEqual(byLine(await published(client, legacy, MAIN, 3)), ['5:FPL101', '6:FPL102', '7:FPL102']);
    await client.change(legacy, 2, [{ text: MAIN.replace('time.sleep(1)', 'time.sleep(1)  # noqa: ASYNC251') }]);
    const p = await client.diagnosticsFor(legacy, (x) => x.version === 2);
    assert.deepEqual(byLine(p.diagnostics), ['6:FPL102', '7:FPL102']);
  } finally {
    await client.stop();
  }
});
