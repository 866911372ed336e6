// Finding the Python files of a workspace: folders walked recursively, `.gitignore`
// honoured (the `ignore` package implements git's matching rules), virtualenvs and
// tool caches skipped (Ruff's default excludes), user `exclude` globs applied, and
// symlinked folders visited once (no loops).
import * as fs from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { matchesAny } from './globs';

/** Folders never descended into (Ruff's defaults). */
export const DEFAULT_EXCLUDES = new Set([
  '.bzr', '.direnv', '.eggs', '.git', '.git-rewrite', '.hg', '.ipynb_checkpoints', '.mypy_cache', '.nox', '.pants.d',
  '.pyenv', '.pytest_cache', '.pytype', '.ruff_cache', '.svn', '.tox', '.venv', '.vscode', '__pypackages__', '__pycache__',
  '_build', 'buck-out', 'build', 'dist', 'node_modules', 'site-packages', 'venv',
]);

export interface DiscoverOptions {
  /** Globs relative to `root` (config `exclude`). */
  exclude?: readonly string[];
  /** Folder `exclude` globs and .gitignore paths are relative to. */
  root: string;
  respectGitignore?: boolean;
  /** Further exclusion, asked for every file and folder met while walking (per-folder configuration). */
  excluded?: (absPath: string) => boolean;
  /** Told about paths that could not be read (permissions, vanished files). */
  onWarning?: (message: string) => void;
}

interface GitIgnore {
  dir: string;
  ig: Ignore;
}

function loadGitignore(dir: string): GitIgnore | null {
  const p = path.join(dir, '.gitignore');
  try {
    return { dir, ig: ignore().add(fs.readFileSync(p, 'utf8')) };
  } catch {
    return null;
  }
}

function ignoredByGit(abs: string, isDir: boolean, stack: readonly GitIgnore[]): boolean {
  for (const g of stack) {
    let rel = path.relative(g.dir, abs).split(path.sep).join('/');
    if (!rel || rel.startsWith('..')) continue;
    if (isDir) rel += '/';
    if (g.ig.ignores(rel)) return true;
  }
  return false;
}

/** A virtualenv, whatever its name: the walk does not enter it. */
function isVirtualenv(dir: string): boolean {
  return fs.existsSync(path.join(dir, 'pyvenv.cfg'));
}

/**
 * Whether the walk leaves out a file or folder it meets in a folder it entered (`stack`: the
 * .gitignore files from the root down to that folder). The one exclusion decision: the walk
 * and `isExcludedPath` (open files) both ask it.
 */
function skipsEntry(abs: string, isDir: boolean, opts: DiscoverOptions, stack: readonly GitIgnore[]): boolean {
  if (isDir && DEFAULT_EXCLUDES.has(path.basename(abs))) return true;
  const exclude = opts.exclude ?? [];
  if (exclude.length && matchesAny(path.relative(path.resolve(opts.root), abs).split(path.sep).join('/'), exclude)) return true;
  if (opts.excluded?.(abs)) return true;
  return ignoredByGit(abs, isDir, stack);
}

/**
 * Whether walking `opts.root` would leave this file out (for a file opened in an editor):
 * the walk's decisions for each folder from the root down, then for the file. Files outside
 * the root are not excluded.
 */
export function isExcludedPath(file: string, opts: DiscoverOptions): boolean {
  const root = path.resolve(opts.root);
  const abs = path.resolve(file);
  const rel = path.relative(root, abs);
  if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) return false;
  let stack: GitIgnore[] = [];
  let dir = root;
  for (const part of rel.split(path.sep)) {
    if (isVirtualenv(dir)) return true;
    const g = opts.respectGitignore === false ? null : loadGitignore(dir);
    if (g) stack = [...stack, g];
    const next = path.join(dir, part);
    if (skipsEntry(next, next !== abs, opts, stack)) return true;
    dir = next;
  }
  return false;
}

/** Python files under the given paths, sorted. Explicitly named files are always included. */
export function discoverFiles(paths: readonly string[], opts: DiscoverOptions): string[] {
  const out = new Set<string>();
  const seenDirs = new Set<string>();
  const root = path.resolve(opts.root);

  const gitStackFor = (dir: string): GitIgnore[] => {
    // .gitignore files from the root down to `dir`'s parent (for a path given on the command line).
    const stack: GitIgnore[] = [];
    if (opts.respectGitignore === false) return stack;
    const chain: string[] = [];
    for (let d = path.dirname(dir); d.startsWith(root) && d.length >= root.length; d = path.dirname(d)) {
      chain.unshift(d);
      if (d === root) break;
    }
    for (const d of chain) {
      const g = loadGitignore(d);
      if (g) stack.push(g);
    }
    return stack;
  };

  const walk = (dir: string, stack: GitIgnore[]): void => {
    let real: string;
    try {
      real = fs.realpathSync(dir);
    } catch (e) {
      opts.onWarning?.(`cannot read ${dir}: ${(e as Error).message}`);
      return;
    }
    if (seenDirs.has(real)) return;
    seenDirs.add(real);
    if (isVirtualenv(dir)) return;
    const g = opts.respectGitignore === false ? null : loadGitignore(dir);
    const here = g ? [...stack, g] : stack;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      opts.onWarning?.(`cannot read ${dir}: ${(e as Error).message}`);
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const abs = path.join(dir, e.name);
      let isDir = e.isDirectory();
      let isFile = e.isFile();
      if (e.isSymbolicLink()) {
        try {
          const st = fs.statSync(abs);
          isDir = st.isDirectory();
          isFile = st.isFile();
        } catch {
          continue; // dangling link
        }
      }
      if (isDir) {
        if (!skipsEntry(abs, true, opts, here)) walk(abs, here);
      } else if (isFile && e.name.endsWith('.py')) {
        if (!skipsEntry(abs, false, opts, here)) out.add(abs);
      }
    }
  };

  for (const p of paths) {
    const abs = path.resolve(p);
    let st: fs.Stats;
    try {
      st = fs.statSync(abs);
    } catch (e) {
      opts.onWarning?.(`${p}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (e as Error).message}`);
      continue;
    }
    if (st.isDirectory()) walk(abs, gitStackFor(abs));
    else out.add(abs);
  }
  return [...out].sort();
}
