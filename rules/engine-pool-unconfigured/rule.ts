import type { Scope } from '../../server/src/analysis/facts';
import { stringPrefix, unwrap } from '../../server/src/analysis/expressions';
import { keywordArgs } from '../../server/src/analysis/fastapi';
import type { FileModel } from '../../server/src/analysis/model';
import type { Node } from '../../server/src/analysis/tree';
import type { Rule } from '../../server/src/ruleApi/rule';
import { ENGINE_FACTORIES, POOL_KEYWORDS } from '../data/dataAccess';
import { appendArguments } from '../shared/edits';
import { argument, hasSplat } from '../shared/routes';

/**
 * The leading texts the database URL may have: a literal, or each binding of a name (a URL
 * built per branch: `url = settings.url if ... else f"sqlite:///{path}"`). Null entries are unknown.
 */
function urlPrefixes(model: FileModel, scope: Scope, node: Node | null): Array<string | null> {
  const n = unwrap(node);
  if (n?.type !== 'identifier') return [stringPrefix(n)];
  for (let s: Scope | null = scope; s && s.kind !== 'module'; s = s.parent) {
    if (s.kind === 'class' && s !== scope) continue;
    const list = model.bindings(s).names.get(n.text);
    if (!list) continue;
    return list.map((b) => (b.k === 'value' ? stringPrefix(b.node) : null));
  }
  return [model.moduleString(n.text)];
}

/**
 * SQLite has no server connections to keep healthy; `check_same_thread` gives it away too. An
 * engine whose URL is SQLite on one of its paths (the default of an app that also takes a
 * Postgres URL) has pool settings that apply only sometimes: not reported.
 */
function isSqlite(model: FileModel, scope: Scope, call: Node): boolean {
  if (urlPrefixes(model, scope, argument(call, 0, 'url')).some((p) => /^sqlite/i.test(p ?? ''))) return true;
  const connectArgs = unwrap(keywordArgs(call).get('connect_args') ?? null);
  return !!connectArgs && connectArgs.type === 'dictionary' && connectArgs.namedChildren.some((p) => p?.type === 'pair' && stringPrefix(p.childForFieldName('key')) === 'check_same_thread');
}

/**
 * An engine built when an object is constructed (`self.engine = create_engine(...)` in
 * `__init__`) lives as long as the object: when the constructor runs on every request, the
 * engine is short-lived and its pool settings never matter (FPL306 speaks for engines per request).
 */
function constructorOf(fn: Scope | null): boolean {
  return !!fn && fn.kind === 'function' && fn.name === '__init__' && fn.parent?.kind === 'class';
}

export const rule: Rule = {
  meta: {
    code: 'FPL303',
    id: 'engine-pool-unconfigured',
    family: 'data-access',
    severity: 'info',
    // Off by default (issue 16): on 13 public FastAPI services 2 of 4 sampled findings were worth fixing; the others were throwaway engines at startup and in test helpers.
    defaultEnabled: false,
    fix: 'unsafe',
    docs: {
      summary: '`create_engine()`/`create_async_engine()` with none of `pool_size`, `max_overflow`, `pool_recycle`, `pool_pre_ping`, `poolclass`.',
      why: 'The default pool holds 5 connections plus 10 overflow per process and never checks them: under load requests queue for a connection (and fail after `pool_timeout`), and after a database restart, a failover or a firewall idle timeout the first request on each stale connection fails. `pool_pre_ping=True` tests a connection before handing it out, `pool_recycle` replaces connections before servers or proxies drop them, and `pool_size`/`max_overflow` should match your workers and the database\'s connection limit. SQLite engines are not flagged, nor engines whose URL is SQLite on one of its paths, nor an engine built by the constructor of an object made on every request (it lives as long as that request: FPL306 speaks for it). Alembic `env.py` files are migration code, not reported. Off by default: on 13 public FastAPI services 2 of 4 sampled findings were worth fixing; the others were throwaway engines at startup and in test helpers; select `FPL303` to review every engine\'s pool settings.',
      example: [
        'from sqlalchemy.ext.asyncio import create_async_engine',
        '',
        'engine = create_async_engine("postgresql+asyncpg://app@db/app")',
      ].join('\n'),
      useInstead: [
        'from sqlalchemy.ext.asyncio import create_async_engine',
        '',
        'engine = create_async_engine(',
        '    "postgresql+asyncpg://app@db/app",',
        '    pool_size=20,',
        '    max_overflow=10,',
        '    pool_recycle=1800,',
        '    pool_pre_ping=True,',
        ')',
      ].join('\n'),
      fixSafety: 'Offered as a suggestion: it adds `pool_pre_ping=True, pool_recycle=1800`, which cost a round trip per checkout and a reconnect every 30 minutes. Size the pool yourself.',
      references: ['https://docs.sqlalchemy.org/en/20/core/pooling.html#dealing-with-disconnects', 'https://docs.sqlalchemy.org/en/20/core/engines.html#sqlalchemy.create_engine'],
    },
  },
  check(ctx) {
    const { model } = ctx;
    for (const q of ENGINE_FACTORIES) {
      for (const call of model.callsTo(q)) {
        if (hasSplat(call.node) || [...keywordArgs(call.node).keys()].some((k) => POOL_KEYWORDS.has(k)) || isSqlite(model, call.scope, call.node)) continue;
        const fn = model.executingFunction(call.scope);
        const edit = appendArguments(call.node, ['pool_pre_ping=True', 'pool_recycle=1800'], model.text);
        const name = q.slice(q.lastIndexOf('.') + 1);
        ctx.report({
          node: call.node,
          message: `\`${name}()\` keeps the default pool; size it with \`pool_size\`/\`max_overflow\`, add \`pool_pre_ping\`, \`pool_recycle\``,
          detail: 'The default pool: 5 connections plus 10 overflow, stale connections never checked. Size it with `pool_size`/`max_overflow` and add `pool_pre_ping=True, pool_recycle=1800`.',
          fix: edit ? { title: 'Add `pool_pre_ping=True, pool_recycle=1800`', edits: [edit] } : undefined,
          when: constructorOf(fn) ? { kind: 'not', of: { kind: 'perRequest', fn: model.qualifiedName(fn!) } } : undefined,
        });
      }
    }
  },
};
