// File path -> dotted module name. Packages are found from `__init__.py` files; files
// outside any package are named from their source root (the project root holding
// pyproject.toml / setup.py / setup.cfg, or its `src/` folder), which also covers
// namespace packages without `__init__.py`.
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface ModuleName {
  module: string;
  isPackage: boolean;
}

const PROJECT_MARKERS = ['pyproject.toml', 'setup.py', 'setup.cfg'];

export class ModuleNamer {
  private existsCache = new Map<string, boolean>();
  private rootCache = new Map<string, string | null>();

  /** `fallbackRoot` names files that have no project root above them (the scanned folder). */
  constructor(private readonly fallbackRoot: string) {}

  private exists(p: string): boolean {
    let e = this.existsCache.get(p);
    if (e === undefined) {
      e = fs.existsSync(p);
      this.existsCache.set(p, e);
    }
    return e;
  }

  /** Nearest folder at or above `dir` with a project marker, or null. */
  projectRoot(dir: string): string | null {
    const cached = this.rootCache.get(dir);
    if (cached !== undefined) return cached;
    let result: string | null = null;
    if (PROJECT_MARKERS.some((m) => this.exists(path.join(dir, m)))) result = dir;
    else {
      const parent = path.dirname(dir);
      result = parent === dir ? null : this.projectRoot(parent);
    }
    this.rootCache.set(dir, result);
    return result;
  }

  /**
   * The nearest package folder (with `__init__.py`) above `dir`, below the project root: a
   * folder without `__init__.py` inside a package is a namespace portion of that package.
   */
  private packageAbove(dir: string): string | null {
    const limit = this.projectRoot(dir) ?? path.resolve(this.fallbackRoot);
    if (!dir.startsWith(limit + path.sep)) return null;
    for (let d = path.dirname(dir); d !== limit && d.startsWith(limit + path.sep); d = path.dirname(d)) {
      if (this.exists(path.join(d, '__init__.py'))) return d;
    }
    return null;
  }

  nameOf(file: string): ModuleName {
    const abs = path.resolve(file);
    let dir = path.dirname(abs);
    // `ee/server/license/api.py` with `ee/__init__.py` and `ee/server/__init__.py` but no
    // `license/__init__.py` is `ee.server.license.api`, wherever the project root is.
    if (!this.exists(path.join(dir, '__init__.py'))) dir = this.packageAbove(dir) ?? dir;
    let top: string | null = null;
    while (this.exists(path.join(dir, '__init__.py'))) {
      top = dir;
      const parent = path.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
    let base: string;
    if (top) base = path.dirname(top);
    else {
      const project = this.projectRoot(path.dirname(abs));
      const root = project ?? path.resolve(this.fallbackRoot);
      const src = path.join(root, 'src');
      base = abs.startsWith(src + path.sep) ? src : abs.startsWith(root + path.sep) ? root : path.dirname(abs);
    }
    const rel = path.relative(base, abs).replace(/\.pyi?$/, '');
    const parts = rel.split(path.sep).filter(Boolean);
    const isPackage = parts[parts.length - 1] === '__init__';
    if (isPackage) parts.pop();
    return { module: parts.join('.') || path.basename(base), isPackage };
  }
}
