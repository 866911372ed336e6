import { isTinyPayload, unwrap, useOf } from '../../server/src/analysis/expressions';
import type { CallFact, Scope } from '../../server/src/analysis/facts';
import type { FileModel } from '../../server/src/analysis/model';
import { keywordArgs, positionalArgs, routeOf } from '../../server/src/analysis/fastapi';
import type { Node } from '../../server/src/analysis/tree';
import { PER_REQUEST_ENTRY, type Rule, type RuleContext } from '../../server/src/ruleApi/rule';
import { shortCode } from '../../server/src/ruleApi/message';
import { atLeast, describeVersion } from '../../server/src/ruleApi/versions';
import { APP_CONSTRUCTORS, JSON_RESPONSE, PYDANTIC_MODEL, RESPONSE } from '../data/responses';
import { appendArguments } from '../shared/edits';
import { libraryName } from '../shared/imports';
import { argument, hasSplat, holdsCollection, isErrorResponse, returnedValue, routesOf, throughLocal } from '../shared/routes';

/** The swap to `ORJSONResponse` at `node` (a name or attribute naming JSONResponse). */
function swapFix(ctx: RuleContext, node: Node) {
  const name = libraryName(ctx, 'fastapi.responses.ORJSONResponse', node.startIndex);
  if (!name) return undefined;
  return {
    title: `Use \`${name.text}\``,
    edits: [{ start: node.startIndex, end: node.endIndex, text: name.text }],
    imports: name.imports,
    // orjson must be installed for ORJSONResponse to work.
    applicability: ctx.versions.orjson ? ('safe' as const) : ('unsafe' as const),
  };
}

const RESPONSES: ReadonlySet<string> = new Set([RESPONSE]);
const JSON_RESPONSES: ReadonlySet<string> = new Set([JSON_RESPONSE]);

/** Response arguments a route needs `JSONResponse` for, whatever the serializer. */
const RESPONSE_EXTRAS = new Set(['headers', 'background', 'media_type']);

/** Reads of a local name in a function (not the binding itself). */
function readsOf(fn: Scope, name: string): Node[] {
  return (fn.node?.childForFieldName('body')?.descendantsOfType('identifier') ?? []).filter((id): id is Node => {
    if (id?.text !== name) return false;
    const p = id.parent;
    return !(p?.type === 'assignment' && p.childForFieldName('left')?.id === id.id) && !(p?.type === 'attribute' && p.childForFieldName('attribute')?.id === id.id) && !(p?.type === 'keyword_argument' && p.childForFieldName('name')?.id === id.id);
  });
}

/**
 * A `JSONResponse` built for more than its data: headers, a background task, or a status
 * code that differs between the route's returns (one fixed status belongs in the decorator);
 * or kept in a name the route does something with besides returning it (sets a cookie on it,
 * hands it to a helper). Returning the data instead would lose those: not advice a team can
 * follow as written.
 */
function carriesMore(fn: Scope, call: CallFact): boolean {
  for (const k of keywordArgs(call.node).keys()) {
    if (RESPONSE_EXTRAS.has(k) || (k === 'status_code' && fn.returns.length > 1)) return true;
  }
  const use = useOf(call.node);
  if (use.kind !== 'assign') return false;
  return readsOf(fn, use.name).some((r) => {
    let cur = r;
    while (cur.parent?.type === 'parenthesized_expression') cur = cur.parent;
    return cur.parent?.type !== 'return_statement';
  });
}

/**
 * Data a Pydantic serializer already produced: `m.model_dump(...)` of a model, or a method of
 * the workspace that returns one (`result.to_wire()` over `self.model_dump(mode="json", ...)`).
 * The Rust serializer ran, with the options the app chose; only the JSON text is left to `json`.
 */
