// Incremental linting for open documents. A file is split into chunks (top-level
// statements and class members). After an edit, only the chunks the edit touched are
// analysed again; the others keep their summaries and findings, moved to their new
// offsets. A chunk is also re-analysed when it read the body facts of a function whose
// facts changed; when an edit changes what any chunk exposes to the others (bindings,
// function headers, classes), the whole file is analysed again. The result always equals
// a full lint of the same text (tests compare them over random edit streams).
import { FileModel } from '../analysis/model';
import { statementSpans, type ChunkSpan } from '../analysis/facts';
import { chunkContributions, shiftChunkSummary, type ChunkSummary, type MergedSummary } from '../analysis/summary';
import { mentionsWord } from '../analysis/mentions';
import { DEFAULT_CONFIG } from './config';
import { findingLimit, finishFindings, lintResult, withSyntaxNote, makeGraph, moduleFromPath, runRules, type LintOptions, type LintResult } from './linter';
import type { Node, Tree } from '../analysis/tree';
import type { Finding } from '../ruleApi/rule';

/** One text replacement: [start, oldEnd) became [start, newEnd), in the coordinates of the text before it. */
interface TextChange {
  start: number;
  oldEnd: number;
  newEnd: number;
}

interface ChunkState {
  start: number;
  end: number;
  header: boolean;
  /** Its span for the model (no node: a reused chunk is not analysed). */
  span: ChunkSpan;
  summary: ChunkSummary;
  findings: Finding[];
  /** What this chunk's analysis read of the module (`b:name`, `f:qualname`, `c:qualname`, `*` for all; `n:name`, the mentions of a name anywhere in the file). */
  deps: Set<string>;
  /** What this chunk contributes to the module, by the same keys. */
  contributes: Map<string, string>;
}

interface State {
  chunks: ChunkState[];
  key: readonly unknown[];
  merged: MergedSummary;
  /** The text these chunks were read from: what replaced chunks said, for `n:` reads. */
  text: string;
}

interface IncrementalStats {
  mode: 'full' | 'incremental';
  analysed: number;
  reused: number;
}

function mapOffset(o: number, changes: readonly TextChange[]): number {
  for (const c of changes) {
    if (o >= c.oldEnd) o += c.newEnd - c.oldEnd;
    else if (o > c.start) o = c.newEnd;
  }
  return o;
}

/** Whether [a, b] touches one of the regions (ends included). */
function touchesAny(regions: ReadonlyArray<[number, number]>, a: number, b: number): boolean {
  for (const [x, y] of regions) if (a <= y && x <= b) return true;
  return false;
}

/** Whether [a, b) overlaps one of the regions. */
function overlapsAny(regions: ReadonlyArray<[number, number]>, a: number, b: number): boolean {
  for (const [x, y] of regions) if (a < y && x < b) return true;
  return false;
}

/** Regions the edits and the re-parse touched, in new coordinates. */
function dirtyRegions(changes: readonly TextChange[], changedRanges: ReadonlyArray<[number, number]>): Array<[number, number]> {
  const dirty: Array<[number, number]> = [...changedRanges];
  for (let i = 0; i < changes.length; i++) {
    const later = changes.slice(i + 1);
    dirty.push([mapOffset(changes[i].start, later), mapOffset(changes[i].newEnd, later)]);
  }
  return dirty;
}

/** Top-level statements the dirty regions reach: their regions, and their chunk spans read from the new tree. */
function rereadStatements(top: readonly Node[], dirty: ReadonlyArray<[number, number]>): { regions: Array<[number, number]>; fresh: ChunkSpan[] } {
  const regions: Array<[number, number]> = [];
  const fresh: ChunkSpan[] = [];
  for (const n of top) {
    if (!touchesAny(dirty, n.startIndex, n.endIndex)) continue;
    regions.push([n.startIndex, n.endIndex]);
    statementSpans(n, [], fresh);
  }
  return { regions, fresh };
}

