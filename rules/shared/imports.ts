// How a fix writes a library name: through an import the file already has, else as
// `from module import name` when that name is free where it is used.
import type { ImportNeed, RuleContext } from '../../server/src/ruleApi/rule';

export function importedName(ctx: RuleContext, qname: string, offset: number): { text: string; imports: ImportNeed[] } | null {
  const dot = qname.lastIndexOf('.');
  const module = qname.slice(0, dot);
  const name = qname.slice(dot + 1);
  // Resolved first in any case: the answer depends on what the bare name is bound to.
  const v = ctx.model.resolveName(name, ctx.model.scopeAt(offset), offset);
  const existing = ctx.reference(qname, offset);
  if (existing && existing.imports.length === 0) return existing;
  if (v.k === 'ref' && v.q === `builtins.${name}`) return { text: name, imports: [{ module, name }] };
  return existing;
}
