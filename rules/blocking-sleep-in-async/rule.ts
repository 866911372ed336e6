import type { Rule } from '../../server/src/ruleApi/rule';
import { blockingCallsInAsync, inGeneratorExpression, needsParensForAwait } from '../shared/asyncCalls';

const ANYIO = /^anyio(\.|$)/;

export const rule: Rule = {
  meta: {
    code: 'FPL101',
    id: 'blocking-sleep-in-async',
    family: 'event-loop',
    severity: 'error',
    fix: 'safe',
    docs: {
      summary: '`time.sleep()` called inside an `async def`.',
      why: 'An `async def` route runs on the event loop thread. `time.sleep()` stops that thread, so every other request the worker is serving waits until the sleep ends: one slow sleep becomes a stall for all clients. `await asyncio.sleep()` suspends only the current task and lets the loop serve the others.',
      example: [
        'import time',
        'from fastapi import FastAPI',
        '',
        'app = FastAPI()',
        '',
        '@app.get("/retry")',
        'async def retry():',
        '    time.sleep(0.5)',
        '    return {"ok": True}',
      ].join('\n'),
      useInstead: [
        'import asyncio',
        'from fastapi import FastAPI',
        '',
        'app = FastAPI()',
        '',
        '@app.get("/retry")',
        'async def retry():',
        '    await asyncio.sleep(0.5)',
        '    return {"ok": True}',
      ].join('\n'),
      fixSafety: 'Safe: the call becomes `await asyncio.sleep(...)` (or `anyio.sleep` when the module already uses anyio) and the import is added. No fix is offered inside a generator expression, where `await` would turn it into an async generator.',
      references: ['https://docs.python.org/3/library/asyncio-task.html#asyncio.sleep', 'https://fastapi.tiangolo.com/async/'],
    },
  },
  check(ctx) {
    let anyio: boolean | undefined;
    for (const { call, q, owner } of blockingCallsInAsync(ctx, 'sleep')) {
      const usesAnyio = (anyio ??= ctx.model.moduleImports(ANYIO));
      const callee = call.node.childForFieldName('function');
      const replacement = ctx.reference(usesAnyio ? 'anyio.sleep' : 'asyncio.sleep', call.start);
            let fix;
      if (callee && replacement && !inGeneratorExpression(call, owner)) {
        const edits = [{ start: callee.startIndex, end: callee.endIndex, text: replacement.text }];
        if (!call.awaited) {
          const parens = needsParensForAwait(call);
          edits.push({ start: call.start, end: call.start, text: parens ? '(await ' : 'await ' });
          if (parens) edits.push({ start: call.node.endIndex, end: call.node.endIndex, text: ')' });
        }
        fix = { title: `Replace with \`await ${replacement.text}(...)\``, edits, imports: replacement.imports };
      }
      ctx.report({
        node: call.node,
        message: `\`${q}()\` blocks the event loop in \`async def ${owner.name}\`; use \`await ${usesAnyio ? 'anyio' : 'asyncio'}.sleep()\``,
        fix,
      });
    }
  },
};
