// Where a function reads one of its own variables: the identifiers of its body that resolve
// to a binding of that function (FPL106: is an opened image used past its header; FPL302:
// what a route does with its limit).
import type { Scope } from './facts';
import type { FileModel } from './model';
import { isBindingSite, type Binding } from './scopes';
import type { Node } from './tree';

/**
 * Identifiers in the body of `fn` that read the variable `name` of `fn` (nested lambdas and
 * comprehensions included): not keyword names, not attribute names, and only where the name
 * resolves to a binding of `fn` that `which` accepts (all by default).
 */
export function readsOf(model: FileModel, fn: Scope, name: string, which: (b: Binding) => boolean = () => true): Node[] {
  const out: Node[] = [];
  const text = model.text;
  for (const id of fn.node?.childForFieldName('body')?.descendantsOfType('identifier') ?? []) {
    // From the source, not `id.text`: most identifiers fail the first test without a call into WebAssembly.
    if (!id || !text.startsWith(name, id.startIndex) || id.endIndex - id.startIndex !== name.length) continue;
    const parent = id.parent;
    if (parent?.type === 'keyword_argument' && parent.childForFieldName('name')?.id === id.id) continue;
    if (parent?.type === 'attribute' && parent.childForFieldName('attribute')?.id === id.id) continue;
    if (isBindingSite(id)) continue;
    const found = model.bindingOf(name, model.scopeAt(id.startIndex), id.startIndex);
    if ('binding' in found && found.scope === fn && which(found.binding)) out.push(id);
  }
  return out;
}
