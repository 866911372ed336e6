import type { CallFact } from '../../server/src/analysis/facts';
import type { Node } from '../../server/src/analysis/tree';
import type { Rule } from '../../server/src/ruleApi/rule';
import { declaresName, isModelClass, onPydantic2, pydanticVersion, snippet } from '../shared/pydantic';

interface Rename {
  to: string;
  /** Keyword arguments the new method takes with the same meaning; 'any' when the signatures match. */
  keywords: ReadonlySet<string> | 'any';
  positional: number;
  /** `*args` / `**kwargs` are safe to pass on (the new method accepts everything the old one did). */
  splats: boolean;
  why: string;
}

const DUMP = new Set(['include', 'exclude', 'by_alias', 'exclude_unset', 'exclude_defaults', 'exclude_none']);
const SHIM = 'a deprecated wrapper that warns on every call';

/** Pydantic 1 method -> its Pydantic 2 name (from Pydantic's migration guide). */
const RENAMES: ReadonlyMap<string, Rename> = new Map(Object.entries({
  dict: { to: 'model_dump', keywords: DUMP, positional: 0, splats: true, why: SHIM },
  json: { to: 'model_dump_json', keywords: DUMP, positional: 0, splats: false, why: SHIM },
  copy: { to: 'model_copy', keywords: new Set(['update', 'deep']), positional: 0, splats: false, why: 'a slow Python re-implementation kept for v1 compatibility' },
  parse_obj: { to: 'model_validate', keywords: new Set(['obj']), positional: 1, splats: false, why: SHIM },
  from_orm: { to: 'model_validate', keywords: new Set(), positional: 1, splats: false, why: SHIM },
  parse_raw: { to: 'model_validate_json', keywords: new Set(), positional: 1, splats: false, why: 'it parses the JSON into Python objects before validating, where `model_validate_json` parses and validates in one pass in Rust' },
  schema: { to: 'model_json_schema', keywords: new Set(['by_alias', 'ref_template']), positional: 2, splats: false, why: SHIM },
  construct: { to: 'model_construct', keywords: 'any', positional: 1, splats: true, why: SHIM },
  update_forward_refs: { to: 'model_rebuild', keywords: new Set(), positional: 0, splats: false, why: SHIM },
} satisfies Record<string, Rename>));

/** Whether the call's arguments mean the same to the new method. */
function argumentsCarryOver(call: Node, r: Rename): boolean {
  const args = call.childForFieldName('arguments');
  if (!args || args.type !== 'argument_list') return false;
  let positional = 0;
  for (const a of args.namedChildren) {
    if (!a || a.type === 'comment') continue;
    if (a.type === 'keyword_argument') {
      const name = a.childForFieldName('name')?.text ?? '';
      if (r.keywords !== 'any' && !r.keywords.has(name)) return false;
    } else if (a.type === 'list_splat' || a.type === 'dictionary_splat') {
      if (!r.splats) return false;
    } else if (++positional > r.positional) return false;
  }
  return true;
}

