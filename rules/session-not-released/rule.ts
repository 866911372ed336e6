import { indentBefore, lineEnding, lineIndent } from '../../server/src/analysis/lines';
import type { Scope } from '../../server/src/analysis/facts';
import { unwrap } from '../../server/src/analysis/expressions';
import { decoratorsOf } from '../../server/src/analysis/fastapi';
import { firstParamName, type Binding } from '../../server/src/analysis/scopes';
import type { FileModel } from '../../server/src/analysis/model';
import type { Node } from '../../server/src/analysis/tree';
import type { Rule } from '../../server/src/ruleApi/rule';
import { RELEASABLE } from '../data/dataAccess';
import { shortCode } from '../../server/src/ruleApi/message';

const CONTEXT_MANAGERS = new Set(['contextlib.contextmanager', 'contextlib.asynccontextmanager']);

/** The releasable class (session or connection) a value is an instance of. */
function releasable(model: FileModel, fn: Scope, value: Node): { type: string; close: string; async: boolean } | null {
  const v = model.valueOf(value, fn);
  if (v.k !== 'inst') return null;
  for (const [type, info] of Object.entries(RELEASABLE)) if (model.resolver.isSubclass(v.t, new Set([type]))) return { type, ...info };
  return null;
}

/** A `with` block or a `try` with `finally` around the yield, inside the function. */
function isProtected(yieldNode: Node, fnNode: Node): boolean {
  for (let p = yieldNode.parent; p && p.id !== fnNode.id; p = p.parent) {
    if (p.type === 'with_statement') return true;
    if (p.type === 'try_statement' && p.namedChildren.some((c) => c?.type === 'finally_clause')) return true;
  }
  return false;
}

/**
 * Whether the statement at `at` runs before `use` on every path through the function: it
 * sits in a block that holds `use` (`db = Session()` in an `if` branch does not reach a
 * `yield db` in the `else` branch). Loops and early exits aside, this is the structure.
 */
function runsBefore(model: FileModel, at: number, use: Node): boolean {
  if (at >= use.startIndex) return false;
  let stmt: Node | null = model.root.descendantForIndex(at);
  while (stmt?.parent && stmt.parent.type !== 'block' && stmt.parent.type !== 'module') stmt = stmt.parent;
  const block = stmt?.parent;
  return !!block && block.startIndex <= use.startIndex && use.endIndex <= block.endIndex;
}

/** The binding of a local name that reaches `use`: the last one that runs before it on every path (parameters always do). */
function reachingBinding(model: FileModel, fn: Scope, name: string, use: Node): Binding | null {
  let best: Binding | null = null;
  for (const b of model.bindings(fn).names.get(name) ?? []) {
    if (b.k !== 'param' && !runsBefore(model, b.at, use)) continue;
    if (!best || b.at > best.at) best = b;
  }
  return best;
}

/**
 * Whether the generator made the value it yields: a call here, or a local (or `self.`
 * attribute) bound to a call on every path to the `yield`. A session that came in (a
 * parameter, an attribute set elsewhere, a global) belongs to the caller, who closes it.
 */
function madeHere(model: FileModel, fn: Scope, value: Node): boolean {
  const v = unwrap(value);
  if (!v) return false;
  if (v.type === 'call') return true;
  const isCall = (n: Node | null): boolean => unwrap(n)?.type === 'call';
  if (v.type === 'identifier') {
    const b = reachingBinding(model, fn, v.text, v);
    return b?.k === 'value' && isCall(b.node);
  }
  const obj = v.type === 'attribute' ? unwrap(v.childForFieldName('object')) : null;
  const attr = v.childForFieldName('attribute')?.text;
  if (obj?.type !== 'identifier' || obj.text !== firstParamName(fn, model.text)) return false;
  let last: { ref: string; at: number } | null = null;
  for (const a of model.bindings(fn).selfAttrs) if (a.name === attr && runsBefore(model, a.at, v) && (!last || a.at > last.at)) last = a;
  if (!last) return false;
  let node: Node | null = model.root.descendantForIndex(last.at);
  while (node && node.type !== 'assignment') node = node.parent;
  return isCall(node?.childForFieldName('right') ?? null);
}

/** `name.close()` or `await name.close()` as a statement. */
function isCloseOf(stmt: Node, name: string, close: string): boolean {
  if (stmt.type !== 'expression_statement') return false;
  const call = unwrap(stmt.firstNamedChild);
  const fn = call?.type === 'call' ? call.childForFieldName('function') : null;
  return fn?.type === 'attribute' && fn.childForFieldName('attribute')?.text === close && unwrap(fn.childForFieldName('object'))?.text === name;
}

/**
 * Wraps `yield name` and the statements after it in `try:` ... `finally: name.close()`,
 * moving an existing trailing close into the `finally`. Only for a `yield` statement at the
 * top of the function body with nothing after the close calls.
 */
