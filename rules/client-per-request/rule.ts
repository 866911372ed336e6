import { keywordArgs, routeOf, routeParams } from '../../server/src/analysis/fastapi';
import type { Scope } from '../../server/src/analysis/facts';
import type { FileModel } from '../../server/src/analysis/model';
import { firstParamName } from '../../server/src/analysis/scopes';
import type { Node } from '../../server/src/analysis/tree';
import { PER_REQUEST_ENTRY, type Rule } from '../../server/src/ruleApi/rule';
import { CLIENT_CONSTRUCTORS } from '../data/eventLoop';
import { CACHING_DECORATORS } from '../../server/src/analysis/knowledge/types';
import { lastNames, nameFilter } from '../shared/asyncCalls';

const CONSTRUCTOR_NAMES = lastNames(CLIENT_CONSTRUCTORS);
/** Arguments that give a client its connections: built from the call's own data, the client is this call's alone. */
const CONNECTION_ARGS = ['transport', 'connector', 'mounts'];

/** Whether an expression reads a variable of `fn` (a parameter or a local, not `self`), which makes its value per call. */
function readsLocal(model: FileModel, fn: Scope, value: Node): boolean {
  const receiver = fn.parent?.kind === 'class' ? firstParamName(fn, model.text) : null;
  const ids = value.type === 'identifier' ? [value] : value.descendantsOfType('identifier');
  for (const id of ids) {
    if (!id) continue;
    const p = id.parent;
    if (p?.type === 'attribute' && p.childForFieldName('attribute')?.id === id.id) continue;
    if (p?.type === 'keyword_argument' && p.childForFieldName('name')?.id === id.id) continue;
    const found = model.bindingOf(id.text, model.scopeAt(id.startIndex), id.startIndex);
    if (!('binding' in found) || (found.scope === fn && found.binding.k === 'param' && id.text === receiver)) continue;
    for (let s: Scope | null = found.scope; s; s = s.parent) if (s === fn) return true;
  }
  return false;
}

/**
 * Why a client made per call is not a cost worth a finding, or null:
 * - its transport or connector is built from the call's data (IPs pinned for this URL, a
 *   resolver guarding against SSRF): one shared client could not carry it;
 * - the function takes a client (`client: httpx.AsyncClient | None = None`) and makes one only
 *   when none is given: sharing is the callers' choice;
 * - the function stores what it fetched in module state (a `global`, a module-level dict):
 *   it runs once per key, not per request.
 */
function notPerRequestCost(model: FileModel, fn: Scope, call: Node): boolean {
  const kw = keywordArgs(call);
  if (CONNECTION_ARGS.some((k) => kw.has(k) && readsLocal(model, fn, kw.get(k)!))) return true;
  if (routeParams(model, fn).some((p) => p.type.k === 'inst' && CLIENT_CONSTRUCTORS.has(p.type.t))) return true;
  return memoizes(model, fn);
}

/** Whether a function writes module state: a name it declares `global`, or an item of a module-level container (`_CACHE[key] = value`). */
function memoizes(model: FileModel, fn: Scope): boolean {
  const globals = new Set<string>();
  for (const [name, list] of model.bindings(fn).names) if (list.some((b) => b.k === 'global')) globals.add(name);
  for (const a of fn.node?.childForFieldName('body')?.descendantsOfType('assignment') ?? []) {
    if (!a || model.executingFunction(model.scopeAt(a.startIndex)) !== fn) continue;
    const left = a.childForFieldName('left');
    if (left?.type === 'identifier' && globals.has(left.text)) return true;
    const container = left?.type === 'subscript' ? left.childForFieldName('value') : null;
    if (container?.type !== 'identifier') continue;
    const found = model.bindingOf(container.text, model.scopeAt(container.startIndex), container.startIndex);
    if ('module' in found && found.module.some((b) => b.k === 'value')) return true;
  }
  return false;
}

export const rule: Rule = {
  meta: {
    code: 'FPL110',
    id: 'client-per-request',
    family: 'event-loop',
    severity: 'warning',
    // Off by default (issue 16): on 13 public FastAPI services 3 of 12 sampled findings were worth
    // fixing; most were clients on rare actions (settings, OAuth, billing) or for a different host
    // each call, which the code does not tell apart from hot paths.
    defaultEnabled: false,
    fix: 'none',
    docs: {
      summary: 'An HTTP client with a connection pool (`httpx.AsyncClient()`, `httpx.Client()`, `aiohttp.ClientSession()`, `requests.Session()`) created inside a route, a dependency, or a function they call.',
      why: 'A client object owns a connection pool. Built per request, it opens new TCP connections and TLS handshakes (tens of milliseconds each) that a shared client would reuse, and sockets pile up in TIME_WAIT under load. Create it once, in the app\'s `lifespan`, and share it through `app.state` or a dependency. Clients built at module level, in `lifespan` or startup handlers, or in an `@lru_cache` factory are not reported; nor is a helper that builds a client when no route or dependency calls it; the message names the route or dependency through which a helper runs. Not reported either: a client whose transport or connector is built from the call\'s own data (IPs pinned for this URL, an SSRF-guarding resolver), which one shared client could not carry; a client made only when the caller passes none (`client: httpx.AsyncClient | None = None`); and a client in a function that stores what it fetched in module state (a `global`, a module-level dict), which runs once per key. Off by default: on 13 public FastAPI services most findings were clients made on rare actions (settings, OAuth, billing, connection tests) or for a different host on each call (webhooks), where a shared client reuses nothing; select `FPL110` to audit them.',
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
      if (notPerRequestCost(model, fn, call.node)) continue;
      const route = routeOf(model, fn);
      const where = route ? `route \`${fn.name}\`` : `\`${fn.qualname}\`, which runs on every request ${PER_REQUEST_ENTRY}`;
      ctx.report({
        node: call.node,
        message: `\`${q}()\` per request opens new connections each time; create it once in \`lifespan\` and share it`,
        detail: `Created in ${where}. Create it once in \`lifespan\` and share it through \`app.state\` or a dependency.`,
        when: route ? undefined : { kind: 'perRequest', fn: model.qualifiedName(fn) },
      });
    }
  },
};
