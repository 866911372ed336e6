// Configuration shared by the CLI and the server: which rules run, at which severity,
// and the options rules read. Sources are merged in one place (`mergeConfig`):
// defaults < project file (pyproject.toml / fastapi-perf-lint.toml) < editor settings or CLI flags.
// Project files are found and read by `loadProjectConfig`, for the CLI and the server alike.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseToml, TomlError } from 'smol-toml';
import { FAMILY_CODE, type BlockingEntry, type BlockingFamily } from '../analysis/knowledge/blocking';
import { readRegularFile } from './files';
import { globProblem, matchesAny } from './globs';
import type { Severity } from '../ruleApi/rule';

export type SeverityOrOff = Severity | 'off';

/**
 * What to do with a finding Ruff makes too (the same call, analysis/knowledge/ruff.ts):
 * `report` it anyway, `defer` to Ruff where Ruff's configuration enables the equivalent
 * code, or `auto`: defer when Ruff runs (in the editor: the Ruff extension is active).
 */
export type RuffOverlapMode = 'auto' | 'report' | 'defer';
export const RUFF_OVERLAP_MODES: readonly RuffOverlapMode[] = ['auto', 'report', 'defer'];

/** A user-declared blocking call: what to use instead, and optionally which rule reports it. */
interface BlockingCallSetting {
  instead?: string;
  /** FPL101-FPL106: the rule (and so the family) that reports direct calls; guessed from the module when absent. */
  code?: string;
}

/** Configuration as written by a user (every key optional), from any source. */
export interface ConfigInput {
  select?: string[];
  ignore?: string[];
  extendSelect?: string[];
  /** Glob -> codes ignored in matching files. */
  perFileIgnores?: Record<string, string[]>;
  severity?: Record<string, SeverityOrOff>;
  exclude?: string[];
  /** Qualified name -> what to use instead (flake8-async's ASYNC200 style), or a setting naming the rule too. */
  extendBlockingCalls?: Record<string, string | BlockingCallSetting>;
  fastapiVersion?: string;
  paginationMaxLimit?: number;
  /** Count calls that read or write one file's content (open, read_text, shutil.copy ...) as blocking. */
  reportFileIo?: boolean;
  /** Report stat-like file-system calls (exists, stat, mkdir ...) as blocking too. */
  reportLightIo?: boolean;
  /** Lint tests, scripts and migrations, and code only they reach (indexed either way). */
  lintTestsAndScripts?: boolean;
  /** Files larger than this many bytes are skipped with a note. */
  maxFileSize?: number;
  /** Files with a line longer than this many characters are skipped with a note. */
  maxLineLength?: number;
  /** A file whose rules report more findings than this reports none, with a note (generated code). */
  maxFindings?: number;
  /** Findings Ruff makes too: report them, or leave them to Ruff. */
  ruffOverlap?: RuffOverlapMode;
  /** Folder of the persistent cache (relative to the configuration file's folder). */
  cacheDir?: string;
  /** Folder this source's globs (`exclude`, `per-file-ignores`) are relative to: a config file's folder. */
  root?: string;
}

/** The rule selection of one source. A layer with `select` starts over, as in Ruff. */
interface SelectionLayer {
  select?: string[];
  extendSelect: string[];
  ignore: string[];
}

export interface ResolvedConfig {
  /** Rule selection, one layer per source, applied in order (see `isEnabled`). */
  selection: SelectionLayer[];
  /** `base`: the folder the glob is relative to (else the caller's root). */
  perFileIgnores: Array<{ glob: string; codes: string[]; base?: string }>;
  severity: Record<string, SeverityOrOff>;
  exclude: string[];
  /** The folder `exclude` globs are relative to (else the caller's root). */
  excludeBase?: string;
  extendBlockingCalls: Map<string, BlockingEntry>;
  fastapiVersion?: string;
  paginationMaxLimit: number;
  reportFileIo: boolean;
  reportLightIo: boolean;
  lintTestsAndScripts: boolean;
  maxFileSize: number;
  maxLineLength: number;
  maxFindings: number;
  /** Undefined when no source sets it: each front end has its default (CLI `report`, editor `auto`). */
  ruffOverlap?: RuffOverlapMode;
  /** The persistent cache's folder, absolute; the CLI's default is `.fastapi-perf-lint-cache/` at the project root. */
  cacheDir?: string;
}

