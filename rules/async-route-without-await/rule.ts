import { routeLabel, routeOf } from '../../server/src/analysis/fastapi';
import type { Scope } from '../../server/src/analysis/facts';
import { bodyCalls } from '../../server/src/analysis/summary';
import type { Rule, RuleContext } from '../../server/src/ruleApi/rule';
import { classifyBlocking, waitsOutside, type BlockingEntry } from '../../server/src/analysis/knowledge/blocking';
import { writtenCallee } from '../shared/asyncCalls';
import { asyncToggleSafety, canDropAsync, dropAsyncEdit, hasAsyncConstructs, makes, type FixInput } from '../shared/asyncFixes';
import { blockingChainOf } from '../shared/workspaceCalls';
import { shortCode } from '../../server/src/ruleApi/message';

interface BlockingCall {
  name: string;
  start: number;
  end: number;
  entry: BlockingEntry;
}

/** The blocking calls an async function makes directly (library tables) or through workspace helpers. */
function blockingCalls(ctx: RuleContext, fn: Scope): BlockingCall[] {
  const out: BlockingCall[] = [];
  for (const { call } of bodyCalls(fn)) {
    if (call.awaited) continue;
    const q = ctx.model.calleeName(call);
    const entry = q ? classifyBlocking(q, ctx.config) : undefined;
    if (q && entry) {
      out.push({ name: writtenCallee(ctx, call, q), start: call.start, end: call.node.endIndex, entry });
      continue;
    }
    const chain = blockingChainOf(ctx, call, fn);
    if (chain) out.push({ name: chain.steps[0].fn.q, start: call.start, end: call.node.endIndex, entry: chain.entry });
  }
  return out;
}

export const rule: Rule = {
  meta: {
    code: 'FPL107',
    id: 'async-route-without-await',
    // One problem, one finding: the blocking calls of a route that never awaits are its related locations.
    supersedes: ['FPL101', 'FPL102', 'FPL103', 'FPL104', 'FPL105', 'FPL106', 'FPL108'],
    family: 'event-loop',
    severity: 'warning',
    fix: 'unsafe',
    docs: {
      summary: 'An `async def` route or dependency that makes blocking calls and never awaits anything.',
      why: 'FastAPI runs an `async def` path operation (and an `async def` dependency) on the event loop, and a `def` one in its threadpool. A function that never awaits gains nothing from being async, and when it blocks (a sync HTTP client, a sync `Session`, file I/O, a helper that does any of these) it stops every other request of the worker while it runs. Declared with `def`, the same code runs in a worker thread and the loop keeps serving.',
      example: [
        'import requests',
        'from fastapi import FastAPI',
        '',
        'app = FastAPI()',
        '',
        '@app.get("/rates")',
        'async def rates():',
        '    return requests.get("https://rates.example.com/latest", timeout=5).json()',
      ].join('\n'),
      useInstead: [
        'import requests',
        'from fastapi import FastAPI',
        '',
        'app = FastAPI()',
        '',
        '@app.get("/rates")',
        'def rates():',
        '    return requests.get("https://rates.example.com/latest", timeout=5).json()',
      ].join('\n'),
      fixSafety: 'The fix removes `async`, offered only when the body has no `await`, `async for`, `async with` or async-library call. It is safe when nothing else in the workspace calls the function or stores it in a name (FastAPI is then its only caller); otherwise, or when the function has decorators besides the route\'s, it is unsafe, since a caller that awaits it would break.',
      references: ['https://fastapi.tiangolo.com/async/#path-operation-functions', 'https://fastapi.tiangolo.com/async/#dependencies'],
    },
  },
  check(ctx) {
    for (const fn of ctx.model.functions) {
      if (!fn.isAsync || hasAsyncConstructs(ctx, fn)) continue;
      const calls = blockingCalls(ctx, fn);
      if (calls.length === 0) continue;
      const names = [...new Set(calls.map((c) => c.name))];
      const route = routeOf(ctx.model, fn);
      // FastAPI awaits a websocket endpoint: it must stay `async def` (its calls are reported by their own rules).
      if (route?.verb === 'websocket') continue;
      const nameNode = fn.node?.childForFieldName('name');
      let fix: FixInput | undefined;
      const edit = canDropAsync(ctx, fn) ? dropAsyncEdit(ctx, fn) : undefined;
      if (edit) {
        const otherDecorators = route ? fn.decorators.length > 1 : fn.decorators.length > 0;
        fix = { title: `Make \`${fn.name}\` a sync \`def\` (FastAPI runs it in the threadpool)`, edits: [edit], effect: makes(fn, 'sync'), ...asyncToggleSafety(ctx, fn, otherDecorators) };
      }
      const shown = `\`${shortCode(names[0])}()\`${names.length > 1 ? ', ...' : ''}`;
      ctx.report({
        start: fn.start,
        end: nameNode?.endIndex ?? fn.start,
        message: `\`async def ${shortCode(fn.name, 20)}\` blocks the event loop (${shown}) and never awaits; make it a \`def\``,
        detail: `${route ? `Route ${routeLabel(route)}` : 'This dependency'} blocks the event loop on every request (${names.map((n) => `\`${n}()\``).join(', ')}); as a \`def\`, FastAPI runs it in the threadpool.`,
        fix,
        related: calls.map((c) => ({ message: `blocks the event loop: \`${c.name}()\``, start: c.start, end: c.end })),
        covers: { start: fn.start, end: fn.end },
        severity: calls.some((c) => waitsOutside(c.entry)) ? 'error' : 'warning',
        when: route ? undefined : { kind: 'dependency', fn: ctx.model.qualifiedName(fn) },
      });
    }
  },
};
