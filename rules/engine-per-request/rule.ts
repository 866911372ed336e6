import type { Scope } from '../../server/src/analysis/facts';
import { decoratorsOf } from '../../server/src/analysis/fastapi';
import { unwrap, useOf } from '../../server/src/analysis/expressions';
import type { FileModel } from '../../server/src/analysis/model';
import type { Node } from '../../server/src/analysis/tree';
import type { Rule } from '../../server/src/ruleApi/rule';
import { CACHING_DECORATORS } from '../../server/src/analysis/knowledge/types';
import { ENGINE_FACTORIES } from '../data/dataAccess';
import { returnedValue } from '../shared/routes';

/** `@lru_cache`, `@cache`, `@cached(...)`: the function body runs once. */
function isCached(model: FileModel, fn: Scope): boolean {
  return decoratorsOf(fn.node!).some((d) => {
    let e = d.firstNamedChild;
    if (e?.type === 'call') e = e.childForFieldName('function');
    const v = e ? model.valueOf(e, fn.parent ?? model.moduleScope) : null;
    return v?.k === 'ref' && CACHING_DECORATORS.has(v.q);
  });
}

/** A local name's value stored where later calls find it: `engines[key] = engine`, `self._engine = engine`. */
function storedName(fn: Scope, name: string): boolean {
  return (fn.node?.descendantsOfType('assignment') ?? []).some((a) => {
    const right = unwrap(a?.childForFieldName('right') ?? null);
    const left = a?.childForFieldName('left')?.type;
    return right?.type === 'identifier' && right.text === name && (left === 'attribute' || left === 'subscript');
  });
}

/**
 * A lazily built singleton: the value of `call` is kept beyond the call, in a `global` or
 * `nonlocal` name (`global _engine; _engine = create_engine(...)`), an attribute
 * (`self._engine = ...`, `app.state.engine = ...`) or a registry entry (`_engines[shard] = ...`),
 * directly or through a local name, so later calls reuse it.
 */
function isKept(model: FileModel, fn: Scope, call: Node): boolean {
  const use = useOf(call);
  if (use.kind === 'assign') return (model.bindings(fn).names.get(use.name) ?? []).some((b) => b.k === 'global' || b.k === 'nonlocal') || storedName(fn, use.name);
  let cur = call;
  while (cur.parent?.type === 'parenthesized_expression') cur = cur.parent;
  const p = cur.parent;
  if (p?.type !== 'assignment' || p.childForFieldName('right')?.id !== cur.id) return false;
  const left = p.childForFieldName('left')?.type;
  return left === 'attribute' || left === 'subscript';
}

/** The function hands the engine to its caller: `return create_engine(...)`, or a local name holding it. */
function returnsIt(fn: Scope, call: Node): boolean {
  const use = useOf(call);
  if (use.kind === 'return') return true;
  return use.kind === 'assign' && fn.returns.some((r) => {
    const v = unwrap(returnedValue(r));
    return v?.type === 'identifier' && v.text === use.name;
  });
}

/**
 * An engine builder behind a cache: every call of it in its module keeps what it returns
 * (`engine = _build_engine(spec); _engines[shard] = engine`, under a lock or not), so it runs
 * once per key. Callers elsewhere are not known here: a builder with none in its module is
 * reported.
 */
function builderKept(model: FileModel, fn: Scope): boolean {
  const q = model.qualifiedName(fn);
  const callers = model.calls.filter((c) => c.node.startIndex < fn.start || c.node.startIndex >= fn.end).filter((c) => model.calleeName(c) === q);
  return callers.length > 0 && callers.every((c) => {
    const caller = model.executingFunction(c.scope);
    return !!caller && caller.kind === 'function' && !!caller.node && (isCached(model, caller) || isKept(model, caller, c.node));
  });
}

export const rule: Rule = {
  meta: {
    code: 'FPL306',
    id: 'engine-per-request',
    family: 'data-access',
    severity: 'error',
    fix: 'none',
    docs: {
      summary: '`create_engine()` or `create_async_engine()` called inside a route, a dependency, or a function they call.',
      why: 'An engine owns a connection pool. Building one per request opens a new database connection (TCP, TLS, authentication: often 10-50 ms) every time, never reuses it, and leaves pools behind until garbage collection, so the database runs out of connection slots under load. Create the engine and the session factory once, at module level or in `lifespan`, and open a session per request from them. Functions decorated with `@lru_cache`/`@cache`, lazily built singletons (kept in a `global`, an attribute such as `self._engine`, or a registry entry, directly or through a local name), and builders every caller of which in their module keeps the engine they return (a per-shard cache) are not flagged; nor is a `sessionmaker` bound to an existing engine, which shares its pool.',
      example: [
        'from fastapi import Depends, FastAPI',
        'from sqlalchemy import create_engine, text',
        '',
        'app = FastAPI()',
        '',
        '@app.get("/audit")',
        'def audit(settings: Settings = Depends(get_settings)):',
        '    engine = create_engine(settings.database_url)',
        '    with engine.connect() as conn:',
        '        return {"rows": conn.execute(text("SELECT count(*) FROM audit")).scalar()}',
      ].join('\n'),
      useInstead: [
        'from fastapi import FastAPI',
        'from sqlalchemy import create_engine, text',
        '',
        'app = FastAPI()',
        'engine = create_engine(settings.database_url, pool_pre_ping=True)',
        '',
        '@app.get("/audit")',
        'def audit():',
        '    with engine.connect() as conn:',
        '        return {"rows": conn.execute(text("SELECT count(*) FROM audit")).scalar()}',
      ].join('\n'),
      fixSafety: 'No automatic fix: where the engine should live (module level, `lifespan`, `app.state`) depends on the application.',
      references: ['https://docs.sqlalchemy.org/en/20/core/connections.html#basic-usage', 'https://fastapi.tiangolo.com/advanced/events/#lifespan'],
    },
  },
  check(ctx) {
    const { model } = ctx;
    // Only engines own a pool: a session factory bound to an existing engine shares its pool
    // (and one bound to a new engine is reported at that engine).
    for (const q of ENGINE_FACTORIES) {
      const name = q.slice(q.lastIndexOf('.') + 1);
      for (const call of model.callsTo(q)) {
        const fn = model.executingFunction(call.scope);
        if (!fn || fn.kind !== 'function' || !fn.node || isCached(model, fn) || isKept(model, fn, call.node) || (returnsIt(fn, call.node) && builderKept(model, fn))) continue;
        ctx.report({
          node: call.node,
          message: `\`${name}()\` in \`${fn.name}\` builds a new engine and connection pool on every request: create it once (module level or \`lifespan\`) and share it`,
          when: { kind: 'perRequest', fn: model.qualifiedName(fn) },
        });
      }
    }
  },
};
