// Bundles the CLI, the language server and the VS Code extension into dist/, and copies
// the tree-sitter runtime and Python grammar .wasm files next to them (and the grammar
// into grammars/). Usage: node esbuild.mjs [--watch] [--minify]
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const watch = process.argv.includes('--watch');
const minify = process.argv.includes('--minify');

const entries = [
  { in: 'server/src/cli/main.ts', out: 'cli', banner: '#!/usr/bin/env node' },
  { in: 'server/src/cli/worker.ts', out: 'worker' },
  { in: 'server/src/server.ts', out: 'server' },
  { in: 'client/src/extension.ts', out: 'extension', external: ['vscode'] },
].filter((e) => existsSync(e.in));

mkdirSync('dist', { recursive: true });
mkdirSync('grammars', { recursive: true });
const grammar = require.resolve('tree-sitter-python/tree-sitter-python.wasm');
const runtime = join(dirname(require.resolve('web-tree-sitter')), 'tree-sitter.wasm');
copyFileSync(grammar, 'dist/tree-sitter-python.wasm');
copyFileSync(grammar, 'grammars/tree-sitter-python.wasm');
copyFileSync(runtime, 'dist/tree-sitter.wasm');

const contexts = await Promise.all(
  entries.map((e) =>
    esbuild.context({
      entryPoints: { [e.out]: e.in },
      outdir: 'dist',
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      sourcemap: true,
      minify,
      external: e.external ?? [],
      // The ESM build of web-tree-sitter reads import.meta.url, which a CJS bundle lacks.
      alias: { 'web-tree-sitter': require.resolve('web-tree-sitter').replace(/tree-sitter\.js$/, 'tree-sitter.cjs') },
      banner: e.banner ? { js: e.banner } : undefined,
      logLevel: 'warning',
    }),
  ),
);
if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
}
