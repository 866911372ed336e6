import { routeOf } from '../../server/src/analysis/fastapi';
import type { Rule } from '../../server/src/ruleApi/rule';
import { CLIENT_CONSTRUCTORS } from '../data/eventLoop';
import { CACHING_DECORATORS } from '../../server/src/analysis/knowledge/types';
import { lastNames, nameFilter } from '../shared/asyncCalls';

const CONSTRUCTOR_NAMES = lastNames(CLIENT_CONSTRUCTORS);

export const rule: Rule = {
  meta: {
    code: 'FPL110',
    id: 'client-per-request',
    family: 'event-loop',
    severity: 'warning',
    fix: 'none',
    docs: {
      summary: 'An HTTP client with a connection pool (`httpx.AsyncClient()`, `httpx.Client()`, `aiohttp.ClientSession()`, `requests.Session()`) created inside a route, a dependency, or a function they call.',
      why: 'A client object owns a connection pool. Built per request, it opens new TCP connections and TLS handshakes (tens of milliseconds each) that a shared client would reuse, and sockets pile up in TIME_WAIT under load. Create it once, in the app\'s `lifespan`, and share it through `app.state` or a dependency. Clients built at module level, in `lifespan` or startup handlers, or in an `@lru_cache` factory are not reported; nor is a helper that builds a client when no route or dependency calls it.',
      example: [
        'import httpx',
        'from fastapi import FastAPI',
        '',
        'app = FastAPI()',
        '',
        '@app.get("/users/{user_id}")',
        'async def get_user(user_id: int):',
        '    async with httpx.AsyncClient() as client:',
        '        resp = await client.get(f"http://users.internal/{user_id}")',
        '    return resp.json()',
      ].join('\n'),
      useInstead: [
        'from contextlib import asynccontextmanager',
        '',
        'import httpx',
        'from fastapi import FastAPI, Request',
        '',
        '@asynccontextmanager',
        'async def lifespan(app: FastAPI):',
        '    async with httpx.AsyncClient() as client:',
        '        app.state.http = client',
        '        yield',
        '',
        'app = FastAPI(lifespan=lifespan)',
        '',
        '@app.get("/users/{user_id}")',
        'async def get_user(user_id: int, request: Request):',
        '    resp = await request.app.state.http.get(f"http://users.internal/{user_id}")',
        '    return resp.json()',
      ].join('\n'),
      fixSafety: 'No fix: moving the client to `lifespan` changes the app\'s structure.',
      references: ['https://www.python-httpx.org/advanced/clients/', 'https://fastapi.tiangolo.com/advanced/events/#lifespan', 'https://docs.aiohttp.org/en/stable/client_advanced.html#client-session'],
    },
  },
  check(ctx) {
    const model = ctx.model;
    const mayMatch = nameFilter(ctx, CONSTRUCTOR_NAMES);
    for (const call of model.calls) {
      if (!mayMatch(call)) continue;
      const q = model.calleeName(call);
      if (!q || !CLIENT_CONSTRUCTORS.has(q)) continue;
      const fn = model.executingFunction(call.scope);
      if (!fn || fn.kind !== 'function') continue;
      const summary = model.fnSummary(fn);
      if (summary && ctx.graph.decorators(model.context.module, summary).some((d) => CACHING_DECORATORS.has(d))) continue;
      const route = routeOf(model, fn);
      const where = route ? `route \`${fn.name}\`` : `\`${fn.qualname}\`, which runs on every request`;
      ctx.report({
        node: call.node,
        message: `\`${q}()\` is created in ${where}: each one opens new connections; create it once in \`lifespan\` and share it through \`app.state\` or a dependency`,
        when: route ? undefined : { kind: 'perRequest', fn: model.qualifiedName(fn) },
      });
    }
  },
};
