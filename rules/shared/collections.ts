// Where a route loads a whole table: SQLAlchemy `select()` statements executed with no
// `.limit()`, legacy `session.query(M).all()`, Mongo `find()` cursors read to the end,
// Tortoise/ormar/Beanie query sets; whether it folds the rows into a count or a total;
// and whether the route takes pagination parameters.
import type { Scope } from '../../server/src/analysis/facts';
import { annotationRef } from '../../server/src/analysis/annotations';
import { calledMethods, chainAbove, chainOf, isAwaitedExpression, unwrap, useOf, withParens, type ChainLink } from '../../server/src/analysis/expressions';
import { dependencyParts, keywordArgs, positionalArgs, routeParams, type Route } from '../../server/src/analysis/fastapi';
import type { FileModel } from '../../server/src/analysis/model';
import { bodyCalls } from '../../server/src/analysis/summary';
import type { Val } from '../../server/src/analysis/resolve';
import type { Node } from '../../server/src/analysis/tree';
import { AGGREGATORS, AND_FUNCTIONS, BOUND_LINKS, COLLECT_LINKS, EXECUTE_METHODS, FILTER_LINKS, LIMIT_PARAMS, MONGO_COLLECTIONS, ORM_COLLECTIONS, PAGINATION_MODULES, QUERY_SESSIONS, SELECT_FUNCTIONS } from '../data/dataAccess';
import { argument, returnedValue, singleAssignment } from './routes';

export interface UnboundedSource {
  kind: 'select' | 'query' | 'mongo' | 'orm';
  /** The call that loads the rows (the execution of a statement, the query, the find). */
  node: Node;
  /** Short description for messages: `select(Item)`, `db.query(Item)`. */
  label: string;
  /** Where `.offset(skip).limit(limit)` can go, for simple SQLAlchemy chains. */
  insertAt?: number;
}

/** Methods that may start a whole-collection load (the callee is then resolved to be sure). */
const ORM_METHODS = new Set(['find', 'all', 'filter', 'exclude', 'find_all', 'find_many']);
const MATERIALIZERS = new Set(['builtins.list', 'builtins.tuple', 'builtins.set', 'builtins.sorted']);

function text(model: FileModel, n: Node): string {
  return model.text.slice(n.startIndex, n.endIndex);
}

function short(s: string): string {
  const one = s.replace(/\s+/g, ' ');
  return one.length > 40 ? `${one.slice(0, 37)}...` : one;
}

/** `to_list(100)` and `to_list(length=100)` are bounded; `to_list(None)` and `to_list()` are not. */
function limitedToList(call: Node): boolean {
  const a = argument(call, 0, 'length');
  return !!a && unwrap(a)?.type !== 'none';
}

/** Whether a chain bounds its rows: `.limit()`, `.slice()`, a subscript, or a single-row terminal. */
function boundedChain(links: readonly ChainLink[]): boolean {
  if (links.some((l) => l.kind === 'subscript')) return true;
  return calledMethods(links).some((m) => BOUND_LINKS.has(m.name) || (m.name === 'to_list' && limitedToList(m.call)));
}

/** A SQLAlchemy statement or subquery (`select(...)...`, `q.subquery()`), directly or through a name bound once. */
function isStatement(model: FileModel, fn: Scope, node: Node | null): boolean {
  let n = unwrap(node);
  if (n?.type === 'identifier') n = unwrap(singleAssignment(model, fn, n.text));
  if (!n) return false;
  const ch = chainOf(n);
  if (calledMethods(ch.links).some((m) => m.name === 'subquery' || m.name === 'scalar_subquery' || m.name === 'select')) return true;
  const first = ch.links[0];
  if (first?.kind !== 'call' || ch.base.type !== 'identifier' && ch.base.type !== 'attribute') return false;
  const v = model.valueOf(ch.base, fn);
  return v.k === 'ref' && SELECT_FUNCTIONS.has(v.q);
}

