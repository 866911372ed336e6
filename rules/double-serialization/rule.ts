import type { Scope } from '../../server/src/analysis/facts';
import { unwrap } from '../../server/src/analysis/expressions';
import { keywordArgs, positionalArgs, routeOf } from '../../server/src/analysis/fastapi';
import type { FileModel } from '../../server/src/analysis/model';
import type { Node } from '../../server/src/analysis/tree';
import type { Rule } from '../../server/src/ruleApi/rule';
import { atLeast, describeVersion } from '../../server/src/ruleApi/versions';
import { CUSTOM_JSON_RESPONSES, JSON_DUMPS, JSON_RESPONSE, JSONABLE_ENCODER, PYDANTIC_MODEL } from '../data/responses';
import { argument, declaresResponseType, hasSplat, returnedValues, returnTypeFix, throughLocal } from '../shared/routes';
import { shortCode } from '../../server/src/ruleApi/message';

/** json.dumps options model_dump_json cannot reproduce (a custom encoder, key order). */
const UNREPRODUCIBLE = new Set(['default', 'sort_keys', 'cls']);
const DUMP_METHODS = new Set(['model_dump', 'dict']);

function text(model: FileModel, n: Node): string {
  return model.text.slice(n.startIndex, n.endIndex);
}

/** The receiver of `m.model_dump(...)` / `m.dict(...)` when `m` is a Pydantic model instance. */
function dumpedModel(model: FileModel, scope: Scope, node: Node | null): { call: Node; receiver: Node } | null {
  const call = unwrap(node);
  if (call?.type !== 'call') return null;
  const fn = call.childForFieldName('function');
  if (fn?.type !== 'attribute' || !DUMP_METHODS.has(fn.childForFieldName('attribute')?.text ?? '')) return null;
  const receiver = fn.childForFieldName('object')!;
  if (!isModelInstance(model, scope, receiver)) return null;
  // A class of the workspace may define its own dict()/model_dump().
  const callee = model.valueOf(fn, scope);
  if (callee.k === 'ref' && model.resolver.fn(callee.q)) return null;
  return { call, receiver };
}

function isModelInstance(model: FileModel, scope: Scope, node: Node): boolean {
  const v = model.valueOf(node, scope);
  return v.k === 'inst' && model.resolver.isSubclass(v.t, PYDANTIC_MODEL);
}

function items(call: Node): Node[] {
  return call.childForFieldName('arguments')?.namedChildren.filter((a): a is Node => !!a && a.type !== 'comment') ?? [];
}

