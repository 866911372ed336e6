// References to a function inside its own file, found through the model: candidate
// spots are the file's words equal to the name, and each is resolved at its position.
import type { Scope } from '../../server/src/analysis/facts';
import type { FileModel } from '../../server/src/analysis/model';
import { isBindingSite, type Binding } from '../../server/src/analysis/scopes';
import type { Node } from '../../server/src/analysis/tree';
import type { RuleContext } from '../../server/src/ruleApi/rule';

const DEPENDS = new Set(['fastapi.Depends', 'fastapi.Security']);
const WORD = /[\p{L}\p{N}_]+/gu;

/** Start offsets of each word of a file's text, by word: one scan per model, not one per function asked about. */
const wordIndexes = new WeakMap<object, Map<string, number[]>>();

function wordsOf(model: RuleContext['model']): Map<string, number[]> {
  let index = wordIndexes.get(model);
  if (!index) {
    index = new Map();
    for (const m of model.text.matchAll(WORD)) {
      const at = index.get(m[0]);
      if (at) at.push(m.index);
      else index.set(m[0], [m.index]);
    }
    wordIndexes.set(model, index);
  }
  return index;
}

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
  const q = model.qualifiedName(fn);
  const defName = fn.node?.childForFieldName('name')?.startIndex ?? -1;
  for (const i of wordsOf(model).get(fn.name) ?? []) {
    const end = i + fn.name.length;
    if (i === defName) continue;
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

/**
 * Identifiers in the body of `fn` that read the variable `name` of `fn` (nested lambdas and
 * comprehensions included): not keyword names, not attribute names, and only where the name
 * resolves to a binding of `fn` that `which` accepts (all by default).
 */
export function readsOf(model: FileModel, fn: Scope, name: string, which: (b: Binding) => boolean = () => true): Node[] {
  const out: Node[] = [];
  for (const id of fn.node?.childForFieldName('body')?.descendantsOfType('identifier') ?? []) {
    if (!id || id.text !== name) continue;
    const parent = id.parent;
    if (parent?.type === 'keyword_argument' && parent.childForFieldName('name')?.id === id.id) continue;
    if (parent?.type === 'attribute' && parent.childForFieldName('attribute')?.id === id.id) continue;
    if (isBindingSite(id)) continue;
    const found = model.bindingOf(name, model.scopeAt(id.startIndex), id.startIndex);
    if ('binding' in found && found.scope === fn && which(found.binding)) out.push(id);
  }
  return out;
}
