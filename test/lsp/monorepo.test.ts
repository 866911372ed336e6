// The editor and `check` agree on every file of a monorepo: nested configurations (each
// with its own `exclude` and `per-file-ignores`, globs relative to its own folder), a
// .gitignore, virtualenvs. Both go through the engine's one project pipeline; this test
// drives them through their public interfaces (dist/cli.js and dist/server.js over stdio).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Diagnostic, DocumentDiagnosticReport, WorkspaceDiagnosticReport } from 'vscode-languageserver-protocol';
import { run } from '../cli/harness';
import { tempDir } from '../tempDir';
import { LspClient, uriOf } from './harness';

const SLEEP = 'import time\n\n\nasync def handler():\n    time.sleep(1)\n';

/** Every file of the fixture; the Python files hold findings wherever they are. */
const FILES: Record<string, string> = {
  'pyproject.toml': '[project]\nname = "mono"\n\n[tool.fastapi-perf-lint]\nexclude = ["legacy"]\n',
  '.gitignore': 'scratch/\n',
  'legacy/old.py': SLEEP, // the root's exclude
  'scratch/tmp.py': SLEEP, // .gitignore
  '.venv/lib/site.py': SLEEP, // a virtualenv by name
  'env/pyvenv.cfg': 'home = /usr/bin\n',
  'env/lib/thing.py': SLEEP, // a virtualenv by its pyvenv.cfg
  'services/worker.py': SLEEP + '\n\nasync def fetch():\n    import requests\n    return requests.get("http://x")\n',
  'backend/pyproject.toml': '[project]\nname = "backend"\n\n[tool.fastapi-perf-lint]\nexclude = ["scripts/*.py"]\n\n[tool.fastapi-perf-lint.per-file-ignores]\n"app/tasks.py" = ["FPL101"]\n',
  'backend/app/__init__.py': '',
  'backend/app/services.py': 'import time\n\n\ndef slow_report():\n    time.sleep(2)\n    return 1\n',
  'backend/app/main.py':
    'import time\n\nfrom fastapi import FastAPI\n\nfrom app.services import slow_report\n\napp = FastAPI()\n\n\n@app.get("/report")\nasync def report():\n    time.sleep(1)\n    return slow_report()\n',
  'backend/app/tasks.py': 'import time\n\nimport requests\n\n\nasync def sync_all():\n    time.sleep(1)\n    return requests.get("http://x")\n',
  'backend/scripts/seed.py': SLEEP, // backend's exclude (relative to backend/): the reproduced defect
  'backend/legacy/keep.py': SLEEP, // the root's `legacy` is relative to the root, and backend's file governs here
};

/** The Python files each side must report on (findings or not). */
const LINTED = ['backend/app/__init__.py', 'backend/app/main.py', 'backend/app/services.py', 'backend/app/tasks.py', 'backend/legacy/keep.py', 'services/worker.py'];
const LEFT_OUT = ['.venv/lib/site.py', 'backend/scripts/seed.py', 'env/lib/thing.py', 'legacy/old.py', 'scratch/tmp.py'];

function writeMonorepo(): string {
  const root = path.join(tempDir('fpl-mono-'), 'mono');
  for (const [rel, text] of Object.entries(FILES)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  }
  return root;
}

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
