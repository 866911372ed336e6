// Shipping tests: the package as users install it (npm tarball, git URL, pre-commit, the
// GitHub Action). Subprocesses get a clean environment: no npm_* variables from the
// `npm test` that started them, no GIT_DIR from a hook, so nested npm and git commands
// behave as they would in a user's shell.
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tempDir } from '../tempDir';

export const REPO = join(__dirname, '..', '..');
export const PKG = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  publisher: string;
  bin: Record<string, string>;
  repository: { url: string };
  [key: string]: unknown;
};

/** A module with one FPL101 finding (`time.sleep` in an async def) on line 3, column 5, and its safe fix. */
export const SLEEPY = 'import time\nasync def f():\n    time.sleep(1)\n';
export const FINDING = /app\/main\.py:3:5: FPL101/;
export const FIXED = /await asyncio\.sleep\(1\)/;

/**
 * For a command that installs the package from source: npm installs the devDependencies
 * (about 370 packages) and builds. About 25 s on an idle 2-core machine, minutes on a busy one.
 */
export const INSTALL_TIMEOUT = 420_000;

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  /** Everything, for assertion messages. */
  all: string;
}

/** process.env without npm's and git's per-invocation variables. */
export function cleanEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^npm_/i.test(k) || k === 'INIT_CWD' || /^GIT_(DIR|WORK_TREE|INDEX_FILE|PREFIX|COMMON_DIR)$/.test(k) || k === 'GITHUB_WORKSPACE') continue;
    env[k] = v;
  }
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

export function run(cmd: string, args: string[], opts: SpawnSyncOptions = {}): Run {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env: cleanEnv(), maxBuffer: 1 << 28, timeout: 170_000, ...opts });
  const stdout = String(r.stdout ?? '');
  const stderr = String(r.stderr ?? '');
  const all = `$ ${cmd} ${args.join(' ')}\n(cwd ${opts.cwd ?? process.cwd()}, exit ${r.status}${r.signal ? `, ${r.signal}` : ''}${r.error ? `, ${r.error.message}` : ''})\n--- stdout\n${stdout}\n--- stderr\n${stderr}`;
  return { status: r.status, stdout, stderr, all };
}

/** Runs and throws, with the whole output, unless the exit status is 0. */
export function ok(cmd: string, args: string[], opts: SpawnSyncOptions = {}): Run {
  const r = run(cmd, args, opts);
  if (r.status !== 0) throw new Error(`command failed:\n${r.all}`);
  return r;
}

const git = (args: string[], cwd: string): Run => ok('git', ['-c', 'user.name=fpl-test', '-c', 'user.email=fpl-test@localhost', '-c', 'commit.gpgsign=false', ...args], { cwd });

/**
 * A git clone of this repository at the current commit, in a temporary folder. Uncommitted
 * changes in the working tree (modified, deleted and new files that are not ignored) are
 * committed on top in the clone, so the clone holds what `git commit -a` would. The source
 * repository is only read.
 */
export function snapshot(): { dir: string; commit: string } {
  if (run('git', ['rev-parse', '--is-inside-work-tree'], { cwd: REPO }).stdout.trim() !== 'true') {
    throw new Error(`${REPO} is not a git checkout: the git-install tests clone it`);
  }
  const dir = join(tempDir('fpl-clone-'), 'fastapi-perf-lint');
  git(['clone', '--quiet', '--no-hardlinks', REPO, dir], REPO);
  const changed = git(['ls-files', '-z', '--modified', '--others', '--exclude-standard'], REPO).stdout.split('\0').filter(Boolean);
  for (const f of new Set(changed)) {
    const from = join(REPO, f);
    const to = join(dir, f);
    if (existsSync(from)) {
      mkdirSync(dirname(to), { recursive: true });
      cpSync(from, to);
    } else rmSync(to, { force: true });
  }
  if (git(['status', '--porcelain'], dir).stdout.trim()) {
    git(['add', '-A'], dir);
    git(['commit', '--quiet', '--no-verify', '-m', 'uncommitted changes of the working tree'], dir);
  }
  return { dir, commit: git(['rev-parse', 'HEAD'], dir).stdout.trim() };
}

/** A temporary project: relative path -> text. Returns its folder. */
export function project(files: Record<string, string>, prefix = 'fpl-sample-'): string {
  const dir = tempDir(prefix);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

/** The sample project of the shipping tests: one FPL101 finding in app/main.py. */
export const sample = (): string => project({ 'pyproject.toml': '[project]\nname = "sample"\nversion = "0.0.0"\n', 'app/__init__.py': '', 'app/main.py': SLEEPY });

/**
 * `npm pack` of the built tree (dist/ from `npm run build`; `--ignore-scripts`, so no rebuild
 * under the feet of tests running the CLI in parallel). Returns the tarball's path.
 */
export function packTarball(): string {
  if (!existsSync(join(REPO, 'dist', 'cli.js'))) throw new Error('dist/cli.js is missing: run `npm run build` first');
  const dest = tempDir('fpl-pack-');
  const r = ok('npm', ['pack', '--ignore-scripts', '--pack-destination', dest], { cwd: REPO });
  const name = r.stdout.trim().split('\n').pop()!;
  const tgz = join(dest, name);
  if (!existsSync(tgz)) throw new Error(`npm pack printed ${JSON.stringify(r.stdout)}, no such file in ${dest}`);
  return tgz;
}

export interface Hook {
  id: string;
  entry: string;
  language: string;
  pass_filenames?: string;
  types?: string;
}

/** The hooks of a .pre-commit-hooks.yaml (the flat `- key: value` list this repository writes). */
export function parseHooks(text: string): Hook[] {
  const hooks: Array<Record<string, string>> = [];
  for (const line of text.split('\n')) {
    if (/^\s*#/.test(line) || !line.trim()) continue;
    const m = /^(- |  )([a-z_]+):\s*(.*)$/.exec(line);
    if (!m) throw new Error(`unexpected line in .pre-commit-hooks.yaml: ${line}`);
    if (m[1] === '- ') hooks.push({});
    hooks[hooks.length - 1][m[2]] = m[3].trim();
  }
  return hooks as unknown as Hook[];
}
