// The workspace index of each workspace folder, built in the background at start (with
// $/progress) through the engine's project pipeline, as the CLI builds it: files found by
// engine/discovery.ts (each path's own configuration, .gitignore, virtualenvs), module
// names by ModuleNamer, each file read within its configuration's limits, one summary per
// module and never a tree (only open documents keep trees). Single files are
// re-summarised on change.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { WorkDoneProgressReporter } from 'vscode-languageserver/node';
import { longestPrefix } from '../analysis/refs';
import type { ModuleSummary } from '../analysis/summary';
import { discoverProjectFiles, isExcludedFromProject } from '../engine/discovery';
import type { ConfigFor } from '../engine/fileConfigs';
import { ModuleNamer, type ModuleName } from '../engine/modules';
import type { ResolvedConfig } from '../engine/config';
import { CACHE_FOLDER, LintCache, sha1, stableJson, summaryHash, toolFingerprint, type CachedLint } from '../engine/cache';
import { LintKeys, moduleState } from '../engine/projectCache';
import type { Note } from '../engine/notes';
import type { Finding } from '../ruleApi/rule';
import { hashText, loadDetailsFromText, readPythonFile, summarize, summarizeInto, type LoadedFile, type PlannedFile } from '../engine/project';
import { LineIndex } from '../engine/text';
import { WorkspaceIndex, type IndexedModule } from '../engine/workspace';
import type { ProjectVersions } from '../ruleApi/versions';
import { isUnder } from './uri';

/** Files whose appearance or removal changes module names or discovery: rebuild the folder. */
export const STRUCTURE_FILES = new Set(['__init__.py', '.gitignore', 'pyproject.toml', 'fastapi-perf-lint.toml', 'setup.py', 'setup.cfg', 'pyvenv.cfg']);

/** Lets other work (requests, edits) run between files of a long job. */
export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

interface BuildOptions {
  /** Each path's configuration (`exclude`, size limits): the folder's settings over the nearest project file. */
  configFor: ConfigFor;
  /** Text of an open document at this path (the buffer wins over the disk). */
  openText: (file: string) => string | undefined;
  progress?: WorkDoneProgressReporter;
  log: (message: string) => void;
}

export class FolderIndex {
  index = new WorkspaceIndex();
  private namer: ModuleNamer;
  /** Python files found by the last discovery, sorted. */
  files: string[] = [];
  /** Bumped whenever a summary, the file set or the module names change. */
  revision = 0;
  private run = 0;
  private building: Promise<boolean> | undefined;
  private adjacency: { generation: number; edges: Map<string, Set<string>> } | undefined;
  /** Files changed while a build runs: the new index may have read them before the change. */
  private touched = new Set<string>();
  built = false;
  /** What the last completed build found and how long it took (for the log). */
  lastBuild: { files: number; discoverMs: number; totalMs: number } | undefined;
  private firstBuild: Promise<void>;
  private markBuilt!: () => void;
  /** The persistent cache: summaries at start-up, and closed files' lints (`cachedLint`). */
  private cache: LintCache | undefined;
  private readonly lintKeys = new LintKeys();
  /** Module states by index generation (what a cached lint's reads are checked against). */
  private states: { generation: number; of: Map<string, string> } | undefined;
  /** Resolved once the first build has found the folder's files (or given up). */
  private discovery: Promise<void>;
  discovered!: () => void;

  constructor(
    readonly uri: string,
    readonly root: string,
  ) {
    this.namer = new ModuleNamer(root);
    this.firstBuild = new Promise((resolve) => (this.markBuilt = resolve));
    this.discovery = new Promise((resolve) => (this.discovered = resolve));
  }

  /**
   * Resolves once the folder's files are known: before the first build ends, a lint loads
   * the summaries it needs (the modules the file imports) on demand.
   */
  whenDiscovered(): Promise<void> {
    return this.discovery;
  }

  contains(file: string): boolean {
    return isUnder(file, this.root);
  }

  relPath(file: string): string {
    return path.relative(this.root, file).split(path.sep).join('/');
  }