/** `X.in_(ids)` among a filter's conjuncts (`and_(...)` looked into), with `ids` values rather than a subquery. */
function inValues(model: FileModel, fn: Scope, cond: Node | null): boolean {
  const n = unwrap(cond);
  if (n?.type !== 'call') return false;
  const callee = n.childForFieldName('function');
  if (callee?.type === 'attribute' && callee.childForFieldName('attribute')?.text === 'in_') {
    const arg = positionalArgs(n)[0] ?? null;
    return !!arg && !isStatement(model, fn, arg);
  }
  const v = callee ? model.valueOf(callee, fn) : null;
  return v?.k === 'ref' && AND_FUNCTIONS.has(v.q) && positionalArgs(n).some((a) => inValues(model, fn, a));
}

/**
 * A statement filtered to a given set of keys (`.where(M.id.in_(ids))`): it returns at most
 * one row per value the route already holds, not the table.
 */
function filteredToValues(model: FileModel, fn: Scope, links: readonly ChainLink[]): boolean {
  return calledMethods(links).some((m) => FILTER_LINKS.has(m.name) && positionalArgs(m.call).some((a) => inValues(model, fn, a)));
}

/** Bounded by its chain, or by a filter on a set of values. */
function boundedRows(model: FileModel, fn: Scope, links: readonly ChainLink[]): boolean {
  return boundedChain(links) || filteredToValues(model, fn, links);
}

function collects(links: readonly ChainLink[]): boolean {
  return calledMethods(links).some((m) => COLLECT_LINKS.has(m.name));
}

/** The calls a function body executes (its comprehensions included). */
export function calls(fn: Scope): Node[] {
  return bodyCalls(fn).map((c) => c.call.node);
}

function isName(node: Node | null, name: string): boolean {
  const n = unwrap(node);
  return n?.type === 'identifier' && n.text === name;
}

/** A local name whose only binding gives every row: returned, iterated, listed, or `.all()`-ed. */
function nameConsumedWhole(model: FileModel, fn: Scope, name: string): boolean {
  const list = model.bindings(fn).names.get(name);
  if (!list || list.length !== 1) return false;
  for (const r of fn.returns) if (isName(returnedValue(r), name)) return true;
  const loops = [...fn.bindingNodes, ...fn.children.filter((c) => c.kind === 'comprehension').flatMap((c) => c.bindingNodes)];
  for (const n of loops) if ((n.type === 'for_statement' || n.type === 'for_in_clause') && isName(n.childForFieldName('right'), name)) return true;
  for (const c of calls(fn)) {
    const ch = chainOf(c);
    if (!isName(ch.base, name)) {
      // list(result), sorted(rows): resolved only when the argument is the name.
      if (!isName(positionalArgs(c)[0] ?? null, name)) continue;
      const v = model.valueOf(c.childForFieldName('function')!, fn);
      if (v.k === 'ref' && MATERIALIZERS.has(v.q)) return true;
      continue;
    }
    // `result.scalars().all()`, or `for row in result.scalars():`.
    if (!boundedChain(ch.links) && (collects(ch.links) || useOf(c).kind === 'iterate')) return true;
  }
  return false;
}

/** Whether the value of `node` (a result, cursor or query set) ends up as every row. */
function consumedWhole(model: FileModel, fn: Scope, node: Node): boolean {
  const above = chainAbove(node);
  if (boundedChain(above.links)) return false;
  if (collects(above.links)) return true;
  const use = useOf(above.top);
  switch (use.kind) {
    case 'return':
    case 'iterate':
      return true;
    case 'argument': {
      const v = model.valueOf(use.call.childForFieldName('function')!, fn);
      return v.k === 'ref' && MATERIALIZERS.has(v.q) && unwrap(positionalArgs(use.call)[0] ?? null)?.id === unwrap(above.top)?.id;
    }
    case 'assign':
      return nameConsumedWhole(model, fn, use.name);
    default:
      return false;
  }
}

