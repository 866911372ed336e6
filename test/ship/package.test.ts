// The npm package as a user gets it: `npm pack`, installed into an empty project as a dev
// dependency, run with `npx` (README, "Install"); its language server over stdio, as an
// editor starts it; and package.json's publishing metadata.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter, type PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import { cleanEnv, FINDING, INSTALL_TIMEOUT, ok, packTarball, PKG, REPO, run, sample, SLEEPY } from './helpers';

const REPO_URL = 'https://github.com/fastapi-perf-lint/fastapi-perf-lint';

test('package.json: publishable, a bin per front end, prepare builds, metadata for npm and the Marketplace', () => {
  assert.equal(PKG.private, undefined, 'not private: npm publish refuses a private package');
  assert.deepEqual(PKG.bin, { 'fastapi-perf-lint': 'dist/cli.js', 'fastapi-perf-lint-server': 'dist/server.js' });
  assert.equal(PKG.dependencies, undefined, 'no runtime dependency: everything is bundled into dist/');
  const scripts = PKG.scripts as Record<string, string>;
  assert.equal(scripts.prepare, 'node scripts/prepare.mjs', 'git installs build through prepare');
  assert.equal(scripts.prepack, 'node esbuild.mjs');
  assert.equal(PKG.publisher, 'fastapi-perf-lint');
  assert.equal(PKG.license, 'MIT');
  assert.deepEqual(PKG.repository, { type: 'git', url: REPO_URL });
  assert.equal(PKG.homepage, `${REPO_URL}#readme`);
  assert.deepEqual(PKG.bugs, { url: `${REPO_URL}/issues` });
  assert.deepEqual(PKG.categories, ['Linters']);
  assert.ok((PKG.keywords as string[]).includes('fastapi'));
  assert.ok(existsSync(join(REPO, PKG.icon as string)), 'icon');
  assert.match((PKG.galleryBanner as { color: string }).color, /^#[0-9a-f]{6}$/i);
  assert.deepEqual(PKG.engines, { vscode: '^1.91.0', node: '>=20' });
});

test('CHANGELOG.md: an Unreleased section and one for the version in package.json', () => {
  const log = readFileSync(join(REPO, 'CHANGELOG.md'), 'utf8');
  assert.match(log, /^## \[Unreleased\]$/m);
  assert.match(log, new RegExp(`^## \\[${PKG.version.replace(/\./g, '\\.')}\\]`, 'm'));
  assert.ok(log.indexOf('## [Unreleased]') < log.indexOf(`## [${PKG.version}]`), 'Unreleased first');
});

test('the bins are executable after a build, with a node shebang', () => {
  for (const file of Object.values(PKG.bin)) {
    const p = join(REPO, file);
    assert.ok(statSync(p).mode & 0o100, `${file} is executable (npx in a clone runs it directly)`);
    assert.equal(readFileSync(p, 'utf8').split('\n')[0], '#!/usr/bin/env node');
  }
});

let installed: string | undefined;
/** An empty project with the packed tarball installed as a dev dependency (README: npm install --save-dev). */
function installedProject(): string {
  if (installed) return installed;
  const tgz = packTarball();
  const dir = sample();
  writeFileSync(join(dir, 'package.json'), '{ "name": "sample", "version": "0.0.0", "private": true }\n');
  ok('npm', ['install', '--save-dev', '--no-audit', '--no-fund', tgz], { cwd: dir, timeout: INSTALL_TIMEOUT });
  installed = dir;
  return dir;
}

test('npm pack, installed into an empty project: npx fastapi-perf-lint check finds the sample\'s finding and exits 1', { timeout: INSTALL_TIMEOUT }, () => {
  const dir = installedProject();
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  assert.match(manifest.devDependencies['fastapi-perf-lint'], /^file:.*fastapi-perf-lint-\d+\.\d+\.\d+\.tgz$/);
  assert.deepEqual(readdirSync(join(dir, 'node_modules')).filter((n) => !n.startsWith('.')), ['fastapi-perf-lint'], 'no runtime dependency installed');

  const env = cleanEnv({ NO_COLOR: '1' });
  const version = ok('npx', ['fastapi-perf-lint', '--version'], { cwd: dir, env });
  assert.equal(version.stdout.trim(), `fastapi-perf-lint ${PKG.version}`);

  const check = run('npx', ['fastapi-perf-lint', 'check'], { cwd: dir, env });
  assert.equal(check.status, 1, check.all);
  assert.match(check.stdout, FINDING, check.all);
  assert.match(check.stdout, /Found 1 error\./, check.all);

  // README, "In CI": annotations.
  const github = run('npx', ['fastapi-perf-lint', 'check', '--format', 'github'], { cwd: dir, env });
  assert.equal(github.status, 1, github.all);
  assert.match(github.stdout, /^::error file=app\/main\.py,line=3,col=5,endLine=3,endColumn=18,title=FPL101::/m, github.all);

  const fixed = run('npx', ['fastapi-perf-lint', 'check', '--fix'], { cwd: dir, env });
  assert.equal(fixed.status, 0, fixed.all);
  assert.match(readFileSync(join(dir, 'app', 'main.py'), 'utf8'), /await asyncio\.sleep\(1\)/);
  writeFileSync(join(dir, 'app', 'main.py'), SLEEPY);
});

test('the installed language server (fastapi-perf-lint-server --stdio) publishes the sample\'s finding', { timeout: INSTALL_TIMEOUT }, async () => {
  const dir = installedProject();
  // The bin itself, not `node dist/server.js`: its shebang and executable bit, as an editor runs it.
  const bin = join(dir, 'node_modules', '.bin', 'fastapi-perf-lint-server');
  const proc = spawn(bin, ['--stdio'], { cwd: dir, env: cleanEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (b) => (stderr += b));
  const conn = createProtocolConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
  const uri = pathToFileURL(join(dir, 'app', 'main.py')).href;
  const published = new Promise<PublishDiagnosticsParams>((resolve) => {
    conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      if (p.uri === uri && p.diagnostics.length > 0) resolve(p);
    });
  });
  conn.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => ({})));
  conn.onRequest('client/registerCapability', () => null);
  conn.onRequest('window/workDoneProgress/create', () => null);
  conn.listen();
  try {
    const init = (await conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(dir).href,
      workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'sample' }],
      capabilities: { workspace: { configuration: true } },
    })) as { serverInfo?: { name: string; version?: string }; capabilities: Record<string, unknown> };
    assert.ok(init.capabilities.codeActionProvider, 'code actions');
    await conn.sendNotification('initialized', {});
    await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text: SLEEPY } });
    const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no diagnostics in 60 s; server stderr:\n${stderr}`)), 60_000).unref());
    const p = await Promise.race([published, timeout]);
    assert.deepEqual(
      p.diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character]),
      [['FPL101', 2, 4]],
    );
    await conn.sendRequest('shutdown');
    await conn.sendNotification('exit');
  } finally {
    conn.dispose();
    proc.kill();
  }
});
