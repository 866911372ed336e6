import type { BlockingChain } from '../../server/src/analysis/callGraph';
import type { RelatedInfo, Rule, RuleContext } from '../../server/src/ruleApi/rule';
import { FAMILY_CODE } from '../../server/src/analysis/knowledge/blocking';
import { displayName, writtenCallee } from '../shared/asyncCalls';
import { offloadFix } from '../shared/asyncFixes';
import { workspaceCallee } from '../shared/workspaceCalls';

/** `get_report -> build_pdf -> subprocess.run`, starting from the async caller. */
function chainText(caller: string, chain: BlockingChain): string {
  return [caller, ...chain.steps.map((s) => s.fn.q), displayName(chain.target)].join(' -> ');
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
    fix: 'unsafe',
    docs: {
      summary: 'An `async def` calls a sync function of the workspace that blocks, directly or through further sync calls, in any module.',
      why: 'Blocking calls hide behind helpers: the route looks clean, but `build_report()` calls `render_pdf()`, which runs `subprocess.run`. The event loop stops just the same. The call graph of the whole workspace is followed through imports (re-exports included), methods of workspace classes whose receiver type is known, and constructors (`__init__`), to any depth with cycles handled; the message shows the chain and the related location points at the blocking call. Calls handed to `asyncio.to_thread`, `run_in_threadpool` or `loop.run_in_executor` are not calls (the function is passed, not called) and are not reported, nor are sync routes and sync dependencies (FastAPI runs those in its threadpool), sync generators (Starlette iterates them in the threadpool), cached functions without parameters (`@lru_cache def get_settings()` runs once per process) and functions behind decorators that could make them async.',
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
      const target = workspaceCallee(ctx, call);
      if (!target) continue;
      const chain = ctx.graph.blockingChain(target);
      if (!chain) continue;
      const written = writtenCallee(ctx, call, target);
      ctx.report({
        node: call.node,
        message: `\`${written}()\` blocks the event loop in \`async def ${owner.name}\`: ${chainText(owner.qualname, chain)}; run it with \`await asyncio.to_thread(${written}, ...)\` or make the chain async`,
        related: chainRelated(ctx, chain),
        fix: offloadFix(ctx, call, owner, 'asyncio.to_thread'),
      });
    }
  },
};