/** `db.execute(stmt)`-like: a method that runs its first argument. */
function executesFirstArgument(call: Node): Node | null {
  const fn = call.childForFieldName('function');
  if (fn?.type !== 'attribute' || !EXECUTE_METHODS.has(fn.childForFieldName('attribute')?.text ?? '')) return null;
  return positionalArgs(call)[0] ?? null;
}

function isAggregate(model: FileModel, fn: Scope, select: Node): boolean {
  return positionalArgs(select).some((a) => {
    const n = unwrap(a);
    if (n?.type !== 'call') return false;
    const v = model.valueOf(n.childForFieldName('function')!, fn);
    return v.k === 'ref' && /^(sqlalchemy|sqlmodel)\.(sql\.functions|func)\./.test(v.q);
  });
}

/** Every binding of a statement variable is a chain; true when one of them bounds it (or one is opaque). */
function bindingsBound(model: FileModel, fn: Scope, name: string): boolean {
  for (const b of model.bindings(fn).names.get(name) ?? []) {
    if (b.k !== 'value' || !b.node) return true;
    if (boundedRows(model, fn, chainOf(b.node).links)) return true;
  }
  return false;
}

function selectSources(model: FileModel, fn: Scope, out: UnboundedSource[], seen: Set<number>): void {
  for (const q of SELECT_FUNCTIONS) {
    for (const s of model.callsTo(q)) {
      if (model.executingFunction(s.scope) !== fn || isAggregate(model, fn, s.node)) continue;
      const above = chainAbove(s.node);
      if (boundedRows(model, fn, above.links)) continue;
      const first = positionalArgs(s.node)[0];
      const label = `select(${first ? short(text(model, first)) : ''})`;
      const use = useOf(above.top);
      const add = (exec: Node, insertAt: number): void => {
        if (seen.has(exec.id) || !consumedWhole(model, fn, exec)) return;
        seen.add(exec.id);
        out.push({ kind: 'select', node: exec, label, insertAt });
      };
      if (use.kind === 'argument') {
        if (unwrap(executesFirstArgument(use.call))?.id === unwrap(above.top)?.id) add(use.call, above.top.endIndex);
      } else if (use.kind === 'assign' && !bindingsBound(model, fn, use.name)) {
        for (const c of calls(fn)) {
          const arg = executesFirstArgument(c);
          if (!arg) continue;
          const ch = chainOf(arg);
          if (isName(ch.base, use.name) && !boundedRows(model, fn, ch.links)) add(c, arg.endIndex);
        }
      }
    }
  }
}

/** The receiver type of a method call's callee name (`sqlalchemy.orm.Session` for `...Session.query`). */
function receiverType(q: string, method: string): string | null {
  return q.endsWith(`.${method}`) ? q.slice(0, -method.length - 1) : null;
}

function otherSources(model: FileModel, fn: Scope, out: UnboundedSource[]): void {
  for (const node of calls(fn)) {
    const callee = node.childForFieldName('function');
    if (callee?.type !== 'attribute') continue;
    const method = callee.childForFieldName('attribute')?.text ?? '';
    if (method !== 'query' && !ORM_METHODS.has(method)) continue;
    const v = model.valueOf(callee, fn);
    if (v.k !== 'ref') continue;
    const label = short(text(model, node));
    if (method === 'query') {
      const t = receiverType(v.q, 'query');
      if (!t || !model.resolver.isSubclass(t, QUERY_SESSIONS)) continue;
      const above = chainAbove(node);
      if (boundedRows(model, fn, above.links) || !consumedWhole(model, fn, node)) continue;
      // `.offset().limit()` goes before the terminal `.all()`, or at the end of a returned query.
      const all = above.links.findIndex((l) => l.kind === 'attr' && COLLECT_LINKS.has(l.name));
      const insertAt = all !== -1 ? above.links[all].node.childForFieldName('object')!.endIndex : useOf(above.top).kind === 'return' ? above.top.endIndex : undefined;
      out.push({ kind: 'query', node, label, insertAt });
    } else if (method === 'find' && model.resolver.isSubclass(receiverType(v.q, 'find')!, MONGO_COLLECTIONS)) {
      if (!keywordArgs(node).has('limit') && consumedWhole(model, fn, node)) out.push({ kind: 'mongo', node, label });
    } else if (ORM_COLLECTIONS.has(v.q)) {
      if (keywordArgs(node).has('limit')) continue;
      const above = chainAbove(node);
      // A query set is evaluated when awaited, iterated or listed; `.count()`, `.first()` bound it.
      if (!boundedChain(above.links) && (consumedWhole(model, fn, node) || isAwaitedExpression(above.top))) out.push({ kind: 'orm', node, label });
    }
  }
}



