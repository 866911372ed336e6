import { isTinyPayload, unwrap, useOf } from '../../server/src/analysis/expressions';
import { keywordArgs, positionalArgs, routeOf } from '../../server/src/analysis/fastapi';
import type { Scope } from '../../server/src/analysis/facts';
import type { Node } from '../../server/src/analysis/tree';
import type { Rule, TextEdit } from '../../server/src/ruleApi/rule';
import { atLeast, describeVersion } from '../../server/src/ruleApi/versions';
import { APP_CONSTRUCTORS, CUSTOM_JSON_RESPONSES } from '../data/responses';
import { removeArgument } from '../shared/edits';
import { declaresResponseType, returnedValues, returnTypeFix, routesOf, smallScalarDict } from '../shared/routes';

/** Calls whose keyword argument names a response class for many routes. */
const ROUTER_METHODS = ['fastapi.FastAPI.include_router', 'fastapi.APIRouter.include_router', 'fastapi.FastAPI.add_api_route', 'fastapi.APIRouter.add_api_route'];

/** Options of Pydantic's `model_dump()`/`dict()` that shape the output. */
const SHAPING_OPTIONS = ['exclude_none', 'exclude_unset', 'exclude_defaults', 'exclude', 'include', 'by_alias'];

/**
 * Data dumped with options that shape it (`model_dump(exclude_none=True)`): returned as is,
 * the declared type would validate and serialise it again without them (None fields back,
 * excluded fields missing), so the response would change.
 */
function shapedDump(content: Node): boolean {
  return [content, ...content.descendantsOfType('call')].some((c) => c?.type === 'call' && SHAPING_OPTIONS.some((k) => keywordArgs(c).has(k)));
}

function shortName(q: string): string {
  return q.slice(q.lastIndexOf('.') + 1);
}

