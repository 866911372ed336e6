// Configuration shared by the CLI and the server: which rules run, at which severity,
// and the options rules read. Sources are merged in one place (`mergeConfig`):
// defaults < project file (pyproject.toml / fastapi-perf-lint.toml) < editor settings or CLI flags.
import type { BlockingEntry, BlockingFamily } from '../../../rules/data/blocking';
import type { Severity } from './rule';

export type SeverityOrOff = Severity | 'off';

/** Configuration as written by a user (every key optional), from any source. */
export interface ConfigInput {
  select?: string[];
  ignore?: string[];
  extendSelect?: string[];
  /** Glob -> codes ignored in matching files. */
  perFileIgnores?: Record<string, string[]>;
  severity?: Record<string, SeverityOrOff>;
  exclude?: string[];
  /** Qualified name -> what to use instead (flake8-async's ASYNC200 style). */
  extendBlockingCalls?: Record<string, string>;
  fastapiVersion?: string;
  paginationMaxLimit?: number;
  /** Files larger than this many bytes are skipped with a note. */
  maxFileSize?: number;
  /** Files with a line longer than this many characters are skipped with a note. */
  maxLineLength?: number;
}

export interface ResolvedConfig {
  select: string[];
  ignore: string[];
  extendSelect: string[];
  perFileIgnores: Array<{ glob: string; codes: string[] }>;
  severity: Record<string, SeverityOrOff>;
  exclude: string[];
  extendBlockingCalls: Map<string, BlockingEntry>;
  fastapiVersion?: string;
  paginationMaxLimit: number;
  maxFileSize: number;
  maxLineLength: number;
}

export const DEFAULT_CONFIG: ResolvedConfig = Object.freeze({
  select: ['FPL'],
  ignore: [],
  extendSelect: [],
  perFileIgnores: [],
  severity: {},
  exclude: [],
  extendBlockingCalls: new Map(),
  paginationMaxLimit: 1000,
  maxFileSize: 10 * 1024 * 1024,
  maxLineLength: 200_000,
}) as ResolvedConfig;

/** Family of a user-declared blocking call, guessed from its module for the message and rule code. */
function familyOf(q: string): BlockingFamily {
  if (/^(requests|httpx|urllib|urllib3|http\.client|aiohttp)\b/.test(q)) return 'http';
  if (/^(subprocess|os\.(system|popen|spawn))/.test(q)) return 'subprocess';
  if (/^(time\.sleep)/.test(q)) return 'sleep';
  if (/^(open|io|os|pathlib|shutil)\b/.test(q)) return 'file';
  if (/^(psycopg|pymysql|MySQLdb|sqlite3|pymongo|redis|sqlalchemy|mysql)\b/.test(q)) return 'db';
  return 'cpu';
}

/** Later sources override earlier ones key by key; `extendSelect` accumulates. */
export function mergeConfig(...inputs: Array<ConfigInput | undefined>): ResolvedConfig {
  const out: ResolvedConfig = { ...DEFAULT_CONFIG, severity: {}, perFileIgnores: [], extendBlockingCalls: new Map(), extendSelect: [] };
  for (const c of inputs) {
    if (!c) continue;
    if (c.select) out.select = [...c.select];
    if (c.ignore) out.ignore = [...c.ignore];
    if (c.extendSelect) out.extendSelect.push(...c.extendSelect);
    if (c.perFileIgnores) out.perFileIgnores = Object.entries(c.perFileIgnores).map(([glob, codes]) => ({ glob, codes }));
    if (c.severity) Object.assign(out.severity, c.severity);
    if (c.exclude) out.exclude = [...c.exclude];
    if (c.extendBlockingCalls) {
      for (const [q, instead] of Object.entries(c.extendBlockingCalls)) out.extendBlockingCalls.set(q, { family: familyOf(q), instead });
    }
    if (c.fastapiVersion) out.fastapiVersion = c.fastapiVersion;
    if (c.paginationMaxLimit !== undefined) out.paginationMaxLimit = c.paginationMaxLimit;
    if (c.maxFileSize !== undefined) out.maxFileSize = c.maxFileSize;
    if (c.maxLineLength !== undefined) out.maxLineLength = c.maxLineLength;
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
 * Whether a rule runs. As in Ruff, the most specific selector wins: `select = ["FPL1"]`,
 * `ignore = ["FPL101"]` runs FPL102-FPL112 but not FPL101. Rules off by default run only
 * when selected by their exact code (or ALL). A severity of "off" disables a rule.
 */
export function isEnabled(code: string, defaultEnabled: boolean, cfg: ResolvedConfig): boolean {
  if (cfg.severity[code] === 'off') return false;
  const sel = Math.max(matchLength(code, cfg.select), matchLength(code, cfg.extendSelect));
  const ign = matchLength(code, cfg.ignore);
  if (sel < 0 || ign >= sel) return false;
  if (!defaultEnabled) return sel === code.length || [...cfg.select, ...cfg.extendSelect].includes('ALL');
  return true;
}

export function severityOf(code: string, fallback: Severity, cfg: ResolvedConfig): Severity {
  const s = cfg.severity[code];
  return s && s !== 'off' ? s : fallback;
}
