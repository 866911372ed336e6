// `npm run package`: the VS Code extension as a .vsix (vsce; its prepublish step,
// `npm run vscode:prepublish`, rebuilds dist/ minified), then its path and size.
// .vscodeignore decides what goes in (test/lsp/package.test.ts checks `vsce ls`).
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const out = join(root, `${pkg.name}.vsix`);
rmSync(out, { force: true });
const vsce = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
const r = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--out', out], { cwd: root, stdio: 'inherit' });
if (r.error) throw r.error;
if (r.status !== 0) process.exit(r.status ?? 1);
const size = statSync(out).size;
const shown = relative(process.cwd(), out) || out;
console.log(`\n${out}\n${size} bytes (${(size / 1024).toFixed(1)} KiB), ${pkg.publisher}.${pkg.name} ${pkg.version}`);
console.log(`Install it: code --install-extension ${shown}`);
