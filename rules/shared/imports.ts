// How a fix writes a library name: through an import the file already has, else with a new
// one; never through a name that is shadowed where the fix writes it, or not bound yet there
// (a function's own `import asyncio` further down makes `asyncio` an UnboundLocalError).
import type { ImportNeed, RuleContext } from '../../server/src/ruleApi/rule';

interface WrittenName {
  text: string;
  imports: ImportNeed[];
}

function usable(ctx: RuleContext, ref: WrittenName | null, offset: number): WrittenName | null {
  if (!ref) return null;
  const head = ref.text.slice(0, (ref.text.indexOf('.') + 1 || ref.text.length + 1) - 1);
  if (ctx.model.unboundAt(head, offset)) return null;
  // A function's own `import asyncio` (above the fix) already binds it there: no module-level import.
  if (ref.imports.some((n) => !n.name && n.module.split('.')[0] === head) && boundInFunction(ctx, head, offset)) {
    return { text: ref.text, imports: ref.imports.filter((n) => n.name || n.module.split('.')[0] !== head) };
  }
  return ref;
}

function boundInFunction(ctx: RuleContext, name: string, offset: number): boolean {
  for (let s: ReturnType<RuleContext['model']['scopeAt']> | null = ctx.model.scopeAt(offset); s && s.kind !== 'module'; s = s.parent) {
    if (s.kind !== 'class' && ctx.model.bindings(s).names.has(name)) return true;
  }
  return false;
}

/** `qname` as an attribute of its module, the way the file imports it (`aio.sleep` after `import asyncio as aio`), else with `import asyncio`. */
export function moduleAttribute(ctx: RuleContext, qname: string, offset: number): WrittenName | null {
  return usable(ctx, ctx.reference(qname, offset), offset);
}

/**
 * `qname` as a careful human writes it: the bare name when the file binds it already, through
 * an existing import of its module (`fastapi.Query` after `import fastapi`), else the bare
 * name with `from module import name` when the name is free there.
 */
export function libraryName(ctx: RuleContext, qname: string, offset: number): WrittenName | null {
  const dot = qname.lastIndexOf('.');
  const module = qname.slice(0, dot);
  const name = qname.slice(dot + 1);
  const model = ctx.model;
  // Resolved first in any case: the answer depends on what the bare name is bound to.
  const v = model.resolveName(name, model.scopeAt(offset), offset);
  if (v.k === 'ref' && v.q === model.resolver.canonical(qname)) return usable(ctx, { text: name, imports: [] }, offset);
  const existing = ctx.reference(qname, offset);
  if (existing && existing.imports.length === 0) return usable(ctx, existing, offset);
  if (v.k === 'ref' && v.q === `builtins.${name}`) return usable(ctx, { text: name, imports: [{ module, name }] }, offset);
  return usable(ctx, existing, offset);
}
