// Workspace-wide questions answered from summaries only: does a sync function block
// (directly or through further sync calls, any depth, cycles handled) and via which
// chain; which functions are dependencies; which run on every request.
import { costRank, type BlockingEntry } from './knowledge/blocking';
import { CACHING_DECORATORS, TRANSPARENT_DECORATORS } from './knowledge/types';
import { isRouteSummary } from './fastapi';
import { APP_API, OFFLINE_DECORATORS, roleOfModule } from './serving';
import { countIdentifier, refLastName } from './refs';
import type { Resolver, Val } from './resolve';
import { CALL_AWAITED, type CallEntry, type FnSummary, type ModuleSummary } from './summary';

interface ChainStep {
  /** Qualified name of the function (`app.services.pdf.build_pdf`). */
  q: string;
  module: string;
  fn: FnSummary;
  /** The call this function makes to the next step (or to the blocking function); offsets relative to fn.start. */
  call: CallEntry;
  /** Absolute offsets of that call's callee in the module's text. */
  callStart: number;
  callEnd: number;
}

export interface BlockingChain {
  steps: ChainStep[];
  /** Qualified name of the blocking library call at the end (`subprocess.run`). */
  target: string;
  entry: BlockingEntry;
  /** Other blocking calls the first function makes (directly or through helpers), beside the one shown. */
  more: number;
}

/** How a function reaches a call (`callPath`): the functions on the way, each with the call it makes. */
export interface CallPath {
  steps: ChainStep[];
  /** Qualified name of the call at the end (`sqlalchemy.orm.Session.get`). */
  target: string;
}

/** A route or dependency that makes a function run on every request. */
export interface PerRequestEntry {
  q: string;
  kind: 'route' | 'dependency';
}

type Classifier = (q: string) => BlockingEntry | undefined;

export class CallGraph {
  private chains = new Map<string, BlockingChain | null>();
  private depTargets: Set<string> | undefined;
  private requestSet: Set<string> | undefined;
  private referencedCache = new Map<string, boolean>();
  private decoratorCache = new Map<string, string[]>();

  constructor(
    readonly resolver: Resolver,
    private readonly modules: () => Iterable<ModuleSummary>,
    private readonly classify: Classifier,
    /** Every module of the workspace and, when known, its text: lets `isReferenced` skip modules that never mention a name. */
    private readonly sources?: { names(): Iterable<string>; text(module: string): string | undefined },
  ) {}

  /** What a call inside `fn` (of module m) resolves to. */
  callTarget(m: string, fn: FnSummary, call: CallEntry): Val {
    return this.resolver.evalRef(call.ref, this.resolver.fnEnv(m, fn), fn.start + call.start);
  }

  /** Blocking classification of a resolved callee: a table entry for library calls. */
  classifyVal(v: Val): { q: string; entry: BlockingEntry } | null {
    if (v.k !== 'ref') return null;
    const entry = this.classify(v.q);
    return entry ? { q: v.q, entry } : null;
  }

  /** The workspace function a call of `v` runs: the function itself, or a workspace class's `__init__`. */
  callable(v: Val): string | null {
    if (v.k !== 'ref') return null;
    if (this.resolver.fn(v.q)) return v.q;
    if (this.resolver.cls(v.q)) {
      const init = this.resolver.attr(v, '__init__');
      if (init.k === 'ref' && this.resolver.fn(init.q)) return init.q;
    }
    return null;
  }

  /** Qualified names of a function's decorators (`functools.lru_cache`, `fastapi.APIRouter.get`); '?' when unknown. */
  decorators(m: string, fn: FnSummary): string[] {
    const key = `${m}.${fn.q}`;
    let out = this.decoratorCache.get(key);
    if (!out) {
      const parent = fn.parent ? this.resolver.fn(`${m}.${fn.parent}`) : undefined;
      const env = parent ? this.resolver.fnEnv(m, parent.fn) : this.resolver.moduleEnv(m);
      out = fn.decorators.map((d) => {
        const v = this.resolver.evalRef(d.endsWith('()') ? d.slice(0, -2) : d, env, fn.start);
        return v.k === 'ref' ? v.q : '?';
      });
      this.decoratorCache.set(key, out);
    }
    return out;
  }

