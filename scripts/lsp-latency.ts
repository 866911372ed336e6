// Edit-to-diagnostics latency of the built language server (dist/server.js over stdio),
// as an independent client sees it. Opens a large file and types into the middle of it:
//   push  waits for the publishDiagnostics of each edit's version (or a later one);
//   pull  sends textDocument/diagnostic right after each edit, as VS Code does, and
//         times its answer.
// `--rate 0` (the default) sends one edit and waits for its result before the next;
// `--rate 10` sends 10 edits a second whatever the server does (a fast typist), timing
// each edit to the first result that includes it. Prints p50/p95/max per mode and rate.
// Usage: npx tsx scripts/lsp-latency.ts [FILE...] [--mode push|pull|both] [--rate N[,N]]
//        [--keystrokes N] [--workspace DIR] [--server dist/server.js]
// Default file: the largest .py of the standard library of `python3`.
import { execFileSync, spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter, type ProtocolConnection, type PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    keystrokes: { type: 'string', default: '100' },
    workspace: { type: 'string' },
    mode: { type: 'string', default: 'both' },
    rate: { type: 'string', default: '0,10' },
    server: { type: 'string', default: path.resolve(__dirname, '..', 'dist', 'server.js') },
  },
});
const KEYSTROKES = Number(values.keystrokes);

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

export const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface Session {
  conn: ProtocolConnection;
  uri: string;
  text: string;
  /** Resolves with the first publication of `version` or a later one (push). */
  publishedAtLeast(version: number): Promise<void>;
  stop(): Promise<void>;
  openMs: number;
  findings: number;
  indexMs: number;
}

async function start(file: string, mode: 'push' | 'pull'): Promise<Session> {
  const proc = spawn(process.execPath, [values.server!, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const conn = createProtocolConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
  const uri = pathToFileURL(file).href;
  let newest = 0;
  let waiters: Array<{ v: number; resolve: () => void }> = [];
  let lastCount = 0;
  conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    if (p.uri !== uri || p.version === undefined) return;
    newest = Math.max(newest, p.version);
    lastCount = p.diagnostics.length;
    const ready = waiters.filter((w) => w.v <= newest);
    waiters = waiters.filter((w) => w.v > newest);
    for (const w of ready) w.resolve();
  });
  let indexed: () => void = () => {};
  const indexDone = new Promise<void>((r) => (indexed = r));
  conn.onNotification('$/progress', (p: { value: { kind: string } }) => {
    if (p.value.kind === 'end') indexed();
  });
  conn.onRequest('window/workDoneProgress/create', () => null);
  conn.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => ({})));
  conn.onRequest('client/registerCapability', () => null);
  conn.onRequest('workspace/diagnostic/refresh', () => null);
  conn.listen();
  const folders = values.workspace ? [{ uri: pathToFileURL(path.resolve(values.workspace)).href, name: 'ws' }] : [];
  const pull = mode === 'pull';
  await conn.sendRequest('initialize', {
    processId: process.pid,
    rootUri: null,
    workspaceFolders: folders,
    capabilities: { window: { workDoneProgress: true }, textDocument: pull ? { diagnostic: {} } : {}, workspace: pull ? { diagnostics: { refreshSupport: true } } : {} },
  });
  await conn.sendNotification('initialized', {});
  const tIndex = Date.now();
  if (folders.length) await indexDone;
  const indexMs = Date.now() - tIndex;
  const text = readFileSync(file, 'utf8');
  const publishedAtLeast = (v: number): Promise<void> => (v <= newest ? Promise.resolve() : new Promise((resolve) => waiters.push({ v, resolve })));
  const t0 = performance.now();
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text } });
  let findings: number;
  if (pull) {
    const r = (await conn.sendRequest('textDocument/diagnostic', { textDocument: { uri } })) as { items?: unknown[] };
    findings = r.items?.length ?? 0;
  } else {
    await publishedAtLeast(1);
    findings = lastCount;
  }
  const openMs = performance.now() - t0;
  return {
    conn,
    uri,
    text,
    publishedAtLeast,
    openMs,
    findings,
    indexMs,
    stop: async () => {
      await conn.sendRequest('shutdown');
      await conn.sendNotification('exit');
      conn.dispose();
    },
  };
}

/** One edit: alternately type a character at the end of a line in the middle and delete it. */
function editAt(text: string): (i: number) => object {
  const lines = text.split('\n');
  let line = Math.floor(lines.length / 2);
  while (line < lines.length - 1 && !/^\s+[A-Za-z_]\w*/.test(lines[line])) line++;
  const col = lines[line].length;
  return (i) =>
    i % 2 === 0 ? { range: { start: { line, character: col }, end: { line, character: col } }, text: 'x' } : { range: { start: { line, character: col }, end: { line, character: col + 1 } }, text: '' };
}

async function measure(file: string, mode: 'push' | 'pull', rate: number): Promise<{ samples: number[]; s: Session }> {
  const s = await start(file, mode);
  const edit = editAt(s.text);
  const samples: number[] = [];
  const pending: Array<Promise<void>> = [];
  for (let i = 0; i < KEYSTROKES; i++) {
    const version = i + 2;
    const t0 = performance.now();
    void s.conn.sendNotification('textDocument/didChange', { textDocument: { uri: s.uri, version }, contentChanges: [edit(i)] });
    // The answer to a pull sent after the edit includes it; a publication of its version or a later one does.
    const done = mode === 'pull' ? s.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri: s.uri } }).then(() => undefined) : s.publishedAtLeast(version);
    const timed = done.then(() => void samples.push(performance.now() - t0));
    if (rate > 0) {
      pending.push(timed);
      await sleep(1000 / rate);
    } else await timed;
  }
  await Promise.all(pending);
  await s.stop();
  return { samples, s };
}

async function main(): Promise<void> {
  const files = positionals.length ? positionals : [largestStdlibFile()];
  const modes = values.mode === 'both' ? (['push', 'pull'] as const) : [values.mode as 'push' | 'pull'];
  const rates = values.rate!.split(',').map(Number);
  console.log(`server: ${path.relative(process.cwd(), values.server!) || values.server}`);
  for (const f of files) {
    const file = path.resolve(f);
    console.log(`${path.basename(file)}: ${(statSync(file).size / 1024).toFixed(0)} KB, ${readFileSync(file, 'utf8').split('\n').length} lines`);
    for (const mode of modes) {
      for (const rate of rates) {
        const { samples, s } = await measure(file, mode, rate);
        const what = rate > 0 ? `${rate} edits/s` : '1 edit at a time';
        console.log(
          `  ${mode} ${what.padEnd(16)} p50 ${pct(samples, 50).toFixed(1).padStart(7)} ms  p95 ${pct(samples, 95).toFixed(1).padStart(7)} ms  max ${Math.max(...samples).toFixed(1).padStart(7)} ms  (${samples.length} edits; open ${s.openMs.toFixed(0)} ms, ${s.findings} findings${values.workspace ? `, index ${s.indexMs} ms` : ''})`,
        );
      }
    }
  }
}

if (require.main === module) void main();
