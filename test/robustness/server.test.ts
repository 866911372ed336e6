// The language server under a misbehaving client, through the real protocol (dist/server.js
// over stdio): changes for unknown or closed documents, versions out of order, invalid and
// malformed ranges, a cancelled request, 10,000 rapid edits, files over the size limits,
// a broken pyproject.toml, and shutdown/exit at any point. After each, the server still
// answers and its diagnostics are those of a fresh lint of the text the client has.
import { REGISTRY } from '../helpers';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { CancellationTokenSource, type DocumentDiagnosticReport } from 'vscode-languageserver-protocol';
import { mergeConfig } from '../../server/src/engine/config';
import { lintSource } from '../../server/src/engine/linter';
import { LineIndex } from '../../server/src/engine/text';
import { ready } from '../helpers';
import { codes, LspClient, uriOf, type StartOptions } from '../lsp/harness';
import { tempDir as newTempDir } from '../tempDir';

const FPL101_ONLY = mergeConfig({ select: ['FPL101'] });
const SRC = 'import time\n\n\nasync def f():\n    time.sleep(1)\n';

interface Temp {
  dir: string;
  file: (name: string) => string;
}

/** A server for one test over a fresh folder (`start` may write files first); always stopped. */
async function withServer(start: (t: Temp) => StartOptions, body: (client: LspClient, t: Temp) => Promise<void>): Promise<void> {
  await ready;
  const dir = newTempDir('fpl-robust-');
  const t: Temp = { dir, file: (name) => path.join(dir, name) };
  const client = await LspClient.start(start(t));
  try {
    await body(client, t);
  } finally {
    await client.stop();
  }
}

/** What a fresh lint of `text` reports, as LSP code and range. */
function expected(text: string, file: string): Array<{ code: string; range: unknown }> {
  const lines = new LineIndex(text);
  return lintSource(text, { rules: REGISTRY, path: file, config: FPL101_ONLY }).findings.map((f) => ({ code: f.code, range: lines.range(f.start, f.end) }));
}

/** The server is alive: it answers a request, and a document opened now gets its diagnostics. */
async function alive(client: LspClient, file: string): Promise<void> {
  const rules = await client.request<unknown[]>('fastapiPerf/rules', {});
  assert.ok(Array.isArray(rules) && rules.length > 0);
  const uri = uriOf(file);
  await client.open(uri, SRC, 1);
  const p = await client.diagnosticsFor(uri, (x) => x.version === 1);
  assert.deepEqual(codes(p.diagnostics), ['FPL101']);
  await client.close(uri);
}

test('changes for unknown documents, after didClose, and with versions out of order', async () => {
  await withServer(() => ({}), async (client, t) => {
    const uri = uriOf(t.file('a.py'));
    // Never opened: ignored.
    await client.change(uriOf(t.file('unknown.py')), 2, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'x' }]);
    await client.open(uri, SRC, 5);
    await client.diagnosticsFor(uri, (x) => x.version === 5 && x.diagnostics.length === 1);
    // Versions going down (the spec wants them to rise): applied in the order received.
    await client.change(uri, 3, [{ range: { start: { line: 4, character: 4 }, end: { line: 4, character: 4 } }, text: 'y = 1\n    ' }]);
    await client.change(uri, 2, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# head\n' }]);
    const text = `# head\n${SRC.replace('    time.sleep', '    y = 1\n    time.sleep')}`;
    const p = await client.diagnosticsFor(uri, (x) => x.version === 2);
    assert.deepEqual(p.diagnostics.map((d) => ({ code: d.code, range: d.range })), expected(text, t.file('a.py')));
    // Closed, then changed: nothing is published for it any more.
    await client.close(uri);
    await client.diagnosticsFor(uri, (x) => x.version === undefined && x.diagnostics.length === 0);
    await client.change(uri, 9, [{ text: 'import time\nasync def g():\n    time.sleep(2)\n' }]);
    await alive(client, t.file('b.py'));
    assert.equal(client.published.get(uri)!.diagnostics.length, 0, 'no diagnostics for the closed document');
  });
});

