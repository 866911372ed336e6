// Shared test helpers: parser set-up, fixture markers, linting with chosen rules.
import { initParser } from '../server/src/engine/parser';
import { mergeConfig, type ConfigInput } from '../server/src/engine/config';
import { lintSource, type LintOptions } from '../server/src/engine/linter';
import type { Finding } from '../server/src/ruleApi/rule';
import { RULES } from '../rules/index';
import { ruleRegistry } from '../server/src/engine/registry';
import { TRACKED, type ProjectVersions, type TrackedPackage } from '../server/src/ruleApi/versions';

export const ready = initParser();

interface Marker {
  kind: 'expect' | 'ok';
  codes: string[];
  /** 0-based line the marker is about: the next line that is not itself a marker. */
  line: number;
  markerLine: number;
}

const MARKER = /#\s*(expect|ok):\s*([A-Z]+[0-9]+(?:\s*,\s*[A-Z]+[0-9]+)*)\s*$/;

export function parseMarkers(text: string): Marker[] {
  const lines = text.split(/\r\n|\r|\n/);
  const out: Marker[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = MARKER.exec(lines[i]);
    if (!m || !/^\s*#/.test(lines[i])) continue;
    let target = i + 1;
    while (target < lines.length && MARKER.test(lines[target]) && /^\s*#/.test(lines[target])) target++;
    out.push({ kind: m[1] as Marker['kind'], codes: m[2].split(/\s*,\s*/), line: target, markerLine: i });
  }
  return out;
}

export function lintWith(text: string, codes: string[] | null, opts: Partial<LintOptions> = {}): Finding[] {
  const config = opts.config ?? mergeConfig(codes ? { select: codes } : undefined, fixtureConfig(text));
  return lintSource(text, { rules: REGISTRY, path: 'cases.py', ...opts, config }).findings;
}

const FIXTURE_VERSIONS = /^#\s*fixture-versions:\s*(.*)$/;

/**
 * Versions a fixture pins on its first line, `# fixture-versions: fastapi=0.115.0, orjson=3.10`;
 * undefined when it pins none (then the linter assumes the latest of everything and no orjson).
 */
export function fixtureVersions(text: string): ProjectVersions | undefined {
  const first = text.split(/\r?\n/, 1)[0];
  const m = FIXTURE_VERSIONS.exec(first);
  if (!m) return undefined;
  const out: ProjectVersions = {};
  for (const part of m[1].split(',')) {
    const [name, version] = part.split('=').map((x) => x.trim());
    if (!TRACKED.includes(name as TrackedPackage) || !version) throw new Error(`bad fixture-versions entry: ${part}`);
    out[name as TrackedPackage] = { version, source: 'fixture-versions' };
  }
  return out;
}

const FIXTURE_PATH = /^#\s*fixture-path:\s*(\S+)\s*$/;

/** The file name a fixture is linted as, from a leading `# fixture-path: gunicorn.conf.py` comment; else `cases.py`. */
function fixturePath(text: string): string {
  for (const line of text.split(/\r?\n/)) {
    if (!line.startsWith('#')) break;
    const m = FIXTURE_PATH.exec(line);
    if (m) return m[1];
  }
  return 'cases.py';
}

const FIXTURE_CONFIG = /^#\s*fixture-config:\s*(.*)$/;
/** Options of `[tool.fastapi-perf-lint]` a fixture sets in a leading comment, `# fixture-config: report-light-io=true`. */
const FIXTURE_KEYS: Record<string, (v: string) => ConfigInput> = {
  'report-file-io': (v) => ({ reportFileIo: v === 'true' }),
  'report-light-io': (v) => ({ reportLightIo: v === 'true' }),
  'lint-tests-and-scripts': (v) => ({ lintTestsAndScripts: v === 'true' }),
};

export function fixtureConfig(text: string): ConfigInput | undefined {
  let out: ConfigInput | undefined;
  for (const line of text.split(/\r?\n/)) {
    if (!line.startsWith('#')) break;
    const m = FIXTURE_CONFIG.exec(line);
    if (!m) continue;
    for (const part of m[1].split(',')) {
      const [key, value] = part.split('=').map((x) => x.trim());
      const set = FIXTURE_KEYS[key];
      if (!set || value === undefined) throw new Error(`bad fixture-config entry: ${part}`);
      out = { ...out, ...set(value) };
    }
  }
  return out;
}

/** Both, as lint options. */
export function fixtureOptions(text: string): Pick<LintOptions, 'versions' | 'path'> {
  return { versions: fixtureVersions(text), path: fixturePath(text) };
}

/** A seeded integer generator (an LCG): `r(n)` is in [0, n); the same seed gives the same sequence. */
export function seededInts(seed: number): (n: number) => number {
  return (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
}

/**
 * One random edit of `text`, as the incremental tests make them: up to 30 characters replaced
 * by a snippet, or deleted; or a top-level name rebound before another top-level line, which
 * changes what the statements using that name read.
 */
export function randomEdit(text: string, r: (n: number) => number, snippets: readonly string[]): { start: number; end: number; insert: string } {
  if (r(6) === 0) {
    const names = [...text.matchAll(/^(?:(?:async[ \t]+)?def|class)[ \t]+(\w+)|^(\w+)[ \t]*=/gm)].map((m) => m[1] ?? m[2]);
    const lines = [...text.matchAll(/^(?=\S)/gm)].map((m) => m.index);
    if (names.length > 0 && lines.length > 0) {
      const name = names[r(names.length)];
      const at = lines[r(lines.length)];
      return { start: at, end: at, insert: `${name} = registry.${name}\n` };
    }
  }
  const start = r(text.length + 1);
  const end = Math.min(text.length, start + (r(4) === 0 ? r(30) : 0));
  const insert = r(3) === 0 ? '' : snippets[r(snippets.length)];
  return { start, end, insert };
}

/** Every rule, as the entry points hand them to the engine. */
export const REGISTRY = ruleRegistry(RULES);