  /**
   * True when calling the function runs its body right away, as a plain sync call: not a
   * generator (calling one runs nothing; Starlette iterates sync generators in the
   * threadpool), and no decorator that could turn it into something else.
   */
  runsBodyWhenCalled(m: string, fn: FnSummary): boolean {
    if (fn.async || this.resolver.detail(m, fn)?.gen) return false;
    // FastAPI's route decorators register the function and return it unchanged.
    return this.decorators(m, fn).every((d) => TRANSPARENT_DECORATORS.has(d) || /^fastapi\.(FastAPI|APIRouter)\.[a-z_]+$/.test(d));
  }

  /** A cached function without parameters (`@lru_cache def get_settings()`): its body runs once per process. */
  runsOnce(m: string, fn: FnSummary): boolean {
    const params = this.resolver.detail(m, fn)?.params;
    return !!params && params.length === 0 && this.decorators(m, fn).some((d) => CACHING_DECORATORS.has(d));
  }

  /**
   * The chain through which a sync workspace function blocks, or null: through its heaviest
   * blocking call (`costRank`; the first in source order among equals, a direct call before
   * one through a helper), with how many others it makes. Async functions never block their
   * caller (calling one only creates a coroutine), nor do generators, nor cached functions
   * without parameters after their first call.
   */
  blockingChain(q: string): BlockingChain | null {
    if (this.chains.has(q)) return this.chains.get(q)!;
    this.chains.set(q, null); // cycle guard: a function on the current path does not block through itself
    const f = this.resolver.fn(q);
    let result: BlockingChain | null = null;
    if (f && this.runsBodyWhenCalled(f.module, f.fn) && !this.runsOnce(f.module, f.fn)) {
      // Source order, the inner call of a chain first (`open(p)` before `open(p).read()`).
      const calls = [...(this.resolver.detail(f.module, f.fn)?.calls ?? [])].sort((a, b) => a.start - b.start || a.end - b.end);
      const step = (call: CallEntry): ChainStep => ({ q, module: f.module, fn: f.fn, call, callStart: f.fn.start + call.start, callEnd: f.fn.start + call.end });
      let found = 0;
      let best: { chain: BlockingChain; rank: number; direct: boolean } | null = null;
      const consider = (chain: BlockingChain, direct: boolean): void => {
        found++;
        const rank = costRank(chain.entry);
        if (!best || rank > best.rank || (rank === best.rank && direct && !best.direct)) best = { chain, rank, direct };
      };
      for (const call of calls) {
        if (call.flags & CALL_AWAITED) continue;
        const v = this.callTarget(f.module, f.fn, call);
        const hit = this.classifyVal(v);
        if (hit) {
          consider({ steps: [step(call)], target: hit.q, entry: hit.entry, more: 0 }, true);
          continue;
        }
        const inner = this.siteChain(f.module, f.fn, call, v);
        if (inner) consider({ steps: [step(call), ...inner.steps], target: inner.target, entry: inner.entry, more: 0 }, false);
      }
      const chosen = best as { chain: BlockingChain } | null;
      if (chosen) result = { ...chosen.chain, more: found - 1 };
    }
    this.chains.set(q, result);
    return result;
  }

  /**
   * The chain through which a call of a workspace function blocks, from the callee on: its
   * own chain (`blockingChain`), or a lambda the call passes that the callee calls
   * (`callbackChains`), the heavier of them. Null when the call reaches no workspace function
   * or nothing blocks. `v` is the callee's value when the caller has it.
   */
  siteChain(m: string, fn: FnSummary, call: CallEntry, v: Val = this.callTarget(m, fn, call)): BlockingChain | null {
    const target = this.callable(v);
    if (!target) return null;
    let best = this.blockingChain(target);
    for (const c of call.cb ? this.callbackChains(m, fn, call, target) : []) if (!best || costRank(c.entry) > costRank(best.entry)) best = c;
    return best;
  }

