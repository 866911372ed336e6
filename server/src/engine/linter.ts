// The lint pipeline shared by the CLI and the server: semantic model -> enabled rules
// (each isolated: an exception in one rule is logged and the others still report)
// -> workspace conditions -> no guesses on broken code -> suppressions -> findings sorted by position.
import { CallGraph } from '../analysis/callGraph';
import type { Scope } from '../analysis/facts';
import { FileModel, type ModelInput } from '../analysis/model';
import { MIGRATION_ENVIRONMENT, roleOfModule } from '../analysis/serving';
import type { ModuleSummary } from '../analysis/summary';
import type { SummarySource } from '../analysis/resolve';
import { classifyBlocking } from '../analysis/knowledge/blocking';
import { OVERLAPPING_CODES } from '../analysis/knowledge/ruff';
import { ruffCodeOf } from '../analysis/ruffOverlap';
import { isEnabled, perFileIgnoredCodes, severityOf, type ResolvedConfig, DEFAULT_CONFIG } from './config';
import { editsOverlap, fixEdits, applyEdits, regression, validityIn } from './fixes';
import { importEdits } from './imports';
import { parse, withTree } from './parser';
import { type Tree } from '../analysis/tree';
import { PER_REQUEST_ENTRY, type Condition, type Finding, type FixEffect, type ImportNeed, type ReportInput, type Rule, type RuleContext } from '../ruleApi/rule';
import { isSuppressed, parseSuppressions, type Suppressions } from './suppressions';
import { syntaxNote, withoutGuesses } from './syntaxErrors';
import { bracketDepth, MAX_BRACKET_DEPTH } from './nesting';
import type { Note } from './notes';
import { LineIndex } from './text';
import { type Position } from '../ruleApi/rule';
import type { RuleRegistry } from './registry';
import { UNKNOWN_VERSIONS, type ProjectVersions } from '../ruleApi/versions';

/** The workspace index as the linter sees it: summaries by module, plus iteration for reverse questions. */
export interface WorkspaceView extends SummarySource {
  modules(): Iterable<ModuleSummary>;
  /** Every module of the workspace, and the text of one when known (narrows workspace-wide searches). */
  moduleNames?(): Iterable<string>;
  textOf?(module: string): string | undefined;
  /** File and position of an offset in an indexed module (for related locations). */
  position?(module: string, offset: number): { path: string; position: Position } | undefined;
}

export interface LintOptions {
  /** Every rule there is (the configuration selects among them); also what `# noqa` codes are checked against. */
  rules: RuleRegistry;
  config?: ResolvedConfig;
  versions?: ProjectVersions;
  /** Path relative to the project root, for per-file-ignores; absolute path for related info. */
  relPath?: string;
  path?: string;
  /** Module name and package flag; defaults to the file's stem. */
  context?: ModelInput['context'];
  workspace?: WorkspaceView;
  /** Leave `when` conditions on findings for the caller to decide once every module is known (CLI). */
  deferConditions?: boolean;
  /** Told once per file and rule when a rule throws. */
  onRuleError?: (rule: Rule, error: unknown) => void;
  /** Compute every function's body facts before the tree goes (for modules others will ask about). */
  computeDetails?: boolean;
  /** Incremental analysis inputs (server). */
  incremental?: Pick<ModelInput, 'chunks' | 'active' | 'reused'>;
  /** Ruff codes whose findings (those Ruff makes too, on the same call) are left to Ruff: `deferred`, not reported. */
  leaveToRuff?: ReadonlySet<string>;
}

export interface LintResult {
  findings: Finding[];
  /** Findings left to Ruff (`leaveToRuff`): not reported, but their fixes are offered on Ruff's diagnostics. */
  deferred: Finding[];
  model: FileModel;
  suppressions: Suppressions;
  lines: LineIndex;
  /** Notes for the user: a syntax error, rules that failed, limits that stopped the lint. */
  notes: Note[];
}

/** Rules that run on a file: the selection, then `per-file-ignores` (matched on `path` when absolute globs need it, else `relPath`). */
function enabledRules(cfg: ResolvedConfig, registry: RuleRegistry, relPath: string | undefined, path?: string): Rule[] {
  const fileIgnores = cfg.perFileIgnores.length ? perFileIgnoredCodes(cfg, { path, relPath }) : [];
  return selectedRules(cfg, registry).filter((r) => {
    for (const c of fileIgnores) if (r.meta.code.startsWith(c)) return false;
    return true;
  });
}

