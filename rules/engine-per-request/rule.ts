import type { Scope } from '../../server/src/analysis/facts';
import { decoratorsOf } from '../../server/src/analysis/fastapi';
import { unwrap, useOf, withParens } from '../../server/src/analysis/expressions';
import type { FileModel } from '../../server/src/analysis/model';
import type { Node } from '../../server/src/analysis/tree';
import type { Rule, RuleContext } from '../../server/src/ruleApi/rule';
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

const DEFINITIONS = new Set(['function_definition', 'lambda', 'class_definition']);

/** Nodes of a function's own body (not its nested definitions) of the given types. */
function ownNodes(def: Node, types: ReadonlySet<string>): Node[] {
  const out: Node[] = [];
  const walk = (n: Node): void => {
    for (const c of n.namedChildren) {
      if (!c || DEFINITIONS.has(c.type)) continue;
      if (types.has(c.type)) out.push(c);
      walk(c);
    }
  };
  const body = def.childForFieldName('body');
  if (body) walk(body);
  return out;
}

const STORES = new Set(['assignment', 'global_statement', 'nonlocal_statement']);

/**
 * A lazily built singleton: the value of `call` is kept beyond the call, in a `global` or
 * `nonlocal` name (`global _engine; _engine = create_engine(...)`), an attribute
 * (`self._engine = ...`, `app.state.engine = ...`) or a registry entry (`_engines[shard] = ...`),
 * directly or through a local name, so later calls reuse it. Read from the tree, so it holds
 * for a call in any part of the file.
 */
function isKept(call: Node, def: Node): boolean {
  const use = useOf(call);
  if (use.kind === 'assign') {
    return ownNodes(def, STORES).some((n) => {
      if (n.type !== 'assignment') return n.namedChildren.some((id) => id?.text === use.name);
      const right = unwrap(n.childForFieldName('right'));
      const left = n.childForFieldName('left')?.type;
      return right?.type === 'identifier' && right.text === use.name && (left === 'attribute' || left === 'subscript');
    });
  }
  const cur = withParens(call);
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

/** The call node whose callee spans [start, end), and the function definition around it. */
function callAt(model: FileModel, start: number, end: number): { call: Node; def: Node } | null {
  let n: Node | null = model.root.descendantForIndex(start, end);
  while (n && !(n.type === 'call' && n.childForFieldName('function')?.startIndex === start && n.childForFieldName('function')?.endIndex === end)) n = n.parent;
  let def = n?.parent ?? null;
  while (def && def.type !== 'function_definition') def = def.parent;
  return n && def ? { call: n, def } : null;
}

/**
 * An engine builder behind a cache: every call of it in its module keeps what it returns
 * (`engine = _build_engine(spec); _engines[shard] = engine`, under a lock or not), or is in a
 * cached function, so it runs once per key. Callers in other modules are not known here: a
 * builder with no caller in its module is reported.
 */
function builderKept(ctx: RuleContext, fn: Scope): boolean {
  const { model } = ctx;
  const callers = model.callsOfFunction(model.qualifiedName(fn));
  return callers.length > 0 && callers.every((c) => {
    const at = callAt(model, c.start, c.end);
    if (!at) return false;
    return ctx.graph.decorators(model.context.module, c.caller).some((d) => CACHING_DECORATORS.has(d)) || isKept(at.call, at.def);
  });
}

export const rule: Rule = {
  meta: {
    code: 'FPL306',
    id: 'engine-per-request',
    family: 'data-access',
    severity: 'error',
    // Off by default (issue 16): on 13 public FastAPI services its one finding was a throwaway engine at startup.
    defaultEnabled: false,
    fix: 'none',
    docs: {
      summary: '`create_engine()` or `create_async_engine()` called inside a route, a dependency, or a function they call.',
      why: 'An engine owns a connection pool. Building one per request opens a new database connection (TCP, TLS, authentication: often 10-50 ms) every time, never reuses it, and leaves pools behind until garbage collection, so the database runs out of connection slots under load. Create the engine and the session factory once, at module level or in `lifespan`, and open a session per request from them. Functions decorated with `@lru_cache`/`@cache`, lazily built singletons (kept in a `global`, an attribute such as `self._engine`, or a registry entry, directly or through a local name), and builders every caller of which in their module keeps the engine they return (a per-shard cache) are not flagged; nor is a `sessionmaker` bound to an existing engine, which shares its pool. Off by default: on 13 public FastAPI services its one finding was a throwaway engine at startup; select `FPL306` to audit engine creation in functions.',
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
        if (!fn || fn.kind !== 'function' || !fn.node || isCached(model, fn) || isKept(call.node, fn.node) || (returnsIt(fn, call.node) && builderKept(ctx, fn))) continue;
        ctx.report({
          node: call.node,
          message: `\`${name}()\` builds a new engine and pool on every request; create it once (module level or \`lifespan\`)`,
          detail: `\`${name}()\` in \`${fn.name}\` builds a new engine and connection pool on every request: create it once and share it.`,
          when: { kind: 'perRequest', fn: model.qualifiedName(fn) },
        });
      }
    }
  },
};
