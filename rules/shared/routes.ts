// Shared by the response and data-access rules: the routes of a file, what their return
// statements return, the value a local name was given, and the return type a route can declare.
import type { Scope } from '../../server/src/analysis/facts';
import { keywordArgs, positionalArgs, routeOf, type Route } from '../../server/src/analysis/fastapi';
import { unwrap } from '../../server/src/analysis/expressions';
import type { FileModel } from '../../server/src/analysis/model';
import type { Node } from '../../server/src/analysis/tree';
import type { TextEdit } from '../../server/src/ruleApi/rule';
import { PYDANTIC_MODEL } from '../data/responses';

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
function statusCodeOf(model: FileModel, scope: Scope, call: Node): number | null {
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

/** Whether a route says what it returns: a return annotation, or `response_model=`. */
export function declaresResponseType(fn: Scope, route: Route): boolean {
  return !!fn.node?.childForFieldName('return_type') || route.kwargs.has('response_model');
}

const MODEL_CONSTRUCTORS = new Set(['model_validate', 'model_validate_json', 'model_construct']);

/** The Pydantic class a value builds directly (`Item(...)`, `Item.model_validate(...)`), as its node. */
export function constructedModel(model: FileModel, fn: Scope, value: Node): { cls: Node; q: string } | null {
  const call = unwrap(value);
  if (call?.type !== 'call') return null;
  let cls = call.childForFieldName('function');
  if (cls?.type === 'attribute' && MODEL_CONSTRUCTORS.has(cls.childForFieldName('attribute')?.text ?? '')) cls = cls.childForFieldName('object');
  if (!cls || (cls.type !== 'identifier' && cls.type !== 'attribute')) return null;
  const v = model.valueOf(cls, fn);
  if (v.k !== 'ref' || !model.resolver.isSubclass(v.q, PYDANTIC_MODEL)) return null;
  return { cls, q: v.q };
}

/**
 * `-> Model` for a route whose returns all build one Pydantic class directly, or return a
 * local name given such a value once (`values`: what each `return` gives, once a fix is
 * applied), written as where it is built and meaning the same where the function is defined
 * (the annotation is evaluated there); null otherwise.
 */
export function returnTypeFix(model: FileModel, fn: Scope, values: readonly Node[]): { text: string; edit: TextEdit } | null {
  const built = values.map((v) => constructedModel(model, fn, throughLocal(model, fn, v) ?? v));
  const first = built[0];
  const params = fn.node?.childForFieldName('parameters');
  if (!first || !params || !built.every((b) => b && b.q === first.q)) return null;
  const text = model.text.slice(first.cls.startIndex, first.cls.endIndex);
  const there = model.valueOf(first.cls, fn.parent ?? model.moduleScope);
  if (there.k !== 'ref' || there.q !== first.q || /[\r\n]/.test(text)) return null;
  return { text, edit: { start: params.endIndex, end: params.endIndex, text: ` -> ${text}` } };
}

/** What a route's `return` statements give, with the values `replaced` stands for swapped in (a fix that rewrites a return). */
export function returnedValues(fn: Scope, replaced: ReadonlyMap<number, Node> = new Map()): Node[] {
  return fn.returns.map((r) => {
    const v = returnedValue(r);
    return v ? (replaced.get(v.startIndex) ?? v) : v;
  }).filter((v): v is Node => !!v && unwrap(v)?.type !== 'none');
}

const COLLECTIONS = new Set(['list', 'set', 'tuple', 'list_comprehension', 'dictionary_comprehension', 'set_comprehension', 'generator_expression']);
const COLLECTION_TYPES: ReadonlySet<string> = new Set(['builtins.list', 'builtins.set', 'builtins.tuple', 'builtins.frozenset']);

/**
 * Whether a value evidently holds a collection, the payload whose serialiser matters:
 * a list or a comprehension (or a call known to build one), a name bound to one or typed as one, or a dict display or a
 * model built with one among its values (`{"items": rows}`, `Page(items=[...])`). A few
 * scalars, a single object, or data whose shape is not known here are left alone.
 */
export function holdsCollection(model: FileModel, fn: Scope, node: Node | null, depth = 0): boolean {
  const n = unwrap(node);
  if (!n || depth > 3) return false;
  if (COLLECTIONS.has(n.type)) return true;
  if (n.type === 'identifier') {
    const bound = throughLocal(model, fn, n);
    if (bound && bound.id !== n.id) return holdsCollection(model, fn, bound, depth + 1);
  }
  if (n.type === 'dictionary') return n.namedChildren.some((p) => p?.type === 'pair' && holdsCollection(model, fn, p.childForFieldName('value'), depth + 1));
  if (constructedModel(model, fn, n)) {
    const args = n.childForFieldName('arguments')?.namedChildren ?? [];
    return args.some((a) => !!a && holdsCollection(model, fn, a.type === 'keyword_argument' ? a.childForFieldName('value') : a, depth + 1));
  }
  // A name typed as a collection, a call known to build one (`list(rows)`, `sorted(...)`).
  const v = n.type === 'identifier' || n.type === 'call' ? model.valueOf(n, fn) : null;
  return v?.k === 'inst' && COLLECTION_TYPES.has(v.t);
}
