// The server over stdio: push and pull diagnostics, workspace diagnostics for closed
// files, configuration changes, and incremental sync under a burst of random edits.
import { REGISTRY } from '../helpers';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import type { Diagnostic, DocumentDiagnosticReport, WorkspaceDiagnosticReport } from 'vscode-languageserver-protocol';
import { docsUrl } from '../../server/src/engine/docs';
import { lintSource } from '../../server/src/engine/linter';
import { LineIndex } from '../../server/src/engine/text';
import { plainText } from '../../server/src/ruleApi/message';
import { ready } from '../helpers';
import { codes, LspClient, makeWorkspace, ROOT, uriOf } from './harness';
import { mergeConfig } from '../../server/src/engine/config';
import { tempDir } from '../tempDir';

/** The LSP fixtures are written for FPL101 (the harness selects it). */
const FPL101_ONLY = mergeConfig({ select: ['FPL101'] });

const MAIN = 'app/main.py';

function rangeOf(text: string, needle: string, from = 0): Diagnostic['range'] {
  const start = text.indexOf(needle, from);
  assert.ok(start >= 0, `${needle} not in fixture`);
  return new LineIndex(text).range(start, start + needle.length);
}

test('push: diagnostics with codes, UTF-16 ranges, docs links, fix edits and the version', async () => {
  const ws = makeWorkspace();
  const client = await LspClient.start({ folders: [ws.root] });
  try {
    await client.indexed();
    const text = readFileSync(ws.file(MAIN), 'utf8');
    await client.open(ws.uri(MAIN), text, 7);
    // `pause` is `time.sleep` imported through app/utils.py: found through the workspace index.
    const p = await client.diagnosticsFor(ws.uri(MAIN), (x) => x.diagnostics.length === 4);
    assert.equal(p.version, 7);
    assert.deepEqual(codes(p.diagnostics), ['FPL101', 'FPL101', 'FPL101', 'FPL101']);
    const [items, greet, slow, noqaOther] = p.diagnostics;
    assert.deepEqual(items.range, rangeOf(text, 'time.sleep(0.1)'));
    // The emoji line: columns count UTF-16 code units (each 🚀 is two), as LSP positions do.
    const greetRange = rangeOf(text, 'time.sleep(0.2)');
    assert.deepEqual(greet.range, greetRange);
    const line = text.split('\n')[greetRange.start.line];
    assert.equal(greetRange.start.character, line.indexOf('time.sleep'));
    assert.notEqual(greetRange.start.character, [...line.slice(0, line.indexOf('time.sleep'))].length, 'the fixture line must have astral characters');
    assert.deepEqual(slow.range, rangeOf(text, 'pause(1)'));
    // `time.sleep(2)  # noqa: E501` is reported (the noqa names another code); `sync_ok` is not async.
    assert.deepEqual(noqaOther.range, rangeOf(text, 'time.sleep(2)'));
    for (const d of p.diagnostics) {
      assert.equal(d.source, 'fastapi-perf-lint');
      assert.equal(d.severity, 1);
      assert.equal(d.codeDescription?.href, docsUrl('blocking-sleep-in-async'));
      const data = d.data as { version: number; fix: { title: string; applicability: string; edits: Array<{ newText: string }> } };
      assert.equal(data.version, 7);
      assert.equal(data.fix.applicability, 'safe');
      assert.ok(data.fix.edits.some((e) => e.newText === 'import asyncio' || e.newText.includes('import asyncio')), 'the import edit travels with the fix');
    }
  } finally {
    await client.stop();
    ws.dispose();
  }
});

test('node IPC transport (the VS Code client): the same diagnostics', async () => {
  const ws = makeWorkspace();
  const client = await LspClient.start({ folders: [ws.root], transport: 'ipc' });
  try {
    await client.indexed();
    await client.open(ws.uri(MAIN), readFileSync(ws.file(MAIN), 'utf8'), 1);
    const p = await client.diagnosticsFor(ws.uri(MAIN), (x) => x.diagnostics.length === 4);
    assert.deepEqual(codes(p.diagnostics), ['FPL101', 'FPL101', 'FPL101', 'FPL101']);
  } finally {
    await client.stop();
    ws.dispose();
  }
});