  /**
   * `paginate_all(lambda page: repo.page(page))`: the lambda's body runs when the callee calls
   * that parameter (a plain, not awaited call of it in the callee's own body, the name not
   * rebound there), so its blocking calls count at this call site. Only lambdas, only one level.
   */
  private callbackChains(m: string, fn: FnSummary, call: CallEntry, target: string): BlockingChain[] {
    const g = this.resolver.fn(target);
    if (!g || !this.runsBodyWhenCalled(g.module, g.fn)) return [];
    const gd = this.resolver.detail(g.module, g.fn);
    if (!gd) return [];
    const offset = this.boundArgs(m, fn, call, g.fn, target);
    const out: BlockingChain[] = [];
    for (const gcall of gd.calls) {
      if (gcall.flags & CALL_AWAITED) continue;
      const pi = gd.params.findIndex((p) => p.name === gcall.ref);
      if (pi === -1 || gd.locals.some((l) => l.name === gcall.ref)) continue;
      const cb = call.cb!.find((b) => (b.kw !== undefined ? b.kw === gcall.ref : offset !== null && b.i + offset === pi));
      if (!cb) continue;
      const gStep: ChainStep = { q: target, module: g.module, fn: g.fn, call: gcall, callStart: g.fn.start + gcall.start, callEnd: g.fn.start + gcall.end };
      const lambda: FnSummary = { ...fn, q: `${fn.q}.<lambda>`, name: '<lambda>' };
      const env = this.resolver.fnEnv(m, fn);
      for (const lc of cb.calls) {
        if (lc.flags & CALL_AWAITED) continue;
        const lStep: ChainStep = { q: `${m}.${lambda.q}`, module: m, fn: lambda, call: lc, callStart: fn.start + lc.start, callEnd: fn.start + lc.end };
        const v = this.resolver.evalRef(lc.ref, env, fn.start + lc.start);
        const hit = this.classifyVal(v);
        if (hit) {
          out.push({ steps: [gStep, lStep], target: hit.q, entry: hit.entry, more: 0 });
          continue;
        }
        const t = this.callable(v);
        const inner = t ? this.blockingChain(t) : null;
        if (inner) out.push({ steps: [gStep, lStep, ...inner.steps], target: inner.target, entry: inner.entry, more: 0 });
      }
    }
    return out;
  }

  /**
   * How many parameters a call fills before its first positional argument: 1 for a method
   * called on an instance, a class method, or a constructor (`__init__`'s `self`); 0 for a
   * function, a static method, or a method called on its class. Null when unclear.
   */
  private boundArgs(m: string, fn: FnSummary, call: CallEntry, g: FnSummary, target: string): number | null {
    if (g.kind === 'function' || g.kind === 'staticmethod') return 0;
    if (g.kind === 'classmethod') return 1;
    const v = this.callTarget(m, fn, call);
    if (v.k === 'ref' && v.q !== target) return 1; // a class called: its `__init__`
    const dot = call.ref.lastIndexOf('.');
    if (dot <= 0 || call.ref.endsWith(')') || call.ref.endsWith(']')) return null;
    const receiver = this.resolver.evalRef(call.ref.slice(0, dot), this.resolver.fnEnv(m, fn), fn.start + call.start);
    return receiver.k === 'inst' ? 1 : receiver.k === 'ref' && this.resolver.cls(receiver.q) ? 0 : null;
  }

  private pathMemo = new WeakMap<(q: string) => boolean, Map<string, CallPath | null>>();

  /**
   * A path from workspace function `q` to a call `accepts` (by its resolved name: a query),
   * directly or through the workspace functions it calls, at most `depth` calls deep: a
   * helper that runs a query, called once per item of a loop. Awaited calls count (an async
   * helper's query is a round trip per call); an async helper counts only where it is awaited.
   * Generators, cached functions and functions behind decorators that could change them are
   * not followed. The first such call in source order.
   */
  callPath(q: string, accepts: (q: string) => boolean, depth: number): CallPath | null {
    let memo = this.pathMemo.get(accepts);
    if (!memo) this.pathMemo.set(accepts, (memo = new Map()));
    const key = `${depth}|${q}`;
    if (memo.has(key)) return memo.get(key)!;
    memo.set(key, null); // cycle guard
    const f = this.resolver.fn(q);
    let result: CallPath | null = null;
    if (f && depth > 0 && !this.resolver.detail(f.module, f.fn)?.gen && this.decorators(f.module, f.fn).every((d) => TRANSPARENT_DECORATORS.has(d) || /^fastapi\.(FastAPI|APIRouter)\.[a-z_]+$/.test(d))) {
      const calls = [...(this.resolver.detail(f.module, f.fn)?.calls ?? [])].sort((a, b) => a.start - b.start || a.end - b.end);
      for (const call of calls) {
        const step: ChainStep = { q, module: f.module, fn: f.fn, call, callStart: f.fn.start + call.start, callEnd: f.fn.start + call.end };
        const v = this.callTarget(f.module, f.fn, call);
        if (v.k === 'ref' && accepts(v.q)) {
          result = { steps: [step], target: v.q };
          break;
        }
        const t = this.pathTarget(v, !!(call.flags & CALL_AWAITED));
        const inner = t ? this.callPath(t, accepts, depth - 1) : null;
        if (inner) {
          result = { steps: [step, ...inner.steps], target: inner.target };
          break;
        }
      }
    }
    memo.set(key, result);
    return result;
  }

