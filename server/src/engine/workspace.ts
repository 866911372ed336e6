// The workspace index: module summaries (never trees) keyed by module name, with the
// file each came from and its line starts (to place related locations in other files).
// Both the CLI and the server fill it; rules read it through the resolver.
import { lastAtOrBefore } from '../analysis/lines';
import type { FnDetail, ModuleSummary } from '../analysis/summary';
import type { WorkspaceView } from './linter';
import type { Position } from '../ruleApi/rule';

export interface IndexedModule {
  path: string;
  module: string;
  isPackage: boolean;
  summary?: ModuleSummary;
  /** Content hash of the text the summary was built from. */
  hash?: string;
  lineStarts?: ArrayLike<number>;
  /** Source text, kept so function body facts can be computed later by re-parsing. */
  text?: string;
  /** The loader ran (it may have failed: unreadable or skipped file). */
  loadAttempted?: boolean;
  /** The detail loader ran for the current summary. */
  detailsLoaded?: boolean;
}

function emptySummary(module: string): ModuleSummary {
  return { module, isPackage: true, bindings: Object.create(null), functions: Object.create(null), classes: Object.create(null) };
}

export class WorkspaceIndex implements WorkspaceView {
  private byModule = new Map<string, IndexedModule>();
  private byPath = new Map<string, IndexedModule>();
  /** Package prefixes with no file of their own (namespace packages): they resolve to an empty module. */
  private namespaces = new Map<string, ModuleSummary>();
  /** Bumped whenever a summary changes; caches keyed on it know when to drop. */
  generation = 0;
  /**
   * While set, every module name asked about goes in (`*` for questions about every
   * module): what one file's lint read of the others, for the persistent cache.
   */
  reads?: Set<string>;

  addFile(path: string, module: string, isPackage: boolean): IndexedModule {
    const existing = this.byPath.get(path);
    if (existing && existing.module === module) return existing;
    if (existing) this.remove(path);
    const entry: IndexedModule = { path, module, isPackage };
    // Two files claiming one module (a script dir and a package): the first keeps it.
    if (!this.byModule.has(module)) this.byModule.set(module, entry);
    this.byPath.set(path, entry);
    const parts = module.split('.');
    for (let i = 1; i < parts.length; i++) {
      const prefix = parts.slice(0, i).join('.');
      if (!this.namespaces.has(prefix)) this.namespaces.set(prefix, emptySummary(prefix));
    }
    this.generation++;
    return entry;
  }

  remove(path: string): void {
    const e = this.byPath.get(path);
    if (!e) return;
    this.byPath.delete(path);
    if (this.byModule.get(e.module) === e) this.byModule.delete(e.module);
    this.generation++;
  }

  setSummary(path: string, summary: ModuleSummary, hash: string, lineStarts: ArrayLike<number>, text?: string): void {
    const e = this.byPath.get(path);
    if (!e) return;
    e.summary = summary;
    e.hash = hash;
    e.lineStarts = lineStarts;
    e.text = text;
    e.detailsLoaded = false;
    this.generation++;
  }

  /** Computes body facts for a module's functions (re-parsing its text); set by the engine. */
  detailLoader?: (entry: IndexedModule) => void;

  detail(module: string, q: string): FnDetail | undefined {
    this.reads?.add(module);
    const e = this.byModule.get(module);
    const fn = e?.summary?.functions[q];
    if (!e || !fn) return undefined;
    // A summary that came without text (from another worker) is completed from the file.
    if (!fn.detail && !e.detailsLoaded && this.detailLoader) {
      e.detailsLoaded = true;
      this.detailLoader(e);
      e.text = undefined; // every function has its facts now
    }
    return fn.detail;
  }

  entry(path: string): IndexedModule | undefined {
    return this.byPath.get(path);
  }

  moduleEntry(module: string): IndexedModule | undefined {
    this.reads?.add(module);
    return this.byModule.get(module);
  }

  get files(): IterableIterator<IndexedModule> {
    return this.byPath.values();
  }

  /**
   * Builds the summary of a module that has none yet (read and parse its file); set by the
   * engine. Summaries are computed from a module's own text only, so loading them on demand,
   * in any order, gives the same answers as building them all first.
   */
  loader?: (entry: IndexedModule) => void;

  // ---- SummarySource ----
  get(module: string): ModuleSummary | undefined {
    this.reads?.add(module);
    const e = this.byModule.get(module);
    if (e) {
      if (!e.summary && !e.loadAttempted && this.loader) {
        e.loadAttempted = true;
        this.loader(e);
      }
      return e.summary;
    }
    return this.namespaces.get(module);
  }

  has(module: string): boolean {
    this.reads?.add(module);
    return this.byModule.has(module) || this.namespaces.has(module);
  }

  /** Text of a file when the index does not keep it (the CLI's loaded sources); set by the engine. */
  textProvider?: (path: string) => string | undefined;

  /** Every module name with a file. */
  moduleNames(): Iterable<string> {
    this.reads?.add('*');
    return this.byModule.keys();
  }

  /** A module's text, when known without reading the disk. */
  textOf(module: string): string | undefined {
    this.reads?.add(module);
    const e = this.byModule.get(module);
    return e ? (e.text ?? this.textProvider?.(e.path)) : undefined;
  }

  /** Summaries built so far (modules never linted nor asked about are not loaded for this). */
  *modules(): Iterable<ModuleSummary> {
    this.reads?.add('*');
    for (const e of this.byModule.values()) if (e.summary) yield e.summary;
  }

  /** Position of an offset in an indexed module's file. */
  position(module: string, offset: number): { path: string; position: Position } | undefined {
    this.reads?.add(module);
    const e = this.byModule.get(module);
    if (!e?.lineStarts) return undefined;
    const line = lastAtOrBefore(e.lineStarts, offset);
    return { path: e.path, position: { line, character: offset - e.lineStarts[line] } };
  }
}