  moduleOf(file: string): ModuleName {
    const e = this.index.entry(file);
    return e ? { module: e.module, isPackage: e.isPackage } : this.namer.nameOf(file);
  }

  isIndexed(file: string): boolean {
    return !!this.index.entry(file);
  }

  /** A file of this folder as the engine lints project files: its module, its path relative to the folder, its configuration. */
  planned(file: string, config: ResolvedConfig, versions?: ProjectVersions): PlannedFile {
    return { path: file, relPath: this.relPath(file), ...this.moduleOf(file), eagerDetails: false, versions, config };
  }

  /** Whether discovery leaves this file out (an open file is then left alone, as `check` would skip it). */
  excludes(file: string, configFor: ConfigFor): boolean {
    return isExcludedFromProject(file, this.root, configFor);
  }

  /** The folder's persistent cache (its summaries), as the CLI finds it: `cache-dir`, else at the folder's root. */
  private openCache(configFor: ConfigFor): LintCache | undefined {
    // The bundle's hash is the build id (the version is in it).
    const tool = toolFingerprint('server', []);
    if (!tool) return undefined;
    const dir = configFor(path.join(this.root, '__init__.py')).cacheDir ?? path.join(this.root, CACHE_FOLDER);
    // A rebuild keeps the cache open, with the lints put in it since the last save.
    if (this.cache?.dir !== dir) this.cache = LintCache.open(dir, tool, 'server-');
    return this.cache;
  }

  /**
   * What a module is now, as a closed file's lint that asked about it saw it (as the CLI's
   * engine/projectCache.ts): its file and text, a namespace package, nothing; `*`: every file.
   */
  private stateOf = (module: string): string => {
    const index = this.index;
    if (this.states?.generation !== index.generation) this.states = { generation: index.generation, of: new Map() };
    let s = this.states.of.get(module);
    if (s !== undefined) return s;
    if (module === '*') s = sha1(stableJson([...index.files].map((e) => [e.path, e.module, e.isPackage, e.hash ?? '']).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));
    else s = moduleState(index, module, (p) => index.entry(p)?.hash);
    this.states.of.set(module, s);
    return s;
  };

  /**
   * A closed file's lint from the persistent cache, when its text, key and every module it
   * read are as they were. Only once built: until then the index is not the whole folder.
   */
  cachedLint(file: PlannedFile, textHash: string): CachedLint | undefined {
    if (!this.built || !this.cache) return undefined;
    return this.cache.lint(file.path, summaryHash(file.module, file.isPackage, textHash), this.lintKeys.key(file, file.config!), this.stateOf);
  }

  /** Keeps a closed file's lint (its workspace conditions decided), with the state of each module it read. */
  putLint(file: PlannedFile, textHash: string, reads: ReadonlySet<string>, findings: Finding[], notes: Note[]): void {
    if (!this.built || !this.cache) return;
    // Every file's path, module and text are in the state of `*`: it alone stands for all.
    const modules = reads.has('*') ? ['*'] : [...reads].sort();
    const lint: CachedLint = { key: this.lintKeys.key(file, file.config!), reads: modules.map((m) => [m, this.stateOf(m)]), findings, notes };
    this.cache.put(file.path, summaryHash(file.module, file.isPackage, textHash), undefined, lint);
  }

  /** Writes the persistent cache when something changed. */
  saveCache(): void {
    this.cache?.save();
  }

  /** A file's text: the open buffer, else the disk within its configuration's limits. */
  private textOf(file: string, opts: Pick<BuildOptions, 'configFor' | 'openText'>): string | undefined {
    return opts.openText(file) ?? readPythonFile(file, opts.configFor(file)).source?.text;
  }

  /** A closed file from the disk, known by its stat when the persistent cache has seen it unchanged (its text then read on first use). */
  readClosed(file: string, config: ResolvedConfig): LoadedFile {
    return readPythonFile(file, config, this.cache);
  }

  /** Resolves once the running build has finished, or the first one when none has run yet. */
  async whenBuilt(): Promise<void> {
    if (this.building) await this.building;
    else if (!this.built) await this.firstBuild;
  }