const selected = new WeakMap<ResolvedConfig, WeakMap<RuleRegistry, Rule[]>>();

/** The rules a configuration selects, before per-file ignores: the same for every file it lints. */
function selectedRules(cfg: ResolvedConfig, registry: RuleRegistry): Rule[] {
  let byRegistry = selected.get(cfg);
  if (!byRegistry) selected.set(cfg, (byRegistry = new WeakMap()));
  let rules = byRegistry.get(registry);
  if (!rules) byRegistry.set(registry, (rules = registry.rules.filter((r) => isEnabled(r.meta.code, r.meta.defaultEnabled !== false, cfg))));
  return rules;
}

export function moduleFromPath(path: string | undefined): { module: string; isPackage: boolean } {
  const base = (path ?? 'module.py').split(/[\\/]/).pop()!.replace(/\.pyi?$/, '');
  if (base === '__init__') return { module: '__init__', isPackage: true };
  return { module: base.replace(/[^\p{L}\p{N}_]/gu, '_') || 'module', isPackage: false };
}

export function makeGraph(model: FileModel, cfg: ResolvedConfig, workspace?: WorkspaceView): CallGraph {
  const current = model.summary;
  const modules = function* (): Iterable<ModuleSummary> {
    yield current;
    if (workspace) for (const m of workspace.modules()) if (m.module !== current.module) yield m;
  };
  const sources = workspace?.moduleNames && workspace.textOf
    ? {
        names: function* (): Iterable<string> {
          yield current.module;
          for (const m of workspace.moduleNames!()) if (m !== current.module) yield m;
        },
        text: (m: string) => (m === current.module ? model.text : workspace.textOf!(m)),
      }
    : undefined;
  return new CallGraph(model.resolver, modules, (q) => classifyBlocking(q, cfg), sources);
}

function evaluateCondition(c: Condition, graph: CallGraph): boolean {
  switch (c.kind) {
    case 'perRequest':
      return graph.perRequest().has(c.fn);
    case 'serving':
      return !graph.isOffline(c.fn);
    case 'dependency':
      return graph.dependencyTargets().has(c.fn);
    case 'unreferenced':
      return !graph.isReferenced(c.fn);
    case 'all':
      return c.of.every((x) => evaluateCondition(x, graph));
    case 'any':
      return c.of.some((x) => evaluateCondition(x, graph));
    case 'not':
      return !evaluateCondition(c.of, graph);
  }
}

/** Drops findings whose `when` fails and settles fix applicability (`safeWhen`), once the workspace is known. */
/** The functions whose references the findings' conditions ask about. */
export function referenceQuestions(findings: readonly Finding[]): string[] {
  const out: string[] = [];
  const collect = (c: Condition | undefined): void => {
    if (!c) return;
    if (c.kind === 'unreferenced') out.push(c.fn);
    else if (c.kind === 'all' || c.kind === 'any') c.of.forEach(collect);
    else if (c.kind === 'not') collect(c.of);
  };
  for (const f of findings) {
    collect(f.when);
    collect(f.fix?.safeWhen);
  }
  return out;
}

/** The function of the first `perRequest` condition in a condition tree. */
function perRequestFn(c: Condition | undefined): string | undefined {
  if (!c) return undefined;
  if (c.kind === 'perRequest') return c.fn;
  if (c.kind === 'all' || c.kind === 'any') for (const x of c.of) {
    const fn = perRequestFn(x);
    if (fn) return fn;
  }
  return undefined;
}

/**
 * The message with PER_REQUEST_ENTRY replaced by how the condition's function runs on every
 * request: "as a dependency", "through route `list_items` (app.api.items)".
 */
function withEntry(f: Finding, graph: CallGraph, message = f.message): string {
  if (!message.includes(PER_REQUEST_ENTRY)) return message;
  const fn = perRequestFn(f.when);
  const entry = fn ? graph.perRequestEntry(fn) : undefined;
  let text = 'through a route or dependency';
  if (entry && entry.q === fn) text = `as a ${entry.kind}`;
  else if (entry && fn) {
    const module = (q: string): string => graph.resolver.split(q)?.[0] ?? '';
    const name = entry.q.slice(module(entry.q).length + 1) || entry.q;
    text = `through ${entry.kind} \`${name}\`${module(entry.q) !== module(fn) ? ` (${module(entry.q)})` : ''}`;
  }
  return message.split(PER_REQUEST_ENTRY).join(text);
}

