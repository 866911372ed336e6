// Decorators of a function, resolved: what each one is, and whether one caches the result.
import type { Scope } from '../../server/src/analysis/facts';
import { decoratorsOf } from '../../server/src/analysis/fastapi';
import type { FileModel } from '../../server/src/analysis/model';
import type { Val } from '../../server/src/analysis/resolve';
import type { Node } from '../../server/src/analysis/tree';
import { CACHING_DECORATORS } from '../../server/src/analysis/knowledge/types';

export interface ResolvedDecorator {
  node: Node;
  /** The call when the decorator is called (`@validator("x")`), else null. */
  call: Node | null;
  /** What the decorator (or, for a call, its callee) resolves to. */
  value: Val;
}

/** The decorators of a function or class scope, in source order, resolved in the scope that defines it. */
export function resolvedDecorators(model: FileModel, def: Scope): ResolvedDecorator[] {
  if (!def.node || def.decorators.length === 0) return [];
  const outer = def.parent ?? model.moduleScope;
  return decoratorsOf(def.node).map((node) => {
    const expr = node.firstNamedChild;
    const call = expr?.type === 'call' ? expr : null;
    const target = call ? call.childForFieldName('function') : expr;
    return { node, call, value: target ? model.valueOf(target, outer) : { k: 'unknown' } };
  });
}

/** The caching decorator of a function (`functools.lru_cache`, `cachetools.cached` ...), or null. */
export function cachingDecorator(model: FileModel, fn: Scope): string | null {
  for (const d of resolvedDecorators(model, fn)) if (d.value.k === 'ref' && CACHING_DECORATORS.has(d.value.q)) return d.value.q;
  return null;
}