/** The old chunks at their new offsets: kept as they are, or (inside a re-read statement) reusable by position. */
interface Placement {
  olds: readonly ChunkState[];
  start: number[];
  end: number[];
  /** Old chunks outside every re-read statement (null inside one). */
  keep: Array<ChunkState | null>;
  /** Clean old chunks inside a re-read statement, by `start:end:header`. */
  byPos: Map<string, ChunkState>;
  /** Re-read statements (indexes in `regions`) in which an edit touched a class header. */
  headerEdited: Set<number>;
}

/**
 * Old chunks at their new offsets. Outside the re-read statements they are kept as they
 * are; inside, a clean one may be reused when a fresh span has exactly its position.
 * Undefined when an edit lies outside every re-read statement (structure unclear).
 */
function placeOldChunks(olds: readonly ChunkState[], changes: readonly TextChange[], dirty: ReadonlyArray<[number, number]>, regions: ReadonlyArray<[number, number]>): Placement | undefined {
  const n = olds.length;
  const p: Placement = { olds, start: new Array<number>(n), end: new Array<number>(n), keep: new Array(n), byPos: new Map(), headerEdited: new Set() };
  for (let i = 0; i < n; i++) {
    const c = olds[i];
    let a = c.start;
    let b = c.end;
    let isDirty = false;
    for (const ch of changes) {
      if (a <= ch.oldEnd && ch.start <= b) isDirty = true;
      a = mapOffset(a, [ch]);
      b = mapOffset(b, [ch]);
    }
    if (!isDirty) isDirty = touchesAny(dirty, a, b);
    p.start[i] = a;
    p.end[i] = b;
    if (regions.length > 0 && overlapsAny(regions, a, b)) {
      p.keep[i] = null;
      // Members of a class whose header an edit touched are read again too: their summaries
      // name the class (`Category.id`), and the edit may have renamed it.
      if (c.header && isDirty) for (let r = 0; r < regions.length; r++) if (a < regions[r][1] && regions[r][0] < b) p.headerEdited.add(r);
      // A class header's summary spans the whole class (its `end`): re-read with its statement, it is analysed again.
      if (!isDirty && !c.header) p.byPos.set(`${a}:${b}:${c.header}`, c);
    } else {
      if (isDirty) return undefined;
      p.keep[i] = c;
    }
  }
  return p;
}

/** One chunk of the new text: a kept or reused old chunk, or a fresh span to analyse. */
interface Entry {
  start: number;
  end: number;
  header: boolean;
  span: ChunkSpan;
  reuse: ChunkState | undefined;
}

/** Kept old chunks and fresh spans in document order; undefined when they overlap. */
function mergeEntries(p: Placement, fresh: readonly ChunkSpan[], regions: ReadonlyArray<[number, number]>): Entry[] | undefined {
  const n = p.olds.length;
  const entries: Entry[] = [];
  let f = 0;
  for (let i = 0; i <= n; i++) {
    const nextStart = i < n ? p.start[i] : Infinity;
    while (f < fresh.length && fresh[f].start < nextStart) {
      const sp = fresh[f++];
      entries.push({ start: sp.start, end: sp.end, header: sp.header, span: sp, reuse: p.byPos.get(`${sp.start}:${sp.end}:${sp.header}`) });
    }
    const kept = i < n ? p.keep[i] : null;
    if (kept) entries.push({ start: p.start[i], end: p.end[i], header: kept.header, span: kept.span, reuse: kept });
  }
  for (let i = 1; i < entries.length; i++) if (entries[i].start < entries[i - 1].end) return undefined;
  for (const e of entries) {
    if (e.reuse && !p.keep.includes(e.reuse) && [...p.headerEdited].some((r) => e.start < regions[r][1] && regions[r][0] < e.end)) e.reuse = undefined;
  }
  return entries;
}

