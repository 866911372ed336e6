import type { Scope } from '../../server/src/analysis/facts';
import { literalNumber, unwrap } from '../../server/src/analysis/expressions';
import { positionalArgs } from '../../server/src/analysis/fastapi';
import type { FileModel } from '../../server/src/analysis/model';
import type { Node } from '../../server/src/analysis/tree';
import type { Rule } from '../../server/src/ruleApi/rule';
import { DB_METHODS, ORM_QUERIES } from '../data/dataAccess';

const COMPREHENSIONS = new Set(['list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression']);
const LITERALS = new Set(['list', 'tuple', 'set']);
const WRITES = new Set(['commit', 'flush']);
const LOOP_KEYWORD = /\b(?:for|while)\b/g;
/** Method names a database call can end with: only such calls are resolved. */
const DB_NAMES = new Set([...Object.values(DB_METHODS).flatMap((s) => [...s]), ...[...ORM_QUERIES].map((q) => q.slice(q.lastIndexOf('.') + 1))]);

/** Whether a qualified callee makes a database round trip. */
function isDbCall(model: FileModel, q: string): boolean {
  if (ORM_QUERIES.has(q)) return true;
  const dot = q.lastIndexOf('.');
  if (dot <= 0) return false;
  const type = q.slice(0, dot);
  const method = q.slice(dot + 1);
  for (const [base, methods] of Object.entries(DB_METHODS)) if (methods.has(method) && model.resolver.isSubclass(type, new Set([base]))) return true;
  return false;
}

/** A loop over a handful of literal values, or a retry loop (`range(3)`): not N+1. */
function isSmallFixedLoop(model: FileModel, fn: Scope, loop: Node): boolean {
  const it = unwrap(loop.childForFieldName('right'));
  if (!it) return false;
  if (LITERALS.has(it.type)) return true;
  const callee = it.type === 'call' ? it.childForFieldName('function') : null;
  const v = callee ? model.valueOf(callee, fn) : null;
  if (v?.k === 'ref' && v.q === 'builtins.range') {
    const args = positionalArgs(it);
    const n = args.length === 1 ? literalNumber(args[0]) : null;
    return n !== null && n <= 10;
  }
  return false;
}

const EXITS = new Set(['break_statement', 'return_statement', 'raise_statement']);

/**
 * Whether the loop is left right after the call: a `break`, `return` or `raise` follows the
 * call's statement in a block between it and the loop (`row = db.get(...); break`), so the
 * call runs at most once per loop, not once per item.
 */
function leavesLoopAfter(call: Node, loop: Node): boolean {
  for (let stmt: Node | null = call; stmt && stmt.id !== loop.id; stmt = stmt.parent) {
    if (stmt.parent?.type !== 'block') continue;
    for (let next = stmt.nextNamedSibling; next; next = next.nextNamedSibling) if (EXITS.has(next.type)) return true;
  }
  return false;
}

/** The loop a call runs in once per iteration, inside the function; null when it runs once. */
function enclosingLoop(model: FileModel, fn: Scope, call: Node): Node | null {
  let child = call;
  for (let p = call.parent; p && p.id !== fn.node!.id; child = p, p = p.parent) {
    if (p.type === 'for_statement') {
      if (p.childForFieldName('body')?.id === child.id && !isSmallFixedLoop(model, fn, p) && !leavesLoopAfter(call, p)) return p;
    } else if (p.type === 'while_statement') {
      // `while True: ... break` pages through results or retries: a loop the author bounded.
      const body = p.childForFieldName('body');
      if ((body?.id === child.id || p.childForFieldName('condition')?.id === child.id) && !(body?.descendantsOfType('break_statement').length)) return p;
    } else if (COMPREHENSIONS.has(p.type)) {
      // Only the first `for` clause's iterable is evaluated once.
      const first = p.namedChildren.find((c) => c?.type === 'for_in_clause');
      if (child.id !== first?.id && !isSmallFixedLoop(model, fn, first ?? p)) return p;
    }
  }
  return null;
}

export const rule: Rule = {
  meta: {
    code: 'FPL305',
    id: 'query-in-loop',
    family: 'data-access',
    severity: 'warning',
    fix: 'none',
    docs: {
      summary: 'A database call inside a `for`/`while` loop or a comprehension, in a route, a dependency, or a function they call: one query per item (N+1).',
      why: 'Each iteration pays a full round trip to the database: 100 items mean 101 queries where 1 or 2 would do, and the latency adds up linearly with the data. In an `async def` route the awaits are sequential too. Load everything the loop needs in one query before it (`where(Model.id.in_(ids))`, a join, `selectinload(...)` for relationships), or write once after it (one `commit()` for the batch). Loops over a few literal values, retry loops (`range(3)`, `while True: ... break`) and searches that leave the loop right after the call (`row = db.get(...); break`) are not flagged.',
      example: [
        'from fastapi import Depends, FastAPI, Query',
        'from sqlalchemy.orm import Session',
        '',
        'app = FastAPI()',
        '',
        '@app.get("/orders")',
        'def orders(ids: list[int] = Query(), db: Session = Depends(get_db)):',
        '    out = []',
        '    for order_id in ids:',
        '        out.append(db.get(Order, order_id))',
        '    return out',
      ].join('\n'),
      useInstead: [
        'from fastapi import Depends, FastAPI, Query',
        'from sqlalchemy import select',
        'from sqlalchemy.orm import Session',
        '',
        'app = FastAPI()',
        '',
        '@app.get("/orders")',
        'def orders(ids: list[int] = Query(), db: Session = Depends(get_db)):',
        '    return db.scalars(select(Order).where(Order.id.in_(ids))).all()',
      ].join('\n'),
      fixSafety: 'No automatic fix: batching a query changes the code around the loop.',
      references: ['https://docs.sqlalchemy.org/en/20/orm/queryguide/relationships.html#selectin-eager-loading', 'https://docs.sqlalchemy.org/en/20/orm/queryguide/select.html'],
    },
  },
  check(ctx) {
    const { model } = ctx;
    // Functions with no `for`/`while` in their text have no loop: skip them before resolving anything.
    const loopy = new Map<Scope, boolean>();
    const hasLoopText = (fn: Scope): boolean => {
      let v = loopy.get(fn);
      if (v === undefined) {
        LOOP_KEYWORD.lastIndex = fn.bodyStart;
        const m = LOOP_KEYWORD.exec(model.text);
        loopy.set(fn, (v = !!m && m.index < fn.end));
      }
      return v;
    };
    for (const name of DB_NAMES) {
      for (const call of model.callsNamed(name)) {
        const fn = model.executingFunction(call.scope);
        if (!fn || fn.kind !== 'function' || !fn.node || !hasLoopText(fn)) continue;
        const q = model.calleeName(call);
        if (!q || !isDbCall(model, q) || !enclosingLoop(model, fn, call.node)) continue;
        const callee = call.node.childForFieldName('function')!;
        const shown = model.text.slice(callee.startIndex, callee.endIndex).replace(/\s+/g, '');
        const method = q.slice(q.lastIndexOf('.') + 1);
        const advice = WRITES.has(method) ? `${method} once after the loop` : 'load the rows in one query before the loop (`.in_(ids)`, a join, `selectinload`)';
        ctx.report({
          node: call.node,
          message: `\`${shown}()\` runs once per iteration of the loop in \`${fn.name}\` (N+1 round trips to the database): ${advice}`,
          when: { kind: 'perRequest', fn: model.qualifiedName(fn) },
        });
      }
    }
  },
};
