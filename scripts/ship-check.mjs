// The release checks that come after the tests (.ci/run runs this after `npm test`;
// `npm run release:check` runs both, then checks the version tag):
//   1. the VS Code extension: `npm run package`, then what the .vsix holds;
//   2. the npm package: `npm pack` (prepack and prepare build dist/), the tarball's files,
//      installed as a dev dependency into an empty project, `npx fastapi-perf-lint check` on
//      a sample with a known finding: exit 1 with that finding;
//   3. CHANGELOG.md has a section for package.json's version; with --release, the tag
//      v<version> exists at HEAD and the work tree is clean (otherwise: what to run).
// The artifacts stay in the repository's root (git ignores them): fastapi-perf-lint.vsix and
// fastapi-perf-lint-<version>.tgz. Usage: node scripts/ship-check.mjs [--release]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateRawSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const release = process.argv.includes('--release');
const tag = `v${pkg.version}`;
const failures = [];
const started = Date.now();

// Subprocesses get the environment of a user's shell: not the npm_* variables of the
// `npm run` that started this script.
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k) && k !== 'INIT_CWD'));

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env, maxBuffer: 1 << 28, ...opts });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}
function must(cmd, args, opts = {}) {
  const r = run(cmd, args, opts);
  if (r.status !== 0) {
    console.error(`$ ${cmd} ${args.join(' ')}\n${r.stdout}${r.stderr}`);
    throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}`);
  }
  return r;
}
function check(ok, what) {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures.push(what);
}
const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
const step = (title) => console.log(`\n== ${title} (${((Date.now() - started) / 1000).toFixed(0)} s)`);

/** The entries of a zip file (the .vsix), from its central directory: name -> contents. */
function unzip(file) {
  const b = readFileSync(file);
  let eocd = -1;
  for (let i = b.length - 22; i >= Math.max(0, b.length - 65557); i--) {
    if (b.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error(`${file} is not a zip file`);
  const entries = new Map();
  let p = b.readUInt32LE(eocd + 16);
  for (let i = b.readUInt16LE(eocd + 10); i > 0; i--) {
    if (b.readUInt32LE(p) !== 0x02014b50) throw new Error(`${file}: bad central directory`);
    const [method, size, nameLen, local] = [b.readUInt16LE(p + 10), b.readUInt32LE(p + 20), b.readUInt16LE(p + 28), b.readUInt32LE(p + 42)];
    const name = b.toString('utf8', p + 46, p + 46 + nameLen);
    const start = local + 30 + b.readUInt16LE(local + 26) + b.readUInt16LE(local + 28);
    const raw = b.subarray(start, start + size);
    entries.set(name, () => (method === 8 ? inflateRawSync(raw) : raw));
    p += 46 + nameLen + b.readUInt16LE(p + 30) + b.readUInt16LE(p + 32);
  }
  return entries;
}

// 1. The extension.
step('VS Code extension: npm run package');
const pack = run('npm', ['run', 'package'], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
process.stdout.write(pack.stdout.split('\n').filter((l) => !/^\s*[│├└]/.test(l)).join('\n'));
check(pack.status === 0, 'npm run package exits 0');
const vsix = join(root, `${pkg.name}.vsix`);
if (pack.status === 0) {
  const size = statSync(vsix).size;
  check(pack.stdout.includes(`${vsix}\n${size} bytes`), `npm run package prints the .vsix path and size (${vsix}, ${kb(size)})`);
  const expected = ['[Content_Types].xml', 'extension.vsixmanifest', 'extension/LICENSE.txt', 'extension/changelog.md', 'extension/client/images/icon.png', 'extension/dist/extension.js', 'extension/dist/server-bundle.js', 'extension/dist/server.js', 'extension/dist/tree-sitter-python.wasm', 'extension/dist/tree-sitter.wasm', 'extension/package.json', 'extension/readme.md'];
  // Each rule's documentation, opened offline by the hover's link (the installed version's).
  for (const id of readdirSync(join(root, 'rules'))) if (existsSync(join(root, 'rules', id, 'README.md'))) expected.push(`extension/rules/${id}/README.md`);
  expected.sort();
  const zip = unzip(vsix);
  const entries = [...zip.keys()].sort();
  check(JSON.stringify(entries) === JSON.stringify(expected), `the .vsix holds only the extension, the server, the .wasm files and the docs${JSON.stringify(entries) === JSON.stringify(expected) ? '' : `: ${entries.join(', ')}`}`);
  const manifest = zip.get('extension.vsixmanifest')?.().toString('utf8') ?? '';
  check(manifest.includes(`Id="${pkg.name}" Version="${pkg.version}" Publisher="${pkg.publisher}"`), `the .vsix manifest names ${pkg.publisher}.${pkg.name} ${pkg.version}`);
  const shipped = JSON.parse(zip.get('extension/package.json')?.().toString('utf8') ?? '{}');
  check(shipped.main === pkg.main && zip.has(`extension/${pkg.main.replace(/^\.\//, '')}`), `the .vsix has its main, ${pkg.main}`);
}

// 2. The npm package (after the extension: prepack rebuilds dist/ as `npm run build` does).
step('npm package: npm pack, install into an empty project, npx fastapi-perf-lint check');
const tgzName = `${pkg.name}-${pkg.version}.tgz`;
rmSync(join(root, tgzName), { force: true });
const packed = must('npm', ['pack', '--json'], { cwd: root });
const info = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('[')))[0];
check(info.filename === tgzName, `npm pack writes ${tgzName}`);
const files = info.files.map((f) => f.path).sort();
const expectedFiles = ['CHANGELOG.md', 'LICENSE', 'README.md', 'dist/cli-bundle.js', 'dist/cli.js', 'dist/server-bundle.js', 'dist/server.js', 'dist/tree-sitter-python.wasm', 'dist/tree-sitter.wasm', 'dist/worker-bundle.js', 'dist/worker.js', 'package.json'];
check(JSON.stringify(files) === JSON.stringify(expectedFiles), `the tarball holds the CLI, the server, the .wasm files and the docs${JSON.stringify(files) === JSON.stringify(expectedFiles) ? '' : `: ${files.join(', ')}`}`);
console.log(`     ${tgzName}: ${kb(info.size)} packed, ${kb(info.unpackedSize)} unpacked, ${info.entryCount} files`);

