// References to a function inside its own file, found through the model: candidate
// spots come from a text search for the name, and each is resolved at its position.
import type { Scope } from '../../server/src/analysis/facts';
import type { Node } from '../../server/src/analysis/tree';
import type { RuleContext } from '../../server/src/ruleApi/rule';

const DEPENDS = new Set(['fastapi.Depends', 'fastapi.Security']);
const IDENT_CHAR = /[\p{L}\p{N}_]/u;

/** True for the first argument of `Depends(fn)` / `Security(fn)`: how FastAPI is told about a dependency, not a use. */
function isDependsArgument(ctx: RuleContext, node: Node): boolean {
  const args = node.parent;
  const call = args?.parent;
  if (args?.type !== 'argument_list' || call?.type !== 'call') return false;
  const fn = call.childForFieldName('function');
  if (!fn) return false;
  const v = ctx.model.valueOf(fn, ctx.model.scopeAt(call.startIndex));
  return v.k === 'ref' && DEPENDS.has(v.q);
}

/** Whether the file refers to `fn` anywhere but its definition and `Depends(fn)`. */
export function referencedInFile(ctx: RuleContext, fn: Scope): boolean {
  const model = ctx.model;
  const text = model.text;
  const q = model.qualifiedName(fn);
  const defName = fn.node?.childForFieldName('name')?.startIndex ?? -1;
  for (let i = text.indexOf(fn.name); i !== -1; i = text.indexOf(fn.name, i + 1)) {
    const end = i + fn.name.length;
    if (i === defName || IDENT_CHAR.test(text[i - 1] ?? '') || IDENT_CHAR.test(text[end] ?? '')) continue;
    const node = model.root.descendantForIndex(i, end);
    if (!node || node.type !== 'identifier' || node.startIndex !== i) continue;
    const parent = node.parent;
    if (parent?.type === 'keyword_argument' && parent.childForFieldName('name')?.id === node.id) continue;
    if (isDependsArgument(ctx, node)) continue;
    const scope = model.scopeAt(i);
    // `self.build` / `module.fn`: the whole attribute names the function.
    const expr = parent?.type === 'attribute' && parent.childForFieldName('attribute')?.id === node.id ? parent : node;
    const v = model.valueOf(expr, scope);
    if (v.k === 'ref' && v.q === q) return true;
  }
  return false;
}
