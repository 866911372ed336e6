// Runs inside the VS Code extension host against the real `vscode` API, the way
// @vscode/test-electron runs a suite: under code-server (../exthost.ts) or desktop VS Code
// (../testElectron.ts), on a copy of examples/. What to expect comes from the CLI, in
// expected.json beside this bundle; the results go to results.json beside it (under
// code-server the host's console does not reach the runner). run() rejects on a failure.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExpectedFinding, Expectations } from '../expectations';

const SOURCE = 'fastapi-perf-lint';
const FIX_ALL = 'source.fixAll.fastapiPerf';
const EXTENSION_ID = 'fastapi-perf-lint.fastapi-perf-lint';

interface TestResult {
  name: string;
  ok: boolean;
  ms: number;
  error?: string;
}

async function until<T>(what: string, check: () => T | undefined, timeoutMs = 30000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = check();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const ours = (uri: vscode.Uri): vscode.Diagnostic[] => vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
const codeOf = (d: vscode.Diagnostic): string => (typeof d.code === 'object' ? String(d.code.value) : String(d.code));
const keyOf = (d: vscode.Diagnostic): string => `${codeOf(d)} ${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`;
const keyOfExpected = (f: ExpectedFinding): string => `${f.code} ${f.line}:${f.column} ${f.message}`;

/** Waits until the file's diagnostics are exactly the expected findings. */
async function diagnosticsEqual(uri: vscode.Uri, want: ExpectedFinding[], timeoutMs = 30000): Promise<vscode.Diagnostic[]> {
  const wanted = want.map(keyOfExpected).sort();
  try {
    return await until(`the findings of ${uri.fsPath}`, () => {
      const got = ours(uri);
      return JSON.stringify(got.map(keyOf).sort()) === JSON.stringify(wanted) ? got : undefined;
    }, timeoutMs);
  } catch (e) {
    const got = ours(uri).map(keyOf).sort();
    const missing = wanted.filter((k) => !got.includes(k));
    const extra = got.filter((k) => !wanted.includes(k));
    throw new Error(`${(e as Error).message}\nmissing: ${JSON.stringify(missing, null, 1)}\nunexpected: ${JSON.stringify(extra, null, 1)}`);
  }
}

async function codeActions(uri: vscode.Uri, range: vscode.Range, kind: string, resolve = 0): Promise<vscode.CodeAction[]> {
  return (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, kind, resolve)) ?? [];
}

async function setting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('fastapiPerf').update(key, value, vscode.ConfigurationTarget.Global);
}