export const rule: Rule = {
  meta: {
    code: 'FPL202',
    id: 'deprecated-custom-json-response',
    family: 'responses',
    severity: 'warning',
    fix: 'unsafe',
    docs: {
      summary: '`ORJSONResponse` or `UJSONResponse` used on FastAPI 0.131 or later, where they are deprecated.',
      why: 'From FastAPI 0.130, a route that declares its return type or `response_model` has its data serialised to JSON bytes by Pydantic\'s Rust core, skipping `jsonable_encoder`. That is faster than `ORJSONResponse`, which still converts the data in Python first, and `UJSONResponse` is slower still. FastAPI 0.131 deprecated both classes; a custom JSON `response_class` also keeps a route on the old path. A response built around a message or a few scalars (`ORJSONResponse({"message": "closed"})`) is not reported: no serialiser is measurably faster there.',
      example: [
        'from fastapi import FastAPI',
        'from fastapi.responses import ORJSONResponse',
        '',
        'app = FastAPI(default_response_class=ORJSONResponse)',
        '',
        '@app.get("/items")',
        'def items():',
        '    return [{"id": 1}]',
      ].join('\n'),
      useInstead: [
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
        '    return [Item(id=1)]',
      ].join('\n'),
      fixSafety: 'Offered as a suggestion only: it removes the `response_class`/`default_response_class` argument, or unwraps `return ORJSONResponse(data)` to `return data` when that is all the call does. The serialisation then follows the route\'s return type: on a route, the fix is offered only when the route declares one, or when every `return` builds the same Pydantic model (the fix then adds `-> Model`); without it the data would go through `jsonable_encoder`, slower than before. Not offered when the data was dumped with options that shape it (`model_dump(exclude_none=True)`, `exclude=`, `include=`, `by_alias=True`...): the declared type would validate and serialise it again without them. Output can differ in corner cases (orjson turns NaN into null).',
      versions: 'FastAPI >= 0.131 (unknown versions count as the latest).',
      references: ['https://fastapi.tiangolo.com/advanced/custom-response/', 'https://fastapi.tiangolo.com/tutorial/response-model/'],
    },
  },
  check(ctx) {
    const { model, versions } = ctx;
    if (!atLeast(versions.fastapi, '0.131')) return;
    const fastapi = describeVersion('fastapi', versions.fastapi);
    const advice = 'declare the return type or `response_model` and FastAPI serializes with Pydantic in Rust, which is faster';
    const resolvesToCustom = (value: Node, at: Node): string | null => {
      const v = model.valueOf(value, model.scopeAt(at.startIndex));
      return v.k === 'ref' && CUSTOM_JSON_RESPONSES.has(v.q) ? v.q : null;
    };
    // A route's data, once it no longer goes through the custom class, is serialised fast only
    // with a declared return type: the fix declares it, or is not offered (FPL203 would follow).
    const declaring = (fn: Scope, declared: boolean, replaced?: Map<number, Node>): { edits: TextEdit[]; title: string } | null => {
      if (declared) return { edits: [], title: '' };
      const t = returnTypeFix(model, fn, returnedValues(fn, replaced));
      return t ? { edits: [t.edit], title: ` and declare \`-> ${t.text}\`` } : null;
    };
    const flagArgument = (call: Node, keyword: string, where: string, route?: { fn: Scope; declared: boolean }): void => {
      const value = keywordArgs(call).get(keyword);
      const q = value ? resolvesToCustom(value, call) : null;
      if (!value || !q) return;
      const arg = value.parent!;
      const edit = removeArgument(call, arg);
      const also = route ? declaring(route.fn, route.declared) : { edits: [], title: '' };
      ctx.report({
        node: value,
        message: `\`${shortName(q)}\` is deprecated and slower: remove \`${keyword}\` and declare the return type or \`response_model\``,
        detail: `\`${keyword}=${shortName(q)}\` on ${where}: deprecated since FastAPI 0.131 (${fastapi}); ${advice}.`,
        fix: edit && also ? { title: `Remove \`${keyword}=${shortName(q)}\`${also.title}`, edits: [edit, ...also.edits] } : undefined,
      });
    };

    for (const { fn, route } of routesOf(model)) flagArgument(route.decorator, 'response_class', `\`${fn.name}\``, { fn, declared: declaresResponseType(fn, route) });
    for (const q of APP_CONSTRUCTORS) for (const call of model.callsTo(q)) flagArgument(call.node, 'default_response_class', `\`${shortName(q)}()\``);
    for (const q of ROUTER_METHODS) {
      for (const call of model.callsTo(q)) {
        flagArgument(call.node, q.endsWith('include_router') ? 'default_response_class' : 'response_class', `\`${shortName(q)}()\``);
      }
    }

    // Constructed directly: `return ORJSONResponse(data)`.
    for (const q of CUSTOM_JSON_RESPONSES) {
      for (const call of model.callsTo(q)) {
        const fn = model.executingFunction(call.scope);
        const args = call.node.childForFieldName('arguments')?.namedChildren.filter((a) => a && a.type !== 'comment') ?? [];
        const content = positionalArgs(call.node)[0] ?? keywordArgs(call.node).get('content');
        // A message or a few scalars (`{"message": "closed"}`): no serialiser is measurably faster.
        if (isTinyPayload(content ?? null) || (content && fn && smallScalarDict(model, fn, unwrap(content)!))) continue;
        let fix;
        // Only `return ORJSONResponse(data)` in a route unwraps to `return data`.
        const route = fn ? routeOf(model, fn) : null;
        if (fn && route && args.length === 1 && content && useOf(call.node).kind === 'return' && !shapedDump(unwrap(content)!)) {
          const inner = unwrap(content)!;
          const also = declaring(fn, declaresResponseType(fn, route), new Map([[call.node.startIndex, inner]]));
          if (also) fix = { title: `Return the data instead of \`${shortName(q)}(...)\`${also.title}`, edits: [{ start: call.node.startIndex, end: call.node.endIndex, text: model.text.slice(inner.startIndex, inner.endIndex) }, ...also.edits] };
        }
        ctx.report({
          node: call.node,
          message: `\`${shortName(q)}\` is deprecated and slower: return the data and declare the return type or \`response_model\``,
          detail: `Deprecated since FastAPI 0.131 (${fastapi}): return the data and ${advice}.`,
          fix,
        });
      }
    }
  },
};