  /**
   * Discovers and summarises every Python file into a fresh index, swapped in when complete
   * (until then lints use the previous one). A newer build supersedes a running one.
   * Resolves true when this build completed.
   */
  build(opts: BuildOptions): Promise<boolean> {
    const run = ++this.run;
    const p = this.doBuild(run, opts);
    this.building = p;
    void p.finally(() => {
      if (this.building === p) this.building = undefined;
    });
    return p;
  }

  private async doBuild(run: number, opts: BuildOptions): Promise<boolean> {
    await yieldToEventLoop();
    const t0 = Date.now();
    let files: string[];
    let index: WorkspaceIndex;
    let cache: LintCache | undefined;
    try {
      this.namer = new ModuleNamer(this.root);
      files = discoverProjectFiles([this.root], this.root, opts.configFor, opts.log);
      index = new WorkspaceIndex();
      index.detailLoader = loadDetailsFromText;
      for (const f of files) {
        const n = this.namer.nameOf(f);
        index.addFile(f, n.module, n.isPackage);
      }
      cache = this.openCache(opts.configFor);
      if (!this.built) {
        // Nothing to fall back on: lints use this index at once, summarising what they ask for first.
        index.loader = (entry) => this.summarizeEntry(index, entry, opts, cache);
        this.index = index;
        this.files = files;
        this.adjacency = undefined;
        this.revision++;
      }
    } finally {
      this.discovered();
    }
    const discoverMs = Date.now() - t0;
    let done = 0;
    let sliceStart = Date.now();
    opts.progress?.report(0, `0/${files.length} files`);
    for (const f of files) {
      if (run !== this.run) return false;
      const entry = index.entry(f)!;
      if (!entry.summary && !entry.loadAttempted) this.summarizeEntry(index, entry, opts, cache);
      done++;
      if (Date.now() - sliceStart > 15) {
        opts.progress?.report(Math.floor((done * 100) / files.length), `${done}/${files.length} files`);
        await yieldToEventLoop();
        sliceStart = Date.now();
      }
    }
    if (run !== this.run) return false;
    cache?.save();
    const touched = [...this.touched];
    this.index = index;
    this.files = files;
    for (const f of touched) {
      const text = this.textOf(f, opts);
      if (text !== undefined) this.update(f, text);
      else if (!fs.existsSync(f)) this.remove(f);
    }
    this.touched.clear();
    this.adjacency = undefined;
    this.revision++;
    this.built = true;
    this.markBuilt();
    this.lastBuild = { files: files.length, discoverMs, totalMs: Date.now() - t0 };
    return true;
  }

  /** Reads (the open buffer, else the disk) and summarises one file of the index. */
  private summarizeEntry(index: WorkspaceIndex, entry: IndexedModule, opts: Pick<BuildOptions, 'configFor' | 'openText' | 'log'>, cache?: LintCache): void {
    entry.loadAttempted = true;
    const open = opts.openText(entry.path);
    const loaded = open === undefined ? this.readClosed(entry.path, opts.configFor(entry.path)) : undefined;
    const text = open ?? loaded?.source?.text;
    if (text === undefined) return;
    try {
      // The persistent cache's summary of the same text and module name, else a parse (kept for the next start).
      const hash = loaded?.hash ?? hashText(text);
      const key = cache && summaryHash(entry.module, entry.isPackage, hash);
      const cached = key ? cache.summary(entry.path, key) : undefined;
      if (cached) index.setSummary(entry.path, cached, hash, Uint32Array.from(new LineIndex(text).lineStarts), text);
      else {
        summarizeInto(index, entry, text, hash);
        if (key) cache.put(entry.path, key, entry.summary);
      }
    } catch (e) {
      opts.log(`could not summarise ${entry.path}: ${(e as Error)?.stack ?? e}`);
    }
  }

