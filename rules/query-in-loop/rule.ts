import type { Scope } from '../../server/src/analysis/facts';
import { chainOf, literalNumber, unwrap } from '../../server/src/analysis/expressions';
import { positionalArgs } from '../../server/src/analysis/fastapi';
import type { FileModel } from '../../server/src/analysis/model';
import type { Node } from '../../server/src/analysis/tree';
import type { Rule, RuleContext } from '../../server/src/ruleApi/rule';
import { DB_METHODS, DDL_ELEMENTS, ORM_QUERIES, STATEMENT_BUILDERS, TABLE_STATEMENTS } from '../data/dataAccess';
import { singleAssignment } from '../shared/routes';
import { displayName } from '../shared/asyncCalls';
import { bodyCalls } from '../../server/src/analysis/summary';
import { shortCode } from '../../server/src/ruleApi/message';

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

const MUTATORS = new Set(['append', 'extend', 'insert', 'add', 'update']);

/** A non-empty literal list, tuple or set. */
function nonEmptyLiteral(node: Node | null): boolean {
  const n = unwrap(node);
  return !!n && LITERALS.has(n.type) && n.namedChildren.some((c) => c && c.type !== 'comment');
}

/** The value a module-level name is assigned, found at its binding in the tree (any part of the file). */
function moduleValue(model: FileModel, name: string): Node | null {
  const list = model.moduleBinding(name);
  if (list.length !== 1 || list[0].k !== 'value') return null;
  let n: Node | null = model.root.descendantForIndex(list[0].at, list[0].at);
  while (n && n.type !== 'assignment') n = n.parent;
  const left = n?.childForFieldName('left');
  return left?.type === 'identifier' && left.text === name ? (n!.childForFieldName('right') ?? null) : null;
}

/**
 * A literal display, directly or through a name bound once to a non-empty one (a local list
 * nothing in the function grows, `tables = ["a", "b"]`, or a module constant): a fixed handful.
 */
function literalCollection(model: FileModel, fn: Scope, node: Node | null): boolean {
  const n = unwrap(node);
  if (!n) return false;
  if (LITERALS.has(n.type)) return true;
  if (n.type !== 'identifier') return false;
  const local = model.bindings(fn).names.get(n.text);
  if (local) {
    if (local.length !== 1 || local[0].k !== 'value' || !nonEmptyLiteral(local[0].node ?? null)) return false;
    return !model.calls.some((c) => model.executingFunction(c.scope) === fn && c.dotted?.startsWith(`${n.text}.`) && MUTATORS.has(c.dotted.slice(n.text.length + 1)));
  }
  return nonEmptyLiteral(moduleValue(model, n.text));
}

/** A loop over a handful of literal values, or a retry loop (`range(3)`): not N+1. */
function isSmallFixedLoop(model: FileModel, fn: Scope, loop: Node): boolean {
  const it = unwrap(loop.childForFieldName('right'));
  if (!it) return false;
  if (literalCollection(model, fn, it)) return true;
  const callee = it.type === 'call' ? it.childForFieldName('function') : null;
  const v = callee ? model.valueOf(callee, fn) : null;
  if (v?.k === 'ref' && v.q === 'builtins.range') {
    const args = positionalArgs(it);
    const n = args.length === 1 ? literalNumber(args[0]) : null;
    return n !== null && n <= 10;
  }
  return false;
}

// ---- loops whose statements are not one per item ---------------------------------------

/** The names a loop's target binds (`for batch in ...`, `for name, rows in ...`). */
function loopTargets(loop: Node): Set<string> {
  const left = loop.childForFieldName('left');
  const out = new Set<string>();
  if (left?.type === 'identifier') out.add(left.text);
  for (const id of left?.descendantsOfType('identifier') ?? []) if (id) out.add(id.text);
  return out;
}

