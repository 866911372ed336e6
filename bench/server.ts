// Language-server figures: spawn to `initialize` result, RSS with the standard library
// indexed, and memory growth over 1,000 open/edit/close cycles (a leak check): RSS, and the
// memory the server retains (JS heap in use + external + the parser's WebAssembly memory),
// which is what a leak grows; RSS also holds pages V8 and malloc keep after collecting.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter, type ProtocolConnection } from 'vscode-languageserver-protocol/node';
import type { Corpus } from './corpus';

const SERVER = join(__dirname, '..', 'dist', 'server.js');

interface MemoryReport {
  heapUsed: number;
  external: number;
  wasm?: number;
}

async function retainedMB(conn: ProtocolConnection): Promise<number> {
  const m = (await conn.sendRequest('fastapiPerf/memoryUsage')) as MemoryReport;
  return (m.heapUsed + m.external + (m.wasm ?? 0)) / 2 ** 20;
}

function rssMB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

async function start(rootUri: string | null): Promise<{ conn: ProtocolConnection; pid: number; initMs: number; kill: () => void; indexed: Promise<void> }> {
  const t0 = performance.now();
  // --expose-gc lets the memory request collect first, so RSS growth means retained memory, not GC timing.
  const child = spawn(process.execPath, ['--expose-gc', SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'] });
  child.stdin!.on('error', () => {}); // the server may be killed while a message is on its way
  const conn = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  let indexedResolve: () => void = () => {};
  const indexed = new Promise<void>((r) => (indexedResolve = r));
  const tokens = new Set<string | number>();
  conn.onRequest('window/workDoneProgress/create', (p: { token: string | number }) => {
    tokens.add(p.token);
    return null;
  });
  conn.onNotification('$/progress', (p: { token: string | number; value: { kind: string } }) => {
    if (p.value.kind === 'end') indexedResolve();
  });
  conn.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => null));
  conn.onRequest('client/registerCapability', () => null);
  conn.onNotification('textDocument/publishDiagnostics', () => {});
  conn.listen();
  await conn.sendRequest('initialize', {
    processId: process.pid,
    rootUri,
    workspaceFolders: rootUri ? [{ uri: rootUri, name: 'bench' }] : null,
    capabilities: { window: { workDoneProgress: true }, workspace: { configuration: true } },
  });
  const initMs = performance.now() - t0;
  await conn.sendNotification('initialized', {});
  return {
    conn,
    pid: child.pid!,
    initMs,
    kill: () => {
      conn.dispose();
      child.kill('SIGKILL');
    },
    indexed,
  };
}

export async function serverFigures(std: Corpus, rows: Array<{ name: string; value: string; ratio?: string }>, results: Record<string, unknown>): Promise<void> {
  if (!existsSync(SERVER)) {
    rows.push({ name: 'server', value: 'dist/server.js not built' });
    return;
  }
  // Spawn to initialize result (no workspace, median of 5).
  const inits: number[] = [];
  for (let i = 0; i < 5; i++) {
    const s = await start(null);
    inits.push(s.initMs);
    s.kill();
  }
  inits.sort((a, b) => a - b);
  const initMs = inits[2];
  // Index the standard library, then open/edit/close a file 1,000 times.
  const s = await start(pathToFileURL(std.root).href);
  const indexStart = performance.now();
  await Promise.race([s.indexed, new Promise((r) => setTimeout(r, 120_000))]);
  const indexMs = performance.now() - indexStart;
  const retainedIndexed = await retainedMB(s.conn);
  const rssIndexed = rssMB(s.pid);
  const file = join(std.root, 'asyncio', 'base_events.py');
  const uri = pathToFileURL(file).href;
  const text = readFileSync(file, 'utf8');
  let rssAfter100 = NaN;
  let retainedAfter100 = NaN;
  for (let i = 0; i < 1000; i++) {
    s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text } });
    s.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# x\n' }] });
    s.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
    // The answer means everything before it was handled; the server collects garbage first.
    if (i === 99) {
      retainedAfter100 = await retainedMB(s.conn);
      rssAfter100 = rssMB(s.pid);
    }
  }
  const retainedAfter = await retainedMB(s.conn);
  const rssAfter = rssMB(s.pid);
  s.kill();
  rows.push({ name: 'server: spawn to initialize result', value: `${initMs.toFixed(0)} ms`, ratio: 'target <= 150 ms' });
  const growth = (a: number, b: number): string => `${(((b - a) / a) * 100).toFixed(1)}%`;
  rows.push({ name: 'server: index the stdlib', value: `${(indexMs / 1000).toFixed(2)} s, RSS ${rssIndexed.toFixed(0)} MB (retained ${retainedIndexed.toFixed(0)} MB)`, ratio: 'target RSS <= 300 MB' });
  rows.push({ name: 'server: 1,000 open/edit/close cycles, retained', value: `${retainedAfter100.toFixed(1)} MB after 100 -> ${retainedAfter.toFixed(1)} MB after 1,000`, ratio: `growth ${growth(retainedAfter100, retainedAfter)} (target <= 10%)` });
  rows.push({ name: 'server: 1,000 open/edit/close cycles, RSS', value: `${rssAfter100.toFixed(0)} MB after 100 -> ${rssAfter.toFixed(0)} MB after 1,000`, ratio: `growth ${growth(rssAfter100, rssAfter)} (pages kept by V8 and malloc too)` });
  results.server = { initMs, indexMs, rssIndexedMB: rssIndexed, retainedIndexedMB: retainedIndexed, rssAfter100MB: rssAfter100, rssAfter1000MB: rssAfter, retainedAfter100MB: retainedAfter100, retainedAfter1000MB: retainedAfter };
}