export function decideConditions(findings: readonly Finding[], graph: CallGraph): Finding[] {
  // Reference questions are answered together: one pass over the modules that name them.
  graph.prepareReferences(referenceQuestions(findings));
  const out: Finding[] = [];
  for (const f of findings) {
    if (f.when && !evaluateCondition(f.when, graph)) continue;
    let fix = f.fix;
    if (fix?.safeWhen) {
      const { safeWhen, ...rest } = fix;
      fix = { ...rest, applicability: evaluateCondition(safeWhen, graph) ? 'safe' : 'unsafe' };
    }
    out.push(f.when || fix !== f.fix ? { ...f, message: withEntry(f, graph), ...(f.detail && { detail: withEntry(f, graph, f.detail) }), when: undefined, fix } : f);
  }
  return out;
}

function locate(model: FileModel, workspace: WorkspaceView | undefined, module: string, start: number, end: number): ReturnType<RuleContext['locate']> {
  if (module === model.context.module) return { start, end };
  const a = workspace?.position?.(module, start);
  const b = workspace?.position?.(module, end);
  return a && b ? { file: a.path, range: { start: a.position, end: b.position } } : undefined;
}

interface RuleRun {
  /** Findings by the chunk whose facts produced them (a single entry, -1, when run on all chunks at once). */
  byChunk: Map<number, Finding[]>;
  /** Per chunk, the functions of this module whose body facts the rules read (incremental linting). */
  deps: Map<number, Set<string>>;
  notes: Note[];
  /** Rules were skipped (nesting too deep, too many findings): the findings are not the full answer. */
  truncated: boolean;
}

/**
 * Runs the enabled rules over a model. With `perChunk`, each chunk is analysed on its own
 * and what it read is recorded, so an edit can reuse the other chunks' findings.
 */
export function runRules(model: FileModel, graph: CallGraph, opts: LintOptions, perChunk: boolean): RuleRun {
  const cfg = opts.config ?? DEFAULT_CONFIG;
  const run: RuleRun = { byChunk: new Map(), deps: new Map(), notes: [], truncated: false };
  // Tests, scripts and migrations are indexed (they import the app) but not reported by default.
  // An Alembic environment (`env.py` wherever it lives) says so by importing `alembic.context`.
  const offlineFile = !cfg.lintTestsAndScripts && (roleOfModule(model.context.module) !== 'serving' || model.moduleImports(MIGRATION_ENVIRONMENT));
  const rules = offlineFile ? [] : enabledRules(cfg, opts.rules, opts.relPath, opts.path);
  if (tooDeep(model, perChunk)) {
    run.notes.push({ kind: 'too-deep', limit: MAX_BRACKET_DEPTH });
    run.truncated = true;
    return run;
  }
  const pass: RulePass = { model, graph, opts, cfg, run, reported: 0, failed: new Set() };
  if (perChunk) {
    model.resolver.recorder = new Set();
    model.resolver.recordModule = model.context.module;
  }
  for (const chunk of perChunk ? model.active : [-1]) {
    const out: Finding[] = [];
    run.byChunk.set(chunk, out);
    if (perChunk) {
      model.resolver.recorder = new Set();
      model.focus(chunk);
    }
    if (!checkFocused(pass, rules, out)) break;
    if (perChunk) run.deps.set(chunk, model.resolver.recorder!);
  }
  if (perChunk) {
    model.focus(null);
    model.resolver.recorder = null;
  }
  const over = findingLimit(pass.reported, cfg);
  if (over) {
    run.byChunk.clear();
    run.notes.push(over);
    run.truncated = true;
  }
  return run;
}

/** One run of the rules over a model: what they see, and the findings counted across chunks. */
interface RulePass {
  model: FileModel;
  graph: CallGraph;
  opts: LintOptions;
  cfg: ResolvedConfig;
  run: RuleRun;
  reported: number;
  /** Rules that threw: left out of the later chunks. */
  failed: Set<Rule>;
}

