import { routeOf } from '../../server/src/analysis/fastapi';
import type { Scope } from '../../server/src/analysis/facts';
import type { Val } from '../../server/src/analysis/resolve';
import { bodyCalls } from '../../server/src/analysis/summary';
import type { Rule, RuleContext } from '../../server/src/ruleApi/rule';
import { classifyBlocking } from '../../server/src/analysis/knowledge/blocking';
import { NON_BLOCKING_CALLS } from '../data/eventLoop';
import { addAsyncEdit, asyncToggleSafety, makes } from '../shared/asyncFixes';
import { shortCode } from '../../server/src/ruleApi/message';

function knownNonBlocking(ctx: RuleContext, v: Val): boolean {
  if (v.k === 'inst') return v.t.startsWith('builtins.'); // calling an instance of a builtin type (rare) is harmless
  if (v.k !== 'ref' || classifyBlocking(v.q, ctx.config)) return false;
  return NON_BLOCKING_CALLS.some((p) => (p.endsWith('.') ? v.q.startsWith(p) : v.q === p));
}

/**
 * A sync function whose every call is known not to block: builtins, methods of builtin
 * values, FastAPI's HTTPException and request accessors. Anything unknown (a library
 * call, a helper of the workspace) could do I/O, and then it belongs in the threadpool.
 */
function trivial(ctx: RuleContext, fn: Scope): boolean {
  for (const { call } of bodyCalls(fn)) {
    if (!knownNonBlocking(ctx, ctx.model.callee(call))) return false;
  }
  return true;
}

export const rule: Rule = {
  meta: {
    code: 'FPL112',
    id: 'trivial-sync-dependency',
    family: 'event-loop',
    severity: 'info',
    fix: 'safe',
    defaultEnabled: false,
    docs: {
      summary: 'A sync `def` dependency that does no blocking work (only builtins, FastAPI request accessors and exceptions), which FastAPI still runs in its threadpool.',
      why: 'FastAPI runs every sync dependency in its threadpool (40 threads by default, shared with sync routes): a thread hop costs tens of microseconds per request and, under load, a wait for a free thread. A dependency that only reads a header or parses a value does no I/O and can run on the event loop directly as an `async def`. Only dependencies whose every call is known not to block are reported; a call to anything the analysis cannot see into keeps the dependency sync. Off by default: select `FPL112` to enable it.',
      example: [
        'from fastapi import Depends, FastAPI, Header',
        '',
        'app = FastAPI()',
        '',
        'def tenant(x_tenant: str = Header("default")) -> str:',
        '    return x_tenant.lower()',
        '',
        '@app.get("/orders")',
        'async def orders(t: str = Depends(tenant)):',
        '    return {"tenant": t}',
      ].join('\n'),
      useInstead: [
        'from fastapi import Depends, FastAPI, Header',
        '',
        'app = FastAPI()',
        '',
        'async def tenant(x_tenant: str = Header("default")) -> str:',
        '    return x_tenant.lower()',
        '',
        '@app.get("/orders")',
        'async def orders(t: str = Depends(tenant)):',
        '    return {"tenant": t}',
      ].join('\n'),
      fixSafety: 'Safe when nothing in the workspace calls the function or stores it in a name, other than `Depends(...)` (FastAPI is then its only caller): `async` is added. Otherwise the fix is unsafe, since a sync caller would receive a coroutine.',
      references: ['https://fastapi.tiangolo.com/async/#dependencies', 'https://www.starlette.io/threadpool/'],
    },
  },
  check(ctx) {
    const model = ctx.model;
    for (const fn of model.functions) {
      // Decorated functions (an `@lru_cache` factory) and methods keep their calling convention.
      if (fn.isAsync || fn.decorators.length > 0 || fn.parent?.kind === 'class' || routeOf(model, fn)) continue;
      if (!trivial(ctx, fn)) continue;
      const q = model.qualifiedName(fn);
      const edit = addAsyncEdit(ctx, fn);
      ctx.report({
        start: fn.start,
        end: fn.node?.childForFieldName('name')?.endIndex ?? fn.start,
        message: `Dependency \`${shortCode(fn.name)}\` does no blocking work but runs in the threadpool; declare it with \`async def\``,
        detail: 'FastAPI runs a sync `def` dependency in the threadpool on every request: a thread hop for work the event loop could do at once.',
        fix: edit ? { title: `Make \`${fn.name}\` an \`async def\``, edits: [edit], effect: makes(fn, 'async'), ...asyncToggleSafety(ctx, fn) } : undefined,
        when: { kind: 'dependency', fn: q },
      });
    }
  },
};
