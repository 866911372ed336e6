// Workspace-wide questions answered from summaries only: does a sync function block
// (directly or through further sync calls, any depth, cycles handled) and via which
// chain; which functions are dependencies; which run on every request.
import type { BlockingEntry } from '../../../rules/data/blocking';
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

  /**
   * The chain through which a sync workspace function blocks, or null. Async functions
   * never block their caller (calling one only creates a coroutine).
   */
  blockingChain(q: string): BlockingChain | null {
    if (this.chains.has(q)) return this.chains.get(q)!;
    this.chains.set(q, null); // cycle guard: a function on the current path does not block through itself
    const f = this.resolver.fn(q);
    let result: BlockingChain | null = null;
    const calls = f && !f.fn.async ? (this.resolver.detail(f.module, f.fn)?.calls ?? []) : [];
    if (f && !f.fn.async) {
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
          const v = this.callTarget(f.module, f.fn, call);
          if (v.k !== 'ref' || !this.resolver.fn(v.q)) continue;
          const inner = this.blockingChain(v.q);
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

  /** Functions that run on every request: routes, dependencies, and workspace functions they call, transitively. */
  perRequest(): Set<string> {
    this.resolver.recorder?.add('*');
    if (this.requestSet) return this.requestSet;
    const seen = new Set<string>();
    const queue: string[] = [];
    const push = (q: string): void => {
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
        const v = this.callTarget(f.module, f.fn, call);
        if (v.k === 'ref' && this.resolver.fn(v.q)) push(v.q);
      }
    }
    this.requestSet = seen;
    return seen;
  }
}
