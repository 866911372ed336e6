// The extension manifest: what the .vsix holds, and that package.json's settings and
// commands match what the server and client read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RULES } from '../../rules/index';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_SETTINGS, SECTION } from '../../server/src/lsp/configuration';
import { COMMANDS } from '../../server/src/lsp/commands';
import { FIX_ALL_KIND } from '../../server/src/lsp/codeActions';
import { ROOT } from './harness';

const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

test('the .vsix holds only the bundles, the .wasm files, README, CHANGELOG, LICENSE, the icon and the rule docs', () => {
  const vsce = path.join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
  const out = execFileSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: ROOT, encoding: 'utf8' });
  const files = out.split('\n').map((l) => l.trim()).filter(Boolean).sort();
  const ruleDocs = RULES.map((r) => `rules/${r.meta.id}/README.md`);
  assert.deepEqual(files, [...['CHANGELOG.md', 'LICENSE', 'README.md', 'client/images/icon.png', 'dist/extension.js', 'dist/server-bundle.js', 'dist/server.js', 'dist/tree-sitter-python.wasm', 'dist/tree-sitter.wasm', 'package.json'], ...ruleDocs].sort());
  assert.equal(pkg.icon, 'client/images/icon.png');
  assert.equal(pkg.main, './dist/extension.js');
  assert.match(pkg.devDependencies['@vscode/vsce'], /^3\.\d+\.\d+$/, 'vsce pinned to a 3.x version');
});

test('package.json contributes the settings the server reads, with its defaults', () => {
  const props = pkg.contributes.configuration.properties as Record<string, { default: unknown; description?: string; markdownDescription?: string }>;
  // `ruffInEditor` is the client's to say (is the Ruff extension linting?), not a setting;
  // `ruffOverlap` unset means the project's `ruff-overlap`, else `auto`: its default.
  const { ruffInEditor: _client, ...settings } = { ...DEFAULT_SETTINGS, ruffOverlap: 'auto' };
  for (const [key, value] of Object.entries(settings)) {
    const p = props[`${SECTION}.${key}`];
    assert.ok(p, `fastapiPerf.${key} is contributed`);
    assert.deepEqual(p.default, value, `default of fastapiPerf.${key}`);
  }
  // The client's own settings: the language client's trace, the code lenses shown or not.
  const clientOnly = ['fastapiPerf.trace.server', 'fastapiPerf.codeLens'];
  for (const key of clientOnly) assert.ok(props[key], `${key} is contributed`);
  for (const [key, p] of Object.entries(props)) assert.ok(p.description || p.markdownDescription, `${key} has a description`);
  assert.deepEqual(Object.keys(props).sort(), [...Object.keys(settings).map((k) => `${SECTION}.${k}`), ...clientOnly].sort());
  // One entry per rule, each with the severities (test/lsp/settings.test.ts checks it against the rules).
  const severity = props['fastapiPerf.severity'] as unknown as { properties: Record<string, { enum: string[] }>; additionalProperties: boolean };
  assert.deepEqual(severity.properties.FPL101.enum, ['error', 'warning', 'info', 'hint', 'off']);
  assert.equal(severity.additionalProperties, false);
});

test('package.json commands, activation and code action kinds', () => {
  const commands = pkg.contributes.commands as Array<{ command: string; title: string; category: string }>;
  assert.deepEqual(commands.map((c) => c.command).sort(), [...COMMANDS, 'fastapiPerf.restartServer', 'fastapiPerf.refreshRoutes', 'fastapiPerf.showOutput'].sort());
  for (const c of commands) assert.equal(c.category, 'FastAPI Perf');
  assert.ok(pkg.activationEvents.includes('onLanguage:python'));
  for (const c of commands) assert.ok(pkg.activationEvents.includes(`onCommand:${c.command}`));
  const kinds = pkg.contributes.codeActions.flatMap((c: { actions: Array<{ kind: string }> }) => c.actions.map((a) => a.kind));
  assert.ok(kinds.includes(FIX_ALL_KIND));
  assert.equal(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
});
