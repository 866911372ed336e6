// Calls to functions of the workspace, resolved through the model and the call graph.
import type { CallFact } from '../../server/src/analysis/facts';
import type { RuleContext } from '../../server/src/ruleApi/rule';

/** The workspace function a call runs (the function, or a workspace class's `__init__`), or null. */
export function workspaceCallee(ctx: RuleContext, call: CallFact): string | null {
  return ctx.graph.callable(ctx.model.callee(call));
}