const tmp = mkdtempSync(join(tmpdir(), 'fpl-ship-'));
try {
  const proj = join(tmp, 'sample');
  mkdirSync(join(proj, 'app'), { recursive: true });
  writeFileSync(join(proj, 'package.json'), '{ "name": "sample", "version": "0.0.0", "private": true }\n');
  writeFileSync(join(proj, 'pyproject.toml'), '[project]\nname = "sample"\nversion = "0.0.0"\n');
  writeFileSync(join(proj, 'app', 'main.py'), 'import time\n\n\nasync def handler():\n    time.sleep(1)\n');
  must('npm', ['install', '--save-dev', '--no-audit', '--no-fund', join(root, tgzName)], { cwd: proj });
  const deps = JSON.parse(readFileSync(join(proj, 'node_modules', '.package-lock.json'), 'utf8')).packages;
  check(Object.keys(deps).join() === 'node_modules/fastapi-perf-lint', 'installed with no runtime dependency');
  const r = run('npx', ['fastapi-perf-lint', 'check'], { cwd: proj, env: { ...env, NO_COLOR: '1' } });
  console.log(r.stdout.trimEnd().replace(/^/gm, '     '));
  check(r.status === 1, `npx fastapi-perf-lint check exits 1 (exit ${r.status}${r.stderr ? `: ${r.stderr.trim()}` : ''})`);
  check(/^app\/main\.py:5:5: FPL101 /m.test(r.stdout), 'npx fastapi-perf-lint check reports app/main.py:5:5: FPL101');
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

// 3. Changelog and tag.
step(`version ${pkg.version}: changelog and tag`);
const changelog = readFileSync(join(root, 'CHANGELOG.md'), 'utf8');
check(new RegExp(`^## \\[${pkg.version.replace(/\./g, '\\.')}\\]`, 'm').test(changelog), `CHANGELOG.md has a section for ${pkg.version}`);
const tagged = run('git', ['rev-parse', '-q', '--verify', `refs/tags/${tag}^{commit}`], { cwd: root });
const head = run('git', ['rev-parse', 'HEAD'], { cwd: root }).stdout.trim();
const dirty = run('git', ['status', '--porcelain'], { cwd: root }).stdout.trim();
const todo = [];
if (tagged.status !== 0) todo.push(`git tag -a ${tag} -m "fastapi-perf-lint ${pkg.version}"`, `git push origin ${tag}`);
else if (tagged.stdout.trim() !== head) todo.push(`# the tag ${tag} is at ${tagged.stdout.trim().slice(0, 12)}, HEAD at ${head.slice(0, 12)}: bump the version in package.json and CHANGELOG.md, or check out ${tag}`);
if (todo.length === 0) console.log(`ok   tag ${tag} at HEAD`);
else console.log(`${release ? 'FAIL' : 'note'} tag ${tag} ${tagged.status !== 0 ? 'does not exist' : 'is not at HEAD'}; to tag this commit:\n       ${todo.join('\n       ')}`);
if (release) {
  if (todo.length) failures.push(`tag ${tag} at HEAD`);
  check(!dirty, 'the work tree is clean');
}

console.log(`\n${failures.length ? `${failures.length} check(s) failed` : 'all checks passed'} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
if (failures.length) process.exit(1);
if (release) {
  console.log(`\nTo publish ${pkg.version}:
  npm publish ${tgzName}
  npx @vscode/vsce publish --packagePath ${pkg.name}.vsix       # Marketplace (VSCE_PAT)
  npx ovsx publish ${pkg.name}.vsix                              # Open VSX (OVSX_PAT)
  git tag -f v${pkg.version.split('.')[0]} ${tag} && git push -f origin v${pkg.version.split('.')[0]}   # the Action's major tag`);
}