export const rule: Rule = {
  meta: {
    code: 'FPL401',
    id: 'pydantic-v1-method',
    family: 'pydantic',
    severity: 'warning',
    fix: 'safe',
    // Pydantic 2 migration group: off by default (issue 16: no measurable cost per request).
    defaultEnabled: false,
    docs: {
      summary: 'A Pydantic 1 method (`.dict()`, `.json()`, `.copy()`, `.parse_obj()`, `.from_orm()`, `.parse_raw()`, `.schema()`, `.construct()`, `.update_forward_refs()`) called on a Pydantic 2 model.',
      why: 'Pydantic 2 keeps the v1 methods only as deprecated wrappers: each call emits a `DeprecationWarning` (the warnings machinery runs on every request) before delegating, `.copy()` is a slow Python re-implementation, and `.parse_raw()` parses JSON into Python objects first where `model_validate_json()` parses and validates in one pass in Rust. The `model_*` methods go straight to pydantic-core. Only receivers that resolve to a Pydantic 2 model are flagged: `.json()` on an HTTP response or `.dict()` on an ORM object with its own `dict` method are left alone. On Pydantic 2 these methods only add a deprecation warning and a few microseconds per call (measured: about 5 µs, whatever the model size), so the rule belongs to the Pydantic 2 migration group, off by default: select it with `extend-select = ["FPL401"]`.',
      example: [
        'from fastapi import FastAPI',
        'from pydantic import BaseModel',
        '',
        'app = FastAPI()',
        '',
        'class Item(BaseModel):',
        '    name: str',
        '',
        '@app.post("/items")',
        'async def create_item(item: Item):',
        '    return {"item": item.dict()}',
      ].join('\n'),
      useInstead: [
        'from fastapi import FastAPI',
        'from pydantic import BaseModel',
        '',
        'app = FastAPI()',
        '',
        'class Item(BaseModel):',
        '    name: str',
        '',
        '@app.post("/items")',
        'async def create_item(item: Item):',
        '    return {"item": item.model_dump()}',
      ].join('\n'),
      fixSafety: 'Safe: the method is renamed (`dict` to `model_dump`, `json` to `model_dump_json`, `copy` to `model_copy`, `parse_obj` and `from_orm` to `model_validate` (`from_orm` already required `from_attributes=True` in the model\'s config, which `model_validate` then honours), `parse_raw` to `model_validate_json`, `schema` to `model_json_schema`, `construct` to `model_construct`, `update_forward_refs` to `model_rebuild`) only when every argument means the same to the new method. Calls with arguments the new method lacks (`copy(include=...)`, `json(encoder=...)`, `parse_raw(..., content_type=...)`) are reported without a fix.',
      versions: 'Pydantic 2 and later (the project\'s Pydantic version; unknown means the latest). Pydantic 1 projects and `pydantic.v1` models are not flagged.',
      references: ['https://docs.pydantic.dev/latest/migration/#changes-to-pydanticbasemodel', 'https://docs.pydantic.dev/latest/concepts/serialization/'],
    },
  },
  check(ctx) {
    if (!onPydantic2(ctx)) return;
    const { model } = ctx;
    for (const call of model.calls) {
      const found = candidate(call);
      if (!found) continue;
      const { method, attr, receiver } = found;
      const callee = model.callee(call);
      // The method must come from the Pydantic base, not from the class itself (an override, or a field of that name).
      if (callee.k !== 'ref' || model.resolver.fn(callee.q) || !callee.q.endsWith(`.${method}`)) continue;
      const owner = callee.q.slice(0, -method.length - 1);
      if (!isModelClass(model, owner)) continue;
      const recv = model.valueOf(receiver, call.scope);
      const recvType = recv.k === 'inst' ? recv.t : recv.k === 'ref' ? recv.q : null;
      if (!recvType || !isModelClass(model, recvType) || declaresName(model, recvType, method)) continue;
      const r = RENAMES.get(method)!;
      const shown = snippet(model.text.slice(receiver.startIndex, receiver.endIndex));
      const fixable = argumentsCarryOver(call.node, r);
      ctx.report({
        start: attr.startIndex,
        end: call.node.endIndex,
        message: `\`.${method}()\` is the Pydantic 1 API; use \`.${r.to}()\`${fixable ? '' : ' (rewrite the arguments by hand)'}`,
        detail: `\`${shown}.${method}()\`: ${r.why} (${pydanticVersion(ctx)}).`,
        fix: fixable ? { title: `Rename to \`${r.to}\``, edits: [{ start: attr.startIndex, end: attr.endIndex, text: r.to }] } : undefined,
      });
    }
  },
};

/** A call `x.<v1 method>(...)`: the method name, its identifier node and the receiver node. */
function candidate(call: CallFact): { method: string; attr: Node; receiver: Node } | null {
  if (call.dotted) {
    const dot = call.dotted.lastIndexOf('.');
    if (dot < 0 || !RENAMES.has(call.dotted.slice(dot + 1))) return null;
  }
  const fn = call.node.childForFieldName('function');
  if (fn?.type !== 'attribute') return null;
  const attr = fn.childForFieldName('attribute');
  const receiver = fn.childForFieldName('object');
  if (!attr || !receiver || !RENAMES.has(attr.text)) return null;
  return { method: attr.text, attr, receiver };
}
