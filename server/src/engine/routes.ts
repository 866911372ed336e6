// The route table of a workspace index (analysis/routeTable.ts) with each module's route facts
// read once per content: modules whose text may declare routes are parsed, the others are
// parsed only when a route's path needs one of their constants.
import { moduleRoutes, mayDeclareRoutes, routeTable, type ModuleRoutes, type RouteEntry } from '../analysis/routeTable';
import { Resolver } from '../analysis/resolve';
import { withTree } from './parser';
import { hashText } from './project';
import { LineIndex } from './text';
import type { IndexedModule, WorkspaceIndex } from './workspace';

interface Cached {
  hash: string;
  candidate: boolean;
  facts?: ModuleRoutes | null;
  /** Lines of the text the facts were read from (their offsets' positions). */
  lines?: LineIndex;
  text?: string;
}

export class RouteFacts {
  private byPath = new Map<string, Cached>();
  /** The last table, kept while the index has not changed. */
  private memo: { index: WorkspaceIndex; generation: number; table: RouteEntry[] } | undefined;

  /** `textOf` gives a file's current text (the open buffer, else the disk). */
  constructor(private readonly textOf: (file: string) => string | undefined) {}

  private cached(e: IndexedModule): Cached | undefined {
    const hit = this.byPath.get(e.path);
    if (hit && e.hash !== undefined && hit.hash === e.hash) return hit;
    const text = this.textOf(e.path);
    if (text === undefined) return undefined;
    // The text read wins over the index's hash (an open buffer ahead of its summary).
    const hash = hashText(text);
    if (hit && hit.hash === hash) return hit;
    const c: Cached = { hash, candidate: mayDeclareRoutes(text), text };
    this.byPath.set(e.path, c);
    return c;
  }

  private facts(e: IndexedModule): ModuleRoutes | undefined {
    const c = this.cached(e);
    if (!c) return undefined;
    if (c.facts === undefined) {
      const text = c.text ?? this.textOf(e.path);
      try {
        c.facts = text === undefined ? null : withTree(text, (tree) => moduleRoutes(tree.rootNode, text));
        if (text !== undefined) c.lines = new LineIndex(text);
      } catch {
        c.facts = null;
      }
      c.text = undefined;
    }
    return c.facts ?? undefined;
  }

  /** The lines of the text a file's route facts were read from. */
  linesOf(file: string): LineIndex | undefined {
    return this.byPath.get(file)?.lines;
  }

  /** Drops what is kept for files no longer in the index. */
  prune(index: WorkspaceIndex): void {
    for (const p of this.byPath.keys()) if (!index.entry(p)) this.byPath.delete(p);
  }

  /**
   * Reads the route facts of every module that may declare routes, yielding to other work
   * every few milliseconds (the first answer on a large workspace parses hundreds of files).
   */
  async warm(index: WorkspaceIndex, pause: () => Promise<void>): Promise<void> {
    if (this.memo?.index === index && this.memo.generation === index.generation) return;
    let slice = Date.now();
    for (const e of [...index.files]) {
      const c = this.cached(e);
      if (c?.candidate) this.facts(e);
      else if (c) c.text = undefined;
      if (Date.now() - slice > 15) {
        await pause();
        slice = Date.now();
      }
    }
  }

  /** Every route of the index's modules. */
  table(index: WorkspaceIndex): RouteEntry[] {
    if (this.memo?.index === index && this.memo.generation === index.generation) return this.memo.table;
    const generation = index.generation;
    const table = this.build(index);
    this.memo = { index, generation, table };
    return table;
  }

  private build(index: WorkspaceIndex): RouteEntry[] {
    const self = this;
    return routeTable(new Resolver(index), {
      *candidates() {
        for (const e of index.files) {
          const c = self.cached(e);
          if (!c?.candidate) {
            if (c) c.text = undefined;
            continue;
          }
          yield e.module;
        }
      },
      facts(module) {
        const e = index.moduleEntry(module);
        return e ? self.facts(e) : undefined;
      },
    });
  }
}
