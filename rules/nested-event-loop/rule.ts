import type { Rule } from '../../server/src/ruleApi/rule';
import { LOOP_RUNNERS } from '../data/eventLoop';
import { displayName, writtenCallee, lastNames, nameFilter } from '../shared/asyncCalls';
import { shortCode } from '../../server/src/ruleApi/message';

const RUNNER_NAMES = lastNames(Object.keys(LOOP_RUNNERS));

export const rule: Rule = {
  meta: {
    code: 'FPL111',
    id: 'nested-event-loop',
    family: 'event-loop',
    severity: 'error',
    fix: 'none',
    docs: {
      summary: '`asyncio.run()`, `loop.run_until_complete()` or another event-loop runner called inside an `async def`.',
      why: 'Inside an `async def` an event loop is already running on the thread. `asyncio.run()` and `run_until_complete()` refuse to start a second one and raise `RuntimeError` on every request (the route fails with a 500); `trio.run()` would take the thread over and stall every other request. Await the coroutine instead.',
      example: [
        'import asyncio',
        'from fastapi import FastAPI',
        '',
        'app = FastAPI()',
        '',
        'async def refresh_cache() -> None:',
        '    await asyncio.sleep(0)',
        '',
        '@app.post("/cache/refresh")',
        'async def refresh():',
        '    asyncio.run(refresh_cache())',
        '    return {"ok": True}',
      ].join('\n'),
      useInstead: [
        'import asyncio',
        'from fastapi import FastAPI',
        '',
        'app = FastAPI()',
        '',
        'async def refresh_cache() -> None:',
        '    await asyncio.sleep(0)',
        '',
        '@app.post("/cache/refresh")',
        'async def refresh():',
        '    await refresh_cache()',
        '    return {"ok": True}',
      ].join('\n'),
      fixSafety: 'No fix: the runner\'s argument may be a coroutine, a function or a future, and what replaces the call depends on it.',
      references: ['https://docs.python.org/3/library/asyncio-runner.html#asyncio.run', 'https://docs.python.org/3/library/asyncio-eventloop.html#asyncio.loop.run_until_complete'],
    },
  },
  check(ctx) {
    const mayMatch = nameFilter(ctx, RUNNER_NAMES);
    for (const { call, owner } of ctx.model.asyncCalls) {
      if (!mayMatch(call)) continue;
      const q = ctx.model.calleeName(call);
      const runner = q ? LOOP_RUNNERS[q] : undefined;
      if (!q || !runner) continue;
      ctx.report({
        node: call.node,
        message: `\`${shortCode(writtenCallee(ctx, call, q), 20)}()\` in \`async def\`: ${runner.effect}; ${runner.instead}`,
        detail: `\`${writtenCallee(ctx, call, q)}\` is \`${displayName(q)}\`; it starts an event loop inside \`async def ${owner.name}\`, where one is already running.`,
      });
    }
  },
};
