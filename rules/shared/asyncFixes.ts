// Fix builders shared by the event-loop rules: run a call in a worker thread
// (`await asyncio.to_thread(fn, args...)`), and drop or add the `async` keyword of a
// function, with the checks that keep those edits meaningful.
import { isDependencyArgument } from '../../server/src/analysis/fastapi';
import { scopesUnder, type CallFact, type Scope } from '../../server/src/analysis/facts';
import { bodyCalls } from '../../server/src/analysis/summary';
import type { Node } from '../../server/src/analysis/tree';
import type { Condition, FixEffect, ReportInput, RuleContext, TextEdit } from '../../server/src/ruleApi/rule';
import { inGeneratorExpression, needsParensForAwait } from './asyncCalls';
import { libraryName, moduleAttribute } from './imports';
import { shortCode } from '../../server/src/ruleApi/message';

export type FixInput = NonNullable<ReportInput['fix']>;

export type Offloader = 'asyncio.to_thread' | 'run_in_threadpool';

/** What a fix that writes `await` into `fn` says about it: `fn` must stay async. */
export function needsAsync(fn: Scope): FixEffect {
  return { fn: fn.start, needs: 'async' };
}

/** What a fix that adds or drops `async` on `fn` says about it. */
export function makes(fn: Scope, kind: 'sync' | 'async'): FixEffect {
  return { fn: fn.start, makes: kind };
}

/** The argument text of a call for re-use after a leading callable: `, a, b=1`, or '' for no arguments. */
function forwardedArguments(text: string, args: Node): string {
  if (args.type === 'generator_expression') return `, ${text.slice(args.startIndex, args.endIndex)}`;
  const inner = text.slice(args.startIndex + 1, args.endIndex - 1);
  if (inner.trim() === '') return '';
  // Arguments that start on the next line (or after a comment) keep their layout.
  return /^[ \t]*(#|\r|\n)/.test(inner) ? `,${inner}` : `, ${inner.trimStart()}`;
}

/**
 * `f(a, b=1)` -> `await asyncio.to_thread(f, a, b=1)` (or `run_in_threadpool`). None when
 * the call is awaited or sits in a generator expression, where `await` changes its meaning.
 */
export function offloadFix(ctx: RuleContext, call: CallFact, owner: Scope, via: Offloader): FixInput | undefined {
  if (call.awaited || inGeneratorExpression(call, owner)) return undefined;
  const text = ctx.model.text;
  const fn = call.node.childForFieldName('function');
  const args = call.node.childForFieldName('arguments');
  if (!fn || !args) return undefined;
  // run_in_threadpool(func, *args, **kwargs) would take a `func=` keyword as its own.
  if (via === 'run_in_threadpool' && args.namedChildren.some((a) => a?.type === 'keyword_argument' && a.childForFieldName('name')?.text === 'func')) return undefined;
  const ref = via === 'asyncio.to_thread' ? moduleAttribute(ctx, 'asyncio.to_thread', call.start) : libraryName(ctx, 'fastapi.concurrency.run_in_threadpool', call.start);
  if (!ref) return undefined;
  const callee = text.slice(fn.startIndex, fn.endIndex);
  let replacement = `await ${ref.text}(${callee}${forwardedArguments(text, args)})`;
  if (needsParensForAwait(call)) replacement = `(${replacement})`;
  return {
    title: `Run \`${shortCode(callee, 40)}\` in a worker thread: \`await ${ref.text}(...)\``,
    edits: [{ start: call.start, end: call.node.endIndex, text: replacement }],
    imports: ref.imports,
    effect: needsAsync(owner),
  };
}

/** `await`, `async for`, `async with` or an async comprehension directly in the function's body. */
export function hasAsyncConstructs(ctx: RuleContext, fn: Scope): boolean {
  if (scopesUnder(fn, (c) => c.kind === 'comprehension').some((s) => s.awaits.length > 0)) return true;
  if (!fn.node) return true;
  for (const n of fn.node.descendantsOfType(['with_statement', 'for_statement', 'for_in_clause'])) {
    if (!n || n.child(0)?.type !== 'async') continue;
    if (ctx.model.executingFunction(ctx.model.scopeAt(n.startIndex)) === fn) return true;
  }
  return false;
}

const ASYNC_LIBRARIES = /^(asyncio|anyio|trio|sniffio)\./;

/**
 * Whether `async def fn` can become `def fn` without changing what its body does: no
 * await-like construct, and no call into an async library (`asyncio.create_task` needs
 * the running loop, which a threadpool thread does not have).
 */
export function canDropAsync(ctx: RuleContext, fn: Scope): boolean {
  if (!fn.isAsync || hasAsyncConstructs(ctx, fn)) return false;
  for (const { call } of bodyCalls(fn)) {
    const q = ctx.model.calleeName(call);
    if (q && ASYNC_LIBRARIES.test(q)) return false;
  }
  return true;
}

/** The edit that removes `async ` before `def`. */
export function dropAsyncEdit(ctx: RuleContext, fn: Scope): TextEdit | undefined {
  const text = ctx.model.text;
  if (!fn.node || !text.startsWith('async', fn.start)) return undefined;
  let end = fn.start + 5;
  while (text[end] === ' ' || text[end] === '\t') end++;
  return text.startsWith('def', end) ? { start: fn.start, end, text: '' } : undefined;
}

/**
 * The edit that inserts `async ` before `def`. None for a generator that an async one could
 * not be: `yield from`, or `return value` beside `yield` (CPython rejects both).
 */
export function addAsyncEdit(ctx: RuleContext, fn: Scope): TextEdit | undefined {
  if (!fn.node || fn.isAsync || !ctx.model.text.startsWith('def', fn.start)) return undefined;
  if (fn.yields.length > 0 && (fn.yields.some((y) => y.child(1)?.type === 'from') || fn.returns.some((r) => r.namedChildCount > 0))) return undefined;
  return { start: fn.start, end: fn.start, text: 'async ' };
}

/**
 * Applicability of a fix that changes whether a function is async: never safe when this
 * file refers to it other than by its definition (or `Depends(...)`), or when `extraUnsafe`;
 * otherwise safe once the workspace shows that no function calls or stores it.
 */
export function asyncToggleSafety(ctx: RuleContext, fn: Scope, extraUnsafe = false): { applicability: 'unsafe'; safeWhen?: Condition } {
  if (extraUnsafe || referencedInFile(ctx, fn)) return { applicability: 'unsafe' };
  return { applicability: 'unsafe', safeWhen: { kind: 'unreferenced', fn: ctx.model.qualifiedName(fn) } };
}

/** Whether the file refers to `fn` other than by its definition and `Depends(fn)` (how FastAPI is told to call it). */
function referencedInFile(ctx: RuleContext, fn: Scope): boolean {
  return ctx.model.referencesTo(fn).some((r) => !isDependencyArgument(ctx.model, r.node, r.scope));
}