  /** The workspace function a call runs, for `callPath`: an async one only when the call is awaited. */
  pathTarget(v: Val, awaited: boolean): string | null {
    const t = this.callable(v);
    const f = t ? this.resolver.fn(t) : undefined;
    return f && (!f.fn.async || awaited) ? t : null;
  }

  /** Qualified names of the functions referenced by Depends/Security from any function of the workspace. */
  dependencyTargets(): Set<string> {
    this.resolver.recorder?.add('*'); // reads every module: any change may matter
    if (this.depTargets) return this.depTargets;
    const out = new Set<string>();
    for (const ms of this.modules()) {
      for (const fn of Object.values(ms.functions)) {
        if (fn.depCalls.length === 0) continue;
        const outer = fn.parent ? this.envOf(ms.module, fn.parent) : this.resolver.moduleEnv(ms.module);
        for (const d of fn.depCalls) {
          if (!this.resolver.isDepends(this.resolver.evalRef(d.callee, outer, fn.start))) continue;
          const target = this.resolver.evalRef(d.arg, outer, fn.start);
          if (target.k === 'ref' && this.resolver.fn(target.q)) out.add(target.q);
        }
      }
    }
    this.depTargets = out;
    return out;
  }

  private envOf(m: string, q: string) {
    const f = this.resolver.fn(`${m}.${q}`);
    return f ? this.resolver.fnEnv(m, f.fn) : this.resolver.moduleEnv(m);
  }

  isRoute(m: string, fn: FnSummary): boolean {
    return isRouteSummary(this.resolver, m, fn);
  }

  /**
   * Functions that run on every request: routes, dependencies, and workspace functions
   * they call, transitively. A cached function (`@lru_cache`) runs once, not per request.
   */
  perRequest(): Set<string> {
    this.resolver.recorder?.add('*');
    if (this.requestSet) return this.requestSet;
    const seen = new Set<string>();
    const entries = new Map<string, PerRequestEntry>();
    const queue: string[] = [];
    const push = (q: string, entry: PerRequestEntry): void => {
      const f = this.resolver.fn(q);
      if (f && this.decorators(f.module, f.fn).some((d) => CACHING_DECORATORS.has(d))) return;
      if (!seen.has(q)) {
        seen.add(q);
        entries.set(q, entry);
        queue.push(q);
      }
    };
    // Breadth first, so each function's entry is one of the nearest routes or dependencies.
    for (const ms of this.modules()) {
      for (const fn of Object.values(ms.functions)) {
        const q = `${ms.module}.${fn.q}`;
        if (fn.decorators.length > 0 && this.isRoute(ms.module, fn)) push(q, { q, kind: 'route' });
      }
    }
    for (const q of this.dependencyTargets()) push(q, { q, kind: 'dependency' });
    for (let i = 0; i < queue.length; i++) {
      const q = queue[i];
      const f = this.resolver.fn(q);
      if (!f) continue;
      for (const call of this.resolver.detail(f.module, f.fn)?.calls ?? []) {
        const target = this.callable(this.callTarget(f.module, f.fn, call));
        if (target) push(target, entries.get(q)!);
      }
    }
    this.requestSet = seen;
    this.requestEntries = entries;
    return seen;
  }

  private requestEntries: Map<string, PerRequestEntry> | undefined;