/** The whole-collection loads of a function, in document order. */
export function unboundedSources(model: FileModel, fn: Scope): UnboundedSource[] {
  const out: UnboundedSource[] = [];
  selectSources(model, fn, out, new Set());
  otherSources(model, fn, out);
  return out.sort((a, b) => a.node.startIndex - b.node.startIndex);
}

// ---- rows the route returns -------------------------------------------------------------

const DISPLAYS = new Set(['list', 'tuple', 'set', 'dictionary', 'pair', 'expression_list', 'binary_operator']);
const APPENDERS = new Set(['append', 'extend', 'add', 'update']);
const NESTED_SCOPES = new Set(['function_definition', 'lambda', 'class_definition']);

/** Reads of a local name in a function's own code (not its nested definitions, not binding targets). */
function readsOf(fn: Scope, name: string): Node[] {
  const out: Node[] = [];
  const walk = (n: Node): void => {
    for (const c of n.namedChildren) {
      if (!c || NESTED_SCOPES.has(c.type)) continue;
      if (c.type === 'identifier') {
        if (c.text === name && isRead(c)) out.push(c);
      } else walk(c);
    }
  };
  const body = fn.node?.childForFieldName('body');
  if (body) walk(body);
  return out;
}

function isRead(id: Node): boolean {
  const p = id.parent;
  if (!p) return false;
  if (p.type === 'attribute') return p.childForFieldName('object')?.id === id.id;
  if (p.type === 'keyword_argument') return p.childForFieldName('value')?.id === id.id;
  if (p.type === 'assignment' || p.type === 'augmented_assignment') return p.childForFieldName('right')?.id === id.id;
  if (p.type === 'for_statement' || p.type === 'for_in_clause') return p.childForFieldName('right')?.id === id.id;
  return true;
}

/** A call that hands its argument on as (part of) its value: `list(rows)`, a class built from it (`Page(items=rows)`). */
function carriesArgument(model: FileModel, fn: Scope, call: Node): boolean {
  const callee = call.childForFieldName('function');
  const v = callee ? model.valueOf(callee, fn) : null;
  if (v?.k !== 'ref') return false;
  return MATERIALIZERS.has(v.q) || !!model.resolver.cls(v.q);
}

/** Local lists a loop body collects into (`out.append(...)`, `names.add(...)`). */
function collectedInto(loop: Node): string[] {
  const out: string[] = [];
  for (const c of loop.childForFieldName('body')?.descendantsOfType('call') ?? []) {
    const f = c?.childForFieldName('function');
    if (f?.type !== 'attribute' || !APPENDERS.has(f.childForFieldName('attribute')?.text ?? '')) continue;
    const obj = unwrap(f.childForFieldName('object'));
    if (obj?.type === 'identifier') out.push(obj.text);
  }
  return out;
}

/**
 * Whether the value at `node` (rows, or a collection built from them) reaches a `return`:
 * through result methods (`.scalars().all()`), local names, comprehensions and loops that
 * collect into a returned list, displays (`{"items": rows}`) and model constructors. A row
 * count (`len(rows)`), a membership test (`x in rows`), an unknown call, a single row
 * (`rows[0]`) stop it: the route then returns something else than the collection.
 */
