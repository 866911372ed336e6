// Runs inside the VS Code extension host (see ../run.ts) on a copy of examples/shop-api:
// squiggles on open, the quick fix, the workspace scan filling the Problems panel.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';

const SOURCE = 'fastapi-perf-lint';

async function until<T>(what: string, check: () => T | undefined, timeoutMs = 30000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = check();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const ours = (uri: vscode.Uri): vscode.Diagnostic[] => vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);

const codeOf = (d: vscode.Diagnostic): string | undefined => (typeof d.code === 'object' ? String(d.code.value) : d.code === undefined ? undefined : String(d.code));

async function squigglesAndQuickFix(root: string): Promise<void> {
  const uri = vscode.Uri.file(path.join(root, 'app', 'routers', 'items.py'));
  const editor = await vscode.window.showTextDocument(uri);
  const diags = await until('diagnostics on open', () => (ours(uri).length ? ours(uri) : undefined));
  const sleep = diags.find((d) => codeOf(d) === 'FPL101');
  assert.ok(sleep, 'FPL101 is reported');
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, sleep.range, vscode.CodeActionKind.QuickFix.value);
  const fix = actions.find((a) => a.isPreferred);
  assert.ok(fix?.edit, 'a preferred quick fix with an edit');
  await vscode.workspace.applyEdit(fix.edit);
  assert.match(editor.document.getText(), /await asyncio\.sleep\(/);
  await until('the finding to go', () => (ours(uri).some((d) => d.range.isEqual(sleep.range) && d.message === sleep.message) ? undefined : true));
}

async function scanFillsProblems(root: string): Promise<void> {
  // items.py is not open yet: its findings come from the scan (or the workspace pull).
  const closed = vscode.Uri.file(path.join(root, 'app', 'routers', 'items.py'));
  assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === closed.toString()));
  await vscode.commands.executeCommand('fastapiPerf.scanWorkspace');
  await until('diagnostics for a file that is not open', () => (ours(closed).some((d) => codeOf(d) === 'FPL101') ? true : undefined));
}

export async function run(): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the suite runs on a workspace folder');
  const ext = vscode.extensions.getExtension('fastapi-perf-lint.fastapi-perf-lint');
  assert.ok(ext, 'the extension under test is loaded');
  await vscode.window.showTextDocument(vscode.Uri.file(path.join(folder.uri.fsPath, 'app', 'main.py')));
  await scanFillsProblems(folder.uri.fsPath);
  await squigglesAndQuickFix(folder.uri.fsPath);
}
