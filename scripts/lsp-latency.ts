// Keystroke-to-diagnostics latency of the built language server (dist/server.js over
// stdio): opens a large file, types one character at a time (waiting for each result),
// and prints p50/p95 from the didChange to the publishDiagnostics of that version. The
// server's debounce is part of what the user waits for, so it is included (and shown).
// Usage: npx tsx scripts/lsp-latency.ts [FILE...] [--keystrokes N] [--workspace DIR]
// Default file: the largest .py of the standard library of `python3`.
import { execFileSync, spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter, type PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { keystrokes: { type: 'string', default: '200' }, workspace: { type: 'string' } } });
const KEYSTROKES = Number(values.keystrokes);
const DEBOUNCE_MS = 50;

function largestStdlibFile(): string {
  const stdlib = execFileSync('python3', ['-c', "import sysconfig; print(sysconfig.get_paths()['stdlib'])"], { encoding: 'utf8' }).trim();
  let best = { size: 0, file: '' };
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory() && e.name !== 'site-packages') walk(p);
      else if (e.isFile() && e.name.endsWith('.py')) {
        const size = statSync(p).size;
        if (size > best.size) best = { size, file: p };
      }
    }
  };
  walk(stdlib);
  return best.file;
}

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

async function measure(file: string): Promise<void> {
  const server = path.resolve(__dirname, '..', 'dist', 'server.js');
  const proc = spawn(process.execPath, [server, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const conn = createProtocolConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
  const waiting = new Map<number, (p: PublishDiagnosticsParams) => void>();
  const uri = pathToFileURL(file).href;
  conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    if (p.uri === uri && p.version !== undefined) waiting.get(p.version)?.(p);
  });
  let indexed: () => void = () => {};
  const indexDone = new Promise<void>((r) => (indexed = r));
  conn.onNotification('$/progress', (p: { value: { kind: string } }) => {
    if (p.value.kind === 'end') indexed();
  });
  conn.onRequest('window/workDoneProgress/create', () => null);
  conn.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => ({})));
  conn.onRequest('client/registerCapability', () => null);
  conn.listen();
  const folders = values.workspace ? [{ uri: pathToFileURL(path.resolve(values.workspace)).href, name: 'ws' }] : [];
  await conn.sendRequest('initialize', { processId: process.pid, rootUri: null, workspaceFolders: folders, capabilities: { window: { workDoneProgress: true } } });
  await conn.sendNotification('initialized', {});
  const tIndex = Date.now();
  if (folders.length) await indexDone;
  const indexMs = Date.now() - tIndex;
  const text = readFileSync(file, 'utf8');
  const resultFor = (version: number): Promise<PublishDiagnosticsParams> => new Promise((r) => waiting.set(version, r));
  let t0 = Date.now();
  const opened = resultFor(1);
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text } });
  const first = await opened;
  const openMs = Date.now() - t0;
  // Type into the middle of the file: the line nearest the middle that has code on it.
  const lines = text.split('\n');
  let line = Math.floor(lines.length / 2);
  while (line < lines.length - 1 && !/^\s+[A-Za-z_]\w*/.test(lines[line])) line++;
  const col = lines[line].length;
  const samples: number[] = [];
  for (let i = 0; i < KEYSTROKES; i++) {
    const version = i + 2;
    // Alternately type a character at the end of the line and delete it again.
    const change = i % 2 === 0 ? { range: { start: { line, character: col }, end: { line, character: col } }, text: 'x' } : { range: { start: { line, character: col }, end: { line, character: col + 1 } }, text: '' };
    const done = resultFor(version);
    t0 = performance.now();
    await conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [change] });
    await done;
    samples.push(performance.now() - t0);
  }
  await conn.sendRequest('shutdown');
  await conn.sendNotification('exit');
  conn.dispose();
  const p50 = pct(samples, 50);
  const p95 = pct(samples, 95);
  const name = path.basename(file);
  console.log(
    `${name}: ${(statSync(file).size / 1024).toFixed(0)} KB, ${lines.length} lines, ${first.diagnostics.length} findings${folders.length ? `, workspace index ${indexMs} ms` : ''}`,
  );
  console.log(`  open -> diagnostics: ${openMs} ms`);
  console.log(`  keystroke -> diagnostics (${KEYSTROKES} keystrokes, ${DEBOUNCE_MS} ms debounce included): p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, max ${Math.max(...samples).toFixed(1)} ms`);
  console.log(`  of which after the debounce: p50 ${(p50 - DEBOUNCE_MS).toFixed(1)} ms, p95 ${(p95 - DEBOUNCE_MS).toFixed(1)} ms`);
}

async function main(): Promise<void> {
  const files = positionals.length ? positionals : [largestStdlibFile()];
  for (const f of files) await measure(path.resolve(f));
}

void main();
