// Finding the Python files of a workspace: folders walked recursively, `.gitignore`
// honoured (the `ignore` package implements git's matching rules, case-sensitive as git
// on Linux), virtualenvs and tool caches skipped (Ruff's default excludes), user `exclude`
// globs applied. Symbolic links are followed only when they resolve inside the path being
// walked, after the real names (so a file is found once, under its own name when it has
// one), and each folder is visited once (no loops). Names are read as bytes (fileNames.ts).
import * as fs from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { fsPath, nameFromBytes } from './fileNames';
import { matchesAny, MAX_GLOB_LENGTH } from './globs';

/** Folders never descended into (Ruff's defaults). */
const DEFAULT_EXCLUDES = new Set([
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
  /** Told about paths that could not be read (permissions, vanished files), links not followed, unusable .gitignore lines. */
  onWarning?: (message: string) => void;
}

/** Thrown by `readRegularFile` for a named pipe, socket, device or folder. */
export class NotRegularFile extends Error {
  /** What the name is instead: `a named pipe`, `a folder`. */
  constructor(readonly what: string) {
    super(`not a regular file (${what})`);
  }
}

function kindOf(st: fs.Stats): string {
  if (st.isFIFO()) return 'a named pipe';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  if (st.isDirectory()) return 'a folder';
  return 'not a file';
}

/**
 * The bytes of a regular file. Anything else is never read: reading a named pipe blocks
 * until someone writes to it, and a device may have side effects.
 */
export function readRegularFile(file: string): Buffer {
  const p = fsPath(file);
  const st = fs.statSync(p);
  if (!st.isFile()) throw new NotRegularFile(kindOf(st));
  // Non-blocking, and checked again once open: the name may have become a pipe meanwhile.
  const fd = fs.openSync(p, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  try {
    const now = fs.fstatSync(fd);
    if (!now.isFile()) throw new NotRegularFile(kindOf(now));
    return fs.readFileSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

interface GitIgnore {
  dir: string;
  ig: Ignore;
}

function loadGitignore(dir: string, shown: (p: string) => string, onWarning?: (message: string) => void): GitIgnore | null {
  const p = path.join(dir, '.gitignore');
  let text: string;
  try {
    text = readRegularFile(p).toString('utf8');
  } catch (e) {
    if (e instanceof NotRegularFile) onWarning?.(`${shown(p)}: ${e.message}: not read`);
    return null;
  }
  // A pattern longer than any path cannot match one (and would overflow the matcher's regular expression).
  const lines = text.split(/\r?\n/).map((line, i) => {
    if (line.length <= MAX_GLOB_LENGTH) return line;
    onWarning?.(`${shown(p)}:${i + 1}: a pattern of ${line.length} characters is longer than any path (over ${MAX_GLOB_LENGTH}): not used`);
    return '';
  });
  return { dir, ig: ignore({ ignorecase: false }).add(lines) };
}

function ignoredByGit(abs: string, isDir: boolean, stack: readonly GitIgnore[]): boolean {
  for (const g of stack) {
    let rel = path.relative(g.dir, abs).split(path.sep).join('/');
    if (!rel || rel === '..' || rel.startsWith('../')) continue;
    if (isDir) rel += '/';
    if (g.ig.ignores(rel)) return true;
  }
  return false;
}

/** True when `p` is `dir` or lies under it. */
function isWithin(p: string, dir: string): boolean {
  const rel = path.relative(dir, p);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

/** The real path, as bytes: fs.realpathSync (not .native) decodes names and loses those that are not UTF-8. */
function realPath(p: string): string {
  return nameFromBytes(fs.realpathSync.native(fsPath(p), { encoding: 'buffer' }));
}

/** A symbolic link met while walking, followed once the real names are known. */
interface Link {
  abs: string;
  real: string;
  isDir: boolean;
  /** The walk's root (real path): links never lead outside it. */
  top: string;
  stack: GitIgnore[];
}

/** A virtualenv, whatever its name: the walk does not enter it. */
function isVirtualenv(dir: string): boolean {
  return fs.existsSync(fsPath(path.join(dir, 'pyvenv.cfg')));
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
  const shown = (p: string): string => path.relative(root, p) || '.';
  let stack: GitIgnore[] = [];
  let dir = root;
  for (const part of rel.split(path.sep)) {
    if (isVirtualenv(dir)) return true;
    const g = opts.respectGitignore === false ? null : loadGitignore(dir, shown);
    if (g) stack = [...stack, g];
    const next = path.join(dir, part);
    if (skipsEntry(next, next !== abs, opts, stack)) return true;
    dir = next;
  }
  return false;
}

/**
 * Python files under the given paths, sorted. Explicitly named files are always included
 * (other than folders, whatever their kind: readRegularFile tells about those that are not files).
 */
export function discoverFiles(paths: readonly string[], opts: DiscoverOptions): string[] {
  /** Real path -> the name the file is reported under. */
  const found = new Map<string, string>();
  const seenDirs = new Set<string>();
  const links: Link[] = [];
  const root = path.resolve(opts.root);
  const gitignore = opts.respectGitignore !== false;
  /** A path in a warning: relative to the root when inside it. */
  const shown = (abs: string): string => (isWithin(abs, root) ? path.relative(root, abs) || '.' : abs);
  const add = (real: string, abs: string): void => {
    if (!found.has(real)) found.set(real, abs);
  };
  const kept = (abs: string, isDir: boolean, stack: readonly GitIgnore[]): boolean => !skipsEntry(abs, isDir, opts, stack);

  const gitStackFor = (dir: string): GitIgnore[] => {
    // .gitignore files from the root down to `dir`'s parent (for a path given on the command line).
    const stack: GitIgnore[] = [];
    if (!gitignore) return stack;
    const chain: string[] = [];
    for (let d = path.dirname(dir); d.startsWith(root) && d.length >= root.length; d = path.dirname(d)) {
      chain.unshift(d);
      if (d === root) break;
    }
    for (const d of chain) {
      const g = loadGitignore(d, shown, opts.onWarning);
      if (g) stack.push(g);
    }
    return stack;
  };

  /** `dir` is walked under its given name; `real` is its real path, `top` the real path of the walk's root. */
  const walk = (dir: string, real: string, top: string, stack: GitIgnore[]): void => {
    if (seenDirs.has(real)) return;
    seenDirs.add(real);
    if (isVirtualenv(dir)) return;
    const g = gitignore ? loadGitignore(dir, shown, opts.onWarning) : null;
    const here = g ? [...stack, g] : stack;
    let entries: Array<{ name: string; entry: fs.Dirent<Buffer> }>;
    try {
      entries = fs.readdirSync(fsPath(dir), { withFileTypes: true, encoding: 'buffer' }).map((entry) => ({ name: nameFromBytes(entry.name), entry }));
    } catch (e) {
      opts.onWarning?.(`cannot read ${shown(dir)}: ${(e as Error).message}`);
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const { name, entry: e } of entries) {
      const abs = path.join(dir, name);
      if (e.isSymbolicLink()) {
        let target: string;
        let isDir: boolean;
        try {
          target = realPath(abs);
          isDir = fs.statSync(fsPath(target)).isDirectory();
        } catch {
          continue; // dangling, or a loop of links
        }
        if (isDir ? DEFAULT_EXCLUDES.has(name) : !name.endsWith('.py')) continue;
        if (!kept(abs, isDir, here)) continue;
        if (isWithin(target, top)) links.push({ abs, real: target, isDir, top, stack: here });
        else opts.onWarning?.(`${shown(abs)}: symbolic link to ${target}, outside ${shown(top)}: not followed`);
      } else if (e.isDirectory()) {
        if (!DEFAULT_EXCLUDES.has(name) && kept(abs, true, here)) walk(abs, path.join(real, name), top, here);
      } else if (name.endsWith('.py') && kept(abs, false, here)) {
        add(path.join(real, name), abs);
      }
    }
  };

  for (const p of paths) {
    const abs = path.resolve(p);
    let st: fs.Stats;
    let real: string;
    try {
      st = fs.statSync(fsPath(abs));
      real = realPath(abs);
    } catch (e) {
      opts.onWarning?.(`${p}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (e as Error).message}`);
      continue;
    }
    if (st.isDirectory()) walk(abs, real, real, gitStackFor(abs));
    else add(real, abs);
  }
  // Links last, in the order met: a file or folder reachable under its own name is found under it.
  for (let i = 0; i < links.length; i++) {
    const l = links[i];
    if (l.isDir) walk(l.abs, l.real, l.top, l.stack);
    else add(l.real, l.abs);
  }
  return [...found.values()].sort();
}