/** Runs the rules on the model as focused, into `out`; false once the findings pass `max-findings` (the run stops). */
function checkFocused(pass: RulePass, rules: readonly Rule[], out: Finding[]): boolean {
  for (const rule of rules) {
    if (pass.failed.has(rule)) continue;
    try {
      rule.check(ruleContext(pass, rule, out));
    } catch (err) {
      if (err === TOO_MANY_FINDINGS) return false;
      // Noted once per file and rule; the other rules still report.
      pass.failed.add(rule);
      const path = pass.opts.path;
      pass.run.notes.push({ kind: 'rule-failed', code: rule.meta.code, ...(path !== undefined && { path }), message: String((err as Error)?.message ?? err) });
      pass.opts.onRuleError?.(rule, err);
    }
    if (pass.reported > pass.cfg.maxFindings) return false;
  }
  return true;
}

/** What one rule sees; its `report` counts toward `max-findings` across the whole pass. */
function ruleContext(pass: RulePass, rule: Rule, out: Finding[]): RuleContext {
  const { model, cfg, opts } = pass;
  const severity = severityOf(rule.meta.code, rule.meta.severity, cfg);
  return {
    model,
    graph: pass.graph,
    config: cfg,
    versions: opts.versions ?? UNKNOWN_VERSIONS,
    path: opts.path,
    report: (r: ReportInput) => {
      // Generated code can hold findings by the hundred thousand: stop at the limit, mid-rule.
      if (++pass.reported > cfg.maxFindings) throw TOO_MANY_FINDINGS;
      const f = toFinding(rule, r.severity ? severityOf(rule.meta.code, r.severity, cfg) : severity, r);
      const ruff = r.node && OVERLAPPING_CODES.has(f.code) ? ruffCodeOf(model, f.code, r.node) : undefined;
      if (ruff) f.ruff = ruff;
      if (!cfg.lintTestsAndScripts) servingOnly(model, f);
      out.push(f);
    },
    reference: (q, offset) => reference(model, q, offset),
    locate: (module, start, end) => locate(model, opts.workspace, module, start, end),
  };
}

const TOO_MANY_FINDINGS = new Error('too many findings');

/** The note for a file whose rules reported more findings than `max-findings` (none are reported then), else undefined. */
export function findingLimit(count: number, cfg: ResolvedConfig): Note | undefined {
  return count > cfg.maxFindings ? { kind: 'finding-limit', limit: cfg.maxFindings } : undefined;
}

/** Whether brackets in the analysed chunks nest deeper than Python allows. */
function tooDeep(model: FileModel, perChunk: boolean): boolean {
  const text = model.text;
  if (!perChunk) return bracketDepth(text, 0, text.length, MAX_BRACKET_DEPTH) > MAX_BRACKET_DEPTH;
  return model.active.some((c) => bracketDepth(text, model.chunks[c].start, model.chunks[c].end, MAX_BRACKET_DEPTH) > MAX_BRACKET_DEPTH);
}

/**
 * Splits the findings of a file (conditions decided, one per problem) into those reported
 * and those left to Ruff: a finding whose call Ruff flags with a code it runs in this file.
 */
export function leaveToRuff(findings: readonly Finding[], codes: ReadonlySet<string> | undefined): { findings: Finding[]; deferred: Finding[] } {
  if (!codes?.size) return { findings: [...findings], deferred: [] };
  const out: { findings: Finding[]; deferred: Finding[] } = { findings: [], deferred: [] };
  for (const f of findings) (f.ruff && codes.has(f.ruff) ? out.deferred : out.findings).push(f);
  return out;
}

/** Workspace conditions, suppressions, order, and import edits: the last step of every lint. */
export function finishFindings(raw: readonly Finding[], model: FileModel, graph: CallGraph, opts: LintOptions): { findings: Finding[]; deferred: Finding[]; suppressions: Suppressions } {
  const text = model.text;
  const suppressions = parseSuppressions(text, model.tree, opts.rules.codes);
  const kept = withoutGuesses(opts.deferConditions ? raw : decideConditions(raw, graph), model.tree).filter((f) => !isSuppressed(suppressions, f.code, text, f.start, f.ruff));
  // With conditions deferred (CLI), the project decides them and then settles the overlaps.
  const out = opts.deferConditions ? dedupe(kept.sort(compareFindings)) : oneFindingPerProblem(kept);
  for (let i = 0; i < out.length; i++) {
    const f = out[i];
    const edits = f.fix ? importEdits(model, f.fix.imports ?? [], f.fix.edits) : [];
    if (edits.length) out[i] = { ...f, fix: { ...f.fix!, importEdits: edits } };
  }
  // With conditions deferred (CLI), the project leaves findings to Ruff once it has decided them.
  const split = opts.deferConditions ? { findings: out, deferred: [] } : leaveToRuff(out, opts.leaveToRuff);
  return { ...split, suppressions };
}

