// Calls to functions of the workspace, resolved through the model and the call graph.
import type { BlockingChain } from '../../server/src/analysis/callGraph';
import type { CallFact, Scope } from '../../server/src/analysis/facts';
import type { RuleContext } from '../../server/src/ruleApi/rule';

/** The workspace function a call runs (the function, or a workspace class's `__init__`), or null. */
export function workspaceCallee(ctx: RuleContext, call: CallFact): string | null {
  return ctx.graph.callable(ctx.model.callee(call));
}

/** A call that passes a lambda (`paginate_all(lambda p: repo.page(p))`). */
function passesLambda(call: CallFact): boolean {
  for (const a of call.node.childForFieldName('arguments')?.namedChildren ?? []) {
    if (a?.type === 'lambda' || (a?.type === 'keyword_argument' && a.childForFieldName('value')?.type === 'lambda')) return true;
  }
  return false;
}

/**
 * The chain through which a call made in the body of `owner` blocks, from the callee on:
 * the workspace function's own chain, or a lambda passed to it that it calls (CallGraph.siteChain).
 */
export function blockingChainOf(ctx: RuleContext, call: CallFact, owner: Scope): BlockingChain | null {
  const v = ctx.model.callee(call);
  const target = ctx.graph.callable(v);
  if (!target) return null;
  if (passesLambda(call)) {
    const m = ctx.model.context.module;
    const fn = ctx.model.summary.functions[owner.qualname];
    const end = call.node.childForFieldName('function')?.endIndex;
    const entry = fn ? ctx.model.resolver.detail(m, fn)?.calls.find((c) => c.start === call.start - fn.start && c.end === end! - fn.start) : undefined;
    if (entry) return ctx.graph.siteChain(m, fn, entry, v);
  }
  return ctx.graph.blockingChain(target);
}
