// dist/cli.js and dist/server.js are starters that load their bundles through V8's code
// cache (server/src/boot/codeCache.ts); the npm package carries what the CLI and the server need.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { project, REPO, run, SLEEPY } from './harness';
import { tempDir } from '../tempDir';

test('npm pack: the CLI and server starters, their bundles, the worker, the .wasm files and the docs', () => {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: REPO, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const files = (JSON.parse(out) as Array<{ files: Array<{ path: string }> }>)[0].files.map((f) => f.path).sort();
  assert.deepEqual(files, ['CHANGELOG.md', 'LICENSE', 'README.md', 'dist/cli-bundle.js', 'dist/cli.js', 'dist/server-bundle.js', 'dist/server.js', 'dist/tree-sitter-python.wasm', 'dist/tree-sitter.wasm', 'dist/worker-bundle.js', 'dist/worker.js', 'package.json']);
});

test('starter: the first run writes a code cache beside the bundle, later runs use it, a corrupt one is replaced', () => {
  // A copy of the built CLI in its own folder, so the cache starts empty.
  const dist = tempDir('fpl-starter-');
  for (const f of ['cli.js', 'cli-bundle.js', 'worker.js', 'worker-bundle.js', 'tree-sitter.wasm', 'tree-sitter-python.wasm']) copyFileSync(join(REPO, 'dist', f), join(dist, f));
  const dir = project({ 'a.py': SLEEPY });
  const check = (): void => {
    const r = run(['check', '.', '--format', 'concise', '--no-progress'], dir, {}, join(dist, 'cli.js'));
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, /a\.py:3:5: FPL101/);
    assert.equal(r.stderr.includes('Warning'), false, r.stderr);
  };
  check();
  const cacheDir = join(dist, '.cache');
  const caches = readdirSync(cacheDir);
  assert.equal(caches.length, 1);
  assert.match(caches[0], /^cli-bundle\.js-\d+-\d+-v[\d.]+\.bin$/);
  const first = readFileSync(join(cacheDir, caches[0]));
  check();
  assert.deepEqual(readFileSync(join(cacheDir, caches[0])), first, 'an accepted cache is left as it is');
  // Garbage where the cache was: V8 rejects it, the run still works and the cache is rewritten.
  const garbage = Buffer.alloc(first.length, 0xa5);
  writeFileSync(join(cacheDir, caches[0]), garbage);
  check();
  assert.notDeepEqual(readFileSync(join(cacheDir, caches[0])), garbage, 'a rejected cache is rewritten');
  assert.deepEqual(readdirSync(cacheDir), caches, 'no temporary file left behind');
  // A new build of the bundle: its cache replaces the old one.
  writeFileSync(join(dist, 'cli-bundle.js'), readFileSync(join(dist, 'cli-bundle.js'), 'utf8') + '\n// rebuilt\n');
  check();
  const after = readdirSync(cacheDir);
  assert.equal(after.length, 1);
  assert.notEqual(after[0], caches[0]);
});
