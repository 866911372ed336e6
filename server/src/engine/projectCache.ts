// The persistent cache in a project run: which planned files keep their last lint, what
// state each module is in (what an entry's reads are checked against), and what the run
// leaves in the cache. A file's key is everything its lint depends on besides its text and
// the modules it read: configuration, versions, what it leaves to Ruff, its names.
import { LineIndex } from './text';
import type { ResolvedConfig } from './config';
import { sha1, stableJson, summaryHash, type CachedLint, type LintCache } from './cache';
import type { FileResult, LintedFile, LoadedFile, PlannedFile } from './project';
import type { Finding } from '../ruleApi/rule';
import type { WorkspaceIndex } from './workspace';

/**
 * A file's key: everything its lint depends on besides its text and the modules it read
 * (configuration, versions, what it leaves to Ruff, its names). Files share configurations,
 * versions and Ruff code sets: the hash of each combination is made once, by identity.
 */
export class LintKeys {
  private readonly json = new WeakMap<object, string>();
  private readonly ids = new WeakMap<object, number>();
  private readonly sharedHashes = new Map<string, string>();
  private lastId = 0;

  key(f: PlannedFile, config: ResolvedConfig): string {
    const id = `${this.idOf(config)}/${this.idOf(f.versions)}/${this.idOf(f.leaveToRuff)}`;
    let shared = this.sharedHashes.get(id);
    if (shared === undefined) {
      shared = sha1([this.configText(config), this.jsonOf(f.versions), this.jsonOf(f.leaveToRuff)].join('\0'));
      this.sharedHashes.set(id, shared);
    }
    return sha1(`${shared}\0${JSON.stringify([f.eagerDetails, f.module, f.isPackage, f.path, f.relPath])}`);
  }

  private idOf(v: object | undefined): number {
    if (v === undefined) return 0;
    let id = this.ids.get(v);
    if (id === undefined) this.ids.set(v, (id = ++this.lastId));
    return id;
  }

  /** A configuration as JSON, without the cache's own folder. */
  configText(cfg: ResolvedConfig): string {
    let text = this.json.get(cfg);
    if (text === undefined) {
      const { cacheDir: _dir, ...config } = cfg;
      text = stableJson(config);
      this.json.set(cfg, text);
    }
    return text;
  }

  private jsonOf(v: object | undefined): string {
    if (v === undefined) return '';
    let text = this.json.get(v);
    if (text === undefined) this.json.set(v, (text = stableJson(v)));
    return text;
  }
}

/**
 * What a module is now, as a cached lint that asked about it saw it: its file and text hash
 * (`hashOf`), a namespace package, or nothing. Asking is not a read of the lint being checked.
 */
export function moduleState(index: WorkspaceIndex, module: string, hashOf: (path: string) => string | undefined): string {
  const saved = index.reads;
  index.reads = undefined;
  try {
    const e = index.moduleEntry(module);
    return e ? `${e.path}#${hashOf(e.path) ?? 'unread'}` : index.has(module) ? 'namespace' : 'none';
  } finally {
    index.reads = saved;
  }
}

export class ProjectCache {
  private readonly hashes = new Map<string, string>();
  private readonly states = new Map<string, string>();
  private readonly keys = new Map<string, string>();
  private readonly lintKeys = new LintKeys();
  private all?: string;

  constructor(
    private readonly cache: LintCache,
    private readonly files: readonly PlannedFile[],
    private readonly loaded: ReadonlyMap<string, LoadedFile>,
    private readonly index: WorkspaceIndex,
    private readonly projectConfig: ResolvedConfig,
  ) {
    for (const f of files) {
      const l = loaded.get(f.path);
      if (l?.hash !== undefined && !l.skipped) this.hashes.set(f.path, summaryHash(f.module, f.isPackage, l.hash));
    }
  }

  /** What a module is now, as a lint that asked about it saw it: its file and text, a namespace package, or nothing. */
  stateOf = (module: string): string => {
    // Arrays of strings: plain JSON is already stable.
    if (module === '*') return (this.all ??= sha1(JSON.stringify(this.files.map((f) => [f.path, f.module, this.hashes.get(f.path) ?? '']))));
    let s = this.states.get(module);
    if (s === undefined) {
      s = moduleState(this.index, module, (path) => this.hashes.get(path));
      this.states.set(module, s);
    }
    return s;
  };

