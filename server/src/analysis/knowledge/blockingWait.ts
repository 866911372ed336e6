// FPL101 (waits): calls that park the calling thread until another thread (or process)
// signals it. On the event loop nothing else runs meanwhile, for as long as the other side
// takes. Only typed receivers match: `executor.submit(...)` gives a
// `concurrent.futures.Future`; asyncio's own futures, events, queues and locks are other
// names and never match.
import { all, members } from './names';

const FUTURE = '`await asyncio.wrap_future(future)`';
const EXECUTOR = '`await loop.run_in_executor(executor, ...)` (or `asyncio.to_thread`) instead of submitting and waiting';
const THREAD = '`await asyncio.to_thread(...)` around the wait, or an asyncio primitive (`asyncio.Event`, `asyncio.Queue`, `asyncio.Lock`)';

const POOLS = ['concurrent.futures.ThreadPoolExecutor', 'concurrent.futures.ProcessPoolExecutor', 'concurrent.futures.Executor'];

export const WAIT: Record<string, string> = {
  ...members('concurrent.futures.Future', ['result', 'exception'], FUTURE),
  ...all(['concurrent.futures.wait', 'concurrent.futures.as_completed'], '`await asyncio.wait(...)` or `asyncio.as_completed(...)` over `asyncio.wrap_future` futures'),
  ...Object.assign({}, ...POOLS.map((p) => members(p, ['map'], EXECUTOR))),
  ...members('threading.Thread', ['join'], THREAD),
  ...members('threading.Event', ['wait'], THREAD),
  ...members('threading.Condition', ['wait', 'wait_for'], THREAD),
  ...members('threading.Barrier', ['wait'], THREAD),
  ...all(['threading.Lock.acquire', 'threading.RLock.acquire', 'threading.Semaphore.acquire', 'threading.BoundedSemaphore.acquire'], THREAD),
  ...members('queue.Queue', ['get', 'join'], THREAD),
  ...members('queue.SimpleQueue', ['get'], THREAD),
};

/** Lazy iterators: the waits happen while the caller iterates. */
export const WAIT_LAZY: readonly string[] = ['concurrent.futures.as_completed', ...POOLS.map((p) => `${p}.map`)];
