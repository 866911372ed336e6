import { positionalArgs, stringValue } from '../../server/src/analysis/fastapi';
import type { Rule } from '../../server/src/ruleApi/rule';
import { atLeast, describeVersion } from '../../server/src/ruleApi/versions';
import { resolvedDecorators } from '../shared/decorators';
import { nameMatcher } from '../shared/names';
import { shortCode } from '../../server/src/ruleApi/message';

const BASE_HTTP_MIDDLEWARE = 'starlette.middleware.base.BaseHTTPMiddleware';
const BASE: ReadonlySet<string> = new Set([BASE_HTTP_MIDDLEWARE]);
const FASTAPI: ReadonlySet<string> = new Set(['fastapi.FastAPI']);
const STARLETTE: ReadonlySet<string> = new Set(['starlette.applications.Starlette']);
/** Starlette 1.0 removed `Starlette.middleware()`; FastAPI keeps its own decorator. */
const STARLETTE_REMOVED_DECORATOR = '1.0.0';
const MIDDLEWARE_SPEC: ReadonlySet<string> = new Set(['starlette.middleware.Middleware', 'fastapi.middleware.Middleware']);
const PURE_ASGI = 'write a pure ASGI middleware';
/** The detail of every finding: what a pure ASGI middleware is. */
const PURE_ASGI_DETAIL = '`BaseHTTPMiddleware` adds a task and a body stream to every request. A pure ASGI middleware is a class with `async def __call__(self, scope, receive, send)`.';