test('push: incremental edits publish for the latest version only; close clears', async () => {
  const ws = makeWorkspace();
  const client = await LspClient.start({ folders: [ws.root] });
  try {
    const uri = ws.uri('app/new.py');
    await client.open(uri, 'import time\n\nasync def f():\n    x = 1\n', 1);
    await client.diagnosticsFor(uri, (p) => p.version === 1 && p.diagnostics.length === 0);
    // Type `time.sleep(1)` one character at a time, with no pause.
    const typed = '    time.sleep(1)\n';
    for (let i = 0; i < typed.length; i++) {
      await client.change(uri, i + 2, [{ range: { start: { line: 4, character: i }, end: { line: 4, character: i } }, text: typed[i] }]);
    }
    const last = typed.length + 1;
    const p = await client.diagnosticsFor(uri, (x) => x.version === last);
    assert.deepEqual(codes(p.diagnostics), ['FPL101']);
    assert.deepEqual(p.diagnostics[0].range, { start: { line: 4, character: 4 }, end: { line: 4, character: 17 } });
    await client.close(uri);
    await client.diagnosticsFor(uri, (x) => x.diagnostics.length === 0 && x.version === undefined);
  } finally {
    await client.stop();
    ws.dispose();
  }
});

test('pull: textDocument/diagnostic with result ids; no publishDiagnostics', async () => {
  const ws = makeWorkspace();
  const client = await LspClient.start({ folders: [ws.root], pull: true });
  try {
    await client.indexed();
    const uri = ws.uri(MAIN);
    const text = readFileSync(ws.file(MAIN), 'utf8');
    await client.open(uri, text, 1);
    const first = await client.request<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri } });
    assert.equal(first.kind, 'full');
    assert.ok(first.kind === 'full' && first.resultId);
    if (first.kind !== 'full') return;
    assert.deepEqual(codes(first.items), ['FPL101', 'FPL101', 'FPL101', 'FPL101']);
    const again = await client.request<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri }, previousResultId: first.resultId });
    assert.equal(again.kind, 'unchanged');
    // Delete the `time.sleep(0.1)` line: the answer follows the edit.
    const line = rangeOf(text, 'time.sleep(0.1)').start.line;
    await client.change(uri, 2, [{ range: { start: { line, character: 0 }, end: { line: line + 1, character: 0 } }, text: '' }]);
    const after = await client.request<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri }, previousResultId: first.resultId });
    assert.equal(after.kind, 'full');
    if (after.kind === 'full') {
      assert.equal(after.items.length, 3);
      assert.equal((after.items[0].data as { version: number }).version, 2);
    }
    assert.equal(client.published.size, 0, 'a pull client gets no publishDiagnostics');
  } finally {
    await client.stop();
    ws.dispose();
  }
});

test('pull: workspace/diagnostic covers closed files, skips ignored, virtualenv and excluded files', async () => {
  const ws = makeWorkspace();
  const client = await LspClient.start({ folders: [ws.root], pull: true, settings: { exclude: ['generated'] } });
  try {
    await client.indexed();
    await client.open(ws.uri(MAIN), readFileSync(ws.file(MAIN), 'utf8'), 1);
    const report = await client.request<WorkspaceDiagnosticReport>('workspace/diagnostic', { previousResultIds: [] });
    const byUri = new Map(report.items.map((i) => [i.uri, i]));
    const closed = byUri.get(ws.uri('app/closed.py'));
    assert.ok(closed && closed.kind === 'full', 'the closed file is reported');
    if (closed?.kind === 'full') {
      assert.deepEqual(codes(closed.items), ['FPL101']);
      assert.equal(closed.version, null);
      assert.equal((closed.items[0].data as { version: unknown }).version, null);
    }
    assert.ok(!byUri.has(ws.uri(MAIN)), 'open documents are left to the document pull');
    for (const skipped of ['ignored/bad.py', '.venv/lib/site.py', 'env2/lib/thing.py', 'generated/gen.py']) assert.ok(!byUri.has(ws.uri(skipped)), `${skipped} must be skipped`);
    assert.ok(byUri.has(ws.uri('app/utils.py')), 'clean closed files are reported (empty) too');
    // With the previous result ids, nothing changed: nothing to report.
    const previousResultIds = report.items.map((i) => ({ uri: i.uri, value: i.resultId! }));
    const again = await client.request<WorkspaceDiagnosticReport>('workspace/diagnostic', { previousResultIds });
    assert.deepEqual(again.items, []);
    // Turning workspace diagnostics off clears what was reported.
    await client.setSettings({ exclude: ['generated'], workspaceDiagnostics: false });
    const off = await client.request<WorkspaceDiagnosticReport>('workspace/diagnostic', { previousResultIds });
    const cleared = off.items.find((i) => i.uri === ws.uri('app/closed.py'));
    assert.ok(cleared && cleared.kind === 'full' && cleared.items.length === 0);
  } finally {
    await client.stop();
    ws.dispose();
  }
});

