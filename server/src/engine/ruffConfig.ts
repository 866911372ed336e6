// Ruff's configuration, read as Ruff reads it, for one question: which of Ruff's rules that
// overlap ours (analysis/knowledge/ruff.ts) Ruff reports in a given file.
//
// Discovery: the nearest folder, from the file's up, holding `.ruff.toml`, `ruff.toml` or a
// `pyproject.toml` with a `[tool.ruff]` table, in that order; none means Ruff's defaults.
// A file's options may sit at its top level or in its `lint` table (`lint.x` wins over
// `x`); `extend` names a base configuration (relative to the file's folder), whose options
// the file's own override. Selection is layered as in Ruff: Ruff's default set, then each
// configuration's `select` / `extend-select` / `ignore` (`extend-ignore`), base first; a
// layer with `select` starts over; within a layer the most specific selector wins, and
// `ignore` wins a tie. Selectors match by linter (`A` is flake8-builtins, never ASYNC).
// `per-file-ignores` (replaced by an extending file) and `extend-per-file-ignores` (added)
// are globs relative to the folder of the file that declares them, `!` negates; `exclude`
// (Ruff's defaults unless set), `extend-exclude` and `lint.exclude` leave files Ruff does
// not lint at all. With no configuration file, Ruff's default excludes are matched against
// every folder of the path: a file Ruff might skip is never left to Ruff. Ruff's default set
// has held the blocking-call rules since 0.16: a project on an older Ruff (its lock file,
// requirements, pre-commit hook) gets them only by selecting them.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { RUFF_CODES, ruffDefaultCodes } from '../analysis/knowledge/ruff';
import type { RuffOverlapMode } from './config';
import { atLeast, type PackageVersion } from '../ruleApi/versions';
import { readRegularFile } from './files';
import { matchesAny } from './globs';

export const RUFF_CONFIG_FILES = ['.ruff.toml', 'ruff.toml', 'pyproject.toml'] as const;

/** Ruff's default `exclude`. */
const DEFAULT_EXCLUDE = [
  '.bzr', '.direnv', '.eggs', '.git', '.git-rewrite', '.hg', '.ipynb_checkpoints', '.mypy_cache', '.nox', '.pants.d', '.pyenv',
  '.pytest_cache', '.pytype', '.ruff_cache', '.svn', '.tox', '.venv', '.vscode', '__pypackages__', '_build', 'buck-out', 'build',
  'dist', 'node_modules', 'site-packages', 'venv',
];

interface Layer {
  select?: string[];
  extendSelect: string[];
  ignore: string[];
}

/** Globs with the folder they are relative to. */
interface Globs {
  base: string;
  globs: string[];
}

interface PerFileIgnore {
  base: string;
  glob: string;
  codes: string[];
}

/** What one configuration file says (after its `extend` chain). */
interface Resolved {
  layers: Layer[];
  preview?: boolean;
  perFileIgnores?: PerFileIgnore[];
  extendPerFileIgnores: PerFileIgnore[];
  exclude?: Globs;
  extendExclude: Globs[];
}

/** Ruff's settings for the files a configuration governs. */
export interface RuffSettings {
  /** The configuration file; undefined when none applies (Ruff's defaults). */
  file?: string;
  /** Why the file could not be read as Ruff would (then nothing is known to be Ruff's). */
  error?: string;
  /** The codes of the overlap table Ruff reports in `file` (absolute path). */
  codesFor(file: string): ReadonlySet<string>;
}

const isTable = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
const strings = (v: unknown): string[] | undefined => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string').map((s) => s.trim()) : undefined);

/** The letters of a code or selector: its linter (`ASYNC` of `ASYNC251`). */
const letters = (s: string): string => /^[A-Z]*/.exec(s)![0];

/** Length of the most specific selector matching `code` (0 for ALL), -1 when none does. */
function specificity(code: string, selectors: readonly string[]): number {
  let best = -1;
  for (const s of selectors) {
    if (s === 'ALL') best = Math.max(best, 0);
    else if (code.startsWith(s) && letters(s) === letters(code)) best = Math.max(best, s.length);
  }
  return best;
}

/** Whether Ruff's layered selection runs `code`. */
function selected(code: string, layers: readonly Layer[]): boolean {
  let on = false;
  for (const layer of layers) {
    if (layer.select) on = false;
    const sel = specificity(code, [...(layer.select ?? []), ...layer.extendSelect]);
    const ign = specificity(code, layer.ignore);
    if (sel < 0 && ign < 0) continue;
    on = sel > ign;
  }
  return on;
}

