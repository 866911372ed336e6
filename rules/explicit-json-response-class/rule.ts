import { unwrap, useOf } from '../../server/src/analysis/expressions';
import { isRouteSummary, keywordArgs, positionalArgs, routeOf, type Route } from '../../server/src/analysis/fastapi';
import type { Scope } from '../../server/src/analysis/facts';
import type { FileModel } from '../../server/src/analysis/model';
import { parseRef } from '../../server/src/analysis/refs';
import type { Node } from '../../server/src/analysis/tree';
import type { Rule } from '../../server/src/ruleApi/rule';
import { atLeast, describeVersion, ANY_VERSION } from '../../server/src/ruleApi/versions';
import { APP_CONSTRUCTORS, JSON_RESPONSE, RESPONSE } from '../data/responses';
import { removeArgument } from '../shared/edits';
import { routesOf } from '../shared/routes';

const RESPONSES: ReadonlySet<string> = new Set([RESPONSE]);
const INCLUDE_ROUTER = ['fastapi.FastAPI.include_router', 'fastapi.APIRouter.include_router'];

/** `JSONResponse` itself (fastapi's or starlette's): a workspace subclass is a rendering the team chose. */
function isJsonResponse(model: FileModel, node: Node | undefined, scope: Scope): boolean {
  if (!node) return false;
  const v = model.valueOf(node, scope);
  return v.k === 'ref' && v.q === JSON_RESPONSE;
}

/**
 * Whether FastAPI gives a route a response field (what `dump_json` serializes): a
 * `response_model` other than None, else a return annotation that is not None or a Response.
 */
function hasResponseField(model: FileModel, fn: Scope, route: Route): boolean {
  if (route.verb === 'websocket') return false;
  const rm = route.kwargs.get('response_model');
  if (rm) return unwrap(rm)?.type !== 'none';
  const ann = fn.node?.childForFieldName('return_type');
  if (!ann || unwrap(ann)?.type === 'none') return false;
  const v = model.valueOf(ann, fn.parent ?? model.moduleScope);
  return !(v.k === 'ref' && model.resolver.isSubclass(v.q, RESPONSES));
}

/**
 * A route on a router of this file whose own default is another class (`APIRouter(
 * default_response_class=ORJSONResponse)`): its explicit JSONResponse opts out of that default,
 * and removing it would not bring the route back to the fast path.
 */
function optsOutOfOtherDefault(model: FileModel, route: Route): boolean {
  const owner = route.decorator.childForFieldName('function')?.childForFieldName('object');
  if (owner?.type !== 'identifier' || model.bindingScope(owner) !== 'module') return false;
  const ctor = moduleAssignment(model, owner.text);
  const drc = ctor?.type === 'call' ? keywordArgs(ctor).get('default_response_class') : undefined;
  return !!drc && !isJsonResponse(model, drc, model.moduleScope);
}

/**
 * The value a module-level name is given when the module binds it once, by assignment
 * (`router = APIRouter(...)`). Read from the summary and the whole file's tree: a per-chunk
 * run's scopes hold its own chunk only.
 */
function moduleAssignment(model: FileModel, name: string): Node | null {
  const list = model.moduleBinding(name);
  if (list.length !== 1 || list[0].k !== 'value') return null;
  for (const id of model.identifiers(name)) {
    const p = id.parent;
    if (p?.type === 'assignment' && p.childForFieldName('left')?.id === id.id && p.parent?.parent?.type === 'module') return unwrap(p.childForFieldName('right'));
  }
  return null;
}

/** The module-level name a call's result is bound to (`router = APIRouter(...)`). */
function boundName(model: FileModel, call: Node, scope: Scope): string | null {
  const use = useOf(call);
  return use.kind === 'assign' && scope.kind === 'module' && moduleAssignment(model, use.name)?.id === unwrap(call)?.id ? use.name : null;
}

/**
 * Routes of this file registered on the module-level name `name` (`@router.get(...)`) that
 * have a response field and no `response_class` of their own: the ones a default set on that
 * object reaches. Read from the whole file's tree (the routes may sit in chunks not analysed).
 */
function routesOnName(model: FileModel, name: string): number {
  let n = 0;
  for (const id of model.identifiers(name)) {
    const attr = id.parent;
    const call = attr?.parent;
    if (attr?.type !== 'attribute' || attr.childForFieldName('object')?.id !== id.id || call?.type !== 'call' || call.parent?.type !== 'decorator') continue;
    if (model.bindingScope(id) !== 'module') continue;
    const def = call.parent.parent?.childForFieldName('definition');
    // By offset, not `model.functions`: in a per-chunk run those hold the focused chunk only.
    const body = def?.childForFieldName('body');
    const scope = body ? model.scopeAt(body.startIndex) : null;
    const fn = scope && scope.node?.id === def?.id ? scope : null;
    const route = fn ? routeOf(model, fn) : null;
    if (fn && route && route.decorator.id === call.id && !route.kwargs.has('response_class') && hasResponseField(model, fn, route)) n++;
  }
  return n;
}