/** Moves reused state to the new offsets (in place: the old state is being replaced); returns the chunks reused. */
function moveReused(entries: readonly Entry[], changes: readonly TextChange[]): Set<ChunkState> {
  const map = (o: number): number => mapOffset(o, changes);
  const moved = new Set<ChunkState>();
  for (const e of entries) {
    const r = e.reuse;
    if (!r) continue;
    moved.add(r);
    if (r.start === e.start && r.end === e.end) continue;
    // A reused chunk lies wholly before or after each edit: everything in it moves by one delta.
    shiftChunkSummary(r.summary, e.start - r.start);
    for (const fd of r.findings) remapFinding(fd, map);
    r.start = r.span.start = e.start;
    r.end = r.span.end = e.end;
  }
  return moved;
}

/** The summaries of the old chunks not reused, and what they contributed to the module (to compare with what replaces them). */
function replacedContributions(olds: readonly ChunkState[], moved: ReadonlySet<ChunkState>): { before: Map<string, string[]>; removed: ChunkSummary[] } {
  const before = new Map<string, string[]>();
  const removed: ChunkSummary[] = [];
  for (const c of olds) {
    if (moved.has(c)) continue;
    removed.push(c.summary);
    for (const [k, v] of c.contributes) (before.get(k) ?? before.set(k, []).get(k)!).push(v);
  }
  return { before, removed };
}

/** Keys whose contribution to the module the analysed chunks changed. */
function changedKeys(before: ReadonlyMap<string, string[]>, model: FileModel, active: ReadonlySet<number>): string[] {
  const after = new Map<string, string[]>();
  for (const i of active) for (const [k, v] of chunkContributions(model.chunkSummaries.get(i)!)) (after.get(k) ?? after.set(k, []).get(k)!).push(v);
  const out: string[] = [];
  for (const k of new Set([...before.keys(), ...after.keys()])) if ((before.get(k) ?? []).join('|') !== (after.get(k) ?? []).join('|')) out.push(k);
  return out;
}

/** Reused chunks that read one of the changed keys, or the mentions of a name an edited chunk mentions: they are analysed again. */
function readersOfChanged(entries: readonly Entry[], active: ReadonlySet<number>, changed: readonly string[], mentioned: (name: string) => boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < entries.length; i++) {
    if (active.has(i)) continue;
    const deps = entries[i].reuse!.deps;
    if (deps.has('*') || changed.some((k) => deps.has(k)) || mentionReads(deps).some(mentioned)) out.push(i);
  }
  return out;
}

const mentionCache = new WeakMap<ReadonlySet<string>, string[]>();

/** The names whose mentions a chunk read (its `n:name` keys), listed once per chunk analysis. */
function mentionReads(deps: ReadonlySet<string>): string[] {
  let names = mentionCache.get(deps);
  if (!names) {
    names = [];
    for (const k of deps) if (k.startsWith('n:')) names.push(k.slice(2));
    mentionCache.set(deps, names);
  }
  return names;
}

/**
 * Whether an edit added or removed a mention of a name: the name is a word of a replaced
 * chunk (in the old text) or of a chunk analysed now (in the new text). Mentions in reused
 * chunks are where they were.
 */
function mentionTest(old: State, moved: ReadonlySet<ChunkState>, text: string, entries: readonly Entry[], active: ReadonlySet<number>): (name: string) => boolean {
  const replaced = old.chunks.filter((c) => !moved.has(c));
  return (name) => replaced.some((c) => mentionsWord(old.text, name, c.start, c.end)) || [...active].some((i) => mentionsWord(text, name, entries[i].start, entries[i].end));
}