/** A path relative to `base`, POSIX style; null when outside it. */
function relativeTo(base: string, file: string): string | null {
  const rel = path.relative(base, file).split(path.sep).join('/');
  return rel === '' || rel.startsWith('../') || rel === '..' || path.isAbsolute(rel) ? null : rel;
}

function perFileCodes(list: readonly PerFileIgnore[], file: string): string[] {
  const out: string[] = [];
  for (const p of list) {
    const rel = relativeTo(p.base, file);
    if (rel === null) continue;
    const negated = p.glob.startsWith('!');
    if (matchesAny(rel, [negated ? p.glob.slice(1) : p.glob]) !== negated) out.push(...p.codes);
  }
  return out;
}

function excluded(globs: readonly Globs[], file: string): boolean {
  return globs.some((g) => {
    const rel = relativeTo(g.base, file);
    return rel !== null && matchesAny(rel, g.globs);
  });
}

/** The first Ruff whose default rule set holds the blocking-call rules. */
export const RUFF_ASYNC_DEFAULTS = '0.16';

function settingsOf(file: string | undefined, r: Resolved, modernDefaults: boolean): RuffSettings {
  const preview = r.preview ?? false;
  const layers: Layer[] = [{ select: modernDefaults ? ruffDefaultCodes(preview) : [], extendSelect: [], ignore: [] }, ...r.layers];
  const enabled = RUFF_CODES.filter((c) => selected(c, layers));
  const excludes = [r.exclude ?? { base: file ? path.dirname(file) : '/', globs: DEFAULT_EXCLUDE }, ...r.extendExclude];
  const perFile = [...(r.perFileIgnores ?? []), ...r.extendPerFileIgnores];
  const cache = new Map<string, ReadonlySet<string>>();
  return {
    file,
    codesFor(target) {
      const abs = path.resolve(target);
      let out = cache.get(abs);
      if (!out) {
        if (excluded(excludes, abs)) out = new Set();
        else {
          const ignored = perFile.length ? perFileCodes(perFile, abs) : [];
          out = new Set(enabled.filter((c) => !ignored.some((i) => i === 'ALL' || (c.startsWith(i) && letters(i) === letters(c)))));
        }
        cache.set(abs, out);
      }
      return out;
    },
  };
}

const NOTHING: RuffSettings = Object.freeze({ codesFor: () => new Set<string>() });

class RuffConfigError extends Error {}

/** The Ruff options of a configuration file: `[tool.ruff]` of a pyproject.toml, the whole of a ruff.toml; undefined for a pyproject.toml without it. */
function ruffTable(file: string): Record<string, unknown> | undefined {
  let doc: unknown;
  try {
    doc = parseToml(readRegularFile(file).toString('utf8'));
  } catch (e) {
    throw new RuffConfigError(`${file}: ${(e as Error).message.split('\n')[0]}`);
  }
  if (path.basename(file) !== 'pyproject.toml') return isTable(doc) ? doc : {};
  const tool = isTable(doc) ? doc.tool : undefined;
  const ruff = isTable(tool) ? tool.ruff : undefined;
  return isTable(ruff) ? ruff : undefined;
}

function perFileIgnores(v: unknown, base: string): PerFileIgnore[] | undefined {
  if (!isTable(v)) return undefined;
  return Object.entries(v).map(([glob, codes]) => ({ base, glob, codes: strings(codes) ?? [] }));
}