/**
 * Routes of module `m` registered on its module-level name `name`, from its summary: those
 * with a return annotation that is not None (a `response_model` is not in summaries, so this
 * is a lower bound).
 */
function routesInModule(model: FileModel, m: string, name: string): number {
  const r = model.resolver;
  const ms = r.summaryOf(m);
  if (!ms) return 0;
  let n = 0;
  for (const fn of Object.values(ms.functions)) {
    if (fn.parent || fn.cls || !fn.decorators.some((d) => parseRef(d)?.root === name) || !isRouteSummary(r, m, fn)) continue;
    const ann = r.detail(m, fn)?.retAnn;
    if (!ann || ann === 'None') continue;
    const t = r.evalRef(ann, r.moduleEnv(m), fn.start);
    if (!(t.k === 'ref' && r.isSubclass(t.q, RESPONSES))) n++;
  }
  return n;
}

/** `name.include_router(...)` calls anywhere in the file (read from the tree: they may sit in chunks a per-chunk run does not focus on). */
function includesOf(model: FileModel, name: string): Node[] {
  const out: Node[] = [];
  for (const id of model.identifiers(name)) {
    const attr = id.parent;
    const call = attr?.parent;
    if (attr?.type !== 'attribute' || attr.childForFieldName('object')?.id !== id.id || attr.childForFieldName('attribute')?.text !== 'include_router' || call?.type !== 'call') continue;
    if (model.bindingScope(id) !== 'module') continue;
    const v = model.valueOf(attr, model.scopeAt(call.startIndex));
    if (v.k === 'ref' && INCLUDE_ROUTER.includes(v.q)) out.push(call);
  }
  return out;
}

/** Routes a router expression (`items.router`, an imported `router`, a local one) carries that a default set for it reaches. */
function routesOfRouter(model: FileModel, expr: Node | undefined): number {
  const n = unwrap(expr ?? null);
  if (n?.type === 'identifier') {
    const bindings = model.moduleBinding(n.text);
    if (bindings.length !== 1 || model.bindingScope(n) !== 'module') return 0;
    const b = bindings[0];
    if (b.k === 'value') {
      // A router of this file: its own default, when it sets one, wins over the one given here.
      const ctor = moduleAssignment(model, n.text);
      if (ctor?.type !== 'call' || keywordArgs(ctor).has('default_response_class')) return 0;
      return routesOnName(model, n.text);
    }
    if (b.k !== 'import' || !b.t) return 0;
    const sp = model.resolver.split(b.t);
    return sp && sp[1] && !sp[1].includes('.') ? routesInModule(model, sp[0], sp[1]) : 0;
  }
  if (n?.type === 'attribute') {
    const mod = model.valueOf(n.childForFieldName('object')!, model.moduleScope);
    const sp = mod.k === 'ref' ? model.resolver.split(mod.q) : null;
    return sp && !sp[1] ? routesInModule(model, sp[0], n.childForFieldName('attribute')!.text) : 0;
  }
  return 0;
}

