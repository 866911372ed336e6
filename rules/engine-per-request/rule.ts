import type { Scope } from '../../server/src/analysis/facts';
import { decoratorsOf } from '../../server/src/analysis/fastapi';
import { useOf, withParens } from '../../server/src/analysis/expressions';
import type { FileModel } from '../../server/src/analysis/model';
import type { Node } from '../../server/src/analysis/tree';
import type { Rule } from '../../server/src/ruleApi/rule';
import { CACHING_DECORATORS } from '../../server/src/analysis/knowledge/types';
import { ENGINE_FACTORIES } from '../data/dataAccess';

/** `@lru_cache`, `@cache`, `@cached(...)`: the function body runs once. */
function isCached(model: FileModel, fn: Scope): boolean {
  return decoratorsOf(fn.node!).some((d) => {
    let e = d.firstNamedChild;
    if (e?.type === 'call') e = e.childForFieldName('function');
    const v = e ? model.valueOf(e, fn.parent ?? model.moduleScope) : null;
    return v?.k === 'ref' && CACHING_DECORATORS.has(v.q);
  });
}

/**
 * A lazily built singleton: the engine is kept beyond the call, in a `global` or `nonlocal`
 * name (`global _engine; _engine = create_engine(...)`), an attribute (`self._engine = ...`,
 * `app.state.engine = ...`) or a registry entry (`_engines[shard] = ...`), so later calls reuse it.
 */
function isKeptSingleton(model: FileModel, fn: Scope, call: Node): boolean {
  const use = useOf(call);
  if (use.kind === 'assign') return (model.bindings(fn).names.get(use.name) ?? []).some((b) => b.k === 'global' || b.k === 'nonlocal');
  const cur = withParens(call);
  const p = cur.parent;
  if (p?.type !== 'assignment' || p.childForFieldName('right')?.id !== cur.id) return false;
  const left = p.childForFieldName('left')?.type;
  return left === 'attribute' || left === 'subscript';
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
      why: 'An engine owns a connection pool. Building one per request opens a new database connection (TCP, TLS, authentication: often 10-50 ms) every time, never reuses it, and leaves pools behind until garbage collection, so the database runs out of connection slots under load. Create the engine and the session factory once, at module level or in `lifespan`, and open a session per request from them. Functions decorated with `@lru_cache`/`@cache`, and lazily built singletons (kept in a `global`, an attribute such as `self._engine`, or a registry entry) are not flagged; nor is a `sessionmaker` bound to an existing engine, which shares its pool.',
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
        if (!fn || fn.kind !== 'function' || !fn.node || isCached(model, fn) || isKeptSingleton(model, fn, call.node)) continue;
        ctx.report({
          node: call.node,
          message: `\`${name}()\` in \`${fn.name}\` builds a new engine and connection pool on every request: create it once (module level or \`lifespan\`) and share it`,
          when: { kind: 'perRequest', fn: model.qualifiedName(fn) },
        });
      }
    }
  },
};