function remapFinding(f: Finding, map: (o: number) => number): void {
  f.start = map(f.start);
  f.end = map(f.end);
  if (f.fix) for (const e of f.fix.edits) (e.start = map(e.start)), (e.end = map(e.end));
  if (f.fix?.effect) f.fix.effect.fn = map(f.fix.effect.fn);
  if (f.covers) f.covers = { ...f.covers, start: map(f.covers.start), end: map(f.covers.end) };
  for (const r of f.related ?? []) {
    if (r.file === undefined && r.start !== undefined) {
      r.start = map(r.start);
      r.end = map(r.end ?? r.start);
    }
  }
}

function keyOf(opts: LintOptions): unknown[] {
  const ws = opts.workspace as unknown as { generation?: number } | undefined;
  return [opts.config, opts.versions, opts.workspace, ws?.generation, opts.path, opts.relPath, opts.context?.module, opts.context?.isPackage, opts.rules];
}

export class IncrementalLinter {
  private state: State | undefined;
  /** Text changes since the last lint, in order. */
  private changes: TextChange[] = [];
  /** Ranges tree-sitter reported as structurally changed, in current coordinates. */
  private changed: Array<[number, number]> = [];
  lastStats: IncrementalStats | undefined;

  noteChange(c: TextChange): void {
    this.changes.push(c);
    this.changed = this.changed.map(([s, e]) => [mapOffset(s, [c]), mapOffset(e, [c])] as [number, number]);
  }

  noteChangedRanges(ranges: ReadonlyArray<{ startIndex: number; endIndex: number }>): void {
    for (const r of ranges) this.changed.push([r.startIndex, r.endIndex]);
  }

  /** Forget everything (the next lint is a full one). */
  reset(): void {
    this.state = undefined;
    this.changes = [];
    this.changed = [];
  }

  lint(text: string, tree: Tree, opts: LintOptions): LintResult {
    const key = keyOf(opts);
    const state = this.state;
    const changes = this.changes;
    const changed = this.changed;
    this.changes = [];
    this.changed = [];
    if (!state || state.key.length !== key.length || state.key.some((k, i) => k !== key[i])) return this.full(text, tree, opts, key);
    return this.incremental(text, tree, opts, key, state, changes, changed) ?? this.full(text, tree, opts, key);
  }

  private full(text: string, tree: Tree, opts: LintOptions, key: unknown[]): LintResult {
    const model = new FileModel({ text, tree, context: opts.context ?? moduleFromPath(opts.path), workspace: opts.workspace });
    const states = model.chunks;
    const result = this.analyse(model, opts, key, states, new Map());
    this.lastStats = { mode: 'full', analysed: model.active.length, reused: 0 };
    return result;
  }

  /** Runs the rules on the model's active chunks and stores the new state. */
  private analyse(model: FileModel, opts: LintOptions, key: unknown[], spans: ReadonlyArray<{ start: number; end: number; header: boolean }>, kept: Map<number, ChunkState>): LintResult {
    const cfg = opts.config ?? DEFAULT_CONFIG;
    const graph = makeGraph(model, cfg, opts.workspace);
    model.computeAllDetails();
    const run = runRules(model, graph, opts, true);
    const chunks: ChunkState[] = spans.map((s, i) => {
      const old = kept.get(i);
      if (old) return old;
      const summary = model.chunkSummaries.get(i)!;
      return {
        start: s.start,
        end: s.end,
        header: s.header,
        span: { start: s.start, end: s.end, node: null, header: s.header, classNodes: [] },
        summary,
        findings: run.byChunk.get(i) ?? [],
        deps: run.deps.get(i) ?? new Set(),
        contributes: chunkContributions(summary),
      };
    });
    this.state = { chunks, key, merged: model.merged, text: model.text };
    let raw = chunks.flatMap((c) => c.findings);
    // The limit counts the reused chunks' findings too, as a full lint does.
    const over = run.truncated ? undefined : findingLimit(raw.length, cfg);
    if (over) run.notes.push(over);
    if (run.truncated || over) {
      // Skipped rules leave chunks without their findings: nothing here may be reused.
      this.state = undefined;
      raw = over ? [] : [...run.byChunk.values()].flat();
    }
    const { findings, deferred, suppressions } = finishFindings(raw, model, graph, opts);
    return lintResult(findings, model, suppressions, withSyntaxNote(run.notes, model), deferred);
  }

