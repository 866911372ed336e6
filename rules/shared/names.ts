// A cheap pre-filter for rules that look for a few library names (calls, decorators, base
// classes): could this dotted name refer to one of them? True for the names themselves
// (`pydantic.TypeAdapter`-style access) and for names bound to them by an import or a
// module-level alias (re-exports included). Candidates are still resolved by the rule; this
// only spares resolving everything else. Each name is looked up through the model, so
// incremental linting records exactly the bindings a chunk's answer depended on.
import type { FileModel } from '../../server/src/analysis/model';
import { parseImport } from '../../server/src/analysis/imports';
import { isDotted, refLastName } from '../../server/src/analysis/refs';
import type { Val } from '../../server/src/analysis/resolve';
import type { Node } from '../../server/src/analysis/tree';

export function nameMatcher(model: FileModel, targets: ReadonlySet<string>): (ref: string) => boolean {
  const lasts = new Set([...targets].map((t) => t.slice(t.lastIndexOf('.') + 1)));
  const resolver = model.resolver;
  const module = model.context.module;
  const isTarget = (v: Val): boolean => v.k === 'ref' && targets.has(v.q);
  const memo = new Map<string, boolean>();
  let local: Set<string> | undefined;
  /** Names bound to a target by imports inside the functions and classes being checked. */
  const localAliases = (): Set<string> => {
    if (local) return local;
    local = new Set();
    for (const scope of [...model.functions, ...model.classes]) {
      for (const imp of scope.imports) {
        for (const ib of parseImport(imp, model.text, model.context)) if (!ib.star && isTarget(resolver.qname(ib.target))) local.add(ib.name);
      }
    }
    return local;
  };
  return (ref) => {
    const last = refLastName(ref);
    if (last === null) return false;
    if (lasts.has(last)) return true;
    let hit = memo.get(last);
    if (hit === undefined) {
      hit = model.moduleBinding(last).some((b) => (b.k === 'import' && !!b.t && isTarget(resolver.qname(b.t))) || (b.k === 'value' && !!b.ref && isDotted(b.ref) && isTarget(resolver.evalRef(b.ref, resolver.moduleEnv(module), b.at - 1))));
      hit ||= localAliases().has(last);
      memo.set(last, hit);
    }
    return hit;
  };
}

/** Identifiers an expression reads (not attribute names or keyword-argument names). */
export function readNames(value: Node): string[] {
  const ids = value.type === 'identifier' ? [value] : value.descendantsOfType('identifier');
  const out: string[] = [];
  for (const id of ids) {
    if (!id) continue;
    const p = id.parent;
    if (p?.type === 'attribute' && p.childForFieldName('attribute')?.startIndex === id.startIndex) continue;
    if (p?.type === 'keyword_argument' && p.childForFieldName('name')?.startIndex === id.startIndex) continue;
    out.push(id.text);
  }
  return out;
}
