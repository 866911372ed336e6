// The server in this process over a pair of streams, with test rules injected: a rule
// that crashes, and one whose findings depend on the whole workspace (`when`).
import { ruleRegistry } from '../../server/src/engine/registry';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { createConnection } from 'vscode-languageserver/node';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter, type PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import { rule as blockingSleep } from '../../rules/blocking-sleep-in-async/rule';
import type { Rule } from '../../server/src/ruleApi/rule';
import { startServer } from '../../server/src/server';
import { makeWorkspace, uriOf } from './harness';

const docs = { summary: 's', why: 'w', example: 'e', useInstead: 'u' };

const crashing: Rule = {
  meta: { code: 'FPL901', id: 'test-crash', family: 'event-loop', severity: 'error', fix: 'none', docs },
  check() {
    throw new Error('boom in a rule');
  },
};

/** Flags every function, but only those some route uses as a dependency (decided on the workspace). */
const dependencyOnly: Rule = {
  meta: { code: 'FPL902', id: 'test-dependency', family: 'event-loop', severity: 'info', fix: 'none', docs },
  check(ctx) {
    for (const fn of ctx.model.functions) {
      ctx.report({ start: fn.start, end: fn.start + 3, message: `${fn.name} is a dependency`, when: { kind: 'dependency', fn: ctx.model.qualifiedName(fn) } });
    }
  },
};

function startInProcess(rules: readonly Rule[]) {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  startServer(createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient)), { rules: ruleRegistry(rules) });
  const conn = createProtocolConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
  const published = new Map<string, PublishDiagnosticsParams>();
  const logs: Array<{ type: number; message: string }> = [];
  let wake: (() => void) | undefined;
  conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    published.set(p.uri, p);
    wake?.();
  });
  conn.onNotification('window/logMessage', (p: { type: number; message: string }) => {
    logs.push(p);
    wake?.();
  });
  conn.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => ({})));
  conn.onRequest('client/registerCapability', () => null);
  conn.onRequest('window/workDoneProgress/create', () => null);
  conn.listen();
  const until = async (what: string, check: () => boolean): Promise<void> => {
    const deadline = Date.now() + 15000;
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((r) => {
        wake = r;
        setTimeout(r, 100);
      });
    }
  };
  return { conn, published, logs, until };
}

test('a crashing rule is logged once and the other rules still report', async () => {
  const ws = makeWorkspace();
  const s = startInProcess([crashing, blockingSleep]);
  try {
    await s.conn.sendRequest('initialize', { processId: null, rootUri: null, workspaceFolders: [{ uri: uriOf(ws.root), name: 'shop' }], capabilities: {} });
    await s.conn.sendNotification('initialized', {});
    const uri = ws.uri('app/main.py');
    const text = readFileSync(ws.file('app/main.py'), 'utf8');
    await s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text } });
    await s.until('diagnostics', () => (s.published.get(uri)?.diagnostics.length ?? 0) >= 3);
    assert.ok(s.published.get(uri)!.diagnostics.every((d) => d.code === 'FPL101'));
    const crashLogs = () => s.logs.filter((l) => l.type === 1 && l.message.includes('FPL901') && l.message.includes('boom in a rule'));
    await s.until('the crash log entry', () => crashLogs().length > 0);
    // Typing on: the same crash is not logged again and again.
    await s.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: `${text}\n` }] });
    await s.until('version 2', () => s.published.get(uri)?.version === 2);
    assert.equal(crashLogs().length, 1);
  } finally {
    s.conn.dispose();
    ws.dispose();
  }
});

test('findings with workspace conditions are decided against the index, and follow it', async () => {
  const ws = makeWorkspace();
  writeFileSync(ws.file('app/deps.py'), 'def get_db():\n    return 1\n\n\ndef unused():\n    return 2\n');
  const routes = 'from fastapi import Depends, FastAPI\n\nfrom app.deps import get_db\n\napp = FastAPI()\n\n\n@app.get("/")\nasync def read(db=Depends(get_db)):\n    return db\n';
  writeFileSync(ws.file('app/routes.py'), routes);
  const s = startInProcess([dependencyOnly]);
  try {
    await s.conn.sendRequest('initialize', {
      processId: null,
      rootUri: null,
      workspaceFolders: [{ uri: uriOf(ws.root), name: 'shop' }],
      capabilities: { window: { workDoneProgress: true }, workspace: { configuration: true } },
    });
    await s.conn.sendNotification('initialized', {});
    const uri = ws.uri('app/deps.py');
    await s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text: readFileSync(ws.file('app/deps.py'), 'utf8') } });
    // `get_db` is a dependency of a route in app/routes.py (a closed file, known from the index); `unused` is not.
    await s.until('the dependency finding', () => s.published.get(uri)?.diagnostics.length === 1);
    assert.equal(s.published.get(uri)!.diagnostics[0].message, 'get_db is a dependency');
    // Open routes.py and make `unused` the dependency: deps.py follows.
    const routesUri = ws.uri('app/routes.py');
    await s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: routesUri, languageId: 'python', version: 1, text: routes } });
    await s.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri: routesUri, version: 2 },
      contentChanges: [{ text: routes.replace(/get_db/g, 'unused') }],
    });
    await s.until('the dependency to move', () => s.published.get(uri)?.diagnostics[0]?.message === 'unused is a dependency');
    assert.equal(s.published.get(uri)!.diagnostics.length, 1);
  } finally {
    s.conn.dispose();
    ws.dispose();
  }
});