const DEFAULT_SELECTION: SelectionLayer = Object.freeze({ select: ['FPL'], extendSelect: [], ignore: [] }) as SelectionLayer;

export const DEFAULT_CONFIG: ResolvedConfig = Object.freeze({
  selection: [DEFAULT_SELECTION],
  perFileIgnores: [],
  severity: {},
  exclude: [],
  extendBlockingCalls: new Map(),
  paginationMaxLimit: 1000,
  reportFileIo: false,
  reportLightIo: false,
  lintTestsAndScripts: false,
  maxFileSize: 10 * 1024 * 1024,
  maxLineLength: 200_000,
  // Real files have tens of findings; generated code can have hundreds of thousands.
  maxFindings: 50_000,
}) as ResolvedConfig;

const FAMILY_BY_CODE = new Map(Object.entries(FAMILY_CODE).map(([family, code]) => [code, family as BlockingFamily]));

/** Family of a user-declared blocking call, guessed from its module for the message and rule code. */
function familyOf(q: string): BlockingFamily {
  if (/^(requests|httpx|urllib|urllib3|http\.client|aiohttp)\b/.test(q)) return 'http';
  if (/^(subprocess|os\.(system|popen|spawn))/.test(q)) return 'subprocess';
  if (/^(time\.sleep)/.test(q)) return 'sleep';
  if (/^(open|io|os|pathlib|shutil)\b/.test(q)) return 'file';
  if (/^(psycopg|pymysql|MySQLdb|sqlite3|pymongo|redis|sqlalchemy|mysql)\b/.test(q)) return 'db';
  return 'cpu';
}

const DEFAULT_INSTEAD = 'await asyncio.to_thread(...)';

/** Later sources override earlier ones key by key; `extendSelect` accumulates; each source's selection is a layer. */
export function mergeConfig(...inputs: Array<ConfigInput | undefined>): ResolvedConfig {
  const out: ResolvedConfig = { ...DEFAULT_CONFIG, selection: [DEFAULT_SELECTION], severity: {}, perFileIgnores: [], extendBlockingCalls: new Map() };
  for (const c of inputs) {
    if (!c) continue;
    if (c.select || c.ignore || c.extendSelect) {
      out.selection.push({ select: c.select ? [...c.select] : undefined, extendSelect: [...(c.extendSelect ?? [])], ignore: [...(c.ignore ?? [])] });
    }
    if (c.perFileIgnores) out.perFileIgnores = Object.entries(c.perFileIgnores).map(([glob, codes]) => ({ glob, codes, base: c.root }));
    if (c.severity) Object.assign(out.severity, c.severity);
    if (c.exclude) {
      out.exclude = [...c.exclude];
      out.excludeBase = c.root;
    }
    if (c.extendBlockingCalls) {
      for (const [q, v] of Object.entries(c.extendBlockingCalls)) {
        const setting = typeof v === 'string' ? { instead: v } : v;
        out.extendBlockingCalls.set(q, { family: (setting.code && FAMILY_BY_CODE.get(setting.code)) || familyOf(q), instead: setting.instead || DEFAULT_INSTEAD, cost: 'heavy' });
      }
    }
    if (c.fastapiVersion) out.fastapiVersion = c.fastapiVersion;
    if (c.paginationMaxLimit !== undefined) out.paginationMaxLimit = c.paginationMaxLimit;
    if (c.reportFileIo !== undefined) out.reportFileIo = c.reportFileIo;
    if (c.reportLightIo !== undefined) out.reportLightIo = c.reportLightIo;
    if (c.lintTestsAndScripts !== undefined) out.lintTestsAndScripts = c.lintTestsAndScripts;
    if (c.maxFileSize !== undefined) out.maxFileSize = c.maxFileSize;
    if (c.maxLineLength !== undefined) out.maxLineLength = c.maxLineLength;
    if (c.maxFindings !== undefined) out.maxFindings = c.maxFindings;
    if (c.ruffOverlap !== undefined) out.ruffOverlap = c.ruffOverlap;
    if (c.cacheDir !== undefined) out.cacheDir = path.resolve(c.root ?? '.', c.cacheDir);
  }
  return out;
}

