// Event-loop facts as data: calls that start or re-enter an event loop (FPL111), HTTP
// client constructors that open a connection pool (FPL110), and calls that are known not
// to block, so a sync dependency made only of them is trivial (FPL112).

/** Running a loop from inside a running loop raises RuntimeError (or, for trio, stalls the host loop). */
export const LOOP_RUNNERS: Record<string, string> = {
  'asyncio.run': 'await the coroutine instead',
  'asyncio.AbstractEventLoop.run_until_complete': 'await the coroutine instead',
  'asyncio.AbstractEventLoop.run_forever': 'schedule the work with `asyncio.create_task(...)`',
  'asyncio.Runner.run': 'await the coroutine instead',
  'anyio.run': 'await the function instead',
  'trio.run': 'await the function instead',
  'uvloop.run': 'await the coroutine instead',
};

/** HTTP clients that own a connection pool: build one per process, not per request. */
export const CLIENT_CONSTRUCTORS: ReadonlySet<string> = new Set([
  'httpx.AsyncClient',
  'httpx.Client',
  'aiohttp.ClientSession',
  'requests.Session',
  'requests.session',
  'urllib3.PoolManager',
]);

/** Library calls that never block (prefixes end with a dot). */
export const NON_BLOCKING_CALLS: readonly string[] = [
  'builtins.',
  'fastapi.HTTPException',
  'fastapi.exceptions.HTTPException',
  'starlette.exceptions.HTTPException',
  'fastapi.Request.',
  'fastapi.WebSocket.',
  'typing.',
  'math.',
  'uuid.uuid4',
  'datetime.datetime.now',
  'datetime.datetime.utcnow',
  'datetime.date.today',
  'time.time',
  'time.monotonic',
  'time.perf_counter',
];