export async function run(): Promise<void> {
  const results: TestResult[] = [];
  const resultsFile = path.join(__dirname, 'results.json');
  const save = (): void => writeFileSync(resultsFile, JSON.stringify({ vscode: vscode.version, node: process.version, results }, null, 2));
  save();
  const expected = JSON.parse(readFileSync(path.join(__dirname, 'expected.json'), 'utf8')) as Expectations;
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the suite runs on a workspace folder');
  const uriOf = (rel: string): vscode.Uri => vscode.Uri.file(path.join(folder.uri.fsPath, ...rel.split('/')));
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is loaded`);

  const test = async (name: string, fn: () => Promise<void>): Promise<void> => {
    const t0 = Date.now();
    try {
      await fn();
      results.push({ name, ok: true, ms: Date.now() - t0 });
    } catch (e) {
      results.push({ name, ok: false, ms: Date.now() - t0, error: (e as Error)?.stack ?? String(e) });
    }
    save();
  };

  const routes = uriOf(expected.fpl101.file);
  await test('languages.getDiagnostics: an opened route module has the CLI findings (codes, positions, messages)', async () => {
    await vscode.window.showTextDocument(routes);
    await until('the extension to activate on a Python file', () => (ext.isActive ? true : undefined));
    await diagnosticsEqual(routes, expected.files[expected.fpl101.file]);
  });

  await test('vscode.executeCodeActionProvider: the FPL101 quick fix, preferred, gives the CLI fixed text', async () => {
    const f = expected.fpl101.finding;
    const diag = ours(routes).find((d) => codeOf(d) === 'FPL101');
    assert.ok(diag, 'FPL101 is reported');
    assert.equal(diag.severity, vscode.DiagnosticSeverity.Error);
    const actions = await codeActions(routes, diag.range, vscode.CodeActionKind.QuickFix.value);
    const titles = actions.map((a) => a.title);
    for (const t of [f.fixTitle!, 'Ignore FPL101 on this line', 'Ignore FPL101 in this file', 'Show documentation for FPL101']) assert.ok(titles.includes(t), `${t} in ${JSON.stringify(titles)}`);
    const fix = actions.find((a) => a.title === f.fixTitle)!;
    assert.equal(fix.isPreferred, true, 'a safe fix is preferred');
    assert.ok(fix.edit, 'the quick fix carries its edit');
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    const doc = await vscode.workspace.openTextDocument(routes);
    assert.equal(doc.getText(), expected.fpl101.fixedText);
    await until('FPL101 to go', () => (ours(routes).some((d) => codeOf(d) === 'FPL101') ? undefined : true));
    assert.equal(ours(routes).length, expected.files[expected.fpl101.file].length - 1, 'the other findings stay');
    assert.ok(await doc.save());
  });

  await test('"FastAPI Perf: Fix All" (fastapiPerf.fixAll) on the active editor gives the CLI --fix text', async () => {
    const uri = uriOf(expected.fixAll.file);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    await diagnosticsEqual(uri, expected.files[expected.fixAll.file]);
    const before = doc.getText();
    await vscode.commands.executeCommand('fastapiPerf.fixAll');
    await until('the fix-all edit', () => (doc.getText() === expected.fixAll.fixedText ? true : undefined));
    await until('the fixed findings to go', () => (ours(uri).length < expected.files[expected.fixAll.file].length ? true : undefined));
    // Back to the file on disk for the source action below, once the server has linted it again.
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await until('the revert', () => (doc.getText() === before ? true : undefined));
    await diagnosticsEqual(uri, expected.files[expected.fixAll.file]);
  });

  await test(`${FIX_ALL}: one action applies every safe fix of a file (the CLI --fix text)`, async () => {
    const uri = uriOf(expected.fixAll.file);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    await diagnosticsEqual(uri, expected.files[expected.fixAll.file]);
    const all = new vscode.Range(0, 0, doc.lineCount, 0);
    const actions = (await codeActions(uri, all, FIX_ALL, 10)).filter((a) => a.kind?.value === FIX_ALL);
    assert.equal(actions.length, 1, JSON.stringify(actions.map((a) => a.title)));
    assert.ok(actions[0].edit, 'the fix-all edit (resolved)');
    assert.ok(await vscode.workspace.applyEdit(actions[0].edit));
    assert.equal(doc.getText(), expected.fixAll.fixedText);
    assert.ok(await doc.save());
  });

  await test('fastapiPerf.severity: a rule set to error shows as an error, set to off disappears, unset comes back', async () => {
    const target = ours(routes).find((d) => codeOf(d) !== 'FPL101' && d.severity === vscode.DiagnosticSeverity.Warning);
    assert.ok(target, 'a warning to change');
    const code = codeOf(target);
    const find = (): vscode.Diagnostic | undefined => ours(routes).find((d) => codeOf(d) === code);
    try {
      await setting('severity', { [code]: 'error' });
      await until(`${code} as an error`, () => (find()?.severity === vscode.DiagnosticSeverity.Error ? true : undefined));
      await setting('severity', { [code]: 'off' });
      await until(`${code} to disappear`, () => (find() ? undefined : true));
    } finally {
      await setting('severity', undefined);
    }
    await until(`${code} back as a warning`, () => (find()?.severity === vscode.DiagnosticSeverity.Warning ? true : undefined));
  });

  await test('fastapiPerf.scanWorkspace with workspace diagnostics off: a never-opened file gets its CLI findings', async () => {
    const open = new Set(vscode.workspace.textDocuments.map((d) => d.uri.fsPath));
    const closed = Object.keys(expected.files)
      .sort()
      .find((rel) => !open.has(uriOf(rel).fsPath));
    assert.ok(closed, 'a file with findings that is not open');
    const uri = uriOf(closed);
    try {
      await setting('workspaceDiagnostics', false);
      // Turned off, what the workspace pull reported for closed files is cleared.
      await until(`the findings of ${closed} to be cleared`, () => (ours(uri).length === 0 ? true : undefined));
      const { openFiles, openFindings, ...summary } = (await vscode.commands.executeCommand<{ files: number; findings: number; filesWithFindings: number; openFiles: number; openFindings: number; cancelled: boolean }>('fastapiPerf.scanWorkspace'))!;
      const openPython = vscode.workspace.textDocuments.filter((d) => d.languageId === 'python' && d.uri.scheme === 'file' && d.uri.fsPath.startsWith(folder.uri.fsPath)).map((d) => d.uri.fsPath);
      const closedFindings = Object.entries(expected.files).filter(([rel]) => !openPython.includes(uriOf(rel).fsPath));
      assert.deepEqual(summary, {
        files: expected.pythonFiles - openPython.length,
        findings: closedFindings.reduce((n, [, fs]) => n + fs.length, 0),
        filesWithFindings: closedFindings.length,
        cancelled: false,
      });
      // The open files are counted apart: the notification adds them, as the Problems panel shows them.
      assert.equal(openFiles, openPython.length);
      assert.equal(typeof openFindings, 'number');
      await diagnosticsEqual(uri, expected.files[closed]);
    } finally {
      await setting('workspaceDiagnostics', undefined);
    }
  });

  await test('commands: "FastAPI Perf: Show Output" runs; the status bar menu and restart are registered', async () => {
    const all = await vscode.commands.getCommands(true);
    for (const c of ['fastapiPerf.showOutput', 'fastapiPerf.statusMenu', 'fastapiPerf.restartServer']) assert.ok(all.includes(c), `${c} is registered`);
    await vscode.commands.executeCommand('fastapiPerf.showOutput');
  });

  // The runner (exthost.ts) then finds the trace in the channel's log file: the channel's log level is never touched.
  await test('fastapiPerf.trace.server set to messages: requests flow while it is on (the runner checks the Output log)', async () => {
    try {
      await setting('trace.server', 'messages');
      await new Promise((r) => setTimeout(r, 1000));
      const diag = ours(routes)[0];
      assert.ok(diag, 'a finding to hover');
      await vscode.commands.executeCommand('vscode.executeHoverProvider', routes, diag.range.start);
      await new Promise((r) => setTimeout(r, 1000));
    } finally {
      await setting('trace.server', undefined);
    }
  });

  const failed = results.filter((r) => !r.ok);
  if (failed.length) throw new Error(`${failed.length} of ${results.length} extension host tests failed: ${failed.map((f) => f.name).join('; ')}`);
}
