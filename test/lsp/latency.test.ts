// What the editor waits for: a pull is answered without the push debounce, answers are
// always for the newest version, and the first answer on opening a file of a workspace
// still being indexed already has the findings that need its imports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { createConnection } from 'vscode-languageserver/node';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter, type DocumentDiagnosticReport, type PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import { rule as blockingSleep } from '../../rules/blocking-sleep-in-async/rule';
import { ruleRegistry } from '../../server/src/engine/registry';
import { startServer } from '../../server/src/server';
import { tempDir } from '../tempDir';
import { codes, LspClient, uriOf } from './harness';

/** The server in this process with FPL101 only and a push debounce of `debounceMs`. */
async function inProcess(pull: boolean, debounceMs: number) {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  startServer(createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient)), { rules: ruleRegistry([blockingSleep]), debounceMs });
  const conn = createProtocolConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
  const published: PublishDiagnosticsParams[] = [];
  conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => void published.push(p));
  conn.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => ({})));
  conn.onRequest('client/registerCapability', () => null);
  conn.onRequest('window/workDoneProgress/create', () => null);
  conn.onRequest('workspace/diagnostic/refresh', () => null);
  conn.listen();
  await conn.sendRequest('initialize', { processId: null, rootUri: null, workspaceFolders: [], capabilities: pull ? { textDocument: { diagnostic: {} } } : {} });
  await conn.sendNotification('initialized', {});
  return { conn, published };
}

const HEAD = 'import time\n\n\nasync def f():\n    x = 1\n';
/** Line `4 + k` gets the k-th `time.sleep(k)`: version k + 1 has k findings. */
const addSleep = (k: number) => ({ range: { start: { line: 4 + k, character: 0 }, end: { line: 4 + k, character: 0 } }, text: `    time.sleep(${k})\n` });

test('pull: answered at once, without waiting for the push debounce (here 10 minutes)', { timeout: 30000 }, async () => {
  const { conn } = await inProcess(true, 600_000);
  const uri = 'file:///tmp/fpl-latency/a.py';
  try {
    await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text: HEAD } });
    const first = (await conn.sendRequest('textDocument/diagnostic', { textDocument: { uri } })) as DocumentDiagnosticReport;
    assert.ok(first.kind === 'full' && first.items.length === 0);
    await conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [addSleep(1)] });
    const second = (await conn.sendRequest('textDocument/diagnostic', { textDocument: { uri } })) as DocumentDiagnosticReport;
    assert.ok(second.kind === 'full');
    assert.deepEqual(second.kind === 'full' && codes(second.items), ['FPL101']);
  } finally {
    conn.dispose();
  }
});

test('pull: edits and pulls sent without waiting are answered for the newest version, never an older one', { timeout: 30000 }, async () => {
  const { conn } = await inProcess(true, 50);
  const uri = 'file:///tmp/fpl-latency/b.py';
  try {
    await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text: HEAD } });
    const answers: Array<Promise<number>> = [];
    const N = 30;
    for (let k = 1; k <= N; k++) {
      void conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: k + 1 }, contentChanges: [addSleep(k)] });
      answers.push((conn.sendRequest('textDocument/diagnostic', { textDocument: { uri } }) as Promise<DocumentDiagnosticReport>).then((r) => (r.kind === 'full' ? r.items.length : -1)));
    }
    const counts = await Promise.all(answers);
    // The pull sent after edit k sees at least k findings (the server read edit k before it).
    counts.forEach((n, i) => assert.ok(n >= i + 1, `pull ${i + 1} answered with ${n} findings: an older version`));
    assert.equal(counts[N - 1], N);
    // The edits queued behind a pull are read before it lints: most pulls share the newest result.
    assert.ok(counts.filter((n) => n === N).length >= N / 2, `pulls linted versions one by one: ${counts.join(' ')}`);
  } finally {
    conn.dispose();
  }
});

test('push: a burst of edits publishes only versions in order, each with its own findings, ending with the newest', async () => {
  const { conn, published } = await inProcess(false, 20);
  const uri = 'file:///tmp/fpl-latency/c.py';
  try {
    await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text: HEAD } });
    const N = 30;
    for (let k = 1; k <= N; k++) void conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: k + 1 }, contentChanges: [addSleep(k)] });
    const deadline = Date.now() + 15000;
    while (!published.some((p) => p.version === N + 1) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const ours = published.filter((p) => p.uri === uri);
    assert.equal(ours.at(-1)?.version, N + 1);
    for (let i = 0; i < ours.length; i++) {
      assert.equal(ours[i].diagnostics.length, ours[i].version! - 1, `version ${ours[i].version} published with another version's findings`);
      if (i > 0) assert.ok(ours[i].version! > ours[i - 1].version!, 'versions go forward');
    }
  } finally {
    conn.dispose();
  }
});

/** A package whose route module imports a helper and a Pydantic model, among many other modules. */
function multiModule(fillers: number): { root: string; main: string; text: string; dispose: () => void } {
  const base = tempDir('fpl-first-');
  const root = path.join(base, 'proj');
  const put = (rel: string, text: string): void => {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  };
  put('app/__init__.py', '');
  put('app/helpers.py', 'from time import sleep as pause\n\n__all__ = ["pause"]\n');
  put('app/models.py', 'from pydantic import BaseModel\n\n\nclass Item(BaseModel):\n    name: str\n');
  const text = [
    'from fastapi import FastAPI',
    '',
    'from app.helpers import pause',
    'from app.models import Item',
    '',
    'app = FastAPI()',
    '',
    '',
    '@app.get("/items")',
    'async def read_item():',
    '    pause(1)',
    '    return Item(name="x").dict()',
    '',
  ].join('\n');
  put('app/main.py', text);
  // Enough other modules that indexing them all takes longer than linting one file.
  for (let i = 0; i < fillers; i++) put(`app/extra/mod_${i}.py`, `import os\n\n\ndef f_${i}(x):\n    return os.path.join(str(x), "${i}")\n\n\nclass C${i}:\n    def m(self):\n        return f_${i}(self)\n`);
  return { root, main: path.join(root, 'app/main.py'), text, dispose: () => rmSync(base, { recursive: true, force: true }) };
}

for (const pull of [false, true]) {
  test(`${pull ? 'pull' : 'push'}: the first answer for a file opened while the workspace is indexed has its cross-module findings`, async () => {
    const p = multiModule(600);
    const client = await LspClient.start({ folders: [p.root], pull, settings: { select: ['FPL101', 'FPL401'] } });
    try {
      const uri = uriOf(p.main);
      await client.open(uri, p.text, 1);
      let first: string[];
      if (pull) {
        const r = await client.request<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri } });
        assert.equal(r.kind, 'full');
        first = r.kind === 'full' ? codes(r.items) : [];
      } else {
        first = codes((await client.diagnosticsFor(uri)).diagnostics);
      }
      // `pause` is time.sleep through app/helpers.py; `Item` a Pydantic 2 model of app/models.py.
      assert.deepEqual(first.sort(), ['FPL101', 'FPL401']);
      await client.indexed();
    } finally {
      await client.stop();
      p.dispose();
    }
  });
}