test('invalid ranges are clamped; malformed ones are refused without corrupting the document', async () => {
  await withServer(() => ({}), async (client, t) => {
    const file = t.file('a.py');
    const uri = uriOf(file);
    await client.open(uri, SRC, 1);
    let text = SRC;
    let version = 1;
    const send = async (range: unknown, insert: string, apply: (s: string) => string): Promise<void> => {
      text = apply(text);
      await client.change(uri, ++version, [{ range: range as never, text: insert }]);
    };
    // Past the end of a line: the line's end. Past the last line: the document's end.
    await send({ start: { line: 0, character: 500 }, end: { line: 0, character: 900 } }, ' as t', (s) => s.replace('import time', 'import time as t'));
    await send({ start: { line: 999, character: 0 }, end: { line: 1999, character: 3 } }, '# end\n', (s) => s + '# end\n');
    // Negative positions: the document's start. End before start: swapped.
    await send({ start: { line: -3, character: -1 }, end: { line: -1, character: 0 } }, '# top\n', (s) => '# top\n' + s);
    await send({ start: { line: 1, character: 0 }, end: { line: 0, character: 0 } }, '', (s) => s.slice(s.indexOf('\n') + 1));
    // Malformed (no numbers): refused; the document stays as it was.
    await client.change(uri, ++version, [{ range: { start: { line: 'x' }, end: {} } as never, text: 'BROKEN' }]);
    const p = await client.diagnosticsFor(uri, (x) => x.version === version - 1 || x.version === version);
    assert.deepEqual(p.diagnostics.map((d) => ({ code: d.code, range: d.range })), expected(text, file));
    assert.ok(client.logs.some((l) => l.type === 1 && /malformed/.test(l.message)), 'the refused change is logged');
    // One more valid change: the server's text is still the client's.
    await send({ start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, '\n', (s) => '\n' + s);
    const q = await client.diagnosticsFor(uri, (x) => x.version === version);
    assert.deepEqual(q.diagnostics.map((d) => ({ code: d.code, range: d.range })), expected(text, file));
    await alive(client, t.file('b.py'));
  });
});

test('$/cancelRequest on a pending diagnostic pull: answered (cancelled or complete), the server goes on', async () => {
  await withServer(() => ({ pull: true }), async (client, t) => {
    const uri = uriOf(t.file('a.py'));
    await client.open(uri, SRC, 1);
    const outcomes: string[] = [];
    for (let i = 0; i < 5; i++) {
      const source = new CancellationTokenSource();
      const pending = client.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri } }, source.token) as Promise<DocumentDiagnosticReport>;
      // Edit and cancel while the request waits for the debounce.
      await client.change(uri, i + 2, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '#\n' }]);
      source.cancel();
      outcomes.push(
        await pending.then(
          (r) => `result ${r.kind}`,
          (e: { code?: number }) => {
            // RequestCancelled (-32800) or ServerCancelled (-32802), as the spec allows.
            assert.ok(e.code === -32800 || e.code === -32802, `cancellation error code ${e.code}`);
            return 'cancelled';
          },
        ),
      );
    }
    assert.equal(outcomes.length, 5);
    const last = await client.request<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri } });
    assert.equal(last.kind, 'full');
    if (last.kind === 'full') assert.deepEqual(codes(last.items), ['FPL101']);
  });
});

test('10,000 rapid edits: the diagnostics of the last version equal a fresh lint', async () => {
  await withServer(() => ({}), async (client, t) => {
    const file = t.file('a.py');
    const uri = uriOf(file);
    let text = SRC;
    await client.open(uri, text, 1);
    let version = 1;
    const sends: Array<Promise<void>> = [];
    for (let i = 0; i < 10_000; i++) {
      // Type a new async function with a blocking call, line by line, deleting now and then.
      const lines = new LineIndex(text);
      const end = text.length;
      let change: { range: ReturnType<LineIndex['range']>; text: string };
      if (i % 50 === 49) {
        change = { range: lines.range(end - 1, end), text: '' };
        text = text.slice(0, -1);
      } else {
        const piece = i % 25 === 0 ? `\nasync def g${i}():\n    time.sleep(${i})\n` : ' ';
        change = { range: lines.range(end, end), text: piece };
        text += piece;
      }
      sends.push(client.change(uri, ++version, [change]));
    }
    await Promise.all(sends);
    const p = await client.diagnosticsFor(uri, (x) => x.version === version);
    const want = expected(text, file);
    assert.ok(want.length > 300);
    assert.deepEqual(p.diagnostics.map((d) => ({ code: d.code, range: d.range })), want);
    await alive(client, t.file('b.py'));
  });
});

