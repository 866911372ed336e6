// Glob matching for `exclude` and `per-file-ignores`, with picomatch (gitignore-style
// `**`, negation, brace expansion). A pattern without a slash matches a file or
// folder name at any depth, as in Ruff and .gitignore.
import picomatch from 'picomatch';

const cache = new Map<string, (p: string) => boolean>();

function matcher(glob: string): (p: string) => boolean {
  let m = cache.get(glob);
  if (!m) {
    const g = glob.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/$/, '');
    const anchored = g.includes('/');
    const patterns = anchored ? [g, `${g}/**`] : [`**/${g}`, `**/${g}/**`];
    m = picomatch(patterns, { dot: true });
    cache.set(glob, m);
  }
  return m;
}

/** True when a relative POSIX-style path matches any of the globs. */
export function matchesAny(relPath: string, globs: readonly string[]): boolean {
  const p = relPath.replace(/\\/g, '/').replace(/^\.\//, '');
  for (const g of globs) if (matcher(g)(p)) return true;
  return false;
}
