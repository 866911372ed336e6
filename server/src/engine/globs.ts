// Glob matching for `exclude` and `per-file-ignores`, with picomatch (gitignore-style
// `**`, negation, brace expansion). A pattern without a slash matches a file or
// folder name at any depth, as in Ruff and .gitignore.
import picomatch from 'picomatch';

/**
 * Longest glob (and .gitignore pattern) used, in characters: Linux's longest path (PATH_MAX).
 * Longer ones meet the regular-expression size limits of picomatch (65,536) and V8 (about
 * 32,000), which may change between versions; a fixed bound gives the same answer everywhere.
 */
export const MAX_GLOB_LENGTH = 4096;

/** Glob -> its matcher, or why it cannot be used. */
const cache = new Map<string, ((p: string) => boolean) | string>();

function compiled(glob: string): ((p: string) => boolean) | string {
  let m = cache.get(glob);
  if (m !== undefined) return m;
  if (glob.length > MAX_GLOB_LENGTH) m = `a glob of ${glob.length} characters is over the ${MAX_GLOB_LENGTH}-character limit`;
  else {
    const g = glob.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/$/, '');
    const anchored = g.includes('/');
    try {
      const fn = picomatch(anchored ? [g, `${g}/**`] : [`**/${g}`, `**/${g}/**`], { dot: true });
      fn(''); // V8 compiles a regular expression when it is first used: one it cannot take throws here
      m = fn;
    } catch (e) {
      m = `the glob cannot be used: ${String((e as Error)?.message ?? e).split('\n')[0].slice(0, 200)}`;
    }
  }
  cache.set(glob, m);
  return m;
}

/** Why a glob cannot be used (too long, or refused by the matcher); undefined when it can. */
export function globProblem(glob: string): string | undefined {
  const m = compiled(glob);
  return typeof m === 'string' ? m : undefined;
}

/** True when a relative POSIX-style path matches any of the globs (one `globProblem` refuses matches nothing). */
export function matchesAny(relPath: string, globs: readonly string[]): boolean {
  const p = relPath.replace(/\\/g, '/').replace(/^\.\//, '');
  for (const g of globs) {
    const m = compiled(g);
    if (typeof m !== 'string' && m(p)) return true;
  }
  return false;
}