  /** The route or dependency through which a function runs on every request (`perRequest`), or undefined. */
  perRequestEntry(q: string): PerRequestEntry | undefined {
    this.perRequest();
    return this.requestEntries!.get(q);
  }

  /**
   * Whether only offline code reaches a function (issue 16): functions of test, script and
   * migration modules, CLI commands (typer, click) and pytest fixtures are offline, and so is
   * a function all of whose callers are offline. A function with no caller in the workspace,
   * a route, a dependency, or one registered by any other decorator is never offline: it may
   * serve requests (library code an app could reach). Answered lazily, reading only the
   * modules that mention the function's name; a cycle counts as serving.
   */
  isOffline(q: string): boolean {
    this.resolver.recorder?.add('*'); // reads every module: any change may matter
    const known = this.offlineCache.get(q);
    if (known !== undefined) return known;
    this.offlineCache.set(q, false); // cycle guard: serving until shown otherwise
    const result = this.offlineNow(q);
    this.offlineCache.set(q, result);
    return result;
  }

  private offlineCache = new Map<string, boolean>();

  private offlineNow(q: string): boolean {
    const f = this.resolver.fn(q);
    if (!f) return false;
    if (roleOfModule(f.module) !== 'serving') return true;
    if (f.fn.decorators.length > 0) {
      const ds = this.decorators(f.module, f.fn);
      if (ds.some((d) => OFFLINE_DECORATORS.has(d))) return true;
      if (ds.some((d) => !TRANSPARENT_DECORATORS.has(d) && !CACHING_DECORATORS.has(d))) return false;
    }
    if (this.configuresApp(f.module, f.fn)) return false;
    const callers = this.callersOf(q, f.module);
    if (!callers || callers.length === 0 || !callers.every((c) => this.isOffline(c))) return false;
    return !this.dependencyTargets().has(q);
  }

  /** Builds or configures an app or router (`FastAPI()`, `app.add_middleware`, `@app.middleware`): serving set-up. */
  private configuresApp(m: string, fn: FnSummary): boolean {
    for (const call of this.resolver.detail(m, fn)?.calls ?? []) {
      const v = this.callTarget(m, fn, call);
      if (v.k === 'ref' && APP_API.test(v.q)) return true;
    }
    return false;
  }

  /**
   * Workspace functions that call `q`, from the modules whose text mentions its name; null
   * when a module that serves mentions the name more often than its calls of `q` (and the
   * definition) account for: a reference (`register_type("x", fn)`, `Depends(fn)`), a name in
   * a string for a dynamic look-up, anything the call graph cannot follow. Unknown texts, null.
   */
  private callersOf(q: string, home: string): string[] | null {
    const name = q.slice(q.lastIndexOf('.') + 1);
    const out: string[] = [];
    if (!this.sources) return null;
    for (const module of this.sources.names()) {
      const mentions = this.mentionCount(module, name);
      if (mentions === null) return null;
      if (mentions === 0) continue;
      const ms = this.resolver.summaryOf(module);
      if (!ms) continue;
      let calls = 0;
      for (const { fn, call } of this.callsNamed(module).get(name) ?? []) {
        const caller = `${module}.${fn.q}`;
        if (caller === q) continue;
        if (this.callable(this.callTarget(module, fn, call)) === q) {
          calls++;
          if (out[out.length - 1] !== caller) out.push(caller);
        }
      }
      if (roleOfModule(module) !== 'serving') continue;
      // Accounted for: the calls, the definition, and imports of the function itself.
      let imports = 0;
      // An import under the function's own name (an alias is read as a mention: serving, the safe side).
      for (const b of ms.bindings[name] ?? []) if (b.k === 'import' && b.t === q) imports++;
      if (mentions > calls + imports + (module === home ? 1 : 0)) return null;
    }
    return out;
  }

  private countCache = new Map<string, { text: string; counts: Map<string, number> } | null>();

  /**
   * How often `name` occurs as a word in a module's text (null when its text is not known).
   * Counted per name asked: splitting every module into words cost more than all the questions.
   */
  private mentionCount(module: string, name: string): number | null {
    let entry = this.countCache.get(module);
    if (entry === undefined) {
      const text = this.sources?.text(module);
      entry = text === undefined ? null : { text, counts: new Map() };
      this.countCache.set(module, entry);
    }
    if (!entry) return null;
    let n = entry.counts.get(name);
    if (n === undefined) entry.counts.set(name, (n = countIdentifier(entry.text, name)));
    return n;
  }

