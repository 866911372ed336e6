// Linting a whole project, as the CLI does, and the per-file steps the workspace scan and
// the server's folder index share with it (read, summarise, lint one file). Files are
// discovered (engine/discovery.ts) and named as modules; a cheap text prefilter sets aside
// files no rule can fire in; the rest are linted in an order that puts a module's imports
// first (so their summaries are ready when asked for), in this thread or in worker threads.
// Any summary that is not ready is built on demand from the module's own text, so the
// findings never depend on the order or on the number of workers. Findings that depend on
// the whole workspace are decided last.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CallGraph } from '../analysis/callGraph';
import { resolveRelative } from '../analysis/imports';
import { longestPrefix } from '../analysis/refs';
import { FileModel } from '../analysis/model';
import { Resolver } from '../analysis/resolve';
import type { ModuleSummary } from '../analysis/summary';
import { classifyBlocking } from '../analysis/knowledge/blocking';
import type { ResolvedConfig } from './config';
import { discoverProjectFiles } from './discovery';
import type { ConfigFor } from './fileConfigs';
import { fsPath } from './fileNames';
import { NotRegularFile, readRegularFile } from './files';
import { decideConditions, leaveToRuff, lintSource, oneFindingPerProblem, referenceQuestions, type LintOptions } from './linter';
import { ModuleNamer, type ModuleName } from './modules';
import type { RuleRegistry } from './registry';
import { initParser, withTree } from './parser';
import { shouldLint } from './prefilter';
import type { Note, SkippedNote, SkipReason } from './notes';
import { noqaWarnings, suppressionWarnings } from './suppressions';
import type { Finding } from '../ruleApi/rule';
import { decodeSource, isBinaryFile, LineIndex, type DecodedSource } from './text';
import type { ProjectVersions } from '../ruleApi/versions';
import { WorkspaceIndex, type IndexedModule } from './workspace';
import { runInWorkers, workerScript } from './pool';
import { settled, statKey, type CachedLint, type FileFacts, type LintCache } from './cache';
import { ProjectCache } from './projectCache';

export interface FileResult {
  path: string;
  relPath: string;
  findings: Finding[];
  notes: Note[];
  /** Problems with the file's `# noqa` comments, `LINE: message`. */
  warnings?: string[];
  /** Why the file was not linted (too large, unreadable ...). */
  skipped?: SkippedNote;
  /** The versions it was linted with: `--fix` and `--diff` fix with the same. */
  versions?: ProjectVersions;
  /** Findings left to Ruff, which reports the same calls (`--ruff-overlap`). */
  leftToRuff?: number;
  source?: DecodedSource;
  lines?: LineIndex;
}

interface ProjectOptions {
  paths: readonly string[];
  /** Folder relative paths and globs are taken from (the project root or cwd). */
  root: string;
  config: ResolvedConfig;
  rules: RuleRegistry;
  /** Per-file configuration (the nearest project file); `config` when absent. Also decides `exclude` per folder. */
  configFor?: (file: string) => ResolvedConfig;
  versionsFor?: (file: string) => ProjectVersions;
  /** The Ruff codes whose findings each file leaves to Ruff (`LintOptions.leaveToRuff`). */
  ruffFor?: (file: string) => ReadonlySet<string> | undefined;
  /** Worker threads; 0 or 1 lints in this thread. */
  workers?: number;
  /** Skip files in which no rule can fire, judged from their text (default true). */
  prefilter?: boolean;
  onProgress?: (done: number, total: number) => void;
  onWarning?: (message: string) => void;
  /**
   * A folder whose Python files are indexed too but not reported (the project around the
   * given paths): `check app/routers/items.py` still sees the helper in `app/services.py`.
   */
  contextRoot?: string;
  /** The persistent cache (engine/cache.ts): results of unchanged files are taken from it, and this run's are put in. */
  cache?: LintCache;
}

export interface ProjectResult {
  files: FileResult[];
  index: WorkspaceIndex;
  /** Files set aside by the prefilter. */
  prefiltered: number;
  /** Files whose lint came from the persistent cache. */
  cached?: number;
}