function reachesReturn(model: FileModel, fn: Scope, node: Node, seen: Set<string>): boolean {
  let cur = node;
  for (let guard = 0; guard < 100; guard++) {
    while (cur.parent && (cur.parent.type === 'parenthesized_expression' || cur.parent.type === 'await')) cur = cur.parent;
    const p = cur.parent;
    if (!p) return false;
    switch (p.type) {
      case 'return_statement':
        return true;
      case 'attribute':
        if (p.childForFieldName('object')?.id !== cur.id || p.parent?.type !== 'call') return false;
        cur = p.parent; // a method of the result: `.all()`, `.scalars()`
        continue;
      case 'argument_list':
      case 'keyword_argument': {
        const call = p.type === 'argument_list' ? p.parent : p.parent?.parent;
        if (call?.type !== 'call' || !carriesArgument(model, fn, call)) return false;
        cur = call;
        continue;
      }
      case 'for_in_clause': {
        if (p.childForFieldName('right')?.id !== cur.id || !p.parent) return false;
        cur = p.parent; // the comprehension maps the rows
        continue;
      }
      case 'for_statement':
        if (p.childForFieldName('right')?.id !== cur.id) return false;
        return collectedInto(p).some((n) => reachesName(model, fn, n, seen));
      case 'assignment': {
        const left = p.childForFieldName('left');
        if (p.childForFieldName('right')?.id !== cur.id || left?.type !== 'identifier') return false;
        return reachesName(model, fn, left.text, seen);
      }
      case 'conditional_expression':
        if (p.namedChildren[1]?.id === cur.id) return false; // the condition: `rows[0] if rows else None`
        cur = p;
        continue;
      default:
        if (!DISPLAYS.has(p.type)) return false;
        cur = p;
    }
  }
  return false;
}

function reachesName(model: FileModel, fn: Scope, name: string, seen: Set<string>): boolean {
  if (seen.has(name)) return false;
  seen.add(name);
  return readsOf(fn, name).some((r) => reachesReturn(model, fn, r, seen));
}

/** Whether the rows a source loads are (part of) what the route returns. */
export function returnsRows(model: FileModel, fn: Scope, source: UnboundedSource): boolean {
  return reachesReturn(model, fn, source.node, new Set());
}

// ---- rows folded into one value ------------------------------------------------------

function aggregatorCall(model: FileModel, fn: Scope, call: Node): boolean {
  const callee = call.childForFieldName('function');
  const v = callee ? model.valueOf(callee, fn) : null;
  return v?.k === 'ref' && AGGREGATORS.has(v.q);
}

/** The loop a value is iterated by (`for x in value`, `... for x in value`), through parentheses. */
function loopOver(node: Node): Node | null {
  const p = withParens(node).parent;
  return p?.type === 'for_statement' || p?.type === 'for_in_clause' ? p : null;
}

/** The name an assignment target is rooted in: `total`, `counts` for `counts[k]`, `self` for `self.n`. */
function targetRoot(target: Node | null): Node | null {
  let n = target;
  while (n && (n.type === 'subscript' || n.type === 'attribute')) n = n.childForFieldName(n.type === 'subscript' ? 'value' : 'object');
  return n?.type === 'identifier' ? n : null;
}

/** A loop body that accumulates: `total += x`, or an assignment reading its own target (`counts[k] = counts.get(k, 0) + 1`). */
function accumulates(body: Node): boolean {
  for (const a of body.descendantsOfType(['augmented_assignment', 'assignment'])) {
    if (!a) continue;
    if (a.type === 'augmented_assignment') return true;
    const root = targetRoot(a.childForFieldName('left'));
    const right = a.childForFieldName('right');
    if (root && right && right.descendantsOfType('identifier').some((i) => i?.text === root.text)) return true;
  }
  return false;
}

/** A loop that folds what it iterates: a `for` whose body accumulates, or a comprehension handed to `sum()`/`len()`. */
function foldingLoop(model: FileModel, fn: Scope, loop: Node, depth: number): boolean {
  if (loop.type === 'for_statement') {
    const body = loop.childForFieldName('body');
    return !!body && accumulates(body);
  }
  const comprehension = loop.parent;
  return !!comprehension && folded(model, fn, comprehension, depth);
}

