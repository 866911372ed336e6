// A cheap pre-filter for rules that look for calls of a few library names: the local names
// that may refer to them (the names themselves, for `pydantic.TypeAdapter`-style access,
// plus every import or module-level alias bound to them, re-exports included). Candidates
// are still resolved by the rule; this only spares resolving every other call.
import type { FileModel } from '../../server/src/analysis/model';
import { parseImport } from '../../server/src/analysis/imports';
import { isDotted } from '../../server/src/analysis/refs';
import type { Node } from '../../server/src/engine/parser';

/** Not cached across calls: in incremental linting a model is checked chunk by chunk, and each chunk's reads are recorded. */
export function localNamesFor(model: FileModel, targets: ReadonlySet<string>): ReadonlySet<string> {
  const out = new Set<string>();
  for (const t of targets) out.add(t.slice(t.lastIndexOf('.') + 1));
  const resolver = model.resolver;
  const module = model.context.module;
  const refersToTarget = (v: ReturnType<typeof resolver.qname>) => v.k === 'ref' && targets.has(v.q);
  for (const [name, list] of Object.entries(model.summary.bindings)) {
    for (const b of list) {
      if (b.k === 'import' && b.t && refersToTarget(resolver.qname(b.t))) out.add(name);
      else if (b.k === 'value' && b.ref && isDotted(b.ref) && refersToTarget(resolver.evalRef(b.ref, resolver.moduleEnv(module), b.at - 1))) out.add(name);
    }
  }
  // Imports inside functions and class bodies.
  for (const scope of [...model.functions, ...model.classes]) {
    for (const imp of scope.imports) {
      for (const ib of parseImport(imp, model.text, model.context)) if (!ib.star && refersToTarget(resolver.qname(ib.target))) out.add(ib.name);
    }
  }
  return out;
}

/** The last name of a dotted callee or decorator ref (`pydantic.TypeAdapter` -> `TypeAdapter`, `app.middleware()` -> `middleware`). */
export function lastName(ref: string): string {
  const bare = ref.endsWith('()') ? ref.slice(0, -2) : ref;
  return bare.slice(bare.lastIndexOf('.') + 1);
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