export const rule: Rule = {
  meta: {
    code: 'FPL502',
    id: 'base-http-middleware',
    family: 'app-setup',
    severity: 'info',
    fix: 'none',
    docs: {
      summary: 'HTTP middleware written with `@app.middleware("http")` or as a `BaseHTTPMiddleware` subclass.',
      why: '`BaseHTTPMiddleware` (which `@app.middleware("http")` uses) runs the rest of the app in a separate task and pipes the response body back through an in-memory stream: every request pays for a task, a task group and a copy of each body chunk, streaming responses are buffered through it, and context variables set further down do not propagate back. A pure ASGI middleware wraps `send` and `receive` directly and costs one extra function call. Starlette 1.0 removed the `middleware()` decorator from `Starlette` apps (FastAPI keeps its own).',
      example: [
        'import time',
        '',
        'from fastapi import FastAPI, Request',
        '',
        'app = FastAPI()',
        '',
        '@app.middleware("http")',
        'async def add_timing(request: Request, call_next):',
        '    start = time.perf_counter()',
        '    response = await call_next(request)',
        '    response.headers["X-Elapsed"] = f"{time.perf_counter() - start:.4f}"',
        '    return response',
      ].join('\n'),
      useInstead: [
        'import time',
        '',
        'from fastapi import FastAPI',
        'from starlette.datastructures import MutableHeaders',
        '',
        'class TimingMiddleware:',
        '    def __init__(self, app):',
        '        self.app = app',
        '',
        '    async def __call__(self, scope, receive, send):',
        '        if scope["type"] != "http":',
        '            return await self.app(scope, receive, send)',
        '        start = time.perf_counter()',
        '',
        '        async def send_with_timing(message):',
        '            if message["type"] == "http.response.start":',
        '                headers = MutableHeaders(scope=message)',
        '                headers["X-Elapsed"] = f"{time.perf_counter() - start:.4f}"',
        '            await send(message)',
        '',
        '        await self.app(scope, receive, send_with_timing)',
        '',
        'app = FastAPI()',
        'app.add_middleware(TimingMiddleware)',
      ].join('\n'),
      fixSafety: 'No fix: a pure ASGI middleware is a different shape of code.',
      versions: 'Info everywhere; an error for `@app.middleware("http")` on a `Starlette` app with Starlette 1.0 or later (unknown counts as the latest), where the decorator no longer exists. FastAPI apps keep the decorator.',
      references: ['https://www.starlette.io/middleware/#limitations', 'https://www.starlette.io/middleware/#pure-asgi-middleware', 'https://fastapi.tiangolo.com/tutorial/middleware/'],
    },
  },
  check(ctx) {
    const { model } = ctx;
    const resolver = model.resolver;
    // The decorator form.
    for (const fn of model.functions) {
      if (!fn.decorators.some((d) => d.endsWith('.middleware()'))) continue;
      for (const d of resolvedDecorators(model, fn)) {
        const callee = d.call?.childForFieldName('function');
        if (!d.call || callee?.type !== 'attribute' || callee.childForFieldName('attribute')?.text !== 'middleware') continue;
        if (stringValue(positionalArgs(d.call)[0] ?? null, model.text) !== 'http') continue;
        const owner = model.valueOf(callee.childForFieldName('object')!, fn.parent ?? model.moduleScope);
        if (owner.k !== 'inst') continue;
        const isFastAPI = resolver.isSubclass(owner.t, FASTAPI);
        if (!isFastAPI && !resolver.isSubclass(owner.t, STARLETTE)) continue;
        const removed = !isFastAPI && atLeast(ctx.versions.starlette, STARLETTE_REMOVED_DECORATOR);
        ctx.report({
          node: d.node,
          message: removed
            ? `\`@${shortCode(callee.text, 20)}("http")\` no longer exists on Starlette apps in Starlette 1.0; ${PURE_ASGI}`
            : `\`@${shortCode(callee.text, 20)}("http")\` adds a task and a body stream to every request; ${PURE_ASGI}`,
          detail: `${removed ? `${describeVersion('starlette', ctx.versions.starlette)}. ` : ''}\`${fn.name}\` runs through \`BaseHTTPMiddleware\`. ${PURE_ASGI_DETAIL}`,
          severity: removed ? 'error' : undefined,
        });
      }
    }
    // Subclasses: report the class that derives from BaseHTTPMiddleware itself, not every descendant.
    const mayBeBase = nameMatcher(model, BASE);
    for (const cls of model.classes) {
      const c = resolver.cls(model.qualifiedName(cls));
      if (!c?.cls.bases.some(mayBeBase)) continue;
      if (!c || !resolver.bases(c.module, c.cls).some((b) => b.k === 'ref' && b.q === BASE_HTTP_MIDDLEWARE)) continue;
      ctx.report({
        start: c.cls.nameStart,
        end: c.cls.nameEnd,
        message: `\`BaseHTTPMiddleware\` adds a task and a body stream to every request; ${PURE_ASGI}`,
        detail: `\`${cls.name}\` derives from \`BaseHTTPMiddleware\`. ${PURE_ASGI_DETAIL}`,
      });
    }
    // `BaseHTTPMiddleware` itself, given a dispatch function: `app.add_middleware(BaseHTTPMiddleware, dispatch=f)`, `Middleware(BaseHTTPMiddleware, ...)`.
    for (const call of model.calls) {
      if (!call.dotted || !(call.dotted.endsWith('add_middleware') || call.dotted.endsWith('Middleware'))) continue;
      const callee = model.calleeName(call);
      const owner = callee?.endsWith('.add_middleware') ? callee.slice(0, -'.add_middleware'.length) : null;
      const registers = callee !== null && (MIDDLEWARE_SPEC.has(callee) || (owner !== null && (resolver.isSubclass(owner, FASTAPI) || resolver.isSubclass(owner, STARLETTE))));
      if (!registers) continue;
      const first = positionalArgs(call.node)[0];
      if (!first || (first.type !== 'identifier' && first.type !== 'attribute')) continue;
      const v = model.valueOf(first, call.scope);
      if (v.k !== 'ref' || v.q !== BASE_HTTP_MIDDLEWARE) continue;
      ctx.report({ node: first, message: `\`BaseHTTPMiddleware\` adds a task and a body stream to every request; ${PURE_ASGI}`, detail: PURE_ASGI_DETAIL });
    }
  },
};