/** Whether a value ends up folded into one value: handed to an aggregator, looped over into an accumulator, or bound to a name that is. */
function folded(model: FileModel, fn: Scope, value: Node, depth: number): boolean {
  if (depth > 2) return false;
  const top = chainAbove(value).top;
  // `sum(x for x in rows)`: the generator expression is the call's argument list.
  if (top.type === 'generator_expression' && top.parent?.type === 'call') return aggregatorCall(model, fn, top.parent);
  const use = useOf(top);
  if (use.kind === 'argument') return aggregatorCall(model, fn, use.call);
  if (use.kind === 'iterate') {
    const loop = loopOver(top);
    return !!loop && foldingLoop(model, fn, loop, depth);
  }
  if (use.kind !== 'assign' || model.bindings(fn).names.get(use.name)?.length !== 1) return false;
  for (const c of calls(fn)) if (isName(positionalArgs(c)[0] ?? null, use.name) && aggregatorCall(model, fn, c)) return true;
  const loops = [...fn.bindingNodes, ...fn.children.filter((c) => c.kind === 'comprehension').flatMap((c) => c.bindingNodes)];
  return loops.some((n) => (n.type === 'for_statement' || n.type === 'for_in_clause') && isName(n.childForFieldName('right'), use.name) && foldingLoop(model, fn, n, depth + 1));
}

/**
 * Whether the rows a source loads are folded into a count or a total (`len(rows)`,
 * `sum(o.amount for o in rows)`, `for o in rows: total += o.amount`) rather than returned:
 * a page of them would give a wrong answer, so no pagination is offered.
 */
export function aggregatesRows(model: FileModel, fn: Scope, source: UnboundedSource): boolean {
  return folded(model, fn, source.node, 0);
}

// ---- pagination -----------------------------------------------------------------------

/** Whether a dependency (a function, a class, or a pagination library helper) provides limit-like values. */
function providesLimit(model: FileModel, v: Val): boolean {
  for (const part of dependencyParts(model, v)) {
    if (PAGINATION_MODULES.test(part.q) || part.names.some((n) => LIMIT_PARAMS.has(n))) return true;
  }
  return false;
}

/** True when a route takes pagination: a limit-like parameter, a paginating dependency, fastapi-pagination. */
export function isPaginated(model: FileModel, fn: Scope, route: Route): boolean {
  const outer = fn.parent ?? model.moduleScope;
  for (const p of routeParams(model, fn)) {
    if (LIMIT_PARAMS.has(p.name)) return true;
    if (p.marker && (p.marker.kind === 'Depends' || p.marker.kind === 'Security' || p.marker.kind === 'Query')) {
      const target = argument(p.marker.call, 0, 'dependency');
      const v = target && p.marker.kind !== 'Query' ? model.valueOf(target, outer) : p.type;
      if (providesLimit(model, v)) return true;
    }
    if (p.type.k === 'inst' && PAGINATION_MODULES.test(p.type.t)) return true;
  }
  const deps = route.kwargs.get('dependencies');
  for (const d of deps?.namedChildren ?? []) {
    if (d?.type !== 'call') continue;
    const target = argument(d, 0, 'dependency');
    if (target && providesLimit(model, model.valueOf(target, outer))) return true;
  }
  for (const node of calls(fn)) {
    const v = model.valueOf(node.childForFieldName('function')!, fn);
    if (v.k === 'ref' && PAGINATION_MODULES.test(v.q)) return true;
  }
  // `-> Page[Item]` / `response_model=Page[Item]` from fastapi-pagination.
  for (const t of [fn.node?.childForFieldName('return_type'), route.kwargs.get('response_model')]) {
    const ref = t ? annotationRef(t, model.text) : null;
    const v = ref ? model.resolveName(ref, outer, fn.start) : null;
    if (v?.k === 'ref' && PAGINATION_MODULES.test(v.q)) return true;
  }
  return false;
}
