// Shared by the response and data-access rules: the routes of a file, what their return
// statements return, and the value a local name was given.
import type { Scope } from '../../server/src/analysis/facts';
import { keywordArgs, positionalArgs, routeOf, type Route } from '../../server/src/analysis/fastapi';
import { unwrap } from '../../server/src/analysis/expressions';
import type { FileModel } from '../../server/src/analysis/model';
import type { Node } from '../../server/src/analysis/tree';

// Keyed by the model's function list, which changes when the model focuses on another chunk.
const cache = new WeakMap<readonly Scope[], Array<{ fn: Scope; route: Route }>>();

/** Every route (path operation) defined in the analysed chunks of a file. */
export function routesOf(model: FileModel): ReadonlyArray<{ fn: Scope; route: Route }> {
  const functions = model.functions;
  let list = cache.get(functions);
  if (!list) {
    list = [];
    for (const fn of functions) {
      if (fn.decorators.length === 0) continue;
      const route = routeOf(model, fn);
      if (route) list.push({ fn, route });
    }
    cache.set(functions, list);
  }
  return list;
}

/** The expression a `return` statement returns, or null for a bare `return`. */
export function returnedValue(ret: Node): Node | null {
  return ret.firstNamedChild && ret.firstNamedChild.type !== 'comment' ? ret.firstNamedChild : null;
}

/** The argument of a call given by position `index` or by keyword `name`. */
export function argument(call: Node, index: number, name: string): Node | null {
  return positionalArgs(call)[index] ?? keywordArgs(call).get(name) ?? null;
}

/** True when a call passes `*args` or `**kwargs`, so its arguments are not all visible. */
export function hasSplat(call: Node): boolean {
  return (call.childForFieldName('arguments')?.namedChildren ?? []).some((a) => a?.type === 'list_splat' || a?.type === 'dictionary_splat');
}

/**
 * The value node a local name was bound to, when the function binds it exactly once with a
 * plain assignment (`data = path.read_bytes()`); null for parameters, loops, reassignments.
 */
export function singleAssignment(model: FileModel, fn: Scope, name: string): Node | null {
  const list = model.bindings(fn).names.get(name);
  if (!list || list.length !== 1) return null;
  const b = list[0];
  return b.k === 'value' && b.node ? b.node : null;
}

/** An expression, or the value of the local name it is (one hop through a single assignment). */
export function throughLocal(model: FileModel, fn: Scope, node: Node | null): Node | null {
  const n = unwrap(node);
  if (n?.type === 'identifier') return singleAssignment(model, fn, n.text) ?? n;
  return n;
}

const STATUS_MODULES = /^(fastapi|starlette)\.status\.HTTP_([0-9]{3})/;

/** The status code a response call sets, when it is a literal or a `status.HTTP_...` constant. */
export function statusCodeOf(model: FileModel, scope: Scope, call: Node): number | null {
  const arg = keywordArgs(call).get('status_code');
  if (!arg) return null;
  const n = unwrap(arg);
  if (n?.type === 'integer') return Number(n.text.replace(/_/g, ''));
  if (n?.type === 'attribute' || n?.type === 'identifier') {
    const v = model.valueOf(n, scope);
    const m = v.k === 'ref' ? STATUS_MODULES.exec(v.q) : null;
    if (m) return Number(m[2]);
  }
  return null;
}

/** A response built on an error path of a route: inside an `except` clause, or with a 4xx/5xx status. */
export function isErrorResponse(model: FileModel, fn: Scope, call: Node): boolean {
  for (let p = call.parent; p && p.id !== fn.node?.id; p = p.parent) if (p.type === 'except_clause') return true;
  const status = statusCodeOf(model, fn, call);
  return status !== null && status >= 400;
}

/** Expressions whose value is evidently a scalar (a flag, a count, a text). */
const SCALAR_EXPRESSIONS = new Set(['comparison_operator', 'boolean_operator', 'not_operator', 'string', 'concatenated_string', 'integer', 'float', 'true', 'false', 'none', 'unary_operator']);
const SCALAR_BUILTINS = new Set(['builtins.len', 'builtins.str', 'builtins.int', 'builtins.float', 'builtins.bool', 'builtins.round', 'builtins.isinstance', 'builtins.repr']);

/**
 * A dict display of a few evidently scalar entries (`{"status": "ok", "count": len(rows)}`):
 * serialising it costs microseconds either way, so declaring a type buys nothing worth a
 * finding. An entry that may hold a collection (a name, an attribute, a call) keeps it.
 */
export function smallScalarDict(model: FileModel, fn: Scope, n: Node): boolean {
  if (n.type !== 'dictionary') return false;
  const pairs = n.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
  if (pairs.length > 4) return false;
  return pairs.every((p) => {
    const value = p.type === 'pair' ? unwrap(p.childForFieldName('value')) : null;
    if (!value) return false;
    if (SCALAR_EXPRESSIONS.has(value.type)) return true;
    if (value.type !== 'call') return false;
    const callee = value.childForFieldName('function');
    const v = callee ? model.valueOf(callee, fn) : null;
    return v?.k === 'ref' && SCALAR_BUILTINS.has(v.q);
  });
}