/** The name an expression reads its value from: `batch`, `segment` for `segment.rows`. */
function rootName(node: Node | null): string | null {
  let n = unwrap(node);
  while (n && (n.type === 'attribute' || n.type === 'subscript')) n = unwrap(n.childForFieldName(n.type === 'attribute' ? 'object' : 'value'));
  return n?.type === 'identifier' ? n.text : null;
}

/**
 * A loop over groups of items: each item is itself iterated inside the loop (`for batch in
 * chunks(rows): ... for row in batch`), or the loop steps through indexes by a stride
 * (`range(0, len(ids), 1000)`). A statement in it runs once per group, the batched form.
 */
function overBatches(model: FileModel, fn: Scope, loop: Node, region: Node): boolean {
  const it = unwrap(loop.childForFieldName('right'));
  if (it?.type === 'call') {
    const v = model.valueOf(it.childForFieldName('function')!, fn);
    if (v.k === 'ref' && v.q === 'builtins.range' && positionalArgs(it).length === 3) return true;
  }
  const names = loopTargets(loop);
  return region.descendantsOfType(['for_statement', 'for_in_clause']).some((n) => {
    const right = n && n.id !== loop.id ? unwrap(n.childForFieldName('right')) : null;
    return right?.type === 'identifier' && names.has(right.text);
  });
}

/** Whether a name holds the loop's item or something read from it (`table = meta.tables[name]`). */
function fromItem(model: FileModel, fn: Scope, node: Node | null, loop: Node, names: Set<string>): boolean {
  const root = rootName(node);
  if (!root) return false;
  if (names.has(root)) return true;
  const bound = singleAssignment(model, fn, root);
  if (!bound || bound.startIndex < loop.startIndex || bound.endIndex > loop.endIndex) return false;
  return bound.descendantsOfType('identifier').some((id) => !!id && names.has(id.text));
}

/** The calls a statement is built with, following local names bound once (`stmt = insert(T).values(rows)`). */
function statementCalls(model: FileModel, fn: Scope, node: Node | null, depth = 0): Node[] {
  let n = unwrap(node);
  if (!n || depth > 4) return [];
  if (n.type === 'identifier') {
    const bound = singleAssignment(model, fn, n.text);
    return bound ? statementCalls(model, fn, bound, depth + 1) : [];
  }
  const ch = chainOf(n);
  const calls = ch.links.filter((l) => l.kind === 'call').map((l) => l.node);
  return ch.base.type === 'identifier' && ch.links[0]?.kind === 'attr' ? [...calls, ...statementCalls(model, fn, ch.base, depth + 1)] : calls;
}

/** A comprehension (through a name bound once) that iterates the loop's item: the rows of this iteration. */
function rowsOfItem(model: FileModel, fn: Scope, node: Node | null, loop: Node, names: Set<string>): boolean {
  let n = unwrap(node);
  if (n?.type === 'identifier') n = unwrap(singleAssignment(model, fn, n.text));
  if (!n || !COMPREHENSIONS.has(n.type)) return false;
  const first = n.namedChildren.find((c) => c?.type === 'for_in_clause');
  return !!first && fromItem(model, fn, first.childForFieldName('right'), loop, names);
}

/**
 * A statement that is not one per item of the loop: a schema statement (`DropTable(t)`:
 * nothing to batch), a statement on a table that changes with the loop (`table.delete()`
 * for each table being restored), or a bulk statement over the item's rows
 * (`insert(T).values([... for r in segment.rows])`, `.where(T.id.in_([...]))`).
 */
