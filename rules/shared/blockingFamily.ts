// The check shared by FPL102-FPL106: each reports the calls of its family's table that
// run directly in an `async def`, with the family's advice and fix.
import { routeOf } from '../../server/src/analysis/fastapi';
import type { RuleContext } from '../../server/src/ruleApi/rule';
import { LAZY_CALLS, type BlockingFamily } from '../../server/src/analysis/knowledge/blocking';
import { shortCode, withAdvice } from '../../server/src/ruleApi/message';
import { blockingCallsInAsync, displayName, writtenCallee, type BlockingCall } from './asyncCalls';
import { canDropAsync, dropAsyncEdit, makes, offloadFix, type FixInput, type Offloader } from './asyncFixes';

interface FamilyCheck {
  family: BlockingFamily;
  /** Why the loop stops, in the message: "while it waits for the network". */
  waits: string;
  /** The fix: run the call in a worker thread, make the route a sync `def`, or none. */
  fix: Offloader | 'sync-route' | 'none';
  /**
   * Whether a call of the table costs here: `now` (the default), `no`, or `later`, when the
   * cost comes after the call (`Image.open` is lazy: the decode runs at the image's first
   * use), so that running the call alone in a thread would not help: no fix.
   */
  costs?: (ctx: RuleContext, b: BlockingCall) => 'now' | 'later' | 'no';
  /** What to use instead, when the rule words it for the project (default: the table's text). */
  instead?: (ctx: RuleContext, b: BlockingCall) => string;
}

function syncRouteFix(ctx: RuleContext, b: BlockingCall): FixInput | undefined {
  if (!routeOf(ctx.model, b.owner) || !canDropAsync(ctx, b.owner)) return undefined;
  const edit = dropAsyncEdit(ctx, b.owner);
  return edit ? { title: `Make \`${b.owner.name}\` a sync \`def\` (FastAPI runs it in the threadpool)`, edits: [edit], effect: makes(b.owner, 'sync') } : undefined;
}

/** The advice when the family's own does not fit in the message: what the fix does, or where the alternatives are. */
function shortAdvice(kind: FamilyCheck['fix'], fix: FixInput | undefined): string {
  if (kind === 'sync-route') return 'use an async driver or a `def` route';
  if (kind === 'none' || !fix) return 'use an async API';
  return `use an async API or \`${kind}\``;
}

export function checkBlockingFamily(ctx: RuleContext, spec: FamilyCheck): void {
  for (const b of blockingCallsInAsync(ctx, spec.family, { skipAwaited: true })) {
    const cost = spec.costs?.(ctx, b) ?? 'now';
    if (cost === 'no') continue;
    let fix: FixInput | undefined;
    if (spec.fix === 'sync-route') fix = syncRouteFix(ctx, b);
    else if (spec.fix !== 'none' && !b.feedsBlockingCall && cost === 'now' && !LAZY_CALLS.has(b.q)) fix = offloadFix(ctx, b.call, b.owner, spec.fix);
    const written = writtenCallee(ctx, b.call, b.q);
    const { message, detail } = withAdvice(`\`${shortCode(written)}()\` blocks the event loop ${spec.waits}`, `use ${spec.instead?.(ctx, b) ?? b.entry.instead}`, shortAdvice(spec.fix, fix));
    const resolved = displayName(b.q) === written ? undefined : `\`${written}\` is \`${displayName(b.q)}\`.`;
    ctx.report({ node: b.call.node, message, detail: [resolved, detail].filter(Boolean).join(' ') || undefined, fix });
  }
}
