// The extension-host suite (test/e2e/suite) under @vscode/test-electron where a VS Code
// binary exists; skipped, with the reason, where none can be had (our build machines,
// where `npm run test:e2e` runs the same suite in code-server's extension host).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { computeExpectations } from './e2e/expectations';
import { ROOT } from './e2e/setup';
import { findVSCode, runTestElectron } from './e2e/testElectron';

test('VS Code extension host suite (@vscode/test-electron)', async (t) => {
  const found = findVSCode();
  if (!found.executable && !found.download) {
    t.skip(found.reason);
    return;
  }
  const tmp = mkdtempSync(path.join(tmpdir(), 'fpl-e2e-'));
  try {
    const examples = path.join(ROOT, 'examples');
    const workspace = path.join(tmp, 'examples');
    cpSync(examples, workspace, { recursive: true });
    const expected = await computeExpectations(examples, path.join(tmp, 'cli'), path.join(ROOT, 'dist', 'cli.js'), path.join(tmp, 'cli.log'));
    const results = await runTestElectron({ workspace, expected, outDir: path.join(ROOT, 'test', '.artifacts', 'e2e', 'test-electron'), log: (l) => t.diagnostic(l) });
    assert.ok(results && results.length > 0, 'the suite ran');
    assert.deepEqual(results.filter((r) => !r.ok).map((r) => `${r.name}: ${r.error}`), []);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});