function wrapFix(model: FileModel, fn: Scope, yieldNode: Node, name: string, info: { close: string; async: boolean }) {
  const text = model.text;
  const stmt = yieldNode.parent;
  const block = stmt?.parent;
  if (stmt?.type !== 'expression_statement' || block?.type !== 'block' || block.parent?.id !== fn.node!.id) return undefined;
  const siblings = block.namedChildren.filter((c): c is Node => !!c);
  const after = siblings.slice(siblings.findIndex((c) => c.id === stmt.id) + 1);
  const statements = after.filter((c) => c.type !== 'comment');
  let firstClose = statements.length;
  while (firstClose > 0 && isCloseOf(statements[firstClose - 1], name, info.close)) firstClose--;
  const body = statements.slice(0, firstClose);
  const closes = statements.slice(firstClose);
  if (body.some((s) => isCloseOf(s, name, info.close))) return undefined;
  // Re-indenting a multi-line string would change it.
  if ([stmt, ...body].some((s) => s.descendantsOfType('string').some((str) => !!str && /[\r\n]/.test(str.text)))) return undefined;
  const indent = indentBefore(text, stmt.startIndex);
  if (indent === null) return undefined;
  const start = stmt.startIndex - indent.length;
  const defIndent = lineIndent(text, fn.start);
  const unit = indent.startsWith(defIndent) && indent.length > defIndent.length ? indent.slice(defIndent.length) : '    ';
  const eol = lineEnding(text);
  const bodyEnd = body.length > 0 ? body[body.length - 1].endIndex : stmt.endIndex;
  const moved = text
    .slice(start, bodyEnd)
    .split(/\r?\n/)
    .map((l) => (l.trim() ? unit + l : l))
    .join(eol);
  const finallyLines = closes.length > 0 ? closes.map((c) => text.slice(c.startIndex, c.endIndex)) : [`${info.async ? 'await ' : ''}${name}.${info.close}()`];
  const end = closes.length > 0 ? closes[closes.length - 1].endIndex : bodyEnd;
  const replacement = `${indent}try:${eol}${moved}${eol}${indent}finally:${eol}${finallyLines.map((l) => indent + unit + l).join(eol)}`;
  return { title: `Wrap the \`yield\` in \`try\`/\`finally: ${name}.${info.close}()\``, edits: [{ start, end, text: replacement }] };
}

export const rule: Rule = {
  meta: {
    code: 'FPL304',
    id: 'session-not-released',
    family: 'data-access',
    severity: 'warning',
    fix: 'safe',
    docs: {
      summary: 'A generator dependency (or context manager) that yields a database session or connection without `try`/`finally` or a `with` block.',
      why: 'When the route raises, FastAPI throws the exception into the dependency at its `yield`: the code after it never runs, so the session is never closed and its connection stays checked out of the pool until garbage collection. A handful of failing requests exhausts the pool (5 + 10 connections by default) and every later request waits for `pool_timeout` and fails. `try`/`finally` or `with SessionLocal() as db:` releases it on every path. Only a session the generator makes is its to close: one it was given (a parameter, an attribute set elsewhere, as in `yield session` in the branch where the caller passed one) is left alone.',
      example: [
        'from fastapi import Depends, FastAPI',
        'from sqlalchemy import create_engine',
        'from sqlalchemy.orm import sessionmaker',
        '',
        'app = FastAPI()',
        'SessionLocal = sessionmaker(bind=create_engine("postgresql://app@db/app"))',
        '',
        'def get_db():',
        '    db = SessionLocal()',
        '    yield db',
        '    db.close()',
        '',
        '@app.get("/items")',
        'def items(db=Depends(get_db)):',
        '    ...',
      ].join('\n'),
      useInstead: [
        'from fastapi import Depends, FastAPI',
        'from sqlalchemy import create_engine',
        'from sqlalchemy.orm import sessionmaker',
        '',
        'app = FastAPI()',
        'SessionLocal = sessionmaker(bind=create_engine("postgresql://app@db/app"))',
        '',
        'def get_db():',
        '    db = SessionLocal()',
        '    try:',
        '        yield db',
        '    finally:',
        '        db.close()',
        '',
        '@app.get("/items")',
        'def items(db=Depends(get_db)):',
        '    ...',
      ].join('\n'),
      fixSafety: 'Safe: the `yield` and the statements after it move into `try:`, and the close call (existing, or a new `db.close()` / `await session.close()`) into `finally:`. Offered only when the `yield` is a statement of the function body and nothing but close calls follows the rest.',
      references: ['https://fastapi.tiangolo.com/tutorial/dependencies/dependencies-with-yield/', 'https://docs.sqlalchemy.org/en/20/orm/session_basics.html#opening-and-closing-a-session'],
    },
  },
  check(ctx) {
    const { model } = ctx;
    for (const fn of model.functions) {
      if (fn.yields.length === 0 || !fn.node) continue;
      const contextManager = decoratorsOf(fn.node).some((d) => {
        const v = d.firstNamedChild ? model.valueOf(d.firstNamedChild, fn.parent ?? model.moduleScope) : null;
        return v?.k === 'ref' && CONTEXT_MANAGERS.has(v.q);
      });
      for (const y of fn.yields) {
        const value = y.firstNamedChild;
        if (!value || value.type === 'comment') continue;
        const info = releasable(model, fn, value);
        if (!info || isProtected(y, fn.node) || !madeHere(model, fn, value)) continue;
        const name = unwrap(value)?.type === 'identifier' ? unwrap(value)!.text : null;
        const short = info.type.slice(info.type.lastIndexOf('.') + 1);
        ctx.report({
          node: y,
          message: `${/^[AEIOU]/.test(short) ? 'An' : 'A'} \`${short}\` is yielded without \`try\`/\`finally\`; wrap it in \`try: yield ... finally: ${shortCode(name ?? 'x', 12)}.${info.close}()\``,
          detail: `\`${fn.name}\` yields without \`try\`/\`finally\` or \`with\`: when the request fails, the code after \`yield\` never runs and the connection stays checked out of the pool.`,
          fix: name ? wrapFix(model, fn, y, name, info) : undefined,
          when: contextManager ? undefined : { kind: 'dependency', fn: model.qualifiedName(fn) },
        });
      }
    }
  },
};
