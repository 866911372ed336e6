// The editor and `check` agree on every file of a monorepo: nested configurations (each
// with its own `exclude` and `per-file-ignores`, globs relative to its own folder), a
// .gitignore, virtualenvs. Both go through the engine's one project pipeline; this test
// drives them through their public interfaces (dist/cli.js and dist/server.js over stdio).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Diagnostic, DocumentDiagnosticReport, WorkspaceDiagnosticReport } from 'vscode-languageserver-protocol';
import { run } from '../cli/harness';
import { FILES, LEFT_OUT, LINTED, writeMonorepo } from '../monorepo';
import { LspClient, uriOf } from './harness';

/** A finding as both sides can print it: code and 0-based range (the fixture is ASCII, so columns agree). */
type Row = string;
const row = (code: string, r: { start: { line: number; character: number }; end: { line: number; character: number } }): Row =>
  `${code} ${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
const rowsOf = (ds: readonly Diagnostic[]): Row[] => ds.map((d) => row(String(d.code), d.range)).sort();

interface JsonItem {
  code: string;
  filename: string;
  location: { row: number; column: number };
  end_location: { row: number; column: number };
}

function checkFindings(root: string): Map<string, Row[]> {
  const r = run(['check', '.', '--format', 'json', '--no-progress'], root);
  assert.equal(r.status, 1, r.stderr);
  const out = new Map<string, Row[]>();
  for (const i of JSON.parse(r.stdout) as JsonItem[]) {
    const rel = path.relative(root, i.filename).split(path.sep).join('/');
    const range = { start: { line: i.location.row - 1, character: i.location.column - 1 }, end: { line: i.end_location.row - 1, character: i.end_location.column - 1 } };
    out.set(rel, [...(out.get(rel) ?? []), row(i.code, range)].sort());
  }
  return out;
}

test('monorepo: the editor and `check` agree on every file (nested configurations, excludes, per-file-ignores, .gitignore, virtualenvs)', async () => {
  const root = writeMonorepo();
  const cli = checkFindings(root);
  // The fixture does what it is meant to: findings under both configurations, a per-file ignore at work.
  assert.deepEqual([...cli.keys()].sort(), ['backend/app/main.py', 'backend/app/tasks.py', 'backend/legacy/keep.py', 'services/worker.py']);
  assert.ok(cli.get('backend/app/main.py')!.some((r) => r.startsWith('FPL108')), 'a finding that needs the other module');
  assert.deepEqual(cli.get('backend/app/tasks.py')!.map((r) => r.split(' ')[0]), ['FPL102'], 'FPL101 ignored in app/tasks.py by backend/pyproject.toml');
  for (const rel of LEFT_OUT) assert.ok(!cli.has(rel), rel);

  // Every rule the project selects, as `check` runs them (the harness selects FPL101 unless told otherwise).
  const client = await LspClient.start({ folders: [root], pull: true, settings: { select: [] } });
  try {
    await client.indexed();
    const ws = await client.request<WorkspaceDiagnosticReport>('workspace/diagnostic', { previousResultIds: [] });
    const closed = new Map(ws.items.map((i) => [path.relative(root, new URL(i.uri).pathname).split(path.sep).join('/'), i.kind === 'full' ? rowsOf(i.items) : []]));
    assert.deepEqual([...closed.keys()].sort(), LINTED, 'workspace diagnostics cover the files `check .` lints, and only those');
    for (const rel of LINTED) assert.deepEqual(closed.get(rel), cli.get(rel) ?? [], `workspace diagnostics for ${rel}`);

    // Opened, each file (left-out ones included) shows what `check .` reports for it.
    for (const rel of [...LINTED, ...LEFT_OUT]) {
      const uri = uriOf(path.join(root, rel));
      await client.open(uri, readFileSync(path.join(root, rel), 'utf8'), 1);
      const report = await client.request<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri } });
      assert.equal(report.kind, 'full');
      assert.deepEqual(report.kind === 'full' ? rowsOf(report.items) : null, cli.get(rel) ?? [], `${rel} opened`);
    }
  } finally {
    await client.stop();
  }
});

test('monorepo: Scan Workspace (push client) reports what `check .` reports; a file excluded by a nested configuration stays quiet, also opened', async () => {
  const root = writeMonorepo();
  const cli = checkFindings(root);
  const client = await LspClient.start({ folders: [root], settings: { select: [] } });
  try {
    const summary = await client.request<{ files: number; findings: number }>('workspace/executeCommand', { command: 'fastapiPerf.scanWorkspace' });
    assert.deepEqual(summary.files, LINTED.length);
    assert.equal(summary.findings, [...cli.values()].reduce((n, rows) => n + rows.length, 0));
    for (const rel of LINTED) {
      const p = client.published.get(uriOf(path.join(root, rel)));
      assert.deepEqual(p ? rowsOf(p.diagnostics) : [], cli.get(rel) ?? [], `scan of ${rel}`);
    }
    for (const rel of LEFT_OUT) assert.ok(!client.published.has(uriOf(path.join(root, rel))), `${rel} not scanned`);
    const seed = uriOf(path.join(root, 'backend/scripts/seed.py'));
    await client.open(seed, FILES['backend/scripts/seed.py'], 1);
    const p = await client.diagnosticsFor(seed);
    assert.deepEqual(p.diagnostics, []);
  } finally {
    await client.stop();
  }
});
