// The language server builds its index from the persistent cache's summaries at start-up,
// answers the workspace diagnostics of unchanged closed files from the lints it kept, and
// writes both as it goes: the workspace diagnostics are those of a start without a cache,
// after an edit to a helper in another module between two starts too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
    assert.ok(readdirSync(join(ws.root, CACHE)).some((f) => /^server-summaries-v2-[0-9a-f]\.json$/.test(f)), 'summaries written at the first start');
    assert.deepEqual(await workspaceDiagnostics(ws.root), first, 'second start, from the cache');

    // The start-up answer for app/main.py is its kept lint: a mark put in it shows.
    const lints = join(ws.root, CACHE, 'server-lint-v1.json');
    const data = JSON.parse(readFileSync(lints, 'utf8')) as { entries: Record<string, { lint?: { findings: Array<{ message: string }>; reads: Array<[string, string]> } }> };
    const main = Object.entries(data.entries).find(([f]) => f.endsWith(join('app', 'main.py')))?.[1].lint;
    assert.ok(main && main.findings.length > 0, 'app/main.py has a kept lint with findings');
    assert.ok(main.reads.some(([m]) => m === 'app.utils'), 'which lists app.utils among the modules it read');
    for (const f of main.findings) f.message = `kept: ${f.message}`;
    writeFileSync(lints, JSON.stringify(data));
    const marked = await workspaceDiagnostics(ws.root);
    assert.ok(Object.values(marked).flat().some((d) => d.includes(':kept: ')), 'answered from the cache');

    // app/main.py's route blocks through `pause` of app/utils.py: read from that module's
    // summary. Its text is unchanged, its kept lint is not used (the mark goes).
    writeFileSync(ws.file('app/utils.py'), 'def pause(seconds):\n    return seconds\n');
    const edited = await workspaceDiagnostics(ws.root);
    assert.notDeepEqual(edited, first, 'the helper no longer blocks: the route reports one call less');
    assert.ok(!Object.values(edited).flat().some((d) => d.includes(':kept: ')), 'app/main.py linted again');
    rmSync(join(ws.root, CACHE), { recursive: true, force: true });
    assert.deepEqual(await workspaceDiagnostics(ws.root), edited, 'without a cache');
  } finally {
    ws.dispose();
  }
});
