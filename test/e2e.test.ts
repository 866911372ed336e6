// The real-editor suite (test/e2e) where a VS Code binary exists; skipped, with the reason,
// where none can be had (our build machines).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findVSCode, runE2E } from './e2e/run';

test('VS Code extension host suite (@vscode/test-electron)', async (t) => {
  const found = findVSCode();
  if (!found.executable && !found.download) {
    t.skip(found.reason);
    return;
  }
  assert.equal(await runE2E(), 'passed');
});
