// FastAPI facts: app and router objects, routes (path operations) with their methods,
// path, keyword arguments and parameters, and the Depends(...) edges between functions.
import type { Node } from './tree';
import { annotatedMetadata, annotationRef } from './annotations';
import type { Scope } from './facts';
import type { FileModel } from './model';
import { parseRef } from './refs';
import { UNKNOWN_VAL, type Resolver, type Val } from './resolve';
import { parameters } from './scopes';
import type { FnSummary } from './summary';

/** Decorator attribute -> HTTP methods it registers. */
export const ROUTE_DECORATORS: Record<string, string[]> = {
  get: ['GET'],
  post: ['POST'],
  put: ['PUT'],
  patch: ['PATCH'],
  delete: ['DELETE'],
  head: ['HEAD'],
  options: ['OPTIONS'],
  trace: ['TRACE'],
  api_route: ['GET'],
  websocket: ['WEBSOCKET'],
};

export const APP_TYPES: ReadonlySet<string> = new Set(['fastapi.FastAPI', 'fastapi.APIRouter']);

type ParamMarker = 'Query' | 'Path' | 'Body' | 'Header' | 'Cookie' | 'Form' | 'File' | 'Depends' | 'Security';
const MARKERS: Record<string, ParamMarker> = {
  'fastapi.Query': 'Query',
  'fastapi.Path': 'Path',
  'fastapi.Body': 'Body',
  'fastapi.Header': 'Header',
  'fastapi.Cookie': 'Cookie',
  'fastapi.Form': 'Form',
  'fastapi.File': 'File',
  'fastapi.Depends': 'Depends',
  'fastapi.Security': 'Security',
};

export interface RouteParam {
  name: string;
  index: number;
  node: Node;
  annotation: Node | null;
  default: Node | null;
  /** The declared type (annotation unwrapped from Annotated/Optional), as an instance value. */
  type: Val;
  /** Query(...)/Path(...)/Depends(...) given as default or in Annotated metadata. */
  marker: { kind: ParamMarker; call: Node; inAnnotation: boolean } | null;
}

export interface Route {
  fn: Scope;
  /** The decorator's call node (`app.get("/items")`). */
  decorator: Node;
  /** Decorator attribute: get, post, api_route, websocket ... */
  verb: string;
  methods: string[];
  path: string | null;
  /** Keyword arguments of the decorator by name (response_model, response_class, dependencies ...). */
  kwargs: Map<string, Node>;
  owner: Val;
}

export function keywordArgs(call: Node): Map<string, Node> {
  const out = new Map<string, Node>();
  for (const a of call.childForFieldName('arguments')?.namedChildren ?? []) {
    if (a?.type !== 'keyword_argument') continue;
    const name = a.childForFieldName('name');
    const value = a.childForFieldName('value');
    if (name && value) out.set(name.text, value);
  }
  return out;
}

export function positionalArgs(call: Node): Node[] {
  const args = call.childForFieldName('arguments');
  return (args?.namedChildren ?? []).filter((a): a is Node => !!a && a.type !== 'keyword_argument' && a.type !== 'comment');
}

/** The value of a plain string literal (no f-string, no concatenation), else null. */
export function stringValue(node: Node | null, text: string): string | null {
  if (!node || node.type !== 'string') return null;
  if (node.namedChildren.some((c) => c?.type === 'interpolation')) return null;
  const content = node.namedChildren.filter((c) => c?.type === 'string_content');
  return content.map((c) => text.slice(c!.startIndex, c!.endIndex)).join('');
}

export function decoratorsOf(fnNode: Node): Node[] {
  const parent = fnNode.parent;
  if (!parent || parent.type !== 'decorated_definition') return [];
  return parent.namedChildren.filter((c): c is Node => !!c && c.type === 'decorator');
}

const routeCache = new WeakMap<FileModel, Map<Scope, Route | null>>();

/** The route a function defines, when it is decorated by a FastAPI app or router method. */
/** How messages name a route: `GET /items`, `GET, POST /search`, `WEBSOCKET /ws`; the path is the decorator's (a router prefix is not known here). */
export function routeLabel(route: Route): string {
  const methods = route.methods.length > 0 ? route.methods.join(', ') : route.verb.toUpperCase();
  return route.path !== null ? `${methods} ${route.path}` : methods;
}

export function routeOf(model: FileModel, fn: Scope): Route | null {
  if (fn.kind !== 'function' || !fn.node) return null;
  let cache = routeCache.get(model);
  if (!cache) routeCache.set(model, (cache = new Map()));
  if (cache.has(fn)) return cache.get(fn)!;
  let route: Route | null = null;
  const outer = fn.parent ?? model.moduleScope;
  for (const d of decoratorsOf(fn.node)) {
    const call = d.firstNamedChild;
    if (call?.type !== 'call') continue;
    const callee = call.childForFieldName('function');
    if (callee?.type !== 'attribute') continue;
    const verb = callee.childForFieldName('attribute')?.text ?? '';
    if (!(verb in ROUTE_DECORATORS)) continue;
    const owner = model.valueOf(callee.childForFieldName('object')!, outer);
    if (owner.k !== 'inst' || !model.resolver.isSubclass(owner.t, APP_TYPES)) continue;
    const kwargs = keywordArgs(call);
    let methods = ROUTE_DECORATORS[verb];
    if (verb === 'api_route') {
      const m = kwargs.get('methods');
      const listed = m ? m.namedChildren.map((c) => stringValue(c, model.text)).filter((s): s is string => !!s) : [];
      if (listed.length > 0) methods = listed.map((s) => s.toUpperCase());
    }
    const first = positionalArgs(call)[0] ?? kwargs.get('path') ?? null;
    route = { fn, decorator: call, verb, methods, path: stringValue(first, model.text), kwargs, owner };
    break;
  }
  cache.set(fn, route);
  return route;
}

