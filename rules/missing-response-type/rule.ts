import type { Scope } from '../../server/src/analysis/facts';
import { isTinyPayload } from '../../server/src/analysis/expressions';
import type { FileModel } from '../../server/src/analysis/model';
import type { Node } from '../../server/src/analysis/tree';
import type { Rule } from '../../server/src/ruleApi/rule';
import { atLeast, describeVersion } from '../../server/src/ruleApi/versions';
import { JSON_RESPONSE, RESPONSE } from '../data/responses';
import { removeArgument } from '../shared/edits';
import { declaresResponseType, holdsCollection, returnedValues, returnTypeFix, routesOf, smallScalarDict, throughLocal } from '../shared/routes';
import { shortCode } from '../../server/src/ruleApi/message';

const JSON_CLASSES: ReadonlySet<string> = new Set([JSON_RESPONSE]);
const RESPONSES: ReadonlySet<string> = new Set([RESPONSE]);

function instanceOf(model: FileModel, fn: Scope, node: Node, classes: ReadonlySet<string>): boolean {
  const v = model.valueOf(node, fn);
  return v.k === 'inst' && model.resolver.isSubclass(v.t, classes);
}

export const rule: Rule = {
  meta: {
    code: 'FPL203',
    id: 'missing-response-type',
    family: 'responses',
    severity: 'info',
    // Off by default (issue 16): on 13 public FastAPI services no sampled finding was worth fixing: the routes that return a collection without a declared type return a handful of rows.
    defaultEnabled: false,
    fix: 'safe',
    docs: {
      summary: 'A JSON route with neither a return type nor `response_model`, on FastAPI 0.130 or later.',
      why: 'From FastAPI 0.130, when a route declares its return type (or `response_model`), FastAPI validates and serialises the returned data to JSON bytes in one pass in Pydantic\'s Rust core: about twice as fast as before. Without a declared type the data still goes through `jsonable_encoder` (a recursive walk in Python) and then the standard `json` module. Only routes whose data evidently holds a collection are flagged (a list or a comprehension, a dict or a model built with one, a name bound to or typed as one): a few scalars, a single object, `Response` objects, or nothing cost microseconds to serialise either way. Off by default: on 13 public FastAPI services no sampled finding was worth fixing: the routes that return a collection without a declared type return a handful of rows; select `FPL203` on FastAPI 0.130 or later to declare types wherever a route returns data.',
      example: [
        'from fastapi import FastAPI',
        'from pydantic import BaseModel',
        '',
        'app = FastAPI()',
        '',
        'class Item(BaseModel):',
        '    id: int',
        '    name: str',
        '',
        'class ItemPage(BaseModel):',
        '    items: list[Item]',
        '    total: int',
        '',
        '@app.get("/items")',
        'def list_items():',
        '    rows = [Item(id=i, name="widget") for i in range(100)]',
        '    return ItemPage(items=rows, total=len(rows))',
      ].join('\n'),
      useInstead: [
        'from fastapi import FastAPI',
        'from pydantic import BaseModel',
        '',
        'app = FastAPI()',
        '',
        'class Item(BaseModel):',
        '    id: int',
        '    name: str',
        '',
        'class ItemPage(BaseModel):',
        '    items: list[Item]',
        '    total: int',
        '',
        '@app.get("/items")',
        'def list_items() -> ItemPage:',
        '    rows = [Item(id=i, name="widget") for i in range(100)]',
        '    return ItemPage(items=rows, total=len(rows))',
      ].join('\n'),
      fixSafety: 'Safe when every `return` of the route builds the same Pydantic model class (`return ItemPage(...)`, `ItemPage.model_validate(...)`): the fix adds `-> ItemPage`, which changes nothing but the serialiser and the OpenAPI schema; an explicit `response_class=JSONResponse` on the route is removed with it (it would keep the typed route off the Rust serializer, FPL206). Otherwise no fix is offered: the right type (and whether extra fields should be filtered out) is yours to choose.',
      versions: 'FastAPI >= 0.130 (unknown versions count as the latest).',
      references: ['https://fastapi.tiangolo.com/tutorial/response-model/', 'https://fastapi.tiangolo.com/advanced/custom-response/'],
    },
  },
  check(ctx) {
    const { model, versions } = ctx;
    if (!atLeast(versions.fastapi, '0.130')) return;
    const fastapi = describeVersion('fastapi', versions.fastapi);
    for (const { fn, route } of routesOf(model)) {
      const node = fn.node!;
      if (route.verb === 'websocket' || declaresResponseType(fn, route) || fn.yields.length > 0) continue;
      const outer = fn.parent ?? model.moduleScope;
      const rc = route.kwargs.get('response_class');
      if (rc) {
        const v = model.valueOf(rc, outer);
        if (v.k !== 'ref' || !model.resolver.isSubclass(v.q, JSON_CLASSES)) continue; // HTML, files, streams, unknown
      }
      const values = returnedValues(fn);
      if (values.some((v) => instanceOf(model, fn, v, RESPONSES))) continue; // returned directly, not serialised
      // Flag only routes whose data evidently holds a collection: the serialiser matters there.
      const evident = values.some((v) => {
        const n = throughLocal(model, fn, v);
        if (!n || isTinyPayload(n) || smallScalarDict(model, fn, n)) return false;
        return holdsCollection(model, fn, n);
      });
      if (!evident) continue;
      const declared = returnTypeFix(model, fn, values);
      // An explicit JSONResponse would keep the typed route off the Rust serializer (FPL206): the fix drops it too.
      const rcValue = rc ? model.valueOf(rc, outer) : null;
      const dropClass = rc && rcValue?.k === 'ref' && rcValue.q === JSON_RESPONSE && rc.parent?.type === 'keyword_argument' ? removeArgument(route.decorator, rc.parent) : null;
      const fix = declared ? { title: `Declare \`-> ${declared.text}\`${dropClass ? ' and remove `response_class=JSONResponse`' : ''}`, edits: dropClass ? [dropClass, declared.edit] : [declared.edit] } : undefined;
      ctx.report({
        node: node.childForFieldName('name') ?? node,
        message: `No return type or \`response_model\`: the data skips Pydantic's Rust serializer; declare the return type${declared ? ` (\`-> ${shortCode(declared.text, 20)}\`)` : ''}`,
        detail: `\`${fn.name}\` declares neither a return type nor \`response_model\`, so its data goes through \`jsonable_encoder\` and \`json\` instead of Pydantic's Rust serializer (${fastapi}).`,
        fix,
      });
    }
  },
};