/** One file's options over those of the chain it extends. */
function resolveFile(file: string, seen: readonly string[]): Resolved {
  if (seen.includes(file)) throw new RuffConfigError(`circular \`extend\`: ${[...seen, file].join(' -> ')}`);
  const top = ruffTable(file) ?? {};
  const lint = isTable(top.lint) ? top.lint : {};
  const get = (key: string): unknown => lint[key] ?? top[key];
  const base = path.dirname(file);
  let parent: Resolved = { layers: [], extendPerFileIgnores: [], extendExclude: [] };
  if (typeof top.extend === 'string') {
    const target = top.extend.startsWith('~/') ? path.join(os.homedir(), top.extend.slice(2)) : path.resolve(base, top.extend);
    if (!fs.existsSync(target)) throw new RuffConfigError(`${file}: \`extend\` names ${target}, which does not exist`);
    parent = resolveFile(target, [...seen, file]);
  }
  const select = strings(get('select'));
  const extendSelect = strings(get('extend-select')) ?? [];
  const ignore = [...(strings(get('ignore')) ?? []), ...(strings(get('extend-ignore')) ?? [])];
  const layers = select || extendSelect.length || ignore.length ? [...parent.layers, { select, extendSelect, ignore }] : parent.layers;
  const preview = typeof lint.preview === 'boolean' ? lint.preview : typeof top.preview === 'boolean' ? top.preview : parent.preview;
  // `exclude` replaces Ruff's defaults; `extend-exclude` and `lint.exclude` add to them.
  const exclude = strings(top.exclude);
  const extendExclude = [...(strings(top['extend-exclude']) ?? []), ...(strings(lint.exclude) ?? [])];
  return {
    layers,
    preview,
    perFileIgnores: perFileIgnores(get('per-file-ignores'), base) ?? parent.perFileIgnores,
    extendPerFileIgnores: [...parent.extendPerFileIgnores, ...(perFileIgnores(get('extend-per-file-ignores'), base) ?? [])],
    exclude: exclude ? { base, globs: exclude } : parent.exclude,
    extendExclude: extendExclude.length ? [...parent.extendExclude, { base, globs: extendExclude }] : parent.extendExclude,
  };
}

/** Ruff's configuration per folder, each file read once. */
export class RuffConfigs {
  private readonly fileOfDir = new Map<string, string | null>();
  private readonly byFile = new Map<string, RuffSettings>();

  /** The configuration file Ruff uses for the files of a folder, or null (its defaults). */
  configFile(dir: string): string | null {
    const visited: string[] = [];
    let found: string | null = null;
    for (let d = path.resolve(dir); ; ) {
      const cached = this.fileOfDir.get(d);
      if (cached !== undefined) {
        found = cached;
        break;
      }
      visited.push(d);
      found = RUFF_CONFIG_FILES.map((n) => path.join(d, n)).find((f) => isRuffConfig(f)) ?? null;
      const parent = path.dirname(d);
      if (found || parent === d) break;
      d = parent;
    }
    for (const d of visited) this.fileOfDir.set(d, found);
    return found;
  }

  /** Ruff's settings for a file (absolute path), for the project's Ruff version when known (else the latest). */
  forFile(file: string, version?: PackageVersion): RuffSettings {
    const config = this.configFile(path.dirname(path.resolve(file)));
    const modern = atLeast(version, RUFF_ASYNC_DEFAULTS);
    const key = `${config ?? ''}\0${modern}`;
    let s = this.byFile.get(key);
    if (!s) {
      try {
        s = settingsOf(config ?? undefined, config ? resolveFile(config, []) : { layers: [], extendPerFileIgnores: [], extendExclude: [] }, modern);
      } catch (e) {
        if (!(e instanceof RuffConfigError)) throw e;
        s = { ...NOTHING, file: config!, error: e.message };
      }
      this.byFile.set(key, s);
    }
    return s;
  }

  /** Configuration files changed on disk: read them again. */
  clear(): void {
    this.fileOfDir.clear();
    this.byFile.clear();
  }
}

/** Whether a file is a Ruff configuration: a ruff.toml, or a pyproject.toml with `[tool.ruff]` (one that cannot be read counts, as Ruff stops on it). */
function isRuffConfig(file: string): boolean {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch {
    return false;
  }
  if (!st.isFile()) return false;
  if (path.basename(file) !== 'pyproject.toml') return true;
  try {
    return ruffTable(file) !== undefined;
  } catch {
    return true;
  }
}

/**
 * The Ruff codes whose findings a file leaves to Ruff, or undefined when it reports them all:
 * none with `report`; with `defer`, the codes Ruff's configuration enables in the file; with
 * `auto`, the same when Ruff runs (`ruffRuns`, asked only then).
 */
export function codesLeftToRuff(mode: RuffOverlapMode, ruffRuns: () => boolean, settings: RuffSettings, file: string): ReadonlySet<string> | undefined {
  if (mode === 'report' || (mode === 'auto' && !ruffRuns())) return undefined;
  const codes = settings.codesFor(file);
  return codes.size ? codes : undefined;
}
