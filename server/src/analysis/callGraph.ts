// Workspace-wide questions answered from summaries only: does a sync function block
// (directly or through further sync calls, any depth, cycles handled) and via which
// chain; which functions are dependencies; which run on every request.
import type { BlockingEntry } from '../../../rules/data/blocking';
import { CACHING_DECORATORS, TRANSPARENT_DECORATORS } from '../../../rules/data/types';
import { isRouteSummary } from './fastapi';
import type { Resolver, Val } from './resolve';
import { CALL_AWAITED, type CallEntry, type FnSummary, type ModuleSummary } from './summary';

export interface ChainStep {
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
}

export type Classifier = (q: string) => BlockingEntry | undefined;

export class CallGraph {
  private chains = new Map<string, BlockingChain | null>();
  private depTargets: Set<string> | undefined;
  private requestSet: Set<string> | undefined;
  private referencedSet: Set<string> | undefined;
  private decoratorCache = new Map<string, string[]>();

  constructor(
    readonly resolver: Resolver,
    private readonly modules: () => Iterable<ModuleSummary>,
    private readonly classify: Classifier,
  ) {}

  /** What a call inside `fn` (of module m) resolves to. */
  callTarget(m: string, fn: FnSummary, call: CallEntry): Val {
    return this.resolver.evalRef(call[0], this.resolver.fnEnv(m, fn), fn.start + call[1]);
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
   * The chain through which a sync workspace function blocks, or null. Async functions
   * never block their caller (calling one only creates a coroutine), nor do generators,
   * nor cached functions without parameters after their first call.
   */
  blockingChain(q: string): BlockingChain | null {
    if (this.chains.has(q)) return this.chains.get(q)!;
    this.chains.set(q, null); // cycle guard: a function on the current path does not block through itself
    const f = this.resolver.fn(q);
    let result: BlockingChain | null = null;
    const sync = !!f && this.runsBodyWhenCalled(f.module, f.fn) && !this.runsOnce(f.module, f.fn);
    // Source order, the inner call of a chain first (`open(p)` before `open(p).read()`).
    const calls = f && sync ? [...(this.resolver.detail(f.module, f.fn)?.calls ?? [])].sort((a, b) => a[1] - b[1] || a[2] - b[2]) : [];
    if (f && sync) {
      for (const call of calls) {
        if (call[3] & CALL_AWAITED) continue;
        const v = this.callTarget(f.module, f.fn, call);
        const hit = this.classifyVal(v);
        if (hit) {
          result = { steps: [{ q, module: f.module, fn: f.fn, call, callStart: f.fn.start + call[1], callEnd: f.fn.start + call[2] }], target: hit.q, entry: hit.entry };
          break;
        }
      }
      if (!result) {
        for (const call of calls) {
          if (call[3] & CALL_AWAITED) continue;
          const target = this.callable(this.callTarget(f.module, f.fn, call));
          if (!target) continue;
          const inner = this.blockingChain(target);
          if (inner) {
            result = { steps: [{ q, module: f.module, fn: f.fn, call, callStart: f.fn.start + call[1], callEnd: f.fn.start + call[2] }, ...inner.steps], target: inner.target, entry: inner.entry };
            break;
          }
        }
      }
    }
    this.chains.set(q, result);
    return result;
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
        for (const [callee, arg] of fn.depCalls) {
          if (!this.resolver.isDepends(this.resolver.evalRef(callee, outer, fn.start))) continue;
          const target = this.resolver.evalRef(arg, outer, fn.start);
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
    const queue: string[] = [];
    const push = (q: string): void => {
      const f = this.resolver.fn(q);
      if (f && this.decorators(f.module, f.fn).some((d) => CACHING_DECORATORS.has(d))) return;
      if (!seen.has(q)) {
        seen.add(q);
        queue.push(q);
      }
    };
    for (const ms of this.modules()) {
      for (const fn of Object.values(ms.functions)) if (fn.decorators.length > 0 && this.isRoute(ms.module, fn)) push(`${ms.module}.${fn.q}`);
    }
    for (const q of this.dependencyTargets()) push(q);
    while (queue.length > 0) {
      const q = queue.pop()!;
      const f = this.resolver.fn(q);
      if (!f) continue;
      for (const call of this.resolver.detail(f.module, f.fn)?.calls ?? []) {
        const target = this.callable(this.callTarget(f.module, f.fn, call));
        if (target) push(target);
      }
    }
    this.requestSet = seen;
    return seen;
  }

  /**
   * Workspace functions used other than through FastAPI (a route decorator or
   * `Depends(...)`): called from any function body, or stored in a name (module level or
   * local), anywhere in the workspace. Imports alone do not count: a dependency imported
   * for `Depends(dep)` is not called by the importer. Answers "can `async` be added or
   * removed without breaking a caller?". Module-level statements are not summarised
   * beyond their bindings, so rules also check their own file (rules/shared/references.ts).
   */
  referenced(): Set<string> {
    this.resolver.recorder?.add('*'); // reads every module: any change may matter
    if (this.referencedSet) return this.referencedSet;
    const out = new Set<string>();
    const r = this.resolver;
    const note = (v: Val, self?: string): void => {
      if (v.k === 'ref' && v.q !== self && r.fn(v.q)) out.add(v.q);
    };
    for (const ms of this.modules()) {
      const env = r.moduleEnv(ms.module);
      for (const list of Object.values(ms.bindings)) {
        for (const b of list) if (b.k === 'value' && b.ref) note(r.evalRef(b.ref, env, b.at));
      }
      for (const fn of Object.values(ms.functions)) {
        const d = r.detail(ms.module, fn);
        if (!d) continue;
        const self = `${ms.module}.${fn.q}`;
        const fenv = r.fnEnv(ms.module, fn);
        for (const c of d.calls) note(r.evalRef(c[0], fenv, fn.start + c[1]), self);
        for (const l of d.locals) if (l[1] === 'v') note(r.evalRef(l[2], fenv, fn.start + l[3]));
      }
    }
    this.referencedSet = out;
    return out;
  }
}
