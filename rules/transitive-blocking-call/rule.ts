import type { BlockingChain } from '../../server/src/analysis/callGraph';
import type { RelatedInfo, Rule, RuleContext } from '../../server/src/ruleApi/rule';
import { FAMILY_CODE, waitsOutside } from '../../server/src/analysis/knowledge/blocking';
import { displayName, writtenCallee } from '../shared/asyncCalls';
import { offloadFix } from '../shared/asyncFixes';
import { blockingChainOf } from '../shared/workspaceCalls';
import { shortCode } from '../../server/src/ruleApi/message';

/** `get_report -> build_pdf -> subprocess.run (+2 more)`, from the async caller through the heaviest path. */
export function chainText(caller: string, chain: BlockingChain): string {
  const path = [caller, ...chain.steps.map((s) => s.fn.q), displayName(chain.target)].join(' -> ');
  return chain.more > 0 ? `${path} (+${chain.more} more)` : path;
}

/** Related locations: the blocking call first, then each hop of the chain. */
function chainRelated(ctx: RuleContext, chain: BlockingChain): RelatedInfo[] {
  const out: RelatedInfo[] = [];
  const steps = chain.steps;
  for (let i = steps.length - 1; i >= 0; i--) {
    const s = steps[i];
    const where = ctx.locate(s.module, s.callStart, s.callEnd);
    if (!where) continue;
    const next = i === steps.length - 1 ? displayName(chain.target) : steps[i + 1].fn.q;
    out.push({ message: i === steps.length - 1 ? `blocking call: \`${next}()\` (${FAMILY_CODE[chain.entry.family]}) in \`${s.fn.q}\`` : `\`${s.fn.q}\` calls \`${next}\``, ...where });
  }
  return out;
}

export const rule: Rule = {
  meta: {
    code: 'FPL108',
    id: 'transitive-blocking-call',
    family: 'event-loop',
    severity: 'warning',
    // Off by default (issue 16): on 13 public FastAPI services half of the sampled chains ended in
    // one database round trip on a rare path (admin, signup, OAuth set-up) or a constant 1 ms
    // sleep; how often a path runs is not in the code. A route that never awaits is still
    // reported with its chains (FPL107).
    defaultEnabled: false,
    fix: 'unsafe',
    docs: {
      summary: 'An `async def` calls a sync function of the workspace that blocks, directly or through further sync calls, in any module.',
      why: 'Blocking calls hide behind helpers: the route looks clean, but `build_report()` calls `render_pdf()`, which runs `subprocess.run`. The event loop stops just the same. The call graph of the whole workspace is followed through imports (re-exports included), methods of workspace classes whose receiver type is known (module-level instances, fresh instances, static and class methods, attributes set in `__init__`, inherited methods along the class\'s MRO), constructors (`__init__`), and lambdas handed to a workspace function that calls them (`paginate_all(lambda p: repo.page(p))`), to any depth with cycles handled; the message shows the chain through the heaviest blocking call (a network or process wait before a database round trip, before CPU work, before a folder tree; the first among equals) with how many more the helper makes (`+2 more`), and the related locations walk the chain to that call. Calls handed to `asyncio.to_thread`, `run_in_threadpool` or `loop.run_in_executor` are not calls (the function is passed, not called) and are not reported, nor are sync routes and sync dependencies (FastAPI runs those in its threadpool), sync generators (Starlette iterates them in the threadpool), cached functions without parameters (`@lru_cache def get_settings()` runs once per process) and functions behind decorators that could make them async. Off by default: on 13 public FastAPI services half of the chains ended in one database round trip on a rare path (admin, signup, OAuth set-up) or a constant millisecond sleep, and how often a path runs is not in the code; select `FPL108` to audit every path. A route that never awaits is reported with its chains either way (FPL107).',
      example: [
        'import subprocess',
        'from fastapi import FastAPI',
        '',
        'app = FastAPI()',
        '',
        'def render_pdf(order_id: int) -> str:',
        '    path = f"/tmp/{order_id}.pdf"',
        '    subprocess.run(["wkhtmltopdf", f"http://localhost/o/{order_id}", path], check=True)',
        '    return path',
        '',
        'def build_report(order_id: int) -> str:',
        '    return render_pdf(order_id)',
        '',
        '@app.get("/reports/{order_id}")',
        'async def get_report(order_id: int):',
        '    return {"path": build_report(order_id)}',
      ].join('\n'),
      useInstead: [
        'import asyncio',
        'import subprocess',
        'from fastapi import FastAPI',
        '',
        'app = FastAPI()',
        '',
        'def render_pdf(order_id: int) -> str:',
        '    path = f"/tmp/{order_id}.pdf"',
        '    subprocess.run(["wkhtmltopdf", f"http://localhost/o/{order_id}", path], check=True)',
        '    return path',
        '',
        'def build_report(order_id: int) -> str:',
        '    return render_pdf(order_id)',
        '',
        '@app.get("/reports/{order_id}")',
        'async def get_report(order_id: int):',
        '    return {"path": await asyncio.to_thread(build_report, order_id)}',
      ].join('\n'),
      fixSafety: 'Unsafe: the call is wrapped in `await asyncio.to_thread(...)`, which is right when the helper is thread-safe; a helper that touches request-scoped state (a sync `Session` shared with the route) may not be.',
      references: ['https://docs.python.org/3/library/asyncio-task.html#asyncio.to_thread', 'https://fastapi.tiangolo.com/async/'],
    },
  },
  check(ctx) {
    for (const { call, owner } of ctx.model.asyncCalls) {
      if (call.awaited) continue;
      const chain = blockingChainOf(ctx, call, owner);
      if (!chain) continue;
      const written = writtenCallee(ctx, call, chain.steps[0].q);
      ctx.report({
        node: call.node,
        message: `\`${shortCode(written)}()\` blocks the event loop via \`${shortCode(displayName(chain.target), 26)}\`; run it in \`asyncio.to_thread\``,
        detail: `Call chain: \`${chainText(owner.qualname, chain)}\`. Run it with \`await asyncio.to_thread(${written}, ...)\`, or make every function of the chain async.`,
        related: chainRelated(ctx, chain),
        fix: offloadFix(ctx, call, owner, 'asyncio.to_thread'),
        severity: waitsOutside(chain.entry) ? 'error' : 'warning',
      });
    }
  },
};
