// The README's Install section agrees with what the other ship tests install and run: the
// package and bin names, the pre-commit hook ids and tag, the Action's inputs, the
// extension id, the language server's command. (What each command does is tested where it
// runs: package.test.ts, git-install.test.ts, pre-commit.test.ts, action.test.ts, and
// scripts/ship-check.mjs for the .vsix.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { parseHooks, PKG, REPO } from './helpers';

const README = readFileSync(join(REPO, 'README.md'), 'utf8');
const REPO_URL = PKG.repository.url.replace(/\.git$/, '');
const SLUG = new URL(REPO_URL).pathname.slice(1);
const MAJOR = PKG.version.split('.')[0];

/** The text of a `## ` or `### ` section, up to the next heading of the same or a higher level. */
function section(title: string): string {
  const m = new RegExp(`^(#{2,3}) ${title.replace(/[()]/g, '\\$&')}\\n`, 'm').exec(README);
  assert.ok(m, `README section "${title}"`);
  const rest = README.slice(m.index + m[0].length);
  const next = new RegExp(`^#{2,${m[1].length}} `, 'm').exec(rest);
  return next ? rest.slice(0, next.index) : rest;
}
const blocks = (text: string, lang?: string): string[] => [...text.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].filter((m) => !lang || m[1] === lang).map((m) => m[2]);

test('README: the build and test commands first, then the test prerequisites, then Install before the reference', () => {
  const first = blocks(README)[0].split('\n');
  assert.match(first[0], /^npm ci && npm run scan\s+#/);
  assert.match(first[1], /^npm test\s+#/);
  const intro = README.slice(0, README.indexOf('## '));
  assert.match(intro, /Node\.js 20/);
  assert.match(intro, /`python3` on `PATH`/);
  assert.match(intro, /takes about \d+ minutes/);
  const order = ['## Install', '### Command line (npm)', '### pre-commit', '### GitHub Actions', '### VS Code', '### Neovim, Helix and other LSP editors', '## Command line', '## Editors'].map((h) => README.indexOf(`\n${h}\n`));
  assert.ok(order.every((i, k) => i > 0 && (k === 0 || i > order[k - 1])), `sections in order: ${order}`);
});

test('README: no `npx --yes` (it would run whatever owns the name on the registry)', () => {
  assert.doesNotMatch(README, /npx (--yes|-y)\b/);
});

test('README Install, npm: the package and its bin', () => {
  const [sh] = blocks(section('Command line (npm)'), 'sh');
  assert.match(sh, new RegExp(`^npm install --save-dev ${PKG.name}$`, 'm'));
  assert.match(sh, /^npx fastapi-perf-lint check\b/m);
  assert.ok(PKG.bin['fastapi-perf-lint']);
});

test('README Install, pre-commit: this repository, the version\'s tag, hook ids from .pre-commit-hooks.yaml', () => {
  const [yml] = blocks(section('pre-commit'), 'yaml');
  assert.match(yml, new RegExp(`^  - repo: ${REPO_URL}$`, 'm'));
  assert.match(yml, new RegExp(`^    rev: v${PKG.version.replace(/\./g, '\\.')}$`, 'm'));
  const ids = parseHooks(readFileSync(join(REPO, '.pre-commit-hooks.yaml'), 'utf8')).map((h) => h.id);
  const used = [...yml.matchAll(/- id: (\S+)(?:\s+# or (\S+))?/g)].flatMap((m) => m.slice(1).filter(Boolean));
  assert.deepEqual(used.sort(), [...ids].sort());
});

test('README Install, GitHub Actions: this repository at its major tag, inputs that action.yml declares', () => {
  const text = section('GitHub Actions');
  const yml = blocks(text, 'yaml');
  const uses = yml.flatMap((b) => [...b.matchAll(/uses: (\S+)/g)].map((m) => m[1])).filter((u) => u.includes(SLUG));
  assert.deepEqual(uses, [`${SLUG}@v${MAJOR}`, `${SLUG}@v${MAJOR}`]);
  const action = readFileSync(join(REPO, 'action.yml'), 'utf8');
  const inputs = [...action.slice(action.indexOf('\ninputs:\n'), action.indexOf('\noutputs:\n')).matchAll(/^ {2}([a-z-]+):$/gm)].map((m) => m[1]);
  const table = [...text.matchAll(/^\| `([a-z-]+)` \|/gm)].map((m) => m[1]);
  assert.deepEqual(table, inputs, 'the inputs table lists action.yml\'s inputs');
  for (const b of yml.slice(0, 2)) for (const m of b.matchAll(/^ {10}([a-z-]+): /gm)) assert.ok(inputs.includes(m[1]), `input ${m[1]}`);
  assert.match(yml[1], /security-events: write/);
  assert.match(yml[2], /^ {6}- run: npx fastapi-perf-lint check --format github$/m, 'the dev-dependency variant runs the project\'s own package');
});

test('README Install, VS Code: the extension id and the .vsix name', () => {
  const text = section('VS Code');
  const id = `${PKG.publisher}.${PKG.name}`;
  assert.deepEqual(blocks(text, 'sh'), [`code --install-extension ${id}\n`]);
  assert.ok(text.includes(`itemName=${id})`));
  assert.ok(text.includes(`open-vsx.org/extension/${PKG.publisher}/${PKG.name})`));
  assert.ok(text.includes(`code --install-extension ${PKG.name}.vsix`));
});

test('README Install, editors: the server bin with --stdio; Helix\'s languages.toml parses', () => {
  const text = section('Neovim, Helix and other LSP editors');
  assert.equal(PKG.bin['fastapi-perf-lint-server'], 'dist/server.js');
  const lua = blocks(text, 'lua');
  assert.equal(lua.length, 2);
  for (const b of lua) assert.match(b, /cmd = \{ 'fastapi-perf-lint-server', '--stdio' \}/);
  assert.match(lua[0], /vim\.lsp\.config\('fastapi_perf_lint'[\s\S]*vim\.lsp\.enable\('fastapi_perf_lint'\)/);
  const [toml] = blocks(text, 'toml');
  const helix = parseToml(toml) as { 'language-server': Record<string, { command: string; args: string[] }>; language: Array<{ name: string; 'language-servers': string[] }> };
  assert.deepEqual({ ...helix['language-server']['fastapi-perf-lint'] }, { command: 'fastapi-perf-lint-server', args: ['--stdio'] });
  assert.ok(helix.language.find((l) => l.name === 'python')?.['language-servers'].includes('fastapi-perf-lint'));
  assert.match(text, /Zed runs only the language servers that a Zed extension declares/);
});