export const rule: Rule = {
  meta: {
    code: 'FPL204',
    id: 'double-serialization',
    family: 'responses',
    severity: 'warning',
    // Off by default (issue 16): on 13 public FastAPI services the findings dumped one small object once per admin action: microseconds.
    defaultEnabled: false,
    fix: 'unsafe',
    docs: {
      summary: 'A Pydantic model turned into Python objects and then serialised again: `json.dumps(m.model_dump())`, `json.dumps(m.dict())`, or `JSONResponse(jsonable_encoder(m))` in a route.',
      why: '`model_dump()` walks the model and builds dicts and lists in Python; `json.dumps` then walks them again. `model_dump_json()` does both in one pass in Pydantic\'s Rust core (the Pydantic docs measure it at several times faster). `jsonable_encoder` is a recursive walk in Python too: `JSONResponse(jsonable_encoder(m))` pays for it and for `json.dumps`, where returning the model from a route with a declared return type (FastAPI >= 0.130) serialises it once, in Rust. Off by default: on 13 public FastAPI services the findings dumped one small object once per admin action: microseconds; select `FPL204` to find double serialization where payloads are large.',
      example: [
        'import json',
        'from pydantic import BaseModel',
        '',
        'class Event(BaseModel):',
        '    id: int',
        '    kind: str',
        '',
        'def publish(event: Event) -> str:',
        '    return json.dumps(event.model_dump())',
      ].join('\n'),
      useInstead: [
        'from pydantic import BaseModel',
        '',
        'class Event(BaseModel):',
        '    id: int',
        '    kind: str',
        '',
        'def publish(event: Event) -> str:',
        '    return event.model_dump_json()',
      ].join('\n'),
      fixSafety: 'Offered as a suggestion only. `json.dumps(m.model_dump(...))` becomes `m.model_dump_json(...)` (keeping `indent=` and the dump options), whose text differs in whitespace and escaping (compact separators, non-ASCII kept as is), though it is the same JSON. Calls with `default=`, `sort_keys=` or `cls=` are not flagged: `model_dump_json` cannot reproduce them. On FastAPI >= 0.130, `return JSONResponse(jsonable_encoder(m))` becomes `return m` when the route declares its return type, or when every `return` gives the same Pydantic model (the fix then adds `-> Model`, which serialises `m` once, in Rust).',
      versions: 'Pydantic >= 2 (with Pydantic 1 both forms cost the same).',
      references: ['https://docs.pydantic.dev/latest/concepts/serialization/#modelmodel_dump_json', 'https://fastapi.tiangolo.com/tutorial/encoder/'],
    },
  },
  check(ctx) {
    const { model, versions } = ctx;
    if (!atLeast(versions.pydantic, '2')) return;
    const pydantic = describeVersion('pydantic', versions.pydantic);

    // json.dumps(m.model_dump())
    for (const call of model.callsTo(JSON_DUMPS)) {
      const positional = positionalArgs(call.node);
      const kwargs = keywordArgs(call.node);
      if (positional.length !== 1 || hasSplat(call.node) || [...kwargs.keys()].some((k) => UNREPRODUCIBLE.has(k))) continue;
      const dumped = dumpedModel(model, call.scope, positional[0]);
      if (!dumped) continue;
      const recv = text(model, dumped.receiver);
      let fix;
      if ([...kwargs.keys()].every((k) => k === 'indent') && !hasSplat(dumped.call)) {
        // model_dump_json takes model_dump's options except `mode` (it always dumps in JSON mode).
        const options = items(dumped.call)
          .filter((a) => !(a.type === 'keyword_argument' && a.childForFieldName('name')?.text === 'mode'))
          .map((a) => text(model, a));
        const indent = kwargs.get('indent');
        if (indent) options.push(`indent=${text(model, indent)}`);
        fix = { title: `Use \`${recv}.model_dump_json()\``, edits: [{ start: call.node.startIndex, end: call.node.endIndex, text: `${recv}.model_dump_json(${options.join(', ')})` }] };
      }
      ctx.report({
        node: call.node,
        message: `\`json.dumps(....${dumped.call.childForFieldName('function')!.childForFieldName('attribute')!.text}())\` serializes twice; use \`${shortCode(recv, 20)}.model_dump_json()\``,
        detail: `\`json.dumps(${recv}.${dumped.call.childForFieldName('function')!.childForFieldName('attribute')!.text}())\` builds Python objects and then serializes them with \`json\`: \`${recv}.model_dump_json()\` does both in one pass in Rust (${pydantic}).`,
        fix,
      });
    }

    // JSONResponse(jsonable_encoder(m)) in a route.
    const modern = atLeast(versions.fastapi, '0.130');
    const fastapi = describeVersion('fastapi', versions.fastapi);
    for (const call of [JSON_RESPONSE, ...CUSTOM_JSON_RESPONSES].flatMap((q) => model.callsTo(q))) {
      const fn = model.executingFunction(call.scope);
      const route = fn ? routeOf(model, fn) : null;
      if (!fn || !route) continue;
      const content = argument(call.node, 0, 'content');
      const encoded = unwrap(throughLocal(model, fn, content));
      if (encoded?.type !== 'call') continue;
      const encoder = encoded.childForFieldName('function');
      const ev = encoder ? model.valueOf(encoder, fn) : null;
      if (ev?.k !== 'ref' || ev.q !== JSONABLE_ENCODER) continue;
      const encodedArgs = items(encoded);
      const m = positionalArgs(encoded)[0];
      if (!m || !isModelInstance(model, fn, m)) continue;
      const mText = text(model, m);
      let fix;
      // Only `return JSONResponse(jsonable_encoder(m))` with nothing else to keep becomes `return m`,
      // with the return type declared (FastAPI serialises `m` in Rust only then).
      if (modern && items(call.node).length === 1 && unwrap(content)?.id === encoded.id && encodedArgs.length === 1 && call.node.parent?.type === 'return_statement') {
        const declared = declaresResponseType(fn, route) ? null : returnTypeFix(model, fn, returnedValues(fn, new Map([[call.node.startIndex, m]])));
        if (declared || declaresResponseType(fn, route)) {
          fix = {
            title: `Return \`${mText}\`${declared ? ` and declare \`-> ${declared.text}\`` : ''}`,
            edits: [{ start: call.node.startIndex, end: call.node.endIndex, text: mText }, ...(declared ? [declared.edit] : [])],
          };
        }
      }
      const instead = modern
        ? `return \`${mText}\` and declare the return type, FastAPI then serializes it once in Rust (${fastapi})`
        : `\`Response(${mText}.model_dump_json(), media_type="application/json")\` serializes it once in Rust (${pydantic})`;
      ctx.report({
        node: call.node,
        message: modern ? `\`jsonable_encoder(...)\` converts the model, then the response serializes it again; return the model` : `\`jsonable_encoder(...)\` converts the model, then the response serializes it again; use \`model_dump_json()\``,
        detail: `\`jsonable_encoder(${mText})\` in \`${fn.name}\` converts the model to plain data in Python and the response serializes it again with \`json\`: ${instead}.`,
        fix,
      });
    }
  },
};