test('files over the size limits: not linted, an information message, never a hang', async () => {
  await withServer(() => ({ settings: {} }), async (client, t) => {
    // A 20 MB generated module and a single 1 MB line.
    const unit = 'def handler_0(request):\n    return {"id": 0, "values": [1, 2, 3]}\n\n';
    const big = `import time\nasync def f():\n    time.sleep(1)\n${unit.repeat(Math.ceil((20 * 1024 * 1024) / unit.length))}`;
    const line = `import time\nasync def f():\n    time.sleep(1)\nx = [${'1, '.repeat(350_000)}]\n`;
    const bigUri = uriOf(t.file('generated.py'));
    const lineUri = uriOf(t.file('oneline.py'));
    await client.open(bigUri, big, 1);
    await client.open(lineUri, line, 1);
    const messages = await client.until('two information messages', () => {
      const m = client.shown.filter((s) => s.type === 3 && /is not linted/.test(s.message));
      return m.length >= 2 ? m : undefined;
    }, 60_000);
    assert.ok(messages.some((m) => m.message.includes('generated.py') && /maxFileSize/.test(m.message)));
    assert.ok(messages.some((m) => m.message.includes('oneline.py') && /maxLineLength/.test(m.message)));
    assert.ok(client.logs.some((l) => l.type === 3 && /generated\.py is not linted/.test(l.message)), 'in the log at the Info level too');
    // Typing in the big file stays cheap (it is never parsed) and reports nothing.
    for (let v = 2; v < 40; v++) await client.change(bigUri, v, [{ range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, text: 'x' }]);
    const p = await client.until('version 39', () => (client.published.get(bigUri)?.version === 39 ? client.published.get(bigUri) : undefined), 60_000);
    assert.equal(p.diagnostics.length, 0);
    await alive(client, t.file('b.py'));
    assert.equal(client.shown.filter((s) => /generated\.py/.test(s.message)).length, 1, 'told once per file');
  });
});

test('the workspace walk: no link leads outside the folder; binary files and named pipes are not read; any file name is linted', async () => {
  const ws = (t: Temp): string => t.file('ws');
  await withServer((t) => {
    mkdirSync(ws(t));
    mkdirSync(t.file('outside'));
    writeFileSync(t.file('outside/x.py'), SRC);
    writeFileSync(t.file('ws/ok.py'), SRC);
    const binary = Buffer.from(SRC.repeat(1000));
    binary[50] = 0;
    writeFileSync(t.file('ws/bin.py'), binary);
    writeFileSync(Buffer.concat([Buffer.from(t.file('ws/')), Buffer.from('bad\xff.py', 'latin1')]), SRC);
    symlinkSync('/', t.file('ws/root'));
    symlinkSync('../outside', t.file('ws/out'));
    execFileSync('mkfifo', [t.file('ws/pipe.py')]);
    return { folders: [ws(t)] };
  }, async (client, t) => {
    await client.indexed();
    const summary = await client.request<{ files: number; findings: number }>('workspace/executeCommand', { command: 'fastapiPerf.scanWorkspace' });
    assert.deepEqual(summary, { files: 4, findings: 2, filesWithFindings: 2, openFiles: 0, openFindings: 0, cancelled: false });
    const withFindings = [...client.published].filter(([, p]) => p.diagnostics.length > 0).map(([uri]) => uri).sort();
    assert.deepEqual(withFindings, [`${uriOf(ws(t))}/bad%FF.py`, uriOf(t.file('ws/ok.py'))]);
    assert.ok([...client.published.keys()].every((uri) => uri.startsWith(`${uriOf(ws(t))}/`)), 'nothing outside the folder');
    const info = client.shown.filter((m) => m.type === 3).map((m) => m.message);
    assert.ok(info.some((m) => /bin\.py is not linted: binary file$/.test(m)), info.join('\n'));
    assert.ok(info.some((m) => /pipe\.py is not linted: not a regular file \(a named pipe\)$/.test(m)), info.join('\n'));
    for (const link of ['root', 'out']) assert.ok(client.logs.some((l) => l.message.includes(`${link}: symbolic link to `) && /outside \.: not followed/.test(l.message)), link);
    await alive(client, t.file('ws/c.py'));
  });
});