/** Length of the longest selector (code or prefix) matching a code, -1 when none does. */
function matchLength(code: string, selectors: readonly string[]): number {
  let best = -1;
  for (const s of selectors) {
    if (s === 'ALL' && best < 0) best = 0;
    else if (code.startsWith(s) && s.length > best) best = s.length;
  }
  return best;
}

/**
 * Whether a rule runs. As in Ruff, each source is a layer: a layer with `select` starts
 * over, `extend-select` adds, `ignore` removes, and within a layer the most specific
 * selector wins (`select = ["FPL1"]`, `ignore = ["FPL101"]` runs FPL102-FPL112 but not
 * FPL101). So `--ignore FPL101` on the command line keeps the project file's ignores,
 * and `--select FPL2` replaces its selection. Rules off by default run only when selected
 * by their exact code (or ALL). A severity of "off" disables a rule.
 */
export function isEnabled(code: string, defaultEnabled: boolean, cfg: ResolvedConfig): boolean {
  if (cfg.severity[code] === 'off') return false;
  let on = false;
  for (const layer of cfg.selection) {
    if (layer.select) on = false;
    const selectors = layer.select ? [...layer.select, ...layer.extendSelect] : layer.extendSelect;
    let sel = matchLength(code, selectors);
    // An off-by-default rule is selected only by its exact code or ALL.
    if (!defaultEnabled && sel >= 0 && sel !== code.length && !selectors.includes('ALL')) sel = -1;
    const ign = matchLength(code, layer.ignore);
    if (sel < 0 && ign < 0) continue;
    on = sel > ign;
  }
  return on;
}

export function severityOf(code: string, fallback: Severity, cfg: ResolvedConfig): Severity {
  const s = cfg.severity[code];
  return s && s !== 'off' ? s : fallback;
}

/** A path as the globs of a source see it: relative to the source's folder, or to `fallbackRoot`; null when outside it. */
function globPath(file: string, base: string | undefined, fallbackRoot: string | undefined): string | null {
  const root = base ?? fallbackRoot;
  if (!root) return null;
  const rel = path.relative(root, file).split(path.sep).join('/');
  return rel.startsWith('../') || rel === '..' || path.isAbsolute(rel) ? null : rel;
}

/** True when a file or folder (absolute path) matches the `exclude` globs. */
export function isExcluded(cfg: ResolvedConfig, file: string, fallbackRoot: string): boolean {
  if (cfg.exclude.length === 0) return false;
  const rel = globPath(file, cfg.excludeBase, fallbackRoot);
  return rel !== null && rel !== '' && matchesAny(rel, cfg.exclude);
}

/**
 * Codes (or prefixes) that `per-file-ignores` turns off for a file. `file.path` is absolute;
 * `file.relPath` (relative to the caller's root) is used for globs whose source has no folder.
 */
