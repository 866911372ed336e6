import type { Rule } from '../../server/src/ruleApi/rule';
import { WAIT } from '../../server/src/analysis/knowledge/blockingWait';
import { blockingCallsInAsync, displayName, inGeneratorExpression, needsParensForAwait, writtenCallee } from '../shared/asyncCalls';
import { shortCode, withAdvice } from '../../server/src/ruleApi/message';
import { needsAsync } from '../shared/asyncFixes';
import { moduleAttribute } from '../shared/imports';

const ANYIO = /^anyio(\.|$)/;

export const rule: Rule = {
  meta: {
    code: 'FPL101',
    id: 'blocking-sleep-in-async',
    family: 'event-loop',
    severity: 'error',
    fix: 'safe',
    docs: {
      summary: '`time.sleep()`, or a wait for another thread (`Future.result()` of an executor, `concurrent.futures.wait`, `Thread.join()`, `threading.Event.wait()`, `queue.Queue.get()`), inside an `async def`.',
      why: 'An `async def` route runs on the event loop thread. `time.sleep()` stops that thread, so every other request the worker is serving waits until the sleep ends: one slow sleep becomes a stall for all clients. `await asyncio.sleep()` suspends only the current task and lets the loop serve the others. Waiting for another thread is the same stall, for as long as that thread takes: `executor.submit(...).result()`, `concurrent.futures.wait(...)`, iterating `as_completed(...)` or `executor.map(...)`, `Thread.join()`, `Event.wait()`, `Condition.wait()`, `Queue.get()`, `Lock.acquire()` of the `threading` module, and `.result()` on the future of `asyncio.run_coroutine_threadsafe` (which deadlocks when the coroutine needs this loop). They are recognised through the receiver\'s type (`executor = ThreadPoolExecutor()`, `done = threading.Event()`); asyncio\'s own futures, events, queues and locks are never reported.',
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
      fixSafety: 'Safe: the call becomes `await asyncio.sleep(...)` (or `anyio.sleep` when the module already uses anyio) and the import is added. No fix is offered inside a generator expression, where `await` would turn it into an async generator, nor for a wait on another thread (`asyncio.wrap_future`, `loop.run_in_executor` or an asyncio primitive replace it, with changes a person makes).',
      references: ['https://docs.python.org/3/library/asyncio-task.html#asyncio.sleep', 'https://fastapi.tiangolo.com/async/'],
    },
  },
  check(ctx) {
    let anyio: boolean | undefined;
    for (const { call, q, owner, entry } of blockingCallsInAsync(ctx, 'sleep')) {
      if (Object.hasOwn(WAIT, q)) {
        const written = writtenCallee(ctx, call, q);
        const { message, detail } = withAdvice(`\`${shortCode(written)}()\` blocks the event loop while another thread works`, `use ${entry.instead}`, 'await it with asyncio instead');
        const resolved = displayName(q) === written ? undefined : `\`${written}\` is \`${displayName(q)}\`.`;
        ctx.report({ node: call.node, message, detail: [resolved, detail].filter(Boolean).join(' ') || undefined });
        continue;
      }
      const usesAnyio = (anyio ??= ctx.model.moduleImports(ANYIO));
      const callee = call.node.childForFieldName('function');
      const replacement = moduleAttribute(ctx, usesAnyio ? 'anyio.sleep' : 'asyncio.sleep', call.start);
      let fix;
      if (callee && replacement && !inGeneratorExpression(call, owner)) {
        const edits = [{ start: callee.startIndex, end: callee.endIndex, text: replacement.text }];
        if (!call.awaited) {
          const parens = needsParensForAwait(call);
          edits.push({ start: call.start, end: call.start, text: parens ? '(await ' : 'await ' });
          if (parens) edits.push({ start: call.node.endIndex, end: call.node.endIndex, text: ')' });
        }
        fix = { title: `Replace with \`await ${replacement.text}(...)\``, edits, imports: replacement.imports, effect: needsAsync(owner) };
      }
      ctx.report({
        node: call.node,
        message: `\`${q}()\` blocks the event loop in \`async def ${owner.name}\`; use \`await ${usesAnyio ? 'anyio' : 'asyncio'}.sleep()\``,
        fix,
      });
    }
  },
};