  /**
   * Re-analyses the statements the edits reached, then the reused chunks that read what they
   * changed; undefined when the edits' place in the old structure is unclear (a full lint follows).
   */
  private incremental(text: string, tree: Tree, opts: LintOptions, key: unknown[], state: State, changes: TextChange[], changedRanges: Array<[number, number]>): LintResult | undefined {
    const dirty = dirtyRegions(changes, changedRanges);
    const top = tree.rootNode.namedChildren.filter((n): n is Node => !!n && n.type !== 'comment');
    const { regions, fresh } = rereadStatements(top, dirty);
    const placed = placeOldChunks(state.chunks, changes, dirty, regions);
    const entries = placed && mergeEntries(placed, fresh, regions);
    if (!entries) return undefined;
    // A reused finding whose fix replaces code may leave an import unused: deciding that reads
    // the scopes of the whole file, which only a full analysis has.
    if (entries.some((e) => e.reuse?.findings.some((f) => f.fix?.edits.some((x) => x.end > x.start)))) return undefined;
    const moved = moveReused(entries, changes);
    const { before, removed } = replacedContributions(state.chunks, moved);

    const active = new Set<number>();
    for (let i = 0; i < entries.length; i++) if (!entries[i].reuse) active.add(i);
    let model = this.build(text, tree, opts, entries, active, state.merged, removed);
    const readers = readersOfChanged(entries, active, changedKeys(before, model, active), mentionTest(state, moved, text, entries, active));
    if (readers.length > 0) {
      // Their nodes come from the new tree: re-read the statements holding them.
      const replaced = [...active].map((i) => model.chunkSummaries.get(i)!);
      for (const i of readers) {
        replaced.push(entries[i].reuse!.summary);
        const span = this.spanAt(top, entries[i]);
        if (!span) return undefined;
        entries[i].span = span;
        entries[i].reuse = undefined;
        active.add(i);
      }
      model = this.build(text, tree, opts, entries, active, state.merged, replaced);
    }

    const kept = new Map<number, ChunkState>();
    for (let i = 0; i < entries.length; i++) if (!active.has(i)) kept.set(i, entries[i].reuse!);
    const result = this.analyse(model, opts, key, entries, kept);
    // An answer read the scopes of a reused chunk, which this model does not have.
    if (model.needsFullAnalysis) return undefined;
    this.lastStats = { mode: 'incremental', analysed: active.size, reused: kept.size };
    return result;
  }

  /** The model of the new text: `active` entries analysed, the others' summaries reused; `removed` leave the merged summary. */
  private build(text: string, tree: Tree, opts: LintOptions, entries: readonly Entry[], active: Set<number>, merged: MergedSummary, removed: ChunkSummary[]): FileModel {
    const chunks = entries.map((e) => e.span);
    const reused = new Map<number, ChunkSummary>();
    for (let i = 0; i < entries.length; i++) if (!active.has(i)) reused.set(i, entries[i].reuse!.summary);
    const model = new FileModel({ text, tree, context: opts.context ?? moduleFromPath(opts.path), workspace: opts.workspace, chunks, active, reused, merged: { merged, removed } });
    model.computeAllDetails();
    return model;
  }

  /** The chunk span with this position in the new tree (a top-level statement or a class member). */
  private spanAt(top: readonly Node[], e: { start: number; end: number; header: boolean }): ChunkSpan | undefined {
    const stmt = top.find((n) => n.startIndex <= e.start && e.end <= n.endIndex);
    if (!stmt) return undefined;
    const spans: ChunkSpan[] = [];
    statementSpans(stmt, [], spans);
    return spans.find((s) => s.start === e.start && s.end === e.end && s.header === e.header);
  }
}
