// The language server builds its index from the persistent cache's summaries at start-up
// and writes them as it goes: the workspace diagnostics are those of a start without a
// cache, after an edit between two starts too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkspaceDiagnosticReport } from 'vscode-languageserver-protocol';
import { LspClient, makeWorkspace } from './harness';

const CACHE = '.fastapi-perf-lint-cache';

/** Each closed file's diagnostics (code, line, message), by path relative to the root. */
async function workspaceDiagnostics(root: string): Promise<Record<string, string[]>> {
  const client = await LspClient.start({ folders: [root], pull: true });
  try {
    await client.indexed();
    const report = await client.request<WorkspaceDiagnosticReport>('workspace/diagnostic', { previousResultIds: [] });
    const out: Record<string, string[]> = {};
    for (const item of report.items) if (item.kind === 'full') out[item.uri.slice(item.uri.indexOf('/app/') + 1)] = item.items.map((d) => `${d.code}:${d.range.start.line}:${d.message}`).sort();
    return Object.fromEntries(Object.entries(out).sort());
  } finally {
    await client.stop();
  }
}

test('server: summaries from the cache at start-up, the same workspace diagnostics as without it, after an edit too', async () => {
  const ws = makeWorkspace();
  try {
    const first = await workspaceDiagnostics(ws.root);
    assert.ok(existsSync(join(ws.root, CACHE, 'server-summaries-v1.json')), 'summaries written at the first start');
    assert.deepEqual(await workspaceDiagnostics(ws.root), first, 'second start, from the cache');
    // app/main.py's route blocks through `pause` of app/utils.py: read from that module's summary.
    writeFileSync(ws.file('app/utils.py'), 'def pause(seconds):\n    return seconds\n');
    const edited = await workspaceDiagnostics(ws.root);
    assert.notDeepEqual(edited, first, 'the helper no longer blocks: the route reports one call less');
    rmSync(join(ws.root, CACHE), { recursive: true, force: true });
    assert.deepEqual(await workspaceDiagnostics(ws.root), edited, 'without a cache');
  } finally {
    ws.dispose();
  }
});