/** Lints a parsed document. The tree stays owned by the caller. */
export function lintTree(text: string, tree: Tree, opts: LintOptions): LintResult {
  const cfg = opts.config ?? DEFAULT_CONFIG;
  const model = new FileModel({ text, tree, context: opts.context ?? moduleFromPath(opts.path), workspace: opts.workspace, ...opts.incremental });
  const graph = makeGraph(model, cfg, opts.workspace);
  const run = runRules(model, graph, opts, false);
  const { findings, deferred, suppressions } = finishFindings([...run.byChunk.values()].flat(), model, graph, opts);
  if (opts.computeDetails) model.computeAllDetails();
  return lintResult(findings, model, suppressions, withSyntaxNote(run.notes, model), deferred);
}

/** The run's notes, with one about a syntax error first when the file does not parse. */
export function withSyntaxNote(notes: Note[], model: FileModel): Note[] {
  const note = syntaxNote(model.tree, model.text);
  return note ? [note, ...notes] : notes;
}

export function lintResult(findings: Finding[], model: FileModel, suppressions: Suppressions, notes: Note[], deferred: Finding[] = []): LintResult {
  let lines: LineIndex | undefined;
  return {
    findings,
    deferred,
    model,
    suppressions,
    notes,
    get lines() {
      return (lines ??= new LineIndex(model.text));
    },
  };
}

/** Parses and lints a source text (CLI, tests). */
export function lintSource(text: string, opts: LintOptions): Omit<LintResult, 'model'> & { summary: ModuleSummary; missingModules: Set<string> } {
  return withTree(text, (tree) => {
    const r = lintTree(text, tree, opts);
    return { findings: r.findings, deferred: r.deferred, suppressions: r.suppressions, lines: r.lines, notes: r.notes, summary: r.model.summary, missingModules: r.model.missingModules };
  });
}

function compareFindings(a: Finding, b: Finding): number {
  return a.start - b.start || a.end - b.end || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
}

const SEVERITY_RANK: Record<Finding['severity'], number> = { error: 0, warning: 1, info: 2, hint: 3 };

/**
 * One problem, one finding (issue 16), for the findings of one file once their conditions
 * are decided: a finding that covers a span (FPL107 over the body of a route that never
 * awaits) drops the findings it speaks for inside it and takes the worst of their
 * severities; of findings on the very same range, the most severe stays and the others
 * become its related information. Sorted by position.
 */