  private callIndex = new Map<string, Map<string, Array<{ fn: FnSummary; call: CallEntry }>>>();

  /** A module's calls by the last name of their callee (`helper` for `mod.helper(...)`), built once. */
  private callsNamed(module: string): Map<string, Array<{ fn: FnSummary; call: CallEntry }>> {
    let index = this.callIndex.get(module);
    if (!index) {
      index = new Map();
      for (const fn of Object.values(this.resolver.summaryOf(module)?.functions ?? {})) {
        for (const call of this.resolver.detail(module, fn)?.calls ?? []) {
          const last = refLastName(call.ref);
          if (!last) continue;
          let list = index.get(last);
          if (!list) index.set(last, (list = []));
          list.push({ fn, call });
        }
      }
      this.callIndex.set(module, index);
    }
    return index;
  }

  /**
   * Whether a workspace function is used other than through FastAPI (a route decorator or
   * `Depends(...)`): called from any function body, or stored in a name (module level or
   * local), anywhere in the workspace. Imports alone do not count: a dependency imported
   * for `Depends(dep)` is not called by the importer. Answers "can `async` be added or
   * removed without breaking a caller?". Only modules whose text mentions the function's
   * name are read. Module-level statements are not summarised beyond their bindings, so
   * rules also check their own file (FileModel.referencesTo).
   */
  isReferenced(q: string): boolean {
    this.resolver.recorder?.add('*'); // reads every module: any change may matter
    if (!this.referencedCache.has(q)) this.prepareReferences([q]);
    return this.referencedCache.get(q)!;
  }

  /** Answers `isReferenced` for many functions in one pass over the modules that mention them. */
  prepareReferences(candidates: Iterable<string>): void {
    const todo = new Set([...candidates].filter((q) => !this.referencedCache.has(q)));
    if (todo.size === 0) return;
    const r = this.resolver;
    const wanted = new Set([...todo].map((q) => q.slice(q.lastIndexOf('.') + 1)));
    const found = new Set<string>();
    const modules = this.sources ? this.sources.names() : [...this.modules()].map((m) => m.module);
    for (const module of modules) {
      if (![...wanted].some((n) => this.mentionCount(module, n) !== 0)) continue;
      const ms = r.summaryOf(module);
      if (!ms) continue;
      // Only a ref naming a candidate (directly or through an alias) can resolve to one: an
      // alias is a binding whose own ref ends with the name, itself found here first.
      const names = new Set(wanted);
      const named = (ref: string): boolean => names.has(ref.slice(ref.lastIndexOf('.') + 1));
      const note = (v: Val, self?: string): void => {
        if (v.k === 'ref' && v.q !== self && todo.has(v.q)) found.add(v.q);
      };
      const env = r.moduleEnv(module);
      for (const [bname, list] of Object.entries(ms.bindings)) {
        for (const b of list) {
          if (!((b.k === 'value' && b.ref && named(b.ref)) || (b.k === 'import' && b.t && named(b.t)))) continue;
          names.add(bname);
          if (b.k === 'value') note(r.evalRef(b.ref!, env, b.at));
        }
      }
      for (const fn of Object.values(ms.functions)) {
        const d = r.detail(module, fn);
        if (!d) continue;
        const self = `${module}.${fn.q}`;
        let fenv: ReturnType<Resolver['fnEnv']> | undefined;
        const env2 = (): ReturnType<Resolver['fnEnv']> => (fenv ??= r.fnEnv(module, fn));
        for (const l of d.locals) if (l.kind === 'i' && named(l.ref)) names.add(l.name);
        for (const c of d.calls) if (named(c.ref)) note(r.evalRef(c.ref, env2(), fn.start + c.start), self);
        for (const l of d.locals) if (l.kind === 'v' && named(l.ref)) note(r.evalRef(l.ref, env2(), fn.start + l.at));
      }
    }
    for (const q of todo) this.referencedCache.set(q, found.has(q));
  }
}