/** A file of the plan, as workers receive it. */
export interface PlannedFile {
  path: string;
  relPath: string;
  module: string;
  isPackage: boolean;
  /** Compute every function's body facts while the tree exists (others will ask about them). */
  eagerDetails: boolean;
  versions?: ProjectVersions;
  /** This file's configuration, when it differs from the project's. */
  config?: ResolvedConfig;
  /** Ruff codes whose findings this file leaves to Ruff. */
  leaveToRuff?: ReadonlySet<string>;
}

/** What linting one file returns (cloneable, so workers can send it). */
export interface LintedFile {
  path: string;
  findings: Finding[];
  notes: Note[];
  /** Problems with the file's `# noqa` comments, `LINE: message`. */
  warnings?: string[];
  skipped?: SkippedNote;
  summary?: ModuleSummary;
  lineStarts?: number[];
  /** Modules the lint asked the index about (`*`: all of them), for the persistent cache. */
  reads?: string[];
}

export function hashText(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

const IMPORT_LINE = /^[ \t]*(?:from[ \t]+(\.*[\p{L}\p{N}_.]*)[ \t]+import[ \t]+\(?([^\n#]*)|import[ \t]+([^\n#]+))/gmu;

/** Workspace modules a text imports, found by a text scan: used to order the work and by the prefilter. */
function scanImports(text: string, ctx: { module: string; isPackage: boolean }, index: WorkspaceIndex): string[] {
  const deps = new Set<string>();
  const add = (m: string | null): void => {
    const module = m && longestPrefix(m, (q) => !!index.moduleEntry(q));
    if (module) deps.add(module);
  };
  IMPORT_LINE.lastIndex = 0;
  for (let m = IMPORT_LINE.exec(text); m; m = IMPORT_LINE.exec(text)) {
    if (m[1] !== undefined) {
      const level = /^\.*/.exec(m[1])![0].length;
      const base = resolveRelative(ctx, level, m[1].slice(level));
      if (!base) continue;
      for (const name of m[2].split(',')) {
        const n = name.trim().split(/\s+/)[0].replace(/[()]/g, '');
        if (n && n !== '*' && index.moduleEntry(`${base}.${n}`)) add(`${base}.${n}`);
        else add(base);
      }
    } else {
      for (const part of m[3].split(',')) add(part.trim().split(/\s+/)[0]);
    }
  }
  return [...deps];
}

/** Strongly connected components (Tarjan), dependencies before dependents. */
function orderByImports(nodes: readonly string[], deps: (n: string) => readonly string[]): string[][] {
  const indexOf = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out: string[][] = [];
  let counter = 0;
  for (const start of nodes) {
    if (indexOf.has(start)) continue;
    const work: Array<{ n: string; i: number; ds: readonly string[] }> = [];
    const enter = (n: string): void => {
      indexOf.set(n, counter);
      low.set(n, counter++);
      stack.push(n);
      onStack.add(n);
      work.push({ n, i: 0, ds: deps(n) });
    };
    enter(start);
    while (work.length > 0) {
      const top = work[work.length - 1];
      if (top.i < top.ds.length) {
        const d = top.ds[top.i++];
        if (!indexOf.has(d)) enter(d);
        else if (onStack.has(d)) low.set(top.n, Math.min(low.get(top.n)!, indexOf.get(d)!));
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].n;
        low.set(parent, Math.min(low.get(parent)!, low.get(top.n)!));
      }
      if (low.get(top.n) === indexOf.get(top.n)) {
        const scc: string[] = [];
        let x: string;
        do {
          x = stack.pop()!;
          onStack.delete(x);
          scc.push(x);
        } while (x !== top.n);
        out.push(scc.sort());
      }
    }
  }
  return out;
}

/** Length of the longest line, in UTF-16 code units. */
export function longestLine(t: string): number {
  let longest = 0;
  let start = 0;
  for (;;) {
    const i = t.indexOf('\n', start);
    const end = i === -1 ? t.length : i;
    if (end - start > longest) {
      // A lone CR also ends a line: only long stretches need the closer look.
      for (const part of t.slice(start, end).split('\r')) if (part.length > longest) longest = part.length;
    }
    if (i === -1) return longest;
    start = i + 1;
  }
}

/** A file's text (`hash`: of the text, `hashText`, when read with a cache), or why it is not linted. */
export type LoadedFile = { source?: DecodedSource; skipped?: SkippedNote; hash?: string };

/**
 * Reads a Python file within its configuration's limits (size, binary content, line
 * length). With a cache, a file whose stat is as the cache last saw it is not read: its
 * hash and limits come from the cache, and its text is read when something asks for it.
 */
export function readPythonFile(file: string, cfg: ResolvedConfig, cache?: LintCache): LoadedFile {
  const skip = (reason: SkipReason): LoadedFile => ({ skipped: { kind: 'skipped', reason } });
  let bytes: Buffer;
  let st: fs.BigIntStats;
  try {
    st = fs.statSync(fsPath(file), { bigint: true });
    if (st.size > BigInt(cfg.maxFileSize)) return skip({ why: 'too-large', bytes: Number(st.size), limit: cfg.maxFileSize });
    const known = cache && st.isFile() ? cache.fileFacts(file, statKey(st)) : undefined;
    if (known) return fromFacts(file, cfg, known);
    bytes = readRegularFile(file);
  } catch (e) {
    if (e instanceof NotRegularFile) return skip({ why: 'not-regular', what: e.what });
    return skip({ why: 'unreadable', error: String((e as NodeJS.ErrnoException).code ?? (e as Error).message) });
  }
  const keep = (facts: FileFacts): void => {
    if (cache && settled(st)) cache.putFileFacts(file, statKey(st), facts);
  };
  if (isBinaryFile(bytes)) {
    keep({ hash: '', binary: true, longest: 0 });
    return skip({ why: 'binary' });
  }
  const source = decodeSource(bytes);
  const longest = longestLine(source.text);
  // Only a cache needs the hash (a run without one is not slowed by it).
  const hash = cache ? hashText(source.text) : undefined;
  if (hash !== undefined) keep({ hash, longest });
  if (longest > cfg.maxLineLength) return skip({ why: 'long-line', length: longest, limit: cfg.maxLineLength });
  return { source, hash };
}

/** A file as the cache knows it: skipped as before, or its hash, with the text read on first use. */
function fromFacts(file: string, cfg: ResolvedConfig, facts: FileFacts): LoadedFile {
  if (facts.binary) return { skipped: { kind: 'skipped', reason: { why: 'binary' } } };
  if (facts.longest > cfg.maxLineLength) return { skipped: { kind: 'skipped', reason: { why: 'long-line', length: facts.longest, limit: cfg.maxLineLength } } };
  let source: DecodedSource | undefined | null = null;
  return {
    hash: facts.hash,
    get source(): DecodedSource | undefined {
      if (source === null) source = readPythonFile(file, cfg).source;
      return source;
    },
  };
}

/** A module's summary from its text alone (no rules): what the index keeps of a file nobody lints. */
export function summarize(text: string, context: ModuleName): ModuleSummary {
  return withTree(text, (tree) => new FileModel({ text, tree, context }).summary);
}

/** Summarises an indexed file's text into the index, keeping the text for body facts asked for later. */
export function summarizeInto(index: WorkspaceIndex, entry: IndexedModule, text: string, hash = ''): void {
  const summary = summarize(text, { module: entry.module, isPackage: entry.isPackage });
  index.setSummary(entry.path, summary, hash, Uint32Array.from(new LineIndex(text).lineStarts), text);
}

/**
 * Makes an index build missing summaries itself: read (with each file's configuration),
 * summarise, keep the text for body facts asked for later. Used wherever linting happens
 * (main or worker).
 */
function installLoaders(index: WorkspaceIndex, configFor: ConfigFor): void {
  index.loader = (entry: IndexedModule) => {
    const { source } = readPythonFile(entry.path, configFor(entry.path));
    if (source) summarizeInto(index, entry, source.text);
  };
  index.detailLoader = (entry: IndexedModule) => {
    entry.text ??= readPythonFile(entry.path, configFor(entry.path)).source?.text;
    loadDetailsFromText(entry);
  };
}

/** Fills in body facts for every function of an indexed module by re-parsing the text it kept (the index's detailLoader). */
export function loadDetailsFromText(entry: IndexedModule): void {
  const text = entry.text;
  if (text === undefined || !entry.summary) return;
  const summary = entry.summary;
  withTree(text, (tree) => {
    const model = new FileModel({ text, tree, context: { module: entry.module, isPackage: entry.isPackage } });
    for (const [q, fn] of Object.entries(summary.functions)) if (!fn.detail) fn.detail = model.functionDetail(q);
  });
}

/**
 * What a caller may change in how a project file is linted. The CLI defers workspace
 * conditions until every module is summarised; the workspace scan, whose index is complete,
 * decides them at once and is told about rule crashes.
 */
type ProjectLintSettings = Pick<LintOptions, 'deferConditions' | 'onRuleError' | 'leaveToRuff'>;

/** How a file of the plan is linted: its configuration, against the index. */
function plannedOptions(file: PlannedFile, index: WorkspaceIndex, projectConfig: ResolvedConfig, rules: RuleRegistry, settings: ProjectLintSettings = {}): LintOptions {
  return {
    rules,
    config: file.config ?? projectConfig,
    versions: file.versions,
    path: file.path,
    relPath: file.relPath,
    context: { module: file.module, isPackage: file.isPackage },
    workspace: index,
    deferConditions: true,
    computeDetails: file.eagerDetails,
    leaveToRuff: file.leaveToRuff,
    ...settings,
  };
}

/** Lints the text of one project file against the index: the CLI's path for each planned file, and the workspace scan's for each closed file. */
export function lintProjectFile(file: PlannedFile, text: string, index: WorkspaceIndex, projectConfig: ResolvedConfig, rules: RuleRegistry, settings?: ProjectLintSettings): ReturnType<typeof lintSource> {
  return lintSource(text, plannedOptions(file, index, projectConfig, rules, settings));
}

/** Lints one file against the index, leaving its summary in the index. */
export function lintPlanned(file: PlannedFile, source: DecodedSource | undefined, skipped: SkippedNote | undefined, index: WorkspaceIndex, projectConfig: ResolvedConfig, rules: RuleRegistry): LintedFile {
  if (!source) return { path: file.path, findings: [], notes: [], skipped };
  const notes: Note[] = [];
  if (source.lossy) notes.push({ kind: 'lossy', reason: source.lossy });
  index.reads = new Set();
  let out: ReturnType<typeof lintProjectFile>;
  let reads: Set<string>;
  try {
    out = lintProjectFile(file, source.text, index, projectConfig, rules);
  } finally {
    reads = index.reads;
    index.reads = undefined;
  }
  notes.push(...out.notes);
  const lineStarts = out.lines.lineStarts;
  index.setSummary(file.path, out.summary, '', lineStarts, file.eagerDetails ? undefined : source.text);
  const warnings = suppressionWarnings(out.suppressions, out.lines);
  return { path: file.path, findings: out.findings, notes, warnings, summary: out.summary, lineStarts, reads: [...reads].sort() };
}

export function newIndex(files: readonly PlannedFile[], cfg: ResolvedConfig): WorkspaceIndex {
  const index = new WorkspaceIndex();
  const configs = new Map<string, ResolvedConfig>();
  for (const f of files) {
    index.addFile(f.path, f.module, f.isPackage);
    if (f.config) configs.set(f.path, f.config);
  }
  installLoaders(index, (p) => configs.get(p) ?? cfg);
  return index;
}

/** The files of a run: those reported (under the given paths) and the project around them, named and configured. */
interface ProjectPlan {
  config: ResolvedConfig;
  /** Files under the given paths, in discovery order. */
  requested: string[];
  reported: Set<string>;
  /** Every file: the requested ones, then the context's. */
  files: PlannedFile[];
  byPath: Map<string, PlannedFile>;
}

/** What gets linted, in which order, and what each file imports. */
interface WorkOrder {
  toLint: Set<string>;
  /** Files to lint, their imports first. */
  order: string[];
}

/** Discovers the files (each judged by its own configuration), names their modules, gives each its configuration and versions. */
function planProject(opts: ProjectOptions): ProjectPlan {
  const root = path.resolve(opts.root);
  const config = opts.config;
  const configFor = opts.configFor ?? (() => config);
  const requested = discoverProjectFiles(opts.paths, root, configFor, opts.onWarning);
  const reported = new Set(requested);
  const paths = [...requested];
  const ctx = opts.contextRoot && path.resolve(opts.contextRoot);
  if (ctx && !opts.paths.some((p) => isWithin(ctx, path.resolve(root, p)))) {
    for (const p of discoverProjectFiles([ctx], ctx, configFor)) if (!reported.has(p)) paths.push(p);
  }
  const namer = new ModuleNamer(root);
  const files: PlannedFile[] = paths.map((p) => {
    const n = namer.nameOf(p);
    const own = opts.configFor?.(p);
    return {
      path: p,
      relPath: path.relative(root, p).split(path.sep).join('/'),
      module: n.module,
      isPackage: n.isPackage,
      eagerDetails: false,
      versions: opts.versionsFor?.(p),
      config: own && own !== config ? own : undefined,
      leaveToRuff: opts.ruffFor?.(p),
    };
  });
  return { config, requested, reported, files, byPath: new Map(files.map((f) => [f.path, f])) };
}

/** Reads every file of the plan within its configuration's size and line limits (with a cache, only those whose stat changed). */
function readPlan(plan: ProjectPlan, cache?: LintCache): Map<string, LoadedFile> {
  const loaded = new Map<string, LoadedFile>();
  for (const f of plan.files) loaded.set(f.path, readPythonFile(f.path, f.config ?? plan.config, cache));
  return loaded;
}

/**
 * Orders the work from the import graph (a text scan): the prefilter sets aside files no
 * rule can fire in, context files are not linted, and the rest come after their imports.
 */
function orderWork(plan: ProjectPlan, loaded: ReadonlyMap<string, LoadedFile>, index: WorkspaceIndex, prefilter: boolean): WorkOrder {
  const depsOf = new Map<string, string[]>();
  for (const f of plan.files) {
    const text = loaded.get(f.path)!.source?.text;
    depsOf.set(f.path, text ? scanImports(text, f, index).map((m) => index.moduleEntry(m)!.path).filter((p) => p !== f.path) : []);
  }
  const toLint = prefilter ? shouldLint(plan.files, (p) => loaded.get(p)!.source?.text, (p) => depsOf.get(p)!, (name) => index.has(name)) : new Set(plan.requested);
  markEagerDetails(plan, loaded, toLint, depsOf);
  // Context files are not linted: their summaries load on demand when a question needs them.
  for (const p of toLint) if (!plan.reported.has(p)) toLint.delete(p);
  const order = orderByImports(
    plan.files.map((f) => f.path),
    (p) => depsOf.get(p)!,
  )
    .flat()
    .filter((p) => toLint.has(p));
  return { toLint, order };
}

/**
 * The work order, from the cache when the last run had the same inputs: which files, their
 * module names, texts (by hash) and skips, which are reported, and the prefilter. The `# noqa`
 * warnings of the files set aside come with it, as they too depend on the texts alone.
 */
async function cachedWork(plan: ProjectPlan, loaded: ReadonlyMap<string, LoadedFile>, index: WorkspaceIndex, prefilter: boolean, codes: ReadonlySet<string>, cache?: LintCache): Promise<WorkOrder & { noqa: Map<string, string[]> }> {
  const key = cache && hashText(JSON.stringify([prefilter, [...codes].sort(), plan.files.map((f) => [f.path, f.module, f.isPackage, plan.reported.has(f.path), loaded.get(f.path)!.hash ?? '', loaded.get(f.path)!.skipped?.reason.why ?? ''])]));
  const known = key ? cache!.plan(key) : undefined;
  if (known) {
    for (const p of known.eager) plan.byPath.get(p)!.eagerDetails = true;
    return { toLint: new Set(known.order), order: known.order, noqa: new Map(Object.entries(known.noqa)) };
  }
  // The `# noqa` comments are found in the parse: the parser loads where a parse may follow.
  await initParser();
  const work = orderWork(plan, loaded, index, prefilter);
  const noqa = new Map<string, string[]>();
  for (const f of plan.files) {
    const text = plan.reported.has(f.path) && !work.toLint.has(f.path) ? loaded.get(f.path)!.source?.text : undefined;
    const warnings = text === undefined ? [] : noqaWarnings(text, codes);
    if (warnings.length) noqa.set(f.path, warnings);
  }
  if (key) cache!.putPlan({ key, order: work.order, eager: plan.files.filter((f) => f.eagerDetails).map((f) => f.path), noqa: Object.fromEntries(noqa) });
  return { ...work, noqa };
}

/**
 * Modules imported by async or FastAPI code are the ones whose function bodies others ask
 * about: summarise their bodies while the tree exists.
 */
function markEagerDetails(plan: ProjectPlan, loaded: ReadonlyMap<string, LoadedFile>, toLint: ReadonlySet<string>, depsOf: ReadonlyMap<string, string[]>): void {
  for (const f of plan.files) {
    const t = loaded.get(f.path)!.source?.text;
    if (t && toLint.has(f.path) && /\basync[ \t]+def\b|fastapi|starlette/.test(t)) {
      // Its own bodies too: routes and dependencies are where per-request walks start.
      f.eagerDetails = true;
      for (const d of depsOf.get(f.path)!) plan.byPath.get(d)!.eagerDetails = true;
    }
  }
}

/** Lints the files in order, in this thread or in worker threads, leaving each summary in the index. */
async function lintInOrder(plan: ProjectPlan, all: readonly string[], loaded: ReadonlyMap<string, LoadedFile>, index: WorkspaceIndex, opts: ProjectOptions, cached?: CachedRun): Promise<Map<string, LintedFile>> {
  const results = new Map<string, LintedFile>();
  let done = 0;
  // Files the cache answers for first: their summaries are then in the index for the rest.
  const order = cached
    ? all.filter((p) => {
        const lint = cached.hits.get(p);
        const hit = lint && cached.cache.adopt(plan.byPath.get(p)!, lint);
        if (hit) {
          results.set(p, hit);
          opts.onProgress?.(++done, all.length);
        } else cached.hits.delete(p);
        return !hit;
      })
    : all;
  const workers = Math.min(opts.workers ?? 1, order.length);
  const script = workers > 1 ? workerScript() : undefined;
  if (script) {
    await runInWorkers(script, workers, plan.files, order, plan.config, (p) => loaded.get(p)!, (r) => {
      results.set(r.path, r);
      if (r.summary && r.lineStarts) index.setSummary(r.path, r.summary, '', r.lineStarts, plan.byPath.get(r.path)!.eagerDetails ? undefined : loaded.get(r.path)!.source?.text);
      opts.onProgress?.(++done, all.length);
    });
  } else {
    for (const p of order) {
      const l = loaded.get(p)!;
      results.set(p, lintPlanned(plan.byPath.get(p)!, l.source, l.skipped, index, plan.config, opts.rules));
      opts.onProgress?.(++done, all.length);
    }
  }
  return results;
}

/** Decides the findings that depend on the whole workspace (is this function a dependency? run per request?), file by file in plan order. */
function decideWorkspaceFindings(plan: ProjectPlan, loaded: ReadonlyMap<string, LoadedFile>, results: ReadonlyMap<string, LintedFile>, index: WorkspaceIndex, noqa: ReadonlyMap<string, string[]>): FileResult[] {
  const cfg = plan.config;
  const graph = new CallGraph(new Resolver(index), () => index.modules(), (q) => classifyBlocking(q, cfg), { names: () => index.moduleNames(), text: (m) => index.textOf(m) });
  // Every file's reference questions in one pass over the modules naming them.
  graph.prepareReferences(referenceQuestions([...results.values()].flatMap((r) => r.findings)));
  return reportedFiles(plan, loaded, results, noqa, (f, r) => {
    const { findings, deferred } = leaveToRuff(oneFindingPerProblem(decideConditions(r.findings, graph)), f.leaveToRuff);
    return { findings, leftToRuff: deferred.length || undefined };
  });
}

/** The reported files' results, with their findings decided by `decide`; their text and lines are read when asked for. */
function reportedFiles(plan: ProjectPlan, loaded: ReadonlyMap<string, LoadedFile>, results: ReadonlyMap<string, LintedFile>, noqa: ReadonlyMap<string, string[]>, decide: (f: PlannedFile, r: LintedFile) => { findings: Finding[]; leftToRuff?: number }): FileResult[] {
  const files: FileResult[] = [];
  for (const f of plan.files) {
    if (!plan.reported.has(f.path)) continue;
    const l = loaded.get(f.path)!;
    const r = results.get(f.path);
    if (!r) {
      // Set aside by the prefilter: nothing can fire there, but its `# noqa` comments are still checked.
      const warnings = noqa.get(f.path) ?? [];
      if (l.skipped || warnings.length) files.push({ path: f.path, relPath: f.relPath, findings: [], notes: [], warnings, skipped: l.skipped });
      continue;
    }
    const { findings, leftToRuff } = decide(f, r);
    let lines: LineIndex | undefined | null = null;
    files.push({
      path: f.path,
      relPath: f.relPath,
      findings,
      leftToRuff,
      notes: r.notes,
      warnings: r.warnings,
      skipped: r.skipped,
      versions: f.versions,
      get source() {
        return l.source;
      },
      get lines() {
        if (lines === null) lines = l.source ? new LineIndex(l.source.text, r.lineStarts) : undefined;
        return lines;
      },
    });
  }
  return files;
}

export async function lintProject(opts: ProjectOptions): Promise<ProjectResult> {
  const plan = planProject(opts);
  const loaded = readPlan(plan, opts.cache);
  const index = newIndex(plan.files, plan.config);
  index.textProvider = (p) => loaded.get(p)?.source?.text;
  const work = await cachedWork(plan, loaded, index, opts.prefilter !== false, opts.rules.codes, opts.cache);
  const prefiltered = plan.requested.length - work.toLint.size;
  const cached = opts.cache && cachedRun(opts.cache, plan, loaded, index, work.order);
  if (cached) {
    // Nothing changed anywhere: every file as it was reported.
    const replayed = replay(plan, loaded, work.order, cached, work.noqa);
    if (replayed) {
      opts.cache!.save();
      return { files: replayed, index, prefiltered, cached: work.order.length };
    }
    cached.cache.installLoader();
  }
  // Not loaded by a run answered wholly from the cache: it never parses.
  await initParser();
  const results = await lintInOrder(plan, work.order, loaded, index, opts, cached);
  const files = decideWorkspaceFindings(plan, loaded, results, index, work.noqa);
  cached?.cache.save(results, cached.hits, new Map(files.map((f) => [f.path, f])), cached.workspace);
  return { files, index, prefiltered, cached: cached?.hits.size };
}

/** The cache in a run: what it answers for, and the state of the workspace. */
interface CachedRun {
  cache: ProjectCache;
  hits: Map<string, CachedLint>;
  workspace: string;
}

function cachedRun(lintCache: LintCache, plan: ProjectPlan, loaded: ReadonlyMap<string, LoadedFile>, index: WorkspaceIndex, order: readonly string[]): CachedRun {
  const cache = new ProjectCache(lintCache, plan.files, loaded, index, plan.config);
  const hits = new Map<string, CachedLint>();
  for (const p of order) {
    const lint = cache.hit(plan.byPath.get(p)!);
    if (lint) hits.set(p, lint);
  }
  return { cache, hits, workspace: cache.workspace(order, plan.reported) };
}

/** Every file's results from the cache, when each was linted and decided in a workspace in the same state; else undefined. */
function replay(plan: ProjectPlan, loaded: ReadonlyMap<string, LoadedFile>, order: readonly string[], cached: CachedRun, noqa: ReadonlyMap<string, string[]>): FileResult[] | undefined {
  const results = new Map<string, LintedFile>();
  const finals = new Map<string, { findings: Finding[]; leftToRuff?: number }>();
  for (const p of order) {
    const lint = cached.hits.get(p);
    const r = lint && cached.cache.replay(plan.byPath.get(p)!, lint, cached.workspace);
    if (!r) return undefined;
    results.set(p, r.lint);
    finals.set(p, r.final);
  }
  return reportedFiles(plan, loaded, results, noqa, (f) => finals.get(f.path)!);
}

/** True when `p` is `dir` or lies under it. */
function isWithin(p: string, dir: string): boolean {
  const rel = path.relative(dir, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}