/** Parameters of a function with their FastAPI markers and declared types. */
export function routeParams(model: FileModel, fn: Scope): RouteParam[] {
  if (!fn.node) return [];
  const outer = fn.parent ?? model.moduleScope;
  return parameters(fn.node, model.text).map((p, index) => {
    const b = p.binding;
    let marker: RouteParam['marker'] = null;
    const consider = (n: Node | null, inAnnotation: boolean): void => {
      if (marker || !n || n.type !== 'call') return;
      const fnNode = n.childForFieldName('function');
      if (!fnNode) return;
      const v = model.valueOf(fnNode, outer);
      const kind = v.k === 'ref' ? MARKERS[v.q] : undefined;
      if (kind) marker = { kind, call: n, inAnnotation };
    };
    for (const meta of annotatedMetadata(b.annNode, model.text)) consider(meta, true);
    consider(b.defNode, false);
    const annRef = annotationRef(b.annNode, model.text);
    const type = annRef ? model.resolver.typeOf(model.resolver.evalRef(annRef, model.env(outer), fn.start)) : UNKNOWN_VAL;
    return { name: p.name, index, node: b.node, annotation: b.annNode, default: b.defNode, type, marker };
  });
}

/** Route-ness from a summary alone (for other modules and the call graph). */
export function isRouteSummary(resolver: Resolver, module: string, fn: FnSummary): boolean {
  for (const d of fn.decorators) {
    const parsed = parseRef(d);
    if (!parsed || parsed.ops.length < 2) continue;
    const last = parsed.ops[parsed.ops.length - 1];
    const verb = parsed.ops[parsed.ops.length - 2];
    if (last.op !== 'call' || verb.op !== 'attr' || !(verb.name in ROUTE_DECORATORS)) continue;
    const objRef = d.slice(0, d.length - verb.name.length - 3);
    const env = fn.parent ? resolverFnEnv(resolver, module, fn.parent) : resolver.moduleEnv(module);
    const owner = resolver.evalRef(objRef, env, fn.start);
    if (owner.k === 'inst' && resolver.isSubclass(owner.t, APP_TYPES)) return true;
  }
  return false;
}

function resolverFnEnv(resolver: Resolver, module: string, q: string) {
  const f = resolver.fn(`${module}.${q}`);
  return f ? resolver.fnEnv(module, f.fn) : resolver.moduleEnv(module);
}

/** Whether an expression is the dependency given to `Depends(x)` / `Security(x)`: FastAPI calls it, not the code around. */
export function isDependencyArgument(model: FileModel, node: Node, scope: Scope): boolean {
  const args = node.parent;
  const call = args?.parent;
  if (args?.type !== 'argument_list' || call?.type !== 'call') return false;
  const fn = call.childForFieldName('function');
  return !!fn && model.resolver.isDepends(model.valueOf(fn, scope));
}

/** One thing a dependency is built from, with the names it declares. */
interface DependencyPart {
  /** Qualified name: the dependency itself, a sub-dependency, a class's `__init__` or base, a library helper. */
  q: string;
  /** What FastAPI fills from the request: a function's parameters, a class's fields (none for a library name). */
  names: readonly string[];
}

/** How far `dependencyParts` follows sub-dependencies, `__init__` and bases. */
const MAX_DEPENDENCY_DEPTH = 3;

/**
 * What a dependency (the value given to `Depends(...)`: a function, a class, a library helper)
 * provides, part by part: itself, then what it is built from (the dependencies its parameters
 * declare, a class's `__init__` and bases), depth first, each with the names it declares.
 * Lazy, so a caller that finds what it wants stops reading there.
 */
export function* dependencyParts(model: FileModel, v: Val, depth = 0): Generator<DependencyPart> {
  if (depth > MAX_DEPENDENCY_DEPTH) return;
  const q = v.k === 'ref' ? v.q : v.k === 'inst' ? v.t : null;
  if (!q) return;
  const r = model.resolver;
  const f = r.fn(q);
  if (f) {
    yield { q, names: r.detail(f.module, f.fn)?.params.map((p) => p.name) ?? [] };
    const env = r.moduleEnv(f.module);
    for (const dep of f.fn.depCalls) {
      if (r.isDepends(r.evalRef(dep.callee, env, f.fn.start))) yield* dependencyParts(model, r.evalRef(dep.arg, env, f.fn.start), depth + 1);
    }
    return;
  }
  const c = r.cls(q);
  if (!c) {
    yield { q, names: [] };
    return;
  }
  yield { q, names: c.cls.attrs.map((a) => a.name) };
  const init = c.cls.methods.__init__;
  if (init) yield* dependencyParts(model, { k: 'ref', q: `${c.module}.${init}` }, depth + 1);
  for (const b of r.bases(c.module, c.cls)) yield* dependencyParts(model, b, depth + 1);
}