export const rule: Rule = {
  meta: {
    code: 'FPL206',
    id: 'explicit-json-response-class',
    family: 'responses',
    severity: 'warning',
    // On by default: the premise is mechanical (FastAPI's own routing code decides it); on 13 public FastAPI services the one finding (FastAPI 0.141) was worth fixing.
    fix: 'safe',
    docs: {
      summary: 'An explicit `JSONResponse` as `response_class` or `default_response_class` on FastAPI 0.130 or later, which takes routes with a declared return type off the Rust serializer.',
      why: 'From FastAPI 0.130 a route that declares its return type or `response_model` has its data validated and serialised to JSON bytes in one pass by Pydantic\'s Rust core (`dump_json`), about twice as fast as `jsonable_encoder` followed by the standard `json` module. FastAPI takes that path only while the route\'s response class is still the default placeholder: naming `JSONResponse` explicitly, even though it is the same class, puts the route back on `jsonable_encoder` + `json.dumps`. It is what projects often write when they move off `ORJSONResponse` (deprecated in 0.131). Reported: `response_class=JSONResponse` on a route with a response field, and `default_response_class=JSONResponse` on `FastAPI()`, `APIRouter()` or `include_router(...)` when at least one route it reaches declares a return type (routes of this file registered on that object, and routes of routers it includes, read from their modules). Not reported: other response classes (HTML, plain text, streams, files), a subclass of `JSONResponse` of your own (its `render` is a choice of output; it is off the fast path too), `ORJSONResponse`/`UJSONResponse` (FPL202), routes without a return type (FPL203), and projects whose FastAPI version is older than 0.130 or not known.',
      example: [
        '# fixture-versions: fastapi=0.135.0',
        'from fastapi import FastAPI',
        'from fastapi.responses import JSONResponse',
        'from pydantic import BaseModel',
        '',
        'app = FastAPI()',
        '',
        'class Item(BaseModel):',
        '    id: int',
        '',
        '@app.get("/items", response_class=JSONResponse)',
        'def items() -> list[Item]:',
        '    return [Item(id=i) for i in range(100)]',
      ].join('\n'),
      useInstead: [
        '# fixture-versions: fastapi=0.135.0',
        'from fastapi import FastAPI',
        'from pydantic import BaseModel',
        '',
        'app = FastAPI()',
        '',
        'class Item(BaseModel):',
        '    id: int',
        '',
        '@app.get("/items")',
        'def items() -> list[Item]:',
        '    return [Item(id=i) for i in range(100)]',
      ].join('\n'),
      fixSafety: 'The fix removes the argument (and the `JSONResponse` import when nothing else uses it). The response class stays `JSONResponse`, so headers and status codes do not change; Pydantic writes the JSON bytes instead of `json.dumps`, which can differ in corner cases (NaN and infinities, which `json.dumps` writes and Pydantic refuses by default). It is safe on `FastAPI()`, the outermost default. On a route, a router or `include_router(...)` it is offered as a suggestion only: a default set further out (the router, `include_router`, the app) would then apply instead.',
      versions: 'FastAPI >= 0.130, read from the project (an unknown version reports nothing: before 0.130 `JSONResponse` is what every route uses).',
      references: ['https://fastapi.tiangolo.com/advanced/custom-response/', 'https://fastapi.tiangolo.com/tutorial/response-model/', 'https://github.com/fastapi/fastapi/blob/master/fastapi/routing.py'],
    },
  },
  check(ctx) {
    const { model, versions } = ctx;
    // Only a version the project states: before 0.130 an explicit JSONResponse is what FastAPI does anyway.
    const v = versions.fastapi;
    if (!v || v.version === ANY_VERSION || !atLeast(v, '0.130')) return;
    const fastapi = describeVersion('fastapi', v);
    const message = (keyword: string): string => `\`${keyword}=JSONResponse\` turns off FastAPI 0.130+'s Rust serializer for declared return types; remove it`;
    const detail = (routes: number | null): string =>
      `FastAPI serializes a declared return type in Rust only when the response class is the default (${fastapi}).${routes === null ? '' : ` Routes affected: ${routes}.`}`;
    const report = (call: Node, value: Node, keyword: string, routes: number | null, outermost: boolean): void => {
      const edit = removeArgument(call, value.parent!);
      ctx.report({
        node: value,
        message: message(keyword),
        detail: detail(routes),
        fix: edit ? { title: `Remove \`${keyword}=JSONResponse\``, edits: [edit], applicability: outermost ? 'safe' : 'unsafe' } : undefined,
      });
    };

    // response_class=JSONResponse on a route FastAPI gives a response field.
    for (const { fn, route } of routesOf(model)) {
      const rc = route.kwargs.get('response_class');
      if (!rc || rc.parent?.type !== 'keyword_argument' || !isJsonResponse(model, rc, fn.parent ?? model.moduleScope) || !hasResponseField(model, fn, route) || optsOutOfOtherDefault(model, route)) continue;
      report(route.decorator, rc, 'response_class', null, false);
    }

    // default_response_class=JSONResponse on an app or a router: the routes it reaches.
    for (const q of APP_CONSTRUCTORS) {
      for (const call of model.callsTo(q)) {
        const drc = keywordArgs(call.node).get('default_response_class');
        if (!drc || !isJsonResponse(model, drc, call.scope)) continue;
        const name = boundName(model, call.node, call.scope);
        if (!name) continue;
        let routes = routesOnName(model, name);
        if (q === 'fastapi.FastAPI') {
          // Routers the app includes without a default of their own.
          for (const inc of includesOf(model, name)) {
            if (keywordArgs(inc).has('default_response_class')) continue;
            routes += routesOfRouter(model, positionalArgs(inc)[0] ?? keywordArgs(inc).get('router'));
          }
        }
        if (routes > 0) report(call.node, drc, 'default_response_class', routes, q === 'fastapi.FastAPI');
      }
    }

    // include_router(router, default_response_class=JSONResponse).
    for (const iq of INCLUDE_ROUTER) {
      for (const inc of model.callsTo(iq)) {
        const drc = keywordArgs(inc.node).get('default_response_class');
        if (!drc || !isJsonResponse(model, drc, inc.scope)) continue;
        const routes = routesOfRouter(model, positionalArgs(inc.node)[0] ?? keywordArgs(inc.node).get('router'));
        if (routes > 0) report(inc.node, drc, 'default_response_class', routes, false);
      }
    }
  },
};