test('brackets nested 10,000 deep: not linted, an information message; the server goes on', async () => {
  await withServer(() => ({}), async (client, t) => {
    const uri = uriOf(t.file('deep.py'));
    await client.open(uri, `${SRC}x = ${'('.repeat(10_000)}1${')'.repeat(10_000)}\n`, 1);
    const p = await client.diagnosticsFor(uri, (x) => x.version === 1);
    assert.equal(p.diagnostics.length, 0);
    await client.until('the information message', () => client.shown.some((m) => m.type === 3 && /deep\.py: not linted: brackets nest more than 200 deep/.test(m.message)));
    await alive(client, t.file('b.py'));
  });
});

test('a broken pyproject.toml and unknown codes in the configuration and in noqa: reported, the rest linted', async () => {
  await withServer((t) => {
    writeFileSync(t.file('pyproject.toml'), '[tool.fastapi-perf-lint]\nselect = ["FPL101"\nignore = \n');
    mkdirSync(t.file('svc'));
    writeFileSync(t.file('svc/pyproject.toml'), '[tool.fastapi-perf-lint]\nselect = ["FPL101", "FPL999"]\nnot-a-key = 1\n');
    return { folders: [t.dir] };
  }, async (client, t) => {
    await client.indexed();
    const broken = uriOf(t.file('a.py'));
    await client.open(broken, SRC, 1);
    const p = await client.diagnosticsFor(broken, (x) => x.version === 1);
    assert.deepEqual(codes(p.diagnostics), ['FPL101'], 'linted with the editor settings when the project file cannot be read');
    await client.until('the configuration error', () => client.logs.some((l) => /pyproject\.toml/.test(l.message) && l.type <= 2));
    const unknown = uriOf(t.file('svc/b.py'));
    await client.open(unknown, SRC.replace('time.sleep(1)', 'time.sleep(1)  # noqa: FPL998'), 1);
    const q = await client.diagnosticsFor(unknown, (x) => x.version === 1);
    assert.deepEqual(codes(q.diagnostics), ['FPL101'], 'a noqa naming only an unknown code suppresses nothing');
    await client.until('the unknown code warning', () => client.logs.some((l) => l.type === 2 && /FPL999/.test(l.message)));
    await alive(client, t.file('c.py'));
  });
});

for (const when of ['right after initialize', 'with a lint pending', 'during 500 edits', 'twice']) {
  test(`shutdown ${when}, then exit: exit code 0`, async () => {
    await withServer((t) => ({ folders: when === 'right after initialize' ? [t.dir] : [] }), async (client, t) => {
      const uri = uriOf(t.file('a.py'));
      if (when !== 'right after initialize') await client.open(uri, SRC, 1);
      const edits: Array<Promise<void>> = [];
      if (when === 'during 500 edits') {
        for (let v = 2; v < 502; v++) edits.push(client.change(uri, v, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '#\n' }]));
      }
      const shutdown = client.request('shutdown', null);
      if (when === 'twice') await client.request('shutdown', null).catch(() => null);
      await shutdown;
      await Promise.all(edits);
      // After shutdown, notifications are ignored and nothing crashes.
      await client.change(uri, 999, [{ text: 'x' }]).catch(() => undefined);
      const code = await new Promise<number | null>((resolve) => {
        client.proc.once('exit', (c) => resolve(c));
        void client.conn.sendNotification('exit');
      });
      assert.equal(code, 0);
    });
  });
}

test('exit without shutdown: exit code 1', async () => {
  const client = await LspClient.start();
  try {
    const code = await new Promise<number | null>((resolve) => {
      client.proc.once('exit', (c) => resolve(c));
      void client.conn.sendNotification('exit');
    });
    assert.equal(code, 1);
  } finally {
    await client.stop();
  }
});