export function perFileIgnoredCodes(cfg: ResolvedConfig, file: { path?: string; relPath?: string }): string[] {
  const out: string[] = [];
  for (const p of cfg.perFileIgnores) {
    const rel = p.base && file.path ? globPath(path.resolve(file.path), p.base, undefined) : file.relPath;
    if (rel && matchesAny(rel, [p.glob])) out.push(...p.codes);
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Project configuration files.

const CONFIG_FILE_NAME = 'fastapi-perf-lint.toml';
const SECTION = ['tool', 'fastapi-perf-lint'];

/** A warning or error about a configuration file, with the place it is about. */
export interface ConfigProblem {
  file: string;
  /** 1-based, when known. */
  line?: number;
  column?: number;
  message: string;
}

export interface LoadedConfig {
  /** The configuration read; undefined when no file applies or the file is unusable (`error`). */
  input?: ConfigInput;
  /** The file it came from. */
  file?: string;
  warnings: ConfigProblem[];
  /** Why the file cannot be used (broken TOML, a value of the wrong type). */
  error?: ConfigProblem;
}

export function formatConfigProblem(p: ConfigProblem, displayPath: (file: string) => string = (f) => f): string {
  return `${displayPath(p.file)}${p.line ? `:${p.line}${p.column ? `:${p.column}` : ''}` : ''}: ${p.message}`;
}

const SELECTOR = /^(ALL|[A-Z]+[0-9]*)$/;
const SEVERITIES = new Set(['error', 'warning', 'info', 'hint', 'off']);
const VERSION = /^\d+(\.\d+){0,2}((a|b|rc)\d+)?(\.post\d+)?(\.dev\d+)?$/i;
const QUALIFIED = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*(\.\*)?$/;

type KeyKind = 'selectors' | 'globs' | 'perFileIgnores' | 'severity' | 'blockingCalls' | 'version' | 'positiveInt' | 'boolean' | 'ruffOverlap' | 'path';
const KEYS: Record<string, { field: keyof ConfigInput; kind: KeyKind }> = {
  select: { field: 'select', kind: 'selectors' },
  ignore: { field: 'ignore', kind: 'selectors' },
  'extend-select': { field: 'extendSelect', kind: 'selectors' },
  'per-file-ignores': { field: 'perFileIgnores', kind: 'perFileIgnores' },
  severity: { field: 'severity', kind: 'severity' },
  exclude: { field: 'exclude', kind: 'globs' },
  'extend-blocking-calls': { field: 'extendBlockingCalls', kind: 'blockingCalls' },
  'fastapi-version': { field: 'fastapiVersion', kind: 'version' },
  'pagination-max-limit': { field: 'paginationMaxLimit', kind: 'positiveInt' },
  'report-file-io': { field: 'reportFileIo', kind: 'boolean' },
  'report-light-io': { field: 'reportLightIo', kind: 'boolean' },
  'lint-tests-and-scripts': { field: 'lintTestsAndScripts', kind: 'boolean' },
  'max-file-size': { field: 'maxFileSize', kind: 'positiveInt' },
  'max-line-length': { field: 'maxLineLength', kind: 'positiveInt' },
  'max-findings': { field: 'maxFindings', kind: 'positiveInt' },
  'ruff-overlap': { field: 'ruffOverlap', kind: 'ruffOverlap' },
  'cache-dir': { field: 'cacheDir', kind: 'path' },
};

class InvalidValue extends Error {
  constructor(
    readonly key: string,
    message: string,
  ) {
    super(message);
  }
}

/** Line of the first `key =` (bare or quoted) in a TOML text, for messages. */
function keyLine(text: string, key: string): number | undefined {
  const esc = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // `key = ...`, or a table header ending in the key (`[tool.fastapi-perf-lint.severity]`).
  const re = new RegExp(`^[ \\t]*(?:(?:${esc}|"${esc}"|'${esc}')[ \\t]*=|\\[[ \\t]*(?:[^\\]\\n]*\\.)?[ \\t]*(?:${esc}|"${esc}")[ \\t]*\\])`, 'm');
  let m: RegExpExecArray | null;
  try {
    m = re.exec(text);
  } catch {
    return undefined; // a key too long for a regular expression (V8 takes about 32,000 characters)
  }
  if (!m) return undefined;
  return text.slice(0, m.index).split('\n').length;
}

/** Edit distance, for "did you mean" on misspelt keys and commands. */
export function distance(a: string, b: string): number {
  const d = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = d[0];
    d[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const t = d[j];
      d[j] = Math.min(d[j] + 1, d[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = t;
    }
  }
  return d[b.length];
}

const isTable = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);

/** Reads the keys of a configuration table into a ConfigInput, collecting warnings; throws InvalidValue on a wrong type. */
function readTable(table: Record<string, unknown>, where: string, text: string, file: string, warnings: ConfigProblem[], knownCodes: ReadonlySet<string>): ConfigInput {
  const input: ConfigInput = { root: path.dirname(file) };
  const warn = (key: string, message: string): void => {
    warnings.push({ file, line: keyLine(text, key), message });
  };
  const stringList = (key: string, v: unknown): string[] => {
    if (!Array.isArray(v) || v.some((s) => typeof s !== 'string')) throw new InvalidValue(key, `\`${key}\` must be a list of strings`);
    return v as string[];
  };
  const selectors = (key: string, v: unknown, label = `\`${key}\``): string[] => {
    const list = stringList(key, v).map((s) => s.trim());
    for (const s of list) {
      if (!SELECTOR.test(s)) throw new InvalidValue(key, `invalid rule selector \`${s}\` in ${label} (a code such as FPL101, a prefix such as FPL1, or ALL)`);
      if (s !== 'ALL' && ![...knownCodes].some((c) => c.startsWith(s))) warn(key, `unknown rule code \`${s}\` in ${label}: no rule matches it`);
    }
    return list;
  };
  const globs = (key: string, list: string[]): string[] => {
    for (const g of list) {
      const problem = globProblem(g);
      if (problem) throw new InvalidValue(key, `\`${key}\`: ${problem}`);
    }
    return list;
  };
  for (const [key, value] of Object.entries(table)) {
    const spec = KEYS[key];
    if (!spec) {
      const near = Object.keys(KEYS).find((k) => distance(k, key) <= 2 || k === key.replace(/_/g, '-'));
      warn(key, `unknown key \`${key}\` in ${where} (ignored)${near ? `; did you mean \`${near}\`?` : ''}`);
      continue;
    }
    const out = input as Record<string, unknown>;
    switch (spec.kind) {
      case 'selectors':
        out[spec.field] = selectors(key, value);
        break;
      case 'globs':
        out[spec.field] = globs(key, stringList(key, value));
        break;
      case 'perFileIgnores': {
        if (!isTable(value)) throw new InvalidValue(key, `\`${key}\` must be a table of glob = [codes]`);
        const map: Record<string, string[]> = {};
        for (const [glob, codes] of Object.entries(value)) {
          globs(key, [glob]);
          map[glob] = selectors(glob, codes, `\`${key}\` for \`${glob}\``);
        }
        out[spec.field] = map;
        break;
      }
      case 'severity': {
        if (!isTable(value)) throw new InvalidValue(key, `\`${key}\` must be a table of code = level`);
        const map: Record<string, SeverityOrOff> = {};
        for (const [code, level] of Object.entries(value)) {
          if (typeof level !== 'string' || !SEVERITIES.has(level)) throw new InvalidValue(key, `\`${key}.${code}\` must be one of error, warning, info, hint, off`);
          if (!knownCodes.has(code)) warn(code, `unknown rule code \`${code}\` in \`${key}\` (ignored)`);
          else map[code] = level as SeverityOrOff;
        }
        out[spec.field] = map;
        break;
      }
      case 'blockingCalls': {
        if (!isTable(value)) throw new InvalidValue(key, `\`${key}\` must be a table of qualified name = "what to use instead"`);
        const map: Record<string, string | BlockingCallSetting> = {};
        for (const [q, v] of Object.entries(value)) {
          if (!QUALIFIED.test(q)) throw new InvalidValue(q, `\`${key}\`: \`${q}\` is not a qualified name such as \`mylib.client.fetch\``);
          if (typeof v === 'string') map[q] = v;
          else if (isTable(v)) {
            const setting: BlockingCallSetting = {};
            for (const [k, x] of Object.entries(v)) {
              if (k === 'instead' && typeof x === 'string') setting.instead = x;
              else if (k === 'code' && typeof x === 'string' && FAMILY_BY_CODE.has(x)) setting.code = x;
              else if (k === 'instead' || k === 'code') throw new InvalidValue(q, `\`${key}.${q}.${k}\` must be ${k === 'code' ? `one of ${[...FAMILY_BY_CODE.keys()].join(', ')}` : 'a string'}`);
              else warn(q, `unknown key \`${k}\` in \`${key}.${q}\` (ignored); expected \`instead\` or \`code\``);
            }
            map[q] = setting;
          } else throw new InvalidValue(q, `\`${key}.${q}\` must be a string or a table { instead = "...", code = "FPL10x" }`);
        }
        out[spec.field] = map;
        break;
      }
      case 'version':
        if (typeof value !== 'string' || !VERSION.test(value.trim())) throw new InvalidValue(key, `\`${key}\` must be a version string such as "0.115.0"`);
        out[spec.field] = value.trim();
        break;
      case 'boolean':
        if (typeof value !== 'boolean') throw new InvalidValue(key, `\`${key}\` must be true or false`);
        out[spec.field] = value;
        break;
      case 'ruffOverlap':
        if (typeof value !== 'string' || !RUFF_OVERLAP_MODES.includes(value as RuffOverlapMode)) throw new InvalidValue(key, `\`${key}\` must be one of ${RUFF_OVERLAP_MODES.join(', ')}`);
        out[spec.field] = value;
        break;
      case 'path':
        if (typeof value !== 'string' || !value.trim()) throw new InvalidValue(key, `\`${key}\` must be a folder path`);
        out[spec.field] = value.trim();
        break;
      case 'positiveInt':
        if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) throw new InvalidValue(key, `\`${key}\` must be a positive integer`);
        out[spec.field] = value;
        break;
    }
  }
  return input;
}