test('configuration: severity, ignore and enable changes re-lint open documents', async () => {
  const ws = makeWorkspace();
  const client = await LspClient.start({ folders: [ws.root] });
  try {
    const uri = ws.uri(MAIN);
    await client.open(uri, readFileSync(ws.file(MAIN), 'utf8'), 1);
    await client.diagnosticsFor(uri, (p) => p.diagnostics.length > 0 && p.diagnostics.every((d) => d.severity === 1));
    await client.setSettings({ severity: { FPL101: 'hint' } });
    await client.diagnosticsFor(uri, (p) => p.diagnostics.length > 0 && p.diagnostics.every((d) => d.severity === 4));
    // The harness selects FPL101; ignoring the same code (as specific as the selection) wins.
    await client.setSettings({ ignore: ['FPL101'] });
    await client.diagnosticsFor(uri, (p) => p.diagnostics.length === 0);
    await client.setSettings({});
    await client.diagnosticsFor(uri, (p) => p.diagnostics.length > 0);
    await client.setSettings({ enable: false });
    await client.diagnosticsFor(uri, (p) => p.diagnostics.length === 0);
    // Settings are asked for per resource.
    assert.ok(client.configurationRequests.some((r) => r.scopeUri === uri && r.section === 'fastapiPerf'));
  } finally {
    await client.stop();
    ws.dispose();
  }
});

test('configuration without workspace/configuration: initialization options, then pushed settings', async () => {
  const ws = makeWorkspace();
  const client = await LspClient.start({ folders: [ws.root], configuration: false, initializationOptions: { settings: { select: ['FPL101'], severity: { FPL101: 'warning' } } } });
  try {
    const uri = ws.uri(MAIN);
    await client.open(uri, readFileSync(ws.file(MAIN), 'utf8'), 1);
    await client.diagnosticsFor(uri, (p) => p.diagnostics.length > 0 && p.diagnostics.every((d) => d.severity === 2));
    await client.setSettings({ ignore: ['FPL101'] });
    await client.diagnosticsFor(uri, (p) => p.diagnostics.length === 0);
    assert.equal(client.configurationRequests.length, 0);
  } finally {
    await client.stop();
    ws.dispose();
  }
});

