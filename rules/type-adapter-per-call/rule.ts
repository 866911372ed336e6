import type { CallFact, Scope } from '../../server/src/analysis/facts';
import type { FileModel } from '../../server/src/analysis/model';
import type { Condition, Rule } from '../../server/src/ruleApi/rule';
import { cachingDecorator } from '../shared/decorators';
import { nameMatcher, readNames } from '../shared/names';
import { snippet } from '../shared/pydantic';
import { PYDANTIC_MODEL } from '../data/responses';
import { shortCode } from '../../server/src/ruleApi/message';

const TYPE_ADAPTER = 'pydantic.TypeAdapter';
const TARGETS: ReadonlySet<string> = new Set([TYPE_ADAPTER]);

/**
 * Built once and kept, though inside a function: stored on an object (`self._adapter = ...`),
 * or in a name declared global/nonlocal (lazy initialisation).
 */
function storedForReuse(model: FileModel, call: CallFact, fn: Scope): boolean {
  const parent = call.node.parent;
  if (parent?.type !== 'assignment' || parent.childForFieldName('right')?.startIndex !== call.start) return false;
  const left = parent.childForFieldName('left');
  if (left?.type === 'attribute') return true;
  if (left?.type !== 'identifier') return false;
  const list = model.bindings(fn).names.get(left.text) ?? [];
  return list.some((b) => b.k === 'global' || b.k === 'nonlocal');
}

/** True when `name` is bound in `fn` or a function enclosing it (a parameter, a local, a closure variable). */
function boundInFunction(model: FileModel, fn: Scope, name: string): boolean {
  for (let s: Scope | null = fn; s && s.kind !== 'module'; s = s.parent) {
    if (s.kind !== 'class' && model.bindings(s).names.has(name)) return true;
  }
  return false;
}

/**
 * When the rebuild costs: on every request. A function's adapter counts when the function runs
 * per request; a closure's (a nested def, a lambda) when it or the function that makes it does,
 * and always when a cached factory makes it (the closure is handed out to be called again).
 */
function perRequest(model: FileModel, fn: Scope): Condition | undefined {
  const defs: Scope[] = [];
  for (let s: Scope | null = fn; s; s = s.parent) if (s.kind === 'function') defs.push(s);
  const own = defs[0];
  const outer = defs[defs.length - 1];
  if (!own) return undefined;
  if (own === outer) return { kind: 'perRequest', fn: model.qualifiedName(own) };
  if (defs.some((d) => d !== own && cachingDecorator(model, d) !== null)) return undefined;
  return { kind: 'any', of: [{ kind: 'perRequest', fn: model.qualifiedName(own) }, { kind: 'perRequest', fn: model.qualifiedName(outer) }] };
}

export const rule: Rule = {
  meta: {
    code: 'FPL404',
    id: 'type-adapter-per-call',
    family: 'pydantic',
    severity: 'warning',
    fix: 'none',
    docs: {
      summary: '`TypeAdapter(...)` built inside a function body, so it is rebuilt on every call.',
      why: 'Creating a `TypeAdapter` generates the core schema for its type and compiles a validator and a serializer in pydantic-core: work that takes far longer than validating one value. Built inside a route or a helper, it is redone on every request. Built once at module level (or cached), the adapter is reused and each call only validates. `TypeAdapter(Model)` of a plain model class is not flagged: it reuses the class\'s own validator (a few microseconds). Reported where it runs on every request: in a route, a dependency, or a function they call (a closure: when the function that makes it does, or a cached factory makes it).',
      example: [
        'from fastapi import FastAPI, Request',
        'from pydantic import BaseModel, TypeAdapter',
        '',
        'app = FastAPI()',
        '',
        'class Item(BaseModel):',
        '    name: str',
        '',
        '@app.post("/bulk")',
        'async def bulk(request: Request):',
        '    adapter = TypeAdapter(list[Item])',
        '    items = adapter.validate_json(await request.body())',
        '    return {"count": len(items)}',
      ].join('\n'),
      useInstead: [
        'from fastapi import FastAPI, Request',
        'from pydantic import BaseModel, TypeAdapter',
        '',
        'app = FastAPI()',
        '',
        'class Item(BaseModel):',
        '    name: str',
        '',
        'ITEMS = TypeAdapter(list[Item])',
        '',
        '@app.post("/bulk")',
        'async def bulk(request: Request):',
        '    items = ITEMS.validate_json(await request.body())',
        '    return {"count": len(items)}',
      ].join('\n'),
      fixSafety: 'No fix: hoisting the adapter changes where its type is evaluated (a type built from the function\'s arguments cannot move), so the move is left to you. Adapters built in cached functions (`functools.cache`, `lru_cache`, `cached_property`, cachetools), stored on an object or in a global are not reported.',
      references: ['https://docs.pydantic.dev/latest/concepts/performance/#typeadapter-instantiated-once', 'https://docs.pydantic.dev/latest/concepts/type_adapter/'],
    },
  },
  check(ctx) {
    const { model } = ctx;
    const cached = new Map<Scope, boolean>();
    const mayBeAdapter = nameMatcher(model, TARGETS);
    for (const call of model.calls) {
      if (!call.dotted || !mayBeAdapter(call.dotted)) continue;
      const fn = model.executingFunction(call.scope);
      if (!fn || model.calleeName(call) !== TYPE_ADAPTER) continue;
      // Only the function whose body builds it counts: a def nested in a cached factory still runs on every call.
      if (!cached.has(fn)) cached.set(fn, fn.kind === 'function' && cachingDecorator(model, fn) !== null);
      if (cached.get(fn) || storedForReuse(model, call, fn)) continue;
      const args = call.node.childForFieldName('arguments');
      // `TypeAdapter(Model)` of a plain model class reuses the class's compiled validator (about 4 µs).
      const first = args?.namedChildren.find((a) => a && a.type !== 'comment' && a.type !== 'keyword_argument');
      if (first && (first.type === 'identifier' || first.type === 'attribute')) {
        const v = model.valueOf(first, call.scope);
        if (v.k === 'ref' && model.resolver.isSubclass(v.q, PYDANTIC_MODEL)) continue;
      }
      const shown = snippet(args ? model.text.slice(args.startIndex + 1, args.endIndex - 1) : '...', 30);
      const where = fn.kind === 'lambda' ? 'a lambda' : `\`${fn.name}\``;
      // A type computed from the function's own names cannot move to module level: cache per type instead.
      const dynamic = args ? readNames(args).some((n) => boundInFunction(model, fn, n)) : false;
      const advice = dynamic ? 'cache the adapters per type (an `@lru_cache` factory) instead' : 'create it once at module level and reuse it';
      ctx.report({
        node: call.node,
        message: `\`${shortCode(call.dotted, 20)}(...)\` rebuilds its schema and validator on every call; ${dynamic ? 'cache the adapters per type' : 'create it once at module level'}`,
        detail: `\`${call.dotted}(${shown})\` is built each time ${where} runs; ${advice}.`,
        when: perRequest(model, fn),
      });
    }
  },
};
