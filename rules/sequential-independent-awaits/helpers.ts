// Awaited workspace helpers that may run beside each other (issue 18): the helper awaits a
// reading call of a client that serves concurrent calls, itself or one call deeper, and
// awaits nothing else, keeps no global or instance state. Anything unknown: not concurrent.
import type { CallGraph } from '../../server/src/analysis/callGraph';
import { CONCURRENCY_SAFE, TRANSPARENT_DECORATORS } from '../../server/src/analysis/knowledge/types';
import { CALL_AWAITED } from '../../server/src/analysis/summary';

/** `httpx.AsyncClient.get` and the like: a reading method of a client that allows concurrent calls. */
export function concurrentRead(q: string): boolean {
  const dot = q.lastIndexOf('.');
  return dot > 0 && (CONCURRENCY_SAFE[q.slice(0, dot)]?.includes(q.slice(dot + 1)) ?? false);
}

export type Verdict = 'io' | 'none' | 'unsafe';

function walk(graph: CallGraph, q: string, depth: number, memo: Map<string, Verdict>): Verdict {
  const key = `${depth}|${q}`;
  const known = memo.get(key);
  if (known) return known;
  memo.set(key, 'unsafe'); // cycle guard
  const f = graph.resolver.fn(q);
  const d = f ? graph.resolver.detail(f.module, f.fn) : undefined;
  let verdict: Verdict = 'unsafe';
  const plain = !!f && !!d && f.fn.async && !d.gen && graph.decorators(f.module, f.fn).every((x) => TRANSPARENT_DECORATORS.has(x));
  // `global`/`nonlocal` names and `self.x = ...` are state another call may see half-updated.
  if (plain && !d.locals.some((l) => l.kind === 'g' || l.kind === 'n') && d.selfAttrs.length === 0) {
    verdict = 'none';
    for (const call of d.calls) {
      if (!(call.flags & CALL_AWAITED)) continue;
      const v = graph.callTarget(f.module, f.fn, call);
      if (v.k === 'ref' && concurrentRead(v.q)) {
        verdict = 'io';
        continue;
      }
      const t = depth > 1 ? graph.pathTarget(v, true) : null;
      const inner = t ? walk(graph, t, depth - 1, memo) : 'unsafe';
      if (inner === 'unsafe') {
        verdict = 'unsafe';
        break;
      }
      if (inner === 'io') verdict = 'io';
    }
  }
  memo.set(key, verdict);
  return verdict;
}

/**
 * Whether awaiting workspace function `q` is a concurrent-able read: it awaits such I/O, up to
 * two calls deep, and every other call it awaits is another such helper.
 */
export function concurrentHelper(graph: CallGraph, q: string, memo: Map<string, Verdict>): boolean {
  return walk(graph, q, 2, memo) === 'io';
}
