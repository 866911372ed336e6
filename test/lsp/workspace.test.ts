// The workspace over stdio: the scan command (progress, cancellation, results for closed
// files), and the index following file changes on disk and edits in open documents.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { CancellationTokenSource } from 'vscode-languageserver-protocol/node';
import type { WorkspaceDiagnosticReport } from 'vscode-languageserver-protocol';
import { codes, LspClient, makeWorkspace } from './harness';

const MAIN = 'app/main.py';
const NOT_BLOCKING = 'def pause(seconds):\n    return seconds\n';

interface ScanSummary {
  files: number;
  findings: number;
  filesWithFindings: number;
  openFiles: number;
  openFindings: number;
  cancelled: boolean;
}

test('scan workspace: progress with file counts, results for closed files (push client)', async () => {
  const ws = makeWorkspace();
  const client = await LspClient.start({ folders: [ws.root], settings: { exclude: ['generated'] } });
  try {
    await client.open(ws.uri(MAIN), readFileSync(ws.file(MAIN), 'utf8'), 1);
    const summary = await client.request<ScanSummary>('workspace/executeCommand', { command: 'fastapiPerf.scanWorkspace', workDoneToken: 'scan-1' });
    // app/__init__.py, app/closed.py, app/utils.py; app/main.py is open (its 4 findings are counted apart).
    assert.deepEqual(summary, { files: 3, findings: 1, filesWithFindings: 1, openFiles: 1, openFindings: 4, cancelled: false });
    const events = client.progress.filter((p) => p.token === 'scan-1').map((p) => p.value);
    assert.equal(events[0].kind, 'begin');
    assert.equal(events[0].cancellable, true);
    assert.equal(events[events.length - 1].kind, 'end');
    assert.ok(events.some((e) => e.kind === 'report' && e.message === '3/3 files' && e.percentage === 100));
    const closed = await client.diagnosticsFor(ws.uri('app/closed.py'));
    assert.deepEqual(codes(closed.diagnostics), ['FPL101']);
    for (const skipped of ['ignored/bad.py', '.venv/lib/site.py', 'env2/lib/thing.py', 'generated/gen.py']) assert.ok(!client.published.has(ws.uri(skipped)));
    // Opened, an excluded file or a virtualenv's file stays quiet too.
    for (const rel of ['generated/gen.py', '.venv/lib/site.py', 'env2/lib/thing.py']) {
      await client.open(ws.uri(rel), readFileSync(ws.file(rel), 'utf8'), 1);
      const p = await client.diagnosticsFor(ws.uri(rel));
      assert.deepEqual(p.diagnostics, [], rel);
    }
    // Without a token from the client the server creates its own progress.
    const before = client.progress.length;
    await client.request<ScanSummary>('workspace/executeCommand', { command: 'fastapiPerf.scanWorkspace' });
    const own = client.progress.slice(before);
    assert.ok(own.some((p) => p.value.kind === 'begin' && /scanning/.test(p.value.title ?? '')));
    assert.ok(own.some((p) => p.value.kind === 'end'));
  } finally {
    await client.stop();
    ws.dispose();
  }
});

test('scan workspace: cancellable', async () => {
  const ws = makeWorkspace();
  for (let i = 0; i < 300; i++) {
    mkdirSync(ws.file('many'), { recursive: true });
    writeFileSync(ws.file(`many/m${i}.py`), `import time\n\n\nasync def handler_${i}():\n    time.sleep(${i})\n`.repeat(20));
  }
  const client = await LspClient.start({ folders: [ws.root] });
  try {
    await client.indexed();
    const source = new CancellationTokenSource();
    const pending = client.conn.sendRequest('workspace/executeCommand', { command: 'fastapiPerf.scanWorkspace', workDoneToken: 'scan-c' }, source.token) as Promise<ScanSummary>;
    await client.until('the first progress report', () => client.progress.some((p) => p.token === 'scan-c' && p.value.kind === 'report'));
    source.cancel();
    const summary = await pending;
    assert.equal(summary.cancelled, true);
    assert.ok(summary.files > 0 && summary.files < 303, `stopped part way: ${summary.files} files`);
    await client.until('the end of the scan progress', () => client.progress.some((p) => p.token === 'scan-c' && p.value.kind === 'end'));
  } finally {
    await client.stop();
    ws.dispose();
  }
});