  private keyOf(f: PlannedFile): string {
    let key = this.keys.get(f.path);
    if (key === undefined) this.keys.set(f.path, (key = this.lintKeys.key(f, f.config ?? this.projectConfig)));
    return key;
  }

  /** Makes the index take summaries from the cache before parsing a file for one. */
  installLoader(): void {
    const load = this.index.loader;
    this.index.loader = (entry) => {
      const hash = this.hashes.get(entry.path);
      const summary = hash && this.cache.summary(entry.path, hash);
      const text = this.loaded.get(entry.path)?.source?.text;
      if (summary && text !== undefined) this.index.setSummary(entry.path, summary, hash, Uint32Array.from(new LineIndex(text).lineStarts), text);
      else load?.(entry);
    };
  }

  /** The cached lint of a planned file, when nothing it depends on changed. */
  hit(f: PlannedFile): CachedLint | undefined {
    const hash = this.hashes.get(f.path);
    return hash ? this.cache.lint(f.path, hash, this.keyOf(f), this.stateOf) : undefined;
  }

  /** A hit as a lint of this run: its summary goes in the index (undefined when the summary is gone: lint the file). */
  adopt(f: PlannedFile, lint: CachedLint): LintedFile | undefined {
    const hash = this.hashes.get(f.path)!;
    const text = this.loaded.get(f.path)?.source?.text;
    const summary = this.cache.summary(f.path, hash);
    if (!summary || text === undefined) return undefined;
    const lineStarts = new LineIndex(text).lineStarts;
    this.index.setSummary(f.path, summary, hash, lineStarts, text);
    return { path: f.path, findings: lint.findings, notes: lint.notes, warnings: lint.warnings, summary, lineStarts };
  }

  /** A hit as it was reported, when the whole workspace is as it was then (no condition to decide again). Its lines are found when needed. */
  replay(f: PlannedFile, lint: CachedLint, workspace: string): { lint: LintedFile; final: { findings: Finding[]; leftToRuff?: number } } | undefined {
    if (lint.final?.workspace !== workspace || !Array.isArray(lint.final.findings) || !this.hashes.has(f.path)) return undefined;
    return { lint: { path: f.path, findings: lint.findings, notes: lint.notes, warnings: lint.warnings }, final: lint.final };
  }

  /**
   * Everything the decided findings depend on: every file (text, names, key), which files
   * are linted and reported, the project's configuration (what the call graph classifies with).
   */
  workspace(linted: Iterable<string>, reported: Iterable<string>): string {
    const files = this.files.map((f) => [f.path, this.hashes.get(f.path) ?? '', this.keyOf(f)]);
    // Strings and arrays of them, keys in order: plain JSON is already stable.
    return sha1(`${this.lintKeys.configText(this.projectConfig)}\0${JSON.stringify({ files, linted: [...linted].sort(), reported: [...reported].sort() })}`);
  }

  /** Puts this run's summaries, lints and decided findings in the cache and writes it. */
  save(results: ReadonlyMap<string, LintedFile>, hits: ReadonlyMap<string, CachedLint>, reported: ReadonlyMap<string, FileResult>, workspace: string): void {
    for (const f of this.files) {
      const hash = this.hashes.get(f.path);
      if (!hash) continue;
      const r = results.get(f.path);
      const out = reported.get(f.path);
      const final = out && { workspace, findings: out.findings, leftToRuff: out.leftToRuff };
      let lint = hits.get(f.path);
      if (lint && final && lint.final?.workspace !== workspace) lint = { ...lint, final };
      else if (!lint && r?.reads) lint = { key: this.keyOf(f), reads: r.reads.map((m) => [m, this.stateOf(m)]), findings: r.findings, notes: r.notes, warnings: r.warnings, final };
      this.cache.put(f.path, hash, this.index.entry(f.path)?.summary, lint);
    }
    this.cache.save();
  }
}
