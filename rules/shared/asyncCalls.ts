// Shared by the event-loop rules: calls that run directly in an `async def` body and
// resolve to an entry of a blocking-call table.
import type { Node } from '../../server/src/analysis/tree';
import type { CallFact, Scope } from '../../server/src/analysis/facts';
import { stripParens, withParens } from '../../server/src/analysis/expressions';
import { calleeLastName } from '../../server/src/analysis/model';
import type { RuleContext } from '../../server/src/ruleApi/rule';
import { classifyBlocking, familyNames, type BlockingEntry, type BlockingFamily } from '../../server/src/analysis/knowledge/blocking';

export interface BlockingCall {
  call: CallFact;
  /** Qualified name of the blocking callee (`time.sleep`, `requests.Session.get`). */
  q: string;
  entry: BlockingEntry;
  /** The async function whose body makes the call. */
  owner: Scope;
  /** The call's result is the receiver of another blocking call (`open(p).read()`): that one is not reported. */
  feedsBlockingCall: boolean;
}

interface BlockingOptions {
  /**
   * Leave out awaited calls. On for the receiver-typed families: an awaited call is an
   * async API (an `AsyncSession`, `anyio.Path`), whatever the resolver guessed.
   */
  skipAwaited?: boolean;
}


/** Blocking classification of the call expression `node` (a call node), evaluated in `scope`. */
function blockingEntryOf(ctx: RuleContext, node: Node, scope: Scope): BlockingEntry | undefined {
  const fn = node.childForFieldName('function');
  if (!fn) return undefined;
  const v = ctx.model.valueOf(fn, scope);
  return v.k === 'ref' ? classifyBlocking(v.q, ctx.config) : undefined;
}

/** The receiver of a method call, when it is itself a call (`open(p)` in `open(p).read()`). */
function receiverCall(call: CallFact): Node | null {
  const fn = call.node.childForFieldName('function');
  if (fn?.type !== 'attribute') return null;
  const obj = stripParens(fn.childForFieldName('object'));
  return obj?.type === 'call' ? obj : null;
}

/** True when the call's value is the receiver of a method call that is blocking too. */
function feedsBlocking(ctx: RuleContext, call: CallFact): boolean {
  const node = withParens(call.node);
  const parent = node.parent;
  if (parent?.type !== 'attribute' || parent.childForFieldName('object')?.id !== node.id) return false;
  const outer = parent.parent;
  if (outer?.type !== 'call' || outer.childForFieldName('function')?.id !== parent.id) return false;
  return !!blockingEntryOf(ctx, outer, call.scope);
}

/**
 * A cheap test before resolving a call: can its callee be one whose last name is in `names`?
 * Only a call with such a name can resolve to one, except through an import alias
 * (`from time import sleep as nap`), whose name is checked after resolving. Null: no filter.
 */
export function nameFilter(ctx: RuleContext, names: ReadonlySet<string> | null): (call: CallFact) => boolean {
  if (!names) return () => true;
  return (call) => {
    const name = calleeLastName(call);
    return !name || names.has(name) || (!!call.root && ctx.model.isImportAlias(call.root, call.scope));
  };
}

/** Last names of qualified names (`Session` for `requests.Session`). */
export function lastNames(qualified: Iterable<string>): Set<string> {
  const out = new Set<string>();
  for (const q of qualified) out.add(q.slice(q.lastIndexOf('.') + 1));
  return out;
}

export function* blockingCallsInAsync(ctx: RuleContext, family: BlockingFamily, opts: BlockingOptions = {}): Generator<BlockingCall> {
  const mayMatch = nameFilter(ctx, familyNames(family, ctx.config.extendBlockingCalls));
  for (const { call, owner } of ctx.model.asyncCalls) {
    if (opts.skipAwaited && call.awaited) continue;
    if (!mayMatch(call)) continue;
    const q = ctx.model.calleeName(call);
    if (!q) continue;
    const entry = classifyBlocking(q, ctx.config);
    if (!entry || entry.family !== family) continue;
    // `open(p).read()`: one finding, on the inner call.
    const recv = receiverCall(call);
    if (recv && blockingEntryOf(ctx, recv, call.scope)) continue;
    yield { call, q, entry, owner, feedsBlockingCall: feedsBlocking(ctx, call) };
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

/** A call's callee as written, without whitespace, shortened: `db.get`. */
export function writtenCallee(ctx: RuleContext, call: CallFact, q: string): string {
  const fn = call.node.childForFieldName('function');
  const written = fn ? ctx.model.text.slice(fn.startIndex, fn.endIndex).replace(/\s+/g, '') : displayName(q);
  return written.length > 60 ? `${written.slice(0, 57)}...` : written;
}

/** How a call is shown in messages: its callee as written, with the resolved name when they differ (`db.get()` (`sqlalchemy.orm.Session.get`)). */
export function describeCall(ctx: RuleContext, call: CallFact, q: string): string {
  const written = writtenCallee(ctx, call, q);
  const name = displayName(q);
  return written === name ? `\`${written}()\`` : `\`${written}()\` (\`${name}\`)`;
}