/**
 * Reads one configuration file: `pyproject.toml` (its `[tool.fastapi-perf-lint]` table) or a
 * `fastapi-perf-lint.toml` (the same keys at top level). `input` is undefined for a
 * pyproject.toml without the table.
 */
function loadConfigFile(file: string, codes: ReadonlySet<string>): LoadedConfig {
  const warnings: ConfigProblem[] = [];
  let text: string;
  try {
    text = readRegularFile(file).toString('utf8'); // never a named pipe: reading one would block
  } catch (e) {
    return { file, warnings, error: { file, message: `cannot read configuration: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` } };
  }
  let doc: Record<string, unknown>;
  try {
    doc = parseToml(text) as Record<string, unknown>;
  } catch (e) {
    if (e instanceof TomlError) {
      const reason = e.message.split('\n')[0].replace(/^Invalid TOML document:\s*/, '');
      return { file, warnings, error: { file, line: e.line, column: e.column, message: `invalid TOML: ${reason}` } };
    }
    return { file, warnings, error: { file, message: `invalid TOML: ${(e as Error).message.split('\n')[0]}` } };
  }
  const isPyproject = path.basename(file) === 'pyproject.toml';
  let table: unknown = doc;
  if (isPyproject) {
    for (const k of SECTION) table = isTable(table) ? table[k] : undefined;
    if (table === undefined) return { file, warnings };
  }
  const where = isPyproject ? '[tool.fastapi-perf-lint]' : path.basename(file);
  if (!isTable(table)) return { file, warnings, error: { file, line: keyLine(text, 'fastapi-perf-lint'), message: `${where} must be a table` } };
  try {
    return { input: readTable(table, where, text, file, warnings, codes), file, warnings };
  } catch (e) {
    if (!(e instanceof InvalidValue)) throw e;
    return { file, warnings, error: { file, line: keyLine(text, e.key), message: e.message } };
  }
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The project configuration that applies to a file or folder: the nearest
 * `fastapi-perf-lint.toml`, or `pyproject.toml` with a `[tool.fastapi-perf-lint]` table,
 * in its folder or above (a pyproject.toml without the table is passed over, as Ruff does).
 * `configFile` names the file explicitly instead. `cache` (folder -> result) lets callers
 * that ask about many files read each folder and each file once.
 */
export function loadProjectConfig(target: string, opts: { codes: ReadonlySet<string>; configFile?: string; cache?: Map<string, LoadedConfig> }): LoadedConfig {
  if (opts.configFile) {
    const file = path.resolve(opts.configFile);
    const loaded = loadConfigFile(file, opts.codes);
    if (!loaded.input && !loaded.error) return { ...loaded, input: {}, warnings: [...loaded.warnings, { file, message: 'no [tool.fastapi-perf-lint] table: using the defaults' }] };
    return loaded;
  }
  const abs = path.resolve(target);
  let dir = isDirectory(abs) ? abs : path.dirname(abs);
  const visited: string[] = [];
  let result: LoadedConfig | undefined;
  for (;;) {
    const cached = opts.cache?.get(dir);
    if (cached) {
      result = cached;
      break;
    }
    visited.push(dir);
    for (const name of [CONFIG_FILE_NAME, 'pyproject.toml']) {
      const file = path.join(dir, name);
      if (!fs.existsSync(file)) continue;
      const loaded = loadConfigFile(file, opts.codes);
      if (loaded.input || loaded.error) {
        result = loaded;
        break;
      }
    }
    if (result) break;
    const parent = path.dirname(dir);
    if (parent === dir) {
      result = { warnings: [] };
      break;
    }
    dir = parent;
  }
  for (const d of visited) opts.cache?.set(d, result);
  return result;
}
