// Event-loop facts as data: calls that start or re-enter an event loop (FPL111), HTTP
// client constructors that open a connection pool (FPL110), calls that are known not
// to block, so a sync dependency made only of them is trivial (FPL112), and calls that
// run a sync function in a worker thread (FPL109 leaves them in order).

/** Loop runners: what happens when one is called on a thread whose loop is running, and what to write instead. */
export const LOOP_RUNNERS: Record<string, { effect: string; instead: string }> = {
  'asyncio.run': { effect: 'it raises RuntimeError on every call', instead: 'await the coroutine instead' },
  'asyncio.AbstractEventLoop.run_until_complete': { effect: 'it raises RuntimeError on every call', instead: 'await the coroutine instead' },
  'asyncio.AbstractEventLoop.run_forever': { effect: 'it raises RuntimeError on every call', instead: 'schedule the work with `asyncio.create_task(...)`' },
  'asyncio.Runner.run': { effect: 'it raises RuntimeError on every call', instead: 'await the coroutine instead' },
  'anyio.run': { effect: 'it raises RuntimeError on every call', instead: 'await the function instead' },
  'uvloop.run': { effect: 'it raises RuntimeError on every call', instead: 'await the coroutine instead' },
  'trio.run': { effect: 'Trio takes over the thread and stalls the loop', instead: 'await an asyncio equivalent instead' },
};

/** Calls that run a sync function in a worker thread: whether two may overlap is the function's business, unknown here. */
export const THREAD_OFFLOADERS: ReadonlySet<string> = new Set([
  'asyncio.to_thread',
  'fastapi.concurrency.run_in_threadpool',
  'starlette.concurrency.run_in_threadpool',
  'anyio.to_thread.run_sync',
]);

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
