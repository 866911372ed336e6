// Shared by the event-loop rules: calls that run directly in an `async def` body and
// resolve to an entry of a blocking-call table.
import type { CallFact, Scope } from '../../server/src/analysis/facts';
import type { RuleContext } from '../../server/src/engine/rule';
import { classifyBlocking, familyNames, type BlockingEntry, type BlockingFamily } from '../data/blocking';

export interface BlockingCall {
  call: CallFact;
  /** Qualified name of the blocking callee (`time.sleep`, `requests.Session.get`). */
  q: string;
  entry: BlockingEntry;
  /** The async function whose body makes the call. */
  owner: Scope;
}

/** The name a call's callee ends with (`get` for `client.get(...)`), from the text when it is dotted. */
function lastName(call: CallFact): string | null {
  if (call.dotted) return call.dotted.slice(call.dotted.lastIndexOf('.') + 1);
  const fn = call.node.childForFieldName('function');
  if (fn?.type === 'attribute') return fn.childForFieldName('attribute')?.text ?? null;
  return fn?.type === 'identifier' ? fn.text : null;
}

export function* blockingCallsInAsync(ctx: RuleContext, family: BlockingFamily): Generator<BlockingCall> {
  const names = familyNames(family, ctx.config.extendBlockingCalls);
  let aliases: Set<string> | undefined;
  for (const { call, owner } of ctx.model.asyncCalls) {
    if (!call.root) continue;
    // Only a call whose name some table entry ends with can resolve to one (aliases such as
    // `from time import sleep as nap` are the exception: their name is checked after resolving).
    const name = names && lastName(call);
    if (names && name && !names.has(name) && !(aliases ??= ctx.model.importAliases()).has(call.root)) continue;
    const q = ctx.model.calleeName(call);
    if (!q) continue;
    const entry = classifyBlocking(q, ctx.config.extendBlockingCalls);
    if (entry && entry.family === family) yield { call, q, entry, owner };
  }
}

/** True when the call sits in a generator expression, where adding `await` would make it an async generator. */
export function inGeneratorExpression(call: CallFact, owner: Scope): boolean {
  for (let s: Scope | null = call.scope; s && s !== owner; s = s.parent) {
    if (s.kind === 'comprehension' && s.node?.type === 'generator_expression') return true;
  }
  return false;
}

/** Whether an expression needs parentheses to be used as the operand of `await` and then of its parent. */
export function needsParensForAwait(call: CallFact): boolean {
  const parent = call.node.parent;
  if (!parent) return false;
  if (parent.type === 'attribute' || parent.type === 'subscript') return parent.firstNamedChild?.startIndex === call.start;
  if (parent.type === 'call') return parent.childForFieldName('function')?.startIndex === call.start;
  return false;
}

/** Short display name of a qualified name for messages: `time.sleep`, `Session.get`. */
export function displayName(q: string): string {
  return q.replace(/^builtins\./, '');
}
