import type { Rule } from '../../server/src/ruleApi/rule';
import { HTTPX2_SHARED, SHARED } from '../../server/src/analysis/knowledge/blockingHttp';
import type { RuleContext } from '../../server/src/ruleApi/rule';
import type { BlockingCall } from '../shared/asyncCalls';
import { checkBlockingFamily } from '../shared/blockingFamily';

const HTTPX2 = /^httpx2(\.|$)/;

/** Constructors that connect only when given a host: `smtplib.SMTP()` alone builds an unconnected client. */
const CONNECT_WITH_HOST = new Set(['smtplib.SMTP', 'smtplib.SMTP_SSL', 'smtplib.LMTP', 'ftplib.FTP', 'ftplib.FTP_TLS']);

function costs(_ctx: RuleContext, b: BlockingCall): 'now' | 'no' {
  return CONNECT_WITH_HOST.has(b.q) && !b.call.node.childForFieldName('arguments')?.namedChildren.length ? 'no' : 'now';
}

/** A project on httpx2 (a dependency, or imported here) is told to use its async client, not httpx's. */
function instead(ctx: RuleContext, b: BlockingCall): string {
  return b.entry.instead === SHARED && (ctx.versions.httpx2 || ctx.model.moduleImports(HTTPX2)) ? HTTPX2_SHARED : b.entry.instead;
}

export const rule: Rule = {
  meta: {
    code: 'FPL102',
    id: 'blocking-http-in-async',
    family: 'event-loop',
    severity: 'error',
    fix: 'unsafe',
    docs: {
      summary: 'A sync network call inside an `async def`: HTTP clients (`requests`, `httpx` and `httpx2` module functions or their `Client`, `urllib`, `urllib3`, `http.client`) and sync SDKs (boto3 clients and resources, google-auth flows and credential refreshes, googleapiclient `.execute()`, MSAL, Azure Blob Storage, `smtplib`, `ftplib`, `imaplib`, `poplib`, DNS lookups and sockets).',
      why: 'A sync HTTP client waits for the remote server on the thread that runs it. In an `async def` that thread is the event loop, so while one request waits for the network (often tens or hundreds of milliseconds, seconds on a timeout) no other request of the worker makes progress. Client objects are recognised through their type: `s = requests.Session()` at module level, a parameter `client: httpx.Client`, `with httpx.Client() as c:`, `self.http = urllib3.PoolManager()`. Awaited calls and async clients (`httpx.AsyncClient`, `aiohttp.ClientSession`) are never reported. SDKs are recognised the same way: `boto3.client(...)`, `boto3.resource(...)` and `session.client(...)` (every client method but the local ones such as `generate_presigned_url`; resource actions such as `Object.get`, `upload_file`, iterating `bucket.objects.filter(...)`), a client annotated with a mypy-boto3 type, `Flow.from_client_config(...).fetch_token(...)`, `creds.refresh(Request())`, `id_token.verify_oauth2_token` (it fetches Google\'s certificates), `build(...)...execute()`, `msal.ConfidentialClientApplication(...)` (it discovers the tenant) and its `acquire_token_*`, `BlobServiceClient`/`ContainerClient`/`BlobClient` methods and `download_blob().readall()`, `smtplib.SMTP(host)` (it connects when given a host) and `sendmail`, `socket.gethostbyname`/`getaddrinfo`/`create_connection`. Their async variants (`azure.storage.blob.aio`, aioboto3, aiosmtplib, `loop.getaddrinfo`) have other names and are never reported; an object known only by its variable name is not either. In a project that depends on httpx2 (or a module that imports it) the advice names `httpx2.AsyncClient`.',
      example: [
        'import requests',
        'from fastapi import FastAPI',
        '',
        'app = FastAPI()',
        '',
        '@app.get("/weather")',
        'async def weather(city: str):',
        '    resp = requests.get("https://api.example.com/weather", params={"q": city}, timeout=5)',
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
        '    async with httpx.AsyncClient(timeout=5) as client:',
        '        app.state.http = client',
        '        yield',
        '',
        'app = FastAPI(lifespan=lifespan)',
        '',
        '@app.get("/weather")',
        'async def weather(city: str, request: Request):',
        '    resp = await request.app.state.http.get("https://api.example.com/weather", params={"q": city})',
        '    return resp.json()',
      ].join('\n'),
      fixSafety: 'Unsafe: the call is wrapped in `await asyncio.to_thread(...)`, which stops blocking the loop but spends a worker thread per request; the better change, a shared `httpx.AsyncClient`, needs an application-wide client and is left to you. No fix inside a generator expression, or when the result feeds another blocking call.',
      references: ['https://www.python-httpx.org/async/', 'https://fastapi.tiangolo.com/async/', 'https://docs.astral.sh/ruff/rules/blocking-http-call-in-async-function/'],
    },
  },
  check(ctx) {
    checkBlockingFamily(ctx, { family: 'http', waits: 'while it waits for the network', fix: 'asyncio.to_thread', instead, costs });
  },
};
