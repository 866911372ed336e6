import { stripParens } from '../../server/src/analysis/expressions';
import type { Scope } from '../../server/src/analysis/facts';
import type { FileModel } from '../../server/src/analysis/model';
import type { Node } from '../../server/src/analysis/tree';
import type { Rule } from '../../server/src/ruleApi/rule';
import { declaresName, isModelClass, onPydantic2, pydanticVersion, snippet, SQLMODEL } from '../shared/pydantic';
import { shortCode } from '../../server/src/ruleApi/message';

/** JSON decoders whose result `Model.model_validate_json(raw)` makes unnecessary. */
const JSON_LOADS: ReadonlySet<string> = new Set(['json.loads', 'orjson.loads', 'ujson.loads', 'simplejson.loads']);
/** Methods returning data decoded from a request or response body. */
const BODY_JSON: ReadonlySet<string> = new Set([
  'fastapi.Request.json',
  'fastapi.WebSocket.receive_json',
  'httpx.Response.json',
  'requests.Response.json',
  'aiohttp.ClientResponse.json',
]);

/** From a call's start: its dotted callee, the opening parenthesis, then `**`. */
const SPLAT_FIRST = /[^(]*\(\s*\*\*/y;

type Source = { kind: 'raw'; raw: Node } | { kind: 'data' };

/** The single `**expr` argument of a call, or null. */
function onlyDictSplat(call: Node): Node | null {
  const args = call.childForFieldName('arguments');
  if (args?.type !== 'argument_list') return null;
  const list = args.namedChildren.filter((a): a is Node => !!a && a.type !== 'comment');
  return list.length === 1 && list[0].type === 'dictionary_splat' ? list[0] : null;
}

/** What `**expr` unpacks: parsed JSON text (`json.loads(raw)`) or a decoded body (`await request.json()`). */
function sourceOf(model: FileModel, expr: Node, scope: Scope): Source | null {
  const node = stripParens(expr);
  const awaited = node?.type === 'await';
  // `await (request.json())` awaits the call as `await request.json()` does.
  const call = awaited ? stripParens(node.firstNamedChild) : node;
  if (call?.type !== 'call') return null;
  const fn = call.childForFieldName('function');
  const callee = fn ? model.valueOf(fn, scope) : null;
  if (callee?.k !== 'ref') return null;
  const args = (call.childForFieldName('arguments')?.namedChildren ?? []).filter((a): a is Node => !!a && a.type !== 'comment');
  if (!awaited && JSON_LOADS.has(callee.q)) {
    return args.length === 1 && args[0].type !== 'keyword_argument' && args[0].type !== 'list_splat' && args[0].type !== 'dictionary_splat' ? { kind: 'raw', raw: args[0] } : null;
  }
  return BODY_JSON.has(callee.q) && args.length === 0 ? { kind: 'data' } : null;
}

export const rule: Rule = {
  meta: {
    code: 'FPL405',
    id: 'validate-external-data',
    family: 'pydantic',
    severity: 'info',
    fix: 'unsafe',
    docs: {
      summary: 'A Pydantic model built with `Model(**json.loads(raw))` or `Model(**await request.json())` instead of `model_validate_json` / `model_validate`.',
      why: '`json.loads` builds a whole tree of Python dicts, lists and strings, and `**` then copies the top-level dict into keyword arguments before Pydantic validates anything. `Model.model_validate_json(raw)` hands the bytes to pydantic-core, which parses and validates in one pass in Rust without the intermediate Python objects; `Model.model_validate(data)` at least skips the keyword-argument copy and accepts any mapping.',
      example: [
        'import json',
        '',
        'from fastapi import FastAPI, Request',
        'from pydantic import BaseModel',
        '',
        'app = FastAPI()',
        '',
        'class Order(BaseModel):',
        '    sku: str',
        '    quantity: int',
        '',
        '@app.post("/orders")',
        'async def create_order(request: Request):',
        '    order = Order(**json.loads(await request.body()))',
        '    return {"sku": order.sku}',
      ].join('\n'),
      useInstead: [
        'from fastapi import FastAPI, Request',
        'from pydantic import BaseModel',
        '',
        'app = FastAPI()',
        '',
        'class Order(BaseModel):',
        '    sku: str',
        '    quantity: int',
        '',
        '@app.post("/orders")',
        'async def create_order(request: Request):',
        '    order = Order.model_validate_json(await request.body())',
        '    return {"sku": order.sku}',
      ].join('\n'),
      fixSafety: 'Unsafe (offered as a suggestion): `model_validate_json` validates in JSON mode, which differs from Python-mode validation for a few types (bytes, some dates and enums in strict mode), and non-object JSON raises a `ValidationError` instead of a `TypeError`. Models with their own `__init__` (which `model_validate` does not call) and SQLModel table models (whose `__init__` does not validate) are not reported.',
      versions: 'Pydantic 2 and later (the project\'s Pydantic version; unknown means the latest).',
      references: ['https://docs.pydantic.dev/latest/concepts/performance/#use-model_validate_json-not-model_validatejsonloads', 'https://docs.pydantic.dev/latest/concepts/models/#validating-data'],
    },
  },
  check(ctx) {
    if (!onPydantic2(ctx)) return;
    const { model } = ctx;
    for (const call of model.calls) {
      // Text pre-filter (no tree access): the argument list starts with `**`.
      SPLAT_FIRST.lastIndex = call.start;
      if (!call.dotted || !SPLAT_FIRST.test(model.text)) continue;
      const splat = onlyDictSplat(call.node);
      const expr = splat?.firstNamedChild;
      if (!splat || !expr) continue;
      const callee = model.callee(call);
      if (callee.k !== 'ref' || !model.resolver.cls(callee.q) || !isModelClass(model, callee.q)) continue;
      // model_validate skips a custom __init__; a SQLModel table model's __init__ does not validate at all.
      if (declaresName(model, callee.q, '__init__') || model.resolver.isSubclass(callee.q, SQLMODEL)) continue;
      const source = sourceOf(model, expr, call.scope);
      if (!source) continue;
      const fn = call.node.childForFieldName('function')!;
      const cls = model.text.slice(fn.startIndex, fn.endIndex);
      const unpacked = snippet(model.text.slice(expr.startIndex, expr.endIndex), 36);
      let message: string;
      let detail: string;
      let fix;
      if (source.kind === 'raw') {
        const raw = model.text.slice(source.raw.startIndex, source.raw.endIndex);
        message = `\`${shortCode(cls, 20)}(**...)\` builds Python objects from the JSON first; use \`${shortCode(cls, 20)}.model_validate_json(...)\``;
        detail = `\`${cls}(**${unpacked})\` parses the JSON into Python objects and copies them into keyword arguments before validating; \`${cls}.model_validate_json(${snippet(raw, 30)})\` parses and validates in one pass in Rust (${pydanticVersion(ctx)}).`;
        fix = {
          title: `Use \`${cls}.model_validate_json(...)\``,
          edits: [
            { start: fn.endIndex, end: fn.endIndex, text: '.model_validate_json' },
            { start: splat.startIndex, end: splat.endIndex, text: raw },
          ],
        };
      } else {
        message = `\`${shortCode(cls, 20)}(**...)\` copies the body into keyword arguments first; use \`${shortCode(cls, 20)}.model_validate(...)\``;
        detail = `\`${cls}(**${unpacked})\` copies the decoded body into keyword arguments before validating; use \`${cls}.model_validate(...)\`, or \`${cls}.model_validate_json()\` on the raw body to skip building Python objects (${pydanticVersion(ctx)}).`;
        fix = {
          title: `Use \`${cls}.model_validate(...)\``,
          edits: [
            { start: fn.endIndex, end: fn.endIndex, text: '.model_validate' },
            { start: splat.startIndex, end: expr.startIndex, text: '' },
          ],
        };
      }
      ctx.report({ node: call.node, message, detail, fix });
    }
  },
};