function pydanticDump(model: FileModel, fn: Scope, node: Node | null): boolean {
  const n = unwrap(node);
  const callee = n?.type === 'call' ? n.childForFieldName('function') : null;
  if (callee?.type !== 'attribute') return false;
  const v = model.valueOf(callee, fn);
  if (v.k !== 'ref') return false;
  if (v.q.endsWith('.model_dump') && model.resolver.isSubclass(v.q.slice(0, -'.model_dump'.length), PYDANTIC_MODEL)) return true;
  const f = model.resolver.fn(v.q);
  const returns = f ? (model.resolver.detail(f.module, f.fn)?.returns ?? []) : [];
  return returns.length > 0 && returns.every((r) => /^self\.model_dump\(/.test(r)) && !!f?.fn.cls && model.resolver.isSubclass(`${f.module}.${f.fn.cls}`, PYDANTIC_MODEL);
}

/**
 * A module-level helper that returns `JSONResponse(...)` built around what its caller hands it
 * (`def ok_response(data): return JSONResponse({"ok": True, "data": data})`): the routes that
 * call it wrap their data in JSONResponse without a `JSONResponse(...)` of their own.
 */
function wrapsCallerData(model: FileModel, fn: Scope, call: CallFact): boolean {
  if (fn.kind !== 'function' || fn.decorators.length > 0 || fn.parent?.kind !== 'module' || fn.yields.length > 0) return false;
  const use = useOf(call.node);
  if (use.kind !== 'return' && use.kind !== 'assign') return false;
  const isParam = (n: Node | null): boolean => {
    const u = unwrap(n);
    const list = u?.type === 'identifier' ? model.bindings(fn).names.get(u.text) : undefined;
    return list?.length === 1 && list[0].k === 'param';
  };
  const content = unwrap(argument(call.node, 0, 'content'));
  if (!content) return false;
  return isParam(content) || (content.type === 'dictionary' && content.namedChildren.some((p) => p?.type === 'pair' && isParam(p.childForFieldName('value'))));
}

/**
 * A route that returns another kind of response on some path (`if isinstance(result,
 * StreamingResponse): return result`): it cannot declare its data's type, so the advice to
 * declare one does not apply.
 */
function returnsOtherResponses(model: FileModel, fn: Scope): boolean {
  for (const r of fn.returns) {
    const value = unwrap(returnedValue(r));
    if (value?.type !== 'identifier') continue;
    for (let p = r.parent; p && p.id !== fn.node?.id; p = p.parent) {
      if (p.type !== 'if_statement') continue;
      const cond = unwrap(p.childForFieldName('condition'));
      if (cond?.type !== 'call' || !p.childForFieldName('consequence') || r.startIndex < p.childForFieldName('consequence')!.startIndex) continue;
      const isinstance = model.valueOf(cond.childForFieldName('function')!, fn);
      const [subject, cls] = positionalArgs(cond);
      if (isinstance.k !== 'ref' || isinstance.q !== 'builtins.isinstance' || unwrap(subject)?.text !== value.text || !cls) continue;
      const c = model.valueOf(cls, fn);
      if (c.k === 'ref' && model.resolver.isSubclass(c.q, RESPONSES) && !model.resolver.isSubclass(c.q, JSON_RESPONSES)) return true;
    }
  }
  return false;
}

export const rule: Rule = {
  meta: {
    code: 'FPL201',
    id: 'slow-json-response',
    family: 'responses',
    severity: 'warning',
    // Off by default (issue 16): on 13 public FastAPI services 3 of 4 sampled findings were worth fixing; the fourth returned a handful of items, and the code does not show how large the data grows.
    defaultEnabled: false,
    fix: 'safe',
    docs: {
      summary: 'JSON serialised the slow way for the FastAPI version in use: `JSONResponse` on FastAPI < 0.130 (where `ORJSONResponse` is faster), or a route wrapping its data in `JSONResponse(...)` on FastAPI >= 0.130 (which skips the Rust serializer).',
      why: 'Up to FastAPI 0.129 every JSON response goes through `jsonable_encoder` and the standard `json` module; `ORJSONResponse` (orjson, written in Rust) serialises large payloads several times faster, and `default_response_class=ORJSONResponse` makes it the default for every route. From 0.130 FastAPI serialises a route\'s data with Pydantic\'s Rust core when the route declares a return type or `response_model` (about 2x faster than before). A route that builds `JSONResponse(data)` itself opts out of both: its data is dumped by the standard `json` module. `JSONResponse(...)` in a route is reported when its data evidently holds a collection (a list or a comprehension, a dict or a model built with one, a name bound to or typed as one): a few scalars or one object (`{"status": "ok"}`), error responses (4xx/5xx, `except` blocks), exception handlers and middleware cost nothing worth changing. Nor are responses the route needs as objects (headers, a background task, a status per branch, cookies set on it or a helper it is handed to). Before 0.130, `JSONResponse(...)` in a route is reported only when orjson is installed at run time (a development or test dependency does not count): without it, FastAPI does the same. From 0.130, a module-level helper that returns `JSONResponse(...)` built around what its caller hands it (`ok_response(data)`) is reported once, at the helper, when a route or dependency runs it (the message names one); error helpers (4xx/5xx) and helpers that set headers or a background task are not. From 0.130, data Pydantic already dumped (`m.model_dump(...)`, or a method returning one) and routes that return another kind of response on some path (streaming) are not flagged. Off by default: on 13 public FastAPI services 3 of 4 sampled findings were worth fixing; the fourth returned a handful of items, and the code does not show how large the data grows; select `FPL201` to find every route that wraps its data in `JSONResponse`.',
      example: [
        '# FastAPI 0.115 with orjson installed',
        'from fastapi import FastAPI',
        'from fastapi.responses import JSONResponse',
        '',
        'app = FastAPI()',
        '',
        '@app.get("/rows")',
        'def rows():',
        '    data = [{"id": i} for i in range(1000)]',
        '    return JSONResponse(data)',
      ].join('\n'),
      useInstead: [
        '# FastAPI 0.115 with orjson installed',
        'from fastapi import FastAPI',
        'from fastapi.responses import ORJSONResponse',
        '',
        'app = FastAPI(default_response_class=ORJSONResponse)',
        '',
        '@app.get("/rows")',
        'def rows():',
        '    data = [{"id": i} for i in range(1000)]',
        '    return ORJSONResponse(data)',
        '',
        '# FastAPI 0.130 and later: return the data and declare its type',
        '# @app.get("/rows")',
        '# def rows() -> list[Row]:',
        '#     return [Row(id=i) for i in range(1000)]',
      ].join('\n'),
      fixSafety: 'Before FastAPI 0.130 the fix swaps `JSONResponse` for `ORJSONResponse` (adding the import), or adds `default_response_class=ORJSONResponse` to `FastAPI()`. It is safe when `orjson` is a dependency of the project, and offered as a suggestion otherwise (ORJSONResponse fails without orjson). orjson output differs from `json.dumps` in corner cases (NaN becomes null, non-string keys). From 0.130 there is no automatic fix: declaring the return type needs the model the data fits.',
      versions: 'FastAPI < 0.130: the ORJSONResponse advice. FastAPI >= 0.130: the return-type advice; an explicit `response_class=JSONResponse` or `default_response_class=JSONResponse` there is FPL206\'s (it takes declared return types off the Rust serializer).',
      references: ['https://fastapi.tiangolo.com/advanced/custom-response/', 'https://fastapi.tiangolo.com/advanced/response-directly/', 'https://github.com/ijl/orjson'],
    },
  },
  check(ctx) {
    const { model, versions } = ctx;
    const modern = atLeast(versions.fastapi, '0.130');
    const fastapi = describeVersion('fastapi', versions.fastapi);
    const faster = versions.orjson ? `\`ORJSONResponse\` is several times faster (${describeVersion('orjson', versions.orjson)})` : '`ORJSONResponse` is several times faster once `orjson` is installed';

    // JSONResponse(data) built in a route; from 0.130, in a helper that wraps the data routes hand it (once per helper).
    const helpers = new Set<Scope>();
    for (const call of model.callsTo(JSON_RESPONSE)) {
      const fn = model.executingFunction(call.scope);
      if (!fn) continue;
      if (!routeOf(model, fn)) {
        if (!modern || helpers.has(fn) || !wrapsCallerData(model, fn, call) || isErrorResponse(model, fn, call.node) || carriesMore(fn, call)) continue;
        helpers.add(fn);
        ctx.report({
          node: call.node,
          message: `\`${shortCode(fn.name)}()\` wraps route data in \`JSONResponse\`, skipping the Rust serializer; return the data, declare a return type`,
          detail: `\`${fn.name}()\` wraps the data routes hand it in \`JSONResponse(...)\`, skipping the Pydantic (Rust) serializer FastAPI uses for declared return types (${fastapi}). It runs ${PER_REQUEST_ENTRY}. Return the data from the routes and declare their return type or \`response_model\`.`,
          when: { kind: 'perRequest', fn: model.qualifiedName(fn) },
        });
        continue;
      }
      const content = throughLocal(model, fn, argument(call.node, 0, 'content'));
      // Only data that evidently holds a collection: a few scalars or one object cost microseconds either way.
      if (isTinyPayload(content) || !holdsCollection(model, fn, content) || isErrorResponse(model, fn, call.node) || carriesMore(fn, call)) continue;
      const callee = call.node.childForFieldName('function')!;
      if (modern) {
        if (pydanticDump(model, fn, content) || returnsOtherResponses(model, fn)) continue;
        ctx.report({
          node: call.node,
          message: '`JSONResponse(...)` skips the Rust serializer: return the data and declare the return type or `response_model`',
          detail: `\`JSONResponse(...)\` in \`${fn.name}\` skips the Pydantic (Rust) serializer FastAPI uses for declared return types (${fastapi}).`,
        });
      } else {
        // Without orjson at run time this is what FastAPI does anyway: nothing faster to swap to.
        if (!versions.orjson) continue;
        ctx.report({
          node: call.node,
          message: '`JSONResponse(...)` serializes with the standard `json` module; use `ORJSONResponse`',
          detail: `\`JSONResponse(...)\` in \`${fn.name}\`: on ${fastapi}, ${faster}.`,
          fix: swapFix(ctx, callee),
        });
      }
    }
    if (modern) return;

    // response_class=JSONResponse on a route.
    for (const { fn, route } of routesOf(model)) {
      const rc = route.kwargs.get('response_class');
      if (!rc) continue;
      const v = model.valueOf(rc, fn.parent ?? model.moduleScope);
      if (v.k !== 'ref' || v.q !== JSON_RESPONSE) continue;
      ctx.report({ node: rc, message: '`response_class=JSONResponse` serializes with the standard `json` module; use `ORJSONResponse`', detail: `On \`${fn.name}\`, with ${fastapi}: ${faster}.`, fix: swapFix(ctx, rc) });
    }

    // The app's default response class.
    for (const q of APP_CONSTRUCTORS) {
      for (const call of model.callsTo(q)) {
        const kind = q.slice(q.lastIndexOf('.') + 1);
        const drc = keywordArgs(call.node).get('default_response_class');
        if (drc) {
          const v = model.valueOf(drc, call.scope);
          if (v.k === 'ref' && v.q === JSON_RESPONSE) {
            ctx.report({ node: drc, message: `Every route of this ${kind} serializes with the standard \`json\` module; use \`ORJSONResponse\``, detail: `\`default_response_class=JSONResponse\` with ${fastapi}: ${faster}.`, fix: swapFix(ctx, drc) });
          }
          continue;
        }
        // Once per app, and only when orjson is already there: the advice is then free to follow.
        if (kind !== 'FastAPI' || !versions.orjson || hasSplat(call.node)) continue;
        const name = libraryName(ctx, 'fastapi.responses.ORJSONResponse', call.start);
        const edit = name ? appendArguments(call.node, [`default_response_class=${name.text}`], model.text) : null;
        ctx.report({
          node: call.node,
          message: 'Every route serializes with the standard `json` module; set `default_response_class=ORJSONResponse`',
          detail: `\`FastAPI()\` without \`default_response_class\` on ${fastapi}, although orjson is a dependency (${describeVersion('orjson', versions.orjson)}).`,
          fix: name && edit ? { title: `Add \`default_response_class=${name.text}\``, edits: [edit], imports: name.imports } : undefined,
        });
      }
    }
  },
};