test('index: a module changed on disk, edited in a buffer, or closed unsaved refreshes its open dependents', async () => {
  const ws = makeWorkspace();
  const client = await LspClient.start({ folders: [ws.root] });
  try {
    await client.indexed();
    const main = ws.uri(MAIN);
    await client.open(main, readFileSync(ws.file(MAIN), 'utf8'), 1);
    await client.diagnosticsFor(main, (p) => p.diagnostics.length === 4);
    // On disk, `pause` stops being time.sleep: main.py loses the finding on `pause(1)`.
    const original = readFileSync(ws.file('app/utils.py'), 'utf8');
    writeFileSync(ws.file('app/utils.py'), NOT_BLOCKING);
    await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: ws.uri('app/utils.py'), type: 2 }] });
    await client.diagnosticsFor(main, (p) => p.diagnostics.length === 3);
    // In an open buffer (unsaved), it becomes time.sleep again.
    const utils = ws.uri('app/utils.py');
    await client.open(utils, NOT_BLOCKING, 1);
    await client.change(utils, 2, [{ text: original }]);
    await client.diagnosticsFor(main, (p) => p.diagnostics.length === 4);
    // Closed without saving: back to the disk version.
    await client.close(utils);
    await client.diagnosticsFor(main, (p) => p.diagnostics.length === 3);
    // Deleted: `from app.utils import pause` no longer resolves to anything blocking.
    writeFileSync(ws.file('app/utils.py'), original);
    await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: ws.uri('app/utils.py'), type: 2 }] });
    await client.diagnosticsFor(main, (p) => p.diagnostics.length === 4);
    unlinkSync(ws.file('app/utils.py'));
    await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: ws.uri('app/utils.py'), type: 3 }] });
    await client.diagnosticsFor(main, (p) => p.diagnostics.length === 3);
    // Created again: indexed again.
    writeFileSync(ws.file('app/utils.py'), original);
    await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: ws.uri('app/utils.py'), type: 1 }] });
    await client.diagnosticsFor(main, (p) => p.diagnostics.length === 4);
  } finally {
    await client.stop();
    ws.dispose();
  }
});

test('pull client: workspace diagnostics follow created, changed and deleted files', async () => {
  const ws = makeWorkspace();
  const client = await LspClient.start({ folders: [ws.root], pull: true });
  try {
    await client.indexed();
    const pullAll = () => client.request<WorkspaceDiagnosticReport>('workspace/diagnostic', { previousResultIds: [] });
    const find = (r: WorkspaceDiagnosticReport, rel: string) => r.items.find((i) => i.uri === ws.uri(rel));
    const first = await pullAll();
    assert.equal(find(first, 'app/extra.py'), undefined);
    const refreshes = client.refreshes;
    writeFileSync(ws.file('app/extra.py'), 'import time\n\n\nasync def g():\n    time.sleep(1)\n    time.sleep(2)\n');
    await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: ws.uri('app/extra.py'), type: 1 }] });
    await client.until('a diagnostic refresh request', () => client.refreshes > refreshes);
    const created = find(await pullAll(), 'app/extra.py');
    assert.ok(created?.kind === 'full' && created.items.length === 2);
    writeFileSync(ws.file('app/closed.py'), 'async def fine():\n    return 1\n');
    await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: ws.uri('app/closed.py'), type: 2 }] });
    const changed = await pullAll();
    const closed = find(changed, 'app/closed.py');
    assert.ok(closed?.kind === 'full' && closed.items.length === 0);
    rmSync(ws.file('app/extra.py'));
    await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: ws.uri('app/extra.py'), type: 3 }] });
    const deleted = find(await pullAll(), 'app/extra.py');
    assert.ok(deleted?.kind === 'full' && deleted.items.length === 0, 'a deleted file is reported empty once');
  } finally {
    await client.stop();
    ws.dispose();
  }
});

test('closed files of a nested project follow its own configuration, in the scan and the workspace pull', async () => {
  const ws = makeWorkspace();
  // A second project inside the workspace folder, whose pyproject.toml turns FPL101 off.
  mkdirSync(ws.file('services/billing'), { recursive: true });
  writeFileSync(ws.file('services/billing/pyproject.toml'), '[project]\nname = "billing"\n\n[tool.fastapi-perf-lint]\nignore = ["FPL101"]\n');
  writeFileSync(ws.file('services/billing/jobs.py'), 'import time\n\n\nasync def charge():\n    time.sleep(1)\n');
  const fpl101 = (diags: readonly { code?: unknown }[] | undefined): number => (diags ?? []).filter((d) => d.code === 'FPL101').length;
  // The editor selects nothing: each project's configuration decides.
  const push = await LspClient.start({ folders: [ws.root], settings: { select: [] } });
  try {
    const summary = await push.request<ScanSummary>('workspace/executeCommand', { command: 'fastapiPerf.scanWorkspace' });
    assert.equal(summary.cancelled, false);
    assert.equal(fpl101((await push.diagnosticsFor(ws.uri('app/closed.py'))).diagnostics), 1, 'the outer project reports FPL101');
    assert.equal(fpl101(push.published.get(ws.uri('services/billing/jobs.py'))?.diagnostics), 0, 'the nested project ignores FPL101');
  } finally {
    await push.stop();
  }
  const pull = await LspClient.start({ folders: [ws.root], pull: true, settings: { select: [] } });
  try {
    await pull.indexed();
    const report = await pull.request<WorkspaceDiagnosticReport>('workspace/diagnostic', { previousResultIds: [] });
    const items = (rel: string) => {
      const r = report.items.find((i) => i.uri === ws.uri(rel));
      return r?.kind === 'full' ? r.items : undefined;
    };
    assert.equal(fpl101(items('app/closed.py')), 1);
    const jobs = items('services/billing/jobs.py');
    assert.ok(jobs, 'the nested project file is reported');
    assert.equal(fpl101(jobs), 0);
    // Opened, the file gets the same answer.
    await pull.open(ws.uri('services/billing/jobs.py'), readFileSync(ws.file('services/billing/jobs.py'), 'utf8'), 1);
    const open = await pull.request<{ kind: string; items: { code?: unknown }[] }>('textDocument/diagnostic', { textDocument: { uri: ws.uri('services/billing/jobs.py') } });
    assert.equal(fpl101(open.items), 0);
  } finally {
    await pull.stop();
    ws.dispose();
  }
});