  /**
   * Walks the folder again after files appeared (or discovery inputs changed) and indexes the
   * files that are new; files no longer found leave the index. Returns both lists.
   */
  async sync(opts: BuildOptions): Promise<{ added: string[]; removed: string[] }> {
    await this.whenBuilt();
    const files = discoverProjectFiles([this.root], this.root, opts.configFor, opts.log);
    const now = new Set(files);
    const before = new Set(this.files);
    const removed = this.files.filter((f) => !now.has(f));
    const added = files.filter((f) => !before.has(f));
    for (const f of removed) this.index.remove(f);
    for (const f of added) {
      const n = this.namer.nameOf(f);
      this.index.addFile(f, n.module, n.isPackage);
      const text = this.textOf(f, opts);
      if (text !== undefined) this.update(f, text);
    }
    this.files = files;
    this.adjacency = undefined;
    if (added.length || removed.length) this.revision++;
    return { added, removed };
  }

  /**
   * Re-summarises one module from new text (an edited open document, a file changed on disk).
   * Returns false when the file is not indexed or its text did not change.
   */
  update(file: string, text: string, summary?: ModuleSummary, lines?: LineIndex): boolean {
    if (this.building) this.touched.add(file);
    const entry = this.index.entry(file);
    if (!entry) return false;
    const hash = hashText(text);
    if (entry.hash === hash) return false;
    const s = summary ?? summarize(text, { module: entry.module, isPackage: entry.isPackage });
    this.index.setSummary(file, s, hash, Uint32Array.from((lines ?? new LineIndex(text)).lineStarts), text);
    this.revision++;
    return true;
  }

  remove(file: string): boolean {
    if (this.building) this.touched.add(file);
    if (!this.index.entry(file)) return false;
    this.index.remove(file);
    this.files = this.files.filter((f) => f !== file);
    this.adjacency = undefined;
    this.revision++;
    return true;
  }

  /** Modules joined to `module` by imports in either direction, itself included. */
  component(module: string): Set<string> {
    const edges = this.edges();
    const seen = new Set([module]);
    const queue = [module];
    while (queue.length > 0) {
      for (const m of edges.get(queue.pop()!) ?? []) {
        if (!seen.has(m)) {
          seen.add(m);
          queue.push(m);
        }
      }
    }
    return seen;
  }

  /**
   * Import edges between workspace modules, undirected: a module's findings can depend on
   * what it imports (resolution, blocking chains) and on who imports it (is a function a
   * dependency, called per request).
   */
  private edges(): Map<string, Set<string>> {
    if (this.adjacency?.generation === this.index.generation) return this.adjacency.edges;
    const edges = new Map<string, Set<string>>();
    const link = (a: string, b: string): void => {
      if (a === b) return;
      if (!edges.has(a)) edges.set(a, new Set());
      if (!edges.has(b)) edges.set(b, new Set());
      edges.get(a)!.add(b);
      edges.get(b)!.add(a);
    };
    for (const s of this.index.modules()) {
      for (const list of Object.values(s.bindings)) {
        for (const b of list) {
          if ((b.k !== 'import' && b.k !== 'star') || !b.t) continue;
          const module = longestPrefix(b.t, (q) => !!this.index.moduleEntry(q));
          if (module) link(s.module, module);
        }
      }
    }
    this.adjacency = { generation: this.index.generation, edges };
    return edges;
  }

  /** Files of the given modules. */
  filesOf(modules: ReadonlySet<string>): string[] {
    const out: string[] = [];
    for (const m of modules) {
      const e = this.index.moduleEntry(m);
      if (e) out.push(e.path);
    }
    return out;
  }
}

/** The workspace folders, each with its index; a file belongs to the innermost folder holding it. */
export class Folders {
  private list: FolderIndex[] = [];

  get all(): readonly FolderIndex[] {
    return this.list;
  }

  add(uri: string, root: string): FolderIndex {
    const existing = this.list.find((f) => f.root === root);
    if (existing) return existing;
    const f = new FolderIndex(uri, root);
    this.list.push(f);
    this.list.sort((a, b) => b.root.length - a.root.length);
    return f;
  }

  remove(root: string): FolderIndex | undefined {
    const i = this.list.findIndex((f) => f.root === root);
    if (i < 0) return undefined;
    return this.list.splice(i, 1)[0];
  }

  of(file: string | undefined): FolderIndex | undefined {
    if (!file) return undefined;
    return this.list.find((f) => f.contains(file));
  }
}
