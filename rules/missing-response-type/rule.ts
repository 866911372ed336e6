import type { Scope } from '../../server/src/analysis/facts';
import { isTinyPayload, unwrap } from '../../server/src/analysis/expressions';
import type { FileModel } from '../../server/src/analysis/model';
import type { Node } from '../../server/src/analysis/tree';
import type { Rule } from '../../server/src/ruleApi/rule';
import { atLeast, describeVersion } from '../../server/src/ruleApi/versions';
import { JSON_RESPONSE, PYDANTIC_MODEL, RESPONSE } from '../data/responses';
import { returnedValue, routesOf, smallScalarDict, throughLocal } from '../shared/routes';

const JSON_CLASSES: ReadonlySet<string> = new Set([JSON_RESPONSE]);
const RESPONSES: ReadonlySet<string> = new Set([RESPONSE]);
const DISPLAYS = new Set(['dictionary', 'list', 'set', 'tuple', 'list_comprehension', 'dictionary_comprehension', 'set_comprehension']);
const MODEL_CONSTRUCTORS = new Set(['model_validate', 'model_validate_json', 'model_construct']);

function instanceOf(model: FileModel, fn: Scope, node: Node, classes: ReadonlySet<string>): boolean {
  const v = model.valueOf(node, fn);
  return v.k === 'inst' && model.resolver.isSubclass(v.t, classes);
}

/** The Pydantic class a `return` builds directly (`Item(...)`, `Item.model_validate(...)`), as its node. */
function constructedModel(model: FileModel, fn: Scope, value: Node): { cls: Node; q: string } | null {
  const call = unwrap(value);
  if (call?.type !== 'call') return null;
  let cls = call.childForFieldName('function');
  if (cls?.type === 'attribute' && MODEL_CONSTRUCTORS.has(cls.childForFieldName('attribute')?.text ?? '')) cls = cls.childForFieldName('object');
  if (!cls || (cls.type !== 'identifier' && cls.type !== 'attribute')) return null;
  const v = model.valueOf(cls, fn);
  if (v.k !== 'ref' || !model.resolver.isSubclass(v.q, PYDANTIC_MODEL)) return null;
  return { cls, q: v.q };
}

export const rule: Rule = {
  meta: {
    code: 'FPL203',
    id: 'missing-response-type',
    family: 'responses',
    severity: 'info',
    fix: 'safe',
    docs: {
      summary: 'A JSON route with neither a return type nor `response_model`, on FastAPI 0.130 or later.',
      why: 'From FastAPI 0.130, when a route declares its return type (or `response_model`), FastAPI validates and serialises the returned data to JSON bytes in one pass in Pydantic\'s Rust core: about twice as fast as before. Without a declared type the data still goes through `jsonable_encoder` (a recursive walk in Python) and then the standard `json` module. Routes returning small payloads (a literal, or a dict of a few entries with no collection inside), `Response` objects, or nothing are not flagged: the serialiser barely matters there.',
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
        '@app.get("/items/{item_id}")',
        'def get_item(item_id: int):',
        '    return Item(id=item_id, name="widget")',
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
        '@app.get("/items/{item_id}")',
        'def get_item(item_id: int) -> Item:',
        '    return Item(id=item_id, name="widget")',
      ].join('\n'),
      fixSafety: 'Safe when every `return` of the route builds the same Pydantic model class (`return Item(...)`, `Item.model_validate(...)`): the fix adds `-> Item`, which changes nothing but the serialiser and the OpenAPI schema. Otherwise no fix is offered: the right type (and whether extra fields should be filtered out) is yours to choose.',
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
      if (route.verb === 'websocket' || node.childForFieldName('return_type') || route.kwargs.has('response_model') || fn.yields.length > 0) continue;
      const outer = fn.parent ?? model.moduleScope;
      const rc = route.kwargs.get('response_class');
      if (rc) {
        const v = model.valueOf(rc, outer);
        if (v.k !== 'ref' || !model.resolver.isSubclass(v.q, JSON_CLASSES)) continue; // HTML, files, streams, unknown
      }
      const values = fn.returns.map(returnedValue).filter((v): v is Node => !!v && unwrap(v)?.type !== 'none');
      if (values.some((v) => instanceOf(model, fn, v, RESPONSES))) continue; // returned directly, not serialised
      // Flag only routes whose data is evidently JSON: a display, or a Pydantic model.
      const evident = values.some((v) => {
        const n = throughLocal(model, fn, v);
        if (!n || isTinyPayload(n) || smallScalarDict(model, fn, n)) return false;
        return DISPLAYS.has(n.type) || instanceOf(model, fn, n, PYDANTIC_MODEL) || !!constructedModel(model, fn, n);
      });
      if (!evident) continue;
      const built = values.map((v) => constructedModel(model, fn, v));
      const first = built[0];
      let fix;
      if (first && built.every((b) => b && b.q === first.q)) {
        const text = model.text.slice(first.cls.startIndex, first.cls.endIndex);
        // The annotation is evaluated where the function is defined: the name must mean the same there.
        const there = model.valueOf(first.cls, outer);
        const params = node.childForFieldName('parameters');
        if (params && there.k === 'ref' && there.q === first.q && !/[\r\n]/.test(text)) {
          fix = { title: `Declare \`-> ${text}\``, edits: [{ start: params.endIndex, end: params.endIndex, text: ` -> ${text}` }] };
        }
      }
      ctx.report({
        node: node.childForFieldName('name') ?? node,
        message: `\`${fn.name}\` declares neither a return type nor \`response_model\`, so its data goes through \`jsonable_encoder\` and \`json\` instead of Pydantic's Rust serializer (${fastapi}); declare the return type${fix ? ` (\`-> ${model.text.slice(first!.cls.startIndex, first!.cls.endIndex)}\`)` : ''}`,
        fix,
      });
    }
  },
};
