// The layering, read from the imports of every source file (TypeScript's own pre-processor):
//   client           -> nothing of the server
//   rules/*          -> ruleApi, analysis, rules/shared and rules/data
//   ruleApi (leaf)   -> analysis types only
//   analysis         -> analysis only (its knowledge tables included)
//   engine           -> analysis, ruleApi; never the rule folders, lsp, cli or the server entry
//   lsp, cli         -> engine, analysis, ruleApi; not each other
// and only entry points (server.ts, cli/main.ts, cli/worker.ts) import the rule registry.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import ts from 'typescript';

const ROOT = resolve(__dirname, '..');
const SOURCES = ['server/src', 'rules', 'client/src'];

function walk(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (p.endsWith('.ts')) out.push(p);
  }
  return out;
}

/** Project-relative path of every relative import of a file, resolved to a .ts file or folder index. */
function importsOf(file: string): string[] {
  const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  const out: string[] = [];
  for (const ref of info.importedFiles) {
    if (!ref.fileName.startsWith('.')) continue;
    const base = resolve(dirname(file), ref.fileName);
    const hit = [`${base}.ts`, join(base, 'index.ts'), base].find((p) => {
      try {
        return statSync(p).isFile();
      } catch {
        return false;
      }
    });
    out.push(relative(ROOT, hit ?? base).split('\\').join('/'));
  }
  return out;
}

/** The layer a project file belongs to. */
function layer(p: string): string {
  if (p.startsWith('client/')) return 'client';
  if (p === 'rules/index.ts') return 'registry';
  if (p.startsWith('rules/')) return 'rules';
  if (p.startsWith('server/src/analysis/')) return 'analysis';
  if (p.startsWith('server/src/ruleApi/')) return 'ruleApi';
  if (p.startsWith('server/src/engine/')) return 'engine';
  if (p.startsWith('server/src/lsp/')) return 'lsp';
  if (p.startsWith('server/src/cli/')) return 'cli';
  if (p.startsWith('server/src/boot/')) return 'boot';
  if (p === 'server/src/server.ts') return 'server';
  if (p === 'package.json') return 'package';
  return 'other';
}

const ALLOWED: Record<string, readonly string[]> = {
  client: ['client', 'package'],
  rules: ['rules', 'ruleApi', 'analysis'],
  registry: ['rules', 'ruleApi'],
  ruleApi: ['ruleApi', 'analysis'],
  analysis: ['analysis'],
  engine: ['engine', 'analysis', 'ruleApi'],
  lsp: ['lsp', 'engine', 'analysis', 'ruleApi'],
  cli: ['cli', 'engine', 'analysis', 'ruleApi', 'package'],
  boot: ['boot'],
  server: ['lsp', 'engine', 'analysis', 'ruleApi', 'package'],
};

/** Entry points: they hand the rule folders to the engine as a registry. */
const ENTRY_POINTS = new Set(['server/src/server.ts', 'server/src/cli/main.ts', 'server/src/cli/worker.ts']);

const files = SOURCES.flatMap((d) => walk(join(ROOT, d)));

test('every import follows the layering', () => {
  const problems: string[] = [];
  for (const file of files) {
    const from = relative(ROOT, file).split('\\').join('/');
    const own = layer(from);
    for (const to of importsOf(file)) {
      const target = layer(to);
      if (target === 'registry' && ENTRY_POINTS.has(from)) continue;
      if (!(ALLOWED[own] ?? []).includes(target)) problems.push(`${from} (${own}) imports ${to} (${target})`);
    }
  }
  assert.deepEqual(problems, []);
});

test('the layering test sees imports (a check that cannot pass vacuously)', () => {
  const linter = files.find((f) => f.endsWith('server/src/engine/linter.ts'))!;
  assert.ok(importsOf(linter).includes('server/src/analysis/model.ts'));
  assert.equal(layer('rules/index.ts'), 'registry');
  assert.ok(!ALLOWED.analysis.includes(layer('rules/data/dataAccess.ts')));
  assert.ok(files.length > 100);
});
