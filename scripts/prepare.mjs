// npm's `prepare` script: builds dist/ (node esbuild.mjs). npm runs it after `npm ci` or
// `npm install` in a clone, on `npm pack` and `npm publish`, and when the package is
// installed from a git URL (`npm install github:owner/fastapi-perf-lint`, pre-commit's
// `language: node`), where dist/ (not in git) must be built before the package is packed.
//
// For a git install npm first installs the clone's dependencies, devDependencies included,
// so the build tools are there. Except with `npm install -g <git url>` (what pre-commit 4.6.1
// and later run): npm/cli#8440, the nested install is itself global and installs nothing in
// the clone. Then, and only when the build tools cannot be found, this installs them into
// the clone from package-lock.json (`npm ci --ignore-scripts`) before building.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const BUILD_TOOLS = ['esbuild', 'web-tree-sitter', 'tree-sitter-python/package.json', 'vscode-languageserver/node'];

function missingTools() {
  const require = createRequire(join(root, 'package.json'));
  return BUILD_TOOLS.filter((m) => {
    try {
      require.resolve(m);
      return false;
    } catch {
      return true;
    }
  });
}

function run(cmd, args, shell = false) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: process.env, shell });
  if (r.error) throw r.error;
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const missing = missingTools();
if (missing.length > 0) {
  console.error(`fastapi-perf-lint prepare: ${missing.join(', ')} not installed (npm/cli#8440); installing the devDependencies with npm ci`);
  // npm passes its own configuration to scripts as npm_config_* variables: a global install's
  // `global` and `prefix` would make this `npm ci` global too. The flags below override them.
  const npm = process.env.npm_execpath;
  const args = ['ci', '--global=false', `--prefix=${root}`, '--include=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--no-progress'];
  if (npm && /\.c?js$/.test(npm)) run(process.execPath, [npm, ...args]);
  else run('npm', args, process.platform === 'win32');
  const still = missingTools();
  if (still.length > 0) {
    console.error(`fastapi-perf-lint prepare: ${still.join(', ')} still missing after npm ci`);
    process.exit(1);
  }
}
run(process.execPath, [join(root, 'esbuild.mjs')]);
