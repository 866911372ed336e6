// The real-code corpus of the robustness checks: the machine's python3 standard library
// (what Python ships, site-packages left out) and the project's own Python: the rule
// fixtures, examples/ and the LSP fixture workspace. Each file knows the lint options a
// test would use for it (fixtures pin versions and file names in leading comments).
import { REGISTRY } from '../helpers';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { LintOptions } from '../../server/src/engine/linter';
import { decodeSource } from '../../server/src/engine/text';
import { fixtureConfig, fixtureOptions } from '../helpers';
import { mergeConfig } from '../../server/src/engine/config';

export const REPO = join(__dirname, '..', '..');

export interface CorpusFile {
  /** Absolute path. */
  path: string;
  /** For messages: relative to the repository, or `stdlib/...`. */
  name: string;
  kind: 'stdlib' | 'fixture';
}

function pyFiles(dir: string, out: string[] = []): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name === 'site-packages' || e.name === '__pycache__' || e.name === 'node_modules') continue;
      pyFiles(p, out);
    } else if (e.isFile() && e.name.endsWith('.py')) out.push(p);
  }
  return out;
}

let stdlibRoot: string | null | undefined;

/** The standard library folder of the machine's python3; null when there is no python3. */
export function stdlibPath(): string | null {
  if (stdlibRoot === undefined) {
    try {
      stdlibRoot = execFileSync('python3', ['-c', "import sysconfig; print(sysconfig.get_paths()['stdlib'])"], { encoding: 'utf8' }).trim() || null;
    } catch {
      stdlibRoot = null;
    }
  }
  return stdlibRoot;
}

function stdlibFiles(): CorpusFile[] {
  const root = stdlibPath();
  if (!root || !existsSync(root)) return [];
  return pyFiles(root)
    .sort()
    .map((p) => ({ path: p, name: `stdlib/${relative(root, p)}`, kind: 'stdlib' as const }));
}

/** rules/*\/cases*.py (the fixed outputs too: they are real code), examples/ and the LSP fixture workspace. */
export function fixtureFiles(): CorpusFile[] {
  const out: string[] = [];
  const rules = join(REPO, 'rules');
  for (const d of readdirSync(rules).sort()) {
    const dir = join(rules, d);
    if (!existsSync(join(dir, 'rule.ts'))) continue;
    for (const f of readdirSync(dir).sort()) if (/^cases.*\.py$/.test(f)) out.push(join(dir, f));
  }
  pyFiles(join(REPO, 'examples'), out);
  pyFiles(join(REPO, 'test', 'lsp', 'fixtures'), out);
  pyFiles(join(REPO, 'test', 'fixtures'), out);
  return [...new Set(out)].map((p) => ({ path: p, name: relative(REPO, p), kind: 'fixture' as const }));
}

export function corpus(which: 'all' | 'stdlib' | 'fixtures' = 'all'): CorpusFile[] {
  if (which === 'stdlib') return stdlibFiles();
  if (which === 'fixtures') return fixtureFiles();
  return [...fixtureFiles(), ...stdlibFiles()];
}

/** The text as the CLI reads it (BOM, coding cookie, lossy UTF-8). */
export function readText(file: CorpusFile): string {
  return decodeSource(readFileSync(file.path)).text;
}

/** Lint options for a corpus file: a fixture's pinned versions and file name, else its own path. */
export function optionsFor(file: CorpusFile, text: string): LintOptions {
  // Every rule, the ones off by default too: their fixes must be as valid.
  if (file.kind === 'fixture' && file.path.includes(`${join(REPO, 'rules')}`)) {
    const o = fixtureOptions(text);
    const config = mergeConfig({ select: ['ALL'] }, fixtureConfig(text));
    return { rules: REGISTRY, versions: o.versions, config, path: o.path === 'cases.py' ? file.path : join(file.path, '..', o.path ?? 'cases.py') };
  }
  return { rules: REGISTRY, config: mergeConfig({ select: ['ALL'] }), path: file.path };
}

/** A seeded generator of floats in [0, 1) (mulberry32): the same seed gives the same run. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Random = ReturnType<typeof rng>;

export const int = (r: Random, n: number): number => Math.floor(r() * n);
export const pick = <T>(r: Random, xs: readonly T[]): T => xs[int(r, xs.length)];