export function oneFindingPerProblem(findings: readonly Finding[]): Finding[] {
  const covering = findings.filter((f) => f.covers);
  const out: Finding[] = [];
  const worst = new Map<Finding, Finding['severity']>();
  for (const f of findings) {
    const by = covering.find((c) => c !== f && c.covers!.codes.includes(f.code) && c.covers!.start <= f.start && f.end <= c.covers!.end);
    if (!by) {
      out.push(f);
      continue;
    }
    const w = worst.get(by) ?? by.severity;
    if (SEVERITY_RANK[f.severity] < SEVERITY_RANK[w]) worst.set(by, f.severity);
  }
  const raised = out.map((f) => (worst.has(f) ? { ...f, severity: worst.get(f)! } : f));
  raised.sort((a, b) => a.start - b.start || a.end - b.end || SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const merged: Finding[] = [];
  for (const f of dedupe(raised)) {
    const prev = merged[merged.length - 1];
    if (prev && prev.start === f.start && prev.end === f.end && prev.code !== f.code) {
      merged[merged.length - 1] = { ...prev, related: [...(prev.related ?? []), { message: `also ${f.code}: ${f.message}`, start: f.start, end: f.end }] };
      continue;
    }
    merged.push(f);
  }
  return merged;
}

function dedupe(list: Finding[]): Finding[] {
  const out: Finding[] = [];
  for (const f of list) {
    const prev = out[out.length - 1];
    if (prev && prev.code === f.code && prev.start === f.start && prev.end === f.end && prev.message === f.message) continue;
    out.push(f);
  }
  return out;
}

function toFinding(rule: Rule, severity: Finding['severity'], r: ReportInput): Finding {
  const start = r.node ? r.node.startIndex : (r.start ?? 0);
  const end = r.node ? r.node.endIndex : (r.end ?? start);
  const f: Finding = { code: rule.meta.code, id: rule.meta.id, message: r.message, severity, start, end };
  if (r.fix && rule.meta.fix !== 'none') {
    f.fix = { title: r.fix.title, applicability: r.fix.applicability ?? (rule.meta.fix === 'safe' ? 'safe' : 'unsafe'), edits: r.fix.edits, imports: r.fix.imports };
    if (r.fix.safeWhen) f.fix.safeWhen = r.fix.safeWhen;
    if (r.fix.effect) f.fix.effect = r.fix.effect;
  }
  if (r.detail) f.detail = r.detail;
  if (r.related) f.related = r.related;
  if (r.when) f.when = r.when;
  if (r.covers && rule.meta.supersedes?.length) f.covers = { ...r.covers, codes: rule.meta.supersedes };
  return f;
}

/**
 * A finding inside a function stands only if the function may serve requests: code that
 * only tests, scripts and CLIs reach is not reported (decided once the workspace is known).
 */
function servingOnly(model: FileModel, f: Finding): void {
  let fn: Scope | null = null;
  for (let s: Scope | null = model.scopeAt(f.start); s; s = s.parent) if (s.kind === 'function') fn = s;
  if (!fn) return;
  const serving: Condition = { kind: 'serving', fn: model.qualifiedName(fn) };
  f.when = f.when ? { kind: 'all', of: [serving, f.when] } : serving;
}

/** How to write library name `q` at `offset`: through an existing import, or with a new `import module`. */
export function reference(model: FileModel, q: string, offset: number): { text: string; imports: ImportNeed[] } | null {
  model.resolver.recorder?.add('*'); // reads every binding of the module
  const scope = model.scopeAt(offset);
  const parts = q.split('.');
  const same = (name: string, target: string): boolean => {
    const v = model.resolveName(name, scope, offset);
    return v.k === 'ref' && v.q === target;
  };
  // A name bound to the object itself (`from asyncio import sleep`), else to a module on its
  // path (`import asyncio as aio`): the first such binding in the module's order.
  const index = model.importsByTarget();
  for (const { name } of index.get(q) ?? []) if (same(name, q)) return { text: name, imports: [] };
  const viaModule: Array<{ name: string; order: number; target: string }> = [];
  for (let i = q.lastIndexOf('.'); i > 0; i = q.lastIndexOf('.', i - 1)) {
    const target = q.slice(0, i);
    for (const e of index.get(target) ?? []) viaModule.push({ ...e, target });
  }
  viaModule.sort((a, b) => a.order - b.order);
  for (const { name, target } of viaModule) if (same(name, target)) return { text: name + q.slice(target.length), imports: [] };
  // `import a.b` binds `a`: reachable when the module path's head is free or already that module.
  const head = parts[0];
  const v = model.resolveName(head, scope, offset);
  if (v.k === 'ref' && (v.q === head || v.q === `builtins.${head}`)) {
    const module = parts.slice(0, -1).join('.') || head;
    return { text: q, imports: [{ module }] };
  }
  return null;
}

/**
 * Applies every applicable fix that does not overlap an earlier one nor clash with one (a
 * function made sync and an `await` written into it); returns the new text and what was applied.
 */
export function applyFixes(text: string, model: FileModel, findings: readonly Finding[], pick: (f: Finding) => boolean): { text: string; applied: Finding[] } {
  const chosen: Finding[] = [];
  const used: import('../ruleApi/rule').TextEdit[] = [];
  const imports: ImportNeed[] = [];
  const effects: FixEffect[] = [];
  for (const f of findings) {
    if (!f.fix || !pick(f)) continue;
    if (editsOverlap(f.fix.edits, used)) {
      // Fixed by edits already chosen, so counted: the same remedy (a route made `def` fixes both
      // findings, as Ruff counts), or code another fix rewrites whole (`json.dumps(m.dict())`).
      if (sameRemedy(f.fix, used, imports) || rewritten(f, used)) chosen.push(f);
      continue;
    }
    const effect = f.fix.effect;
    if (effect && effects.some((e) => effectsClash(e, effect))) continue;
    if (effect) effects.push(effect);
    chosen.push(f);
    used.push(...f.fix.edits);
    imports.push(...(f.fix.imports ?? []));
  }
  if (chosen.length === 0) return { text, applied: [] };
  const edits = fixEdits(model, { title: '', applicability: 'safe', edits: used, imports });
  return { text: applyEdits(text, edits), applied: chosen };
}

/** Two fixes of one function clash when either changes its async-ness: the other was written for the function as it is. */
function effectsClash(a: FixEffect, b: FixEffect): boolean {
  return a.fn === b.fn && (!!a.makes || !!b.makes);
}

/** True when every edit and import of a fix is already among those chosen. */
function sameRemedy(fix: NonNullable<Finding['fix']>, used: readonly import('../ruleApi/rule').TextEdit[], imports: readonly ImportNeed[]): boolean {
  return (
    fix.edits.every((e) => used.some((u) => u.start === e.start && u.end === e.end && u.text === e.text)) &&
    (fix.imports ?? []).every((n) => imports.some((m) => m.module === n.module && m.name === n.name))
  );
}

/** True when one chosen edit replaces the finding's whole span and every edit of its fix. */
function rewritten(f: Finding, used: readonly import('../ruleApi/rule').TextEdit[]): boolean {
  const inside = (u: import('../ruleApi/rule').TextEdit, start: number, end: number): boolean => u.start <= start && end <= u.end;
  return used.some((u) => u.end > u.start && inside(u, f.start, f.end) && f.fix!.edits.every((e) => inside(u, e.start, e.end)));
}

interface FixAllResult {
  text: string;
  /** Fixes applied, by round. */
  applied: Finding[];
  /** Fixes dropped because their result would not parse or compile as well as the original, and why. */
  rejected: Array<{ finding: Finding; reason: string }>;
  rounds: number;
  /** The findings and notes of the final text, when the last round linted it (nothing was left to fix). */
  remaining?: { findings: Finding[]; notes: Note[] };
}

/**
 * Fix-all: applies non-overlapping fixes, re-lints, repeats until nothing changes (10 rounds at most).
 * A round whose result would not parse or compile as well as the original (`regression`) is
 * retried fix by fix, dropping the ones that break it. `withDeferred`: the fixes of findings
 * left to Ruff too (the editor offers them on Ruff's diagnostics).
 */
export function fixAll(text: string, opts: LintOptions, pick: (f: Finding) => boolean, withDeferred = false): FixAllResult {
  const out: FixAllResult = { text, applied: [], rejected: [], rounds: 0 };
  const baseline = validityIn(text);
  const rejectedKeys = new Set<string>();
  const key = (f: Finding): string => `${f.code}:${f.message}:${out.text.slice(f.start, f.end)}`;
  for (let round = 0; round < 10; round++) {
    const tree = parse(out.text);
    let next: string | null = null;
    let applied: Finding[] = [];
    const r = lintTree(out.text, tree, opts);
    const all = withDeferred && r.deferred.length ? [...r.findings, ...r.deferred].sort(compareFindings) : r.findings;
    const candidates = all.filter((f) => f.fix && pick(f) && !rejectedKeys.has(key(f)));
    if (candidates.length === 0) {
      out.remaining = { findings: r.findings, notes: r.notes };
      break;
    }
    const attempt = applyFixes(out.text, r.model, candidates, () => true);
    if (!regression(baseline, attempt.text)) {
      next = attempt.text;
      applied = attempt.applied;
    } else {
      // Find the culprits one at a time.
      let text = out.text;
      for (const f of attempt.applied) {
        const single = applyFixes(out.text, r.model, [f], () => true).text;
        const why = regression(baseline, single);
        if (!why) {
          if (text === out.text) {
            text = single;
            applied = [f];
          }
        } else {
          out.rejected.push({ finding: f, reason: why });
          rejectedKeys.add(key(f));
        }
      }
      next = text === out.text ? null : text;
    }
    out.rounds = round + 1;
    if (next === null || next === out.text) {
      if (applied.length === 0 && out.rejected.length > 0) continue;
      break;
    }
    out.text = next;
    out.applied.push(...applied);
  }
  return out;
}