/** Deterministic pseudo-random numbers (mulberry32). */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test('200 random incremental edits end with the diagnostics of a fresh lint of the final text', async () => {
  await ready;
  const dir = tempDir('fpl-burst-');
  const file = path.join(dir, 'burst.py');
  const uri = uriOf(file);
  const client = await LspClient.start();
  try {
    let text = readFileSync(path.join(__dirname, 'fixtures', 'workspace', 'app', 'main.py'), 'utf8').repeat(3);
    await client.open(uri, text, 1);
    const random = rng(20251125);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
    const inLine = ['x', ' ', 'é', '🚀', '(', ')', ':', '"', 'await ', '.', '1'];
    const wholeLines = ['    time.sleep(1)\n', 'async def g():\n    time.sleep(3)\n', '# comment 🚀\n', 'import time\n', '\n', 'def h():\n    pass\n'];
    // Offsets never split a surrogate pair (editors do not).
    const snap = (t: string, o: number): number => (o > 0 && o < t.length && t.charCodeAt(o) >= 0xdc00 && t.charCodeAt(o) <= 0xdfff ? o - 1 : o);
    /** One random change against `text`: typing and deleting inside a line, whole lines, large blocks. */
    const randomChange = (): { range: ReturnType<LineIndex['range']>; text: string } => {
      const lines = new LineIndex(text);
      const line = Math.floor(random() * lines.lineCount);
      const ls = lines.lineStarts[line];
      const le = lines.lineEnd(line);
      const r = random();
      let start: number;
      let end: number;
      let insert: string;
      if (r < 0.45) {
        start = end = snap(text, ls + Math.floor(random() * (le - ls + 1)));
        insert = pick(inLine);
      } else if (r < 0.65) {
        start = snap(text, ls + Math.floor(random() * (le - ls + 1)));
        end = snap(text, Math.min(le, start + 1 + Math.floor(random() * 4)));
        insert = '';
      } else if (r < 0.85) {
        start = end = ls;
        insert = pick(wholeLines);
      } else if (r < 0.96) {
        start = ls;
        end = line + 1 < lines.lineCount ? lines.lineStarts[line + 1] : text.length;
        insert = '';
      } else {
        start = ls;
        end = line + 6 < lines.lineCount ? lines.lineStarts[line + 6] : text.length;
        insert = wholeLines[1].repeat(2);
      }
      const change = { range: lines.range(start, end), text: insert };
      text = text.slice(0, start) + insert + text.slice(end);
      return change;
    };
    let version = 1;
    for (let i = 0; i < 200; i++) {
      version++;
      const r = random();
      if (r < 0.02) {
        // A whole new text without a range: the full-parse path.
        text = `${text}\n# pasted\n`;
        await client.change(uri, version, [{ text }]);
      } else if (r < 0.12) {
        await client.change(uri, version, [randomChange(), randomChange()]);
      } else {
        await client.change(uri, version, [randomChange()]);
      }
    }
    const p = await client.diagnosticsFor(uri, (x) => x.version === version);
    if (process.env.FPL_DEBUG_BURST) console.log(text);
    const fresh = lintSource(text, { rules: REGISTRY, path: file, config: FPL101_ONLY });
    const lines = new LineIndex(text);
    const expected = fresh.findings.map((f) => ({ code: f.code, range: lines.range(f.start, f.end), message: plainText(f.message) }));
    const actual = p.diagnostics.map((d) => ({ code: d.code, range: d.range, message: d.message }));
    assert.deepEqual(actual, expected);
    assert.ok(expected.length > 0, 'the final text still has findings (the seed makes this deterministic)');
  } finally {
    await client.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an edit in one statement re-lints what another read of it (only FPL109 selected): the editor agrees with `check`', async () => {
  const dir = tempDir('fpl-reads-');
  const file = path.join(dir, 'calls.py');
  const uri = uriOf(file);
  // `main`'s two awaits run helpers that only read through an httpx.AsyncClient, so they could run together (no fix: a comment lies between them).
  const before = 'import httpx\nimport registry\n\nclient = httpx.AsyncClient()\n\n\nasync def f1(a):\n    return await client.get(a)\n\n\nasync def f2(a):\n    return await client.get(a)\n\n\nasync def main():\n    x = await f1("/1")\n    # and then\n    y = await f2("/2")\n    return x, y\n';
  const client = await LspClient.start({ settings: { select: ['FPL109'] } });
  try {
    await client.open(uri, before, 1);
    assert.deepEqual(codes((await client.diagnosticsFor(uri, (p) => p.version === 1)).diagnostics), ['FPL109']);
    // `f1` becomes a value of unknown behaviour: the awaits may share state, so nothing is reported.
    const def = 'async def f1(a):\n    return await client.get(a)\n';
    const start = before.indexOf(def);
    const after = before.replace(def, 'f1 = registry.f1xx\n');
    await client.change(uri, 2, [{ range: new LineIndex(before).range(start, start + def.length), text: 'f1 = registry.f1xx\n' }]);
    const p = await client.diagnosticsFor(uri, (x) => x.version === 2);
    writeFileSync(file, after);
    const check = spawnSync(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), 'check', file, '--select', 'FPL109', '--format', 'json'], { encoding: 'utf8' });
    const reported = (JSON.parse(check.stdout) as Array<{ code: string }>).map((i) => i.code);
    assert.deepEqual(reported, [], check.stderr);
    assert.deepEqual(codes(p.diagnostics), reported);
  } finally {
    await client.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
