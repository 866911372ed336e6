// Bundles the CLI, the language server and the VS Code extension into dist/, and copies
// the tree-sitter runtime and Python grammar .wasm files next to them (and the grammar
// into grammars/). Usage: node esbuild.mjs [--watch] [--minify]
import * as esbuild from 'esbuild';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const watch = process.argv.includes('--watch');
const minify = process.argv.includes('--minify');

// dist/cli.js and dist/server.js are small starters that load the big bundles through V8's
// code cache (server/src/boot/).
const entries = [
  { in: 'server/src/boot/cli.ts', out: 'cli', banner: '#!/usr/bin/env node' },
  { in: 'server/src/cli/main.ts', out: 'cli-bundle' },
  { in: 'server/src/boot/worker.ts', out: 'worker' },
  { in: 'server/src/cli/worker.ts', out: 'worker-bundle' },
  { in: 'server/src/boot/server.ts', out: 'server', banner: '#!/usr/bin/env node' },
  { in: 'server/src/server.ts', out: 'server-bundle' },
  { in: 'client/src/extension.ts', out: 'extension', external: ['vscode'] },
].filter((e) => existsSync(e.in));

mkdirSync('dist', { recursive: true });
mkdirSync('grammars', { recursive: true });
const grammar = require.resolve('tree-sitter-python/tree-sitter-python.wasm');
const runtime = join(dirname(require.resolve('web-tree-sitter')), 'tree-sitter.wasm');
copyFileSync(grammar, 'dist/tree-sitter-python.wasm');
copyFileSync(grammar, 'grammars/tree-sitter-python.wasm');
copyFileSync(runtime, 'dist/tree-sitter.wasm');

// web-tree-sitter's CJS build loads fs/promises with import(): a require does the same in a
// CJS bundle, and keeps import() out of the bundles, which the code-cache starter needs.
const requireNotImport = {
  name: 'require-not-import',
  setup(build) {
    build.onLoad({ filter: /web-tree-sitter[\\/]tree-sitter\.cjs$/ }, (args) => {
      const src = readFileSync(args.path, 'utf8');
      const out = src.replace(/await import\("fs\/promises"\)/g, 'require("fs/promises")');
      if (out === src) throw new Error('web-tree-sitter no longer imports fs/promises as expected: review esbuild.mjs');
      return { contents: out, loader: 'js' };
    });
  },
};

// dist/cli.js is the package's bin: executable after every build (and every rebuild in
// --watch), so `npx fastapi-perf-lint` works in a clone and not only where npm installed it.
const executable = (file) => ({
  name: 'executable',
  setup(build) {
    build.onEnd((result) => {
      if (result.errors.length === 0) chmodSync(file, 0o755);
    });
  },
});

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
      plugins: e.banner ? [requireNotImport, executable(`dist/${e.out}.js`)] : [requireNotImport],
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