function notPerItem(model: FileModel, fn: Scope, call: Node, loop: Node): boolean {
  const stmt = positionalArgs(call)[0] ?? null;
  if (!stmt) return false;
  const names = loopTargets(loop);
  for (const c of statementCalls(model, fn, stmt)) {
    const callee = c.childForFieldName('function');
    if (!callee) continue;
    const method = callee.type === 'attribute' ? (callee.childForFieldName('attribute')?.text ?? '') : '';
    if (method === 'values' && rowsOfItem(model, fn, positionalArgs(c)[0] ?? null, loop, names)) return true;
    if (method && TABLE_STATEMENTS.has(method) && fromItem(model, fn, callee.childForFieldName('object'), loop, names)) {
      const v = model.valueOf(callee, fn);
      if (v.k !== 'ref' || !STATEMENT_BUILDERS.test(v.q)) return true; // a table's own method, not `sa.insert`
    }
    const v = model.valueOf(callee, fn);
    if (v.k === 'ref' && DDL_ELEMENTS.test(v.q)) return true;
    if (v.k === 'ref' && STATEMENT_BUILDERS.test(v.q) && fromItem(model, fn, positionalArgs(c)[0] ?? null, loop, names)) return true;
    for (const arg of c.childForFieldName('arguments')?.descendantsOfType('call') ?? []) {
      const f = arg?.childForFieldName('function');
      if (f?.type === 'attribute' && f.childForFieldName('attribute')?.text === 'in_' && rowsOfItem(model, fn, positionalArgs(arg!)[0] ?? null, loop, names)) return true;
    }
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

/** The loop a call runs in once per iteration, inside the function; null when it runs once (or once per batch). */
function enclosingLoop(model: FileModel, fn: Scope, call: Node): Node | null {
  let child = call;
  for (let p = call.parent; p && p.id !== fn.node!.id; child = p, p = p.parent) {
    if (p.type === 'for_statement') {
      if (p.childForFieldName('body')?.id === child.id && !isSmallFixedLoop(model, fn, p) && !leavesLoopAfter(call, p) && !overBatches(model, fn, p, p.childForFieldName('body')!) && !notPerItem(model, fn, call, p)) return p;
    } else if (p.type === 'while_statement') {
      // `while True: ... break` pages through results or retries: a loop the author bounded.
      const body = p.childForFieldName('body');
      if ((body?.id === child.id || p.childForFieldName('condition')?.id === child.id) && !(body?.descendantsOfType('break_statement').length)) return p;
    } else if (COMPREHENSIONS.has(p.type)) {
      // Only the first `for` clause's iterable is evaluated once.
      const first = p.namedChildren.find((c) => c?.type === 'for_in_clause');
      if (child.id !== first?.id && !(first && (isSmallFixedLoop(model, fn, first) || overBatches(model, fn, first, p) || notPerItem(model, fn, call, first)))) return p;
    }
  }
  return null;
}

/**
 * Whether a `for` loop or a comprehension iterates rows a query returned: its iterable (or
 * the value of a name bound once to it) is built by a database call, or by a workspace
 * helper that runs one (`for server in get_servers(db)`, `rows = db.scalars(...).all()`).
 */
function iteratesQueryRows(ctx: RuleContext, fn: Scope, loop: Node, isQuery: (q: string) => boolean): boolean {
  const { model } = ctx;
  const clause = COMPREHENSIONS.has(loop.type) ? loop.namedChildren.find((c) => c?.type === 'for_in_clause') : loop.type === 'for_statement' ? loop : null;
  let it = unwrap(clause?.childForFieldName('right') ?? null);
  if (it?.type === 'identifier') it = unwrap(singleAssignment(model, fn, it.text));
  if (!it) return false;
  for (const c of [it, ...it.descendantsOfType('call')]) {
    if (c?.type !== 'call') continue;
    const v = model.valueOf(c.childForFieldName('function')!, fn);
    if (v.k === 'ref' && isQuery(v.q)) return true;
    const t = ctx.graph.pathTarget(v, true);
    if (t && ctx.graph.callPath(t, isQuery, 2)) return true;
  }
  return false;
}

export const rule: Rule = {
  meta: {
    code: 'FPL305',
    id: 'query-in-loop',
    family: 'data-access',
    severity: 'warning',
    // Off by default (issue 16): on 13 public FastAPI services no sampled finding was worth fixing: loops over a handful of items on rare admin actions, startup data fixes, and batches already sized to the parameter limit.
    defaultEnabled: false,
    fix: 'none',
    docs: {
      summary: 'A database call inside a `for`/`while` loop or a comprehension, in a route, a dependency, or a function they call: one query per item (N+1), directly or through a workspace helper (a function or method that runs the query, one or two calls deep) called in a loop over rows a query returned.',
      why: 'Each iteration pays a full round trip to the database: 100 items mean 101 queries where 1 or 2 would do, and the latency adds up linearly with the data. In an `async def` route the awaits are sequential too. Load everything the loop needs in one query before it (`where(Model.id.in_(ids))`, a join, `selectinload(...)` for relationships), or write once after it (one `commit()` for the batch). Not flagged: loops over a few literal values (written in the loop or in a name bound once to them), retry loops (`range(3)`, `while True: ... break`), searches that leave the loop right after the call (`row = db.get(...); break`), loops over batches (each item is itself iterated in the loop, or the loop steps by a stride: `range(0, n, 1000)`), bulk statements over the item\'s rows (`.values([...])`, `.in_([...])` built from it), schema statements (`DropTable(t)`), and statements on a table that changes with the loop (`table.delete()` per table of a restore). Off by default: on 13 public FastAPI services no sampled finding was worth fixing: loops over a handful of items on rare admin actions, startup data fixes, and batches already sized to the parameter limit; select `FPL305` to audit every query in a loop.',
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
        const advice = WRITES.has(method) ? `${method} once after the loop` : 'load the rows in one query before it';
        ctx.report({
          node: call.node,
          message: `\`${shortCode(shown)}()\` runs a query on every iteration of the loop (N+1); ${advice}`,
          detail: `\`${shown}()\` runs once per iteration of the loop in \`${fn.name}\`: N+1 round trips to the database.${WRITES.has(method) ? '' : ' Load the rows in one query before the loop (`.in_(ids)`, a join, `selectinload`).'}`,
          when: { kind: 'perRequest', fn: model.qualifiedName(fn) },
        });
      }
    }
    // A workspace helper that runs a query, one or two calls deep, called once per item (issue 18).
    const isQuery = (q: string): boolean => isDbCall(model, q);
    for (const fn of model.functions) {
      if (!fn.node || !hasLoopText(fn)) continue;
      for (const { call } of bodyCalls(fn)) {
        const v = model.callee(call);
        if (v.k === 'ref' && isQuery(v.q)) continue; // reported above
        const target = ctx.graph.pathTarget(v, call.awaited);
        const path = target ? ctx.graph.callPath(target, isQuery, 2) : null;
        // Over rows a query returned only (the N+1 shape): a `while` loop around a helper is a
        // poller, and a loop over request input, an enum or a config list is a handful of items.
        const loop = path ? enclosingLoop(model, fn, call.node) : null;
        if (!path || !loop || !iteratesQueryRows(ctx, fn, loop, isQuery)) continue;
        const callee = call.node.childForFieldName('function')!;
        const shown = model.text.slice(callee.startIndex, callee.endIndex).replace(/\s+/g, '');
        const last = path.steps[path.steps.length - 1];
        const where = ctx.locate(last.module, last.callStart, last.callEnd);
        const chain = [...path.steps.map((s) => s.fn.q), displayName(path.target)].join(' -> ');
        ctx.report({
          node: call.node,
          message: `\`${shortCode(shown)}()\` runs a query on every iteration of the loop (N+1); load the rows in one query before it`,
          detail: `Query chain: \`${chain}\`, once per iteration of the loop in \`${fn.name}\`: N+1 round trips to the database. Load the rows in one query before the loop (\`.in_(ids)\`, a join, \`selectinload\`).`,
          related: where ? [{ message: `the query: \`${displayName(path.target)}()\` in \`${last.fn.q}\``, ...where }] : undefined,
          when: { kind: 'perRequest', fn: model.qualifiedName(fn) },
        });
      }
    }
  },
};
