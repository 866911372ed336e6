"""FPL101 fixtures: waiting for another thread from async code."""
import asyncio
import concurrent.futures
import queue
import threading
from concurrent.futures import ThreadPoolExecutor, as_completed

from fastapi import FastAPI

app = FastAPI()
executor = ThreadPoolExecutor(max_workers=4)
ready = threading.Event()
jobs: queue.Queue = queue.Queue()
state_lock = threading.Lock()
async_ready = asyncio.Event()
async_jobs: asyncio.Queue = asyncio.Queue()


def render(n: int) -> int:
    return n * 2


@app.get("/render/{n}")
async def render_route(n: int):
    future = executor.submit(render, n)
    # expect: FPL101
    return future.result(timeout=30)


async def fan_out(items: list[int]):
    futures = [executor.submit(render, i) for i in items]
    # expect: FPL101
    concurrent.futures.wait(futures)
    # expect: FPL101
    for done in as_completed(futures):
        print(done)
    # expect: FPL101
    return list(executor.map(render, items))


async def with_pool(n: int):
    with ThreadPoolExecutor() as pool:
        # expect: FPL101
        return pool.submit(render, n).result()


async def wait_for_thread():
    worker = threading.Thread(target=render, args=(1,))
    worker.start()
    # expect: FPL101
    worker.join()
    # expect: FPL101
    ready.wait(5)
    # expect: FPL101
    item = jobs.get()
    # expect: FPL101
    state_lock.acquire()
    return item


async def same_loop(coro_fn):
    loop = asyncio.get_running_loop()
    future = asyncio.run_coroutine_threadsafe(coro_fn(), loop)
    # expect: FPL101
    return future.result()


# ---- negatives ----


async def asyncio_primitives():
    # ok: FPL101
    await async_ready.wait()
    # ok: FPL101
    item = await async_jobs.get()
    task = asyncio.ensure_future(asyncio.sleep(0, result=item))
    await task
    # ok: FPL101
    return task.result()


async def wrapped(n: int):
    # ok: FPL101
    return await asyncio.wrap_future(executor.submit(render, n))


async def run_in_executor(n: int):
    loop = asyncio.get_running_loop()
    future = loop.run_in_executor(executor, render, n)
    await future
    # ok: FPL101
    return future.result()


def sync_route(n: int):
    # ok: FPL101
    return executor.submit(render, n).result()


async def offloaded():
    # ok: FPL101
    await asyncio.to_thread(ready.wait, 5)
    # ok: FPL101
    return await asyncio.to_thread(jobs.get)


async def only_a_name(future, worker, q):
    # ok: FPL101
    future.result()
    # ok: FPL101
    worker.join()
    # ok: FPL101
    q.get()


async def not_blocking(n: int):
    # ok: FPL101
    jobs.put(n)
    # ok: FPL101
    state_lock.release()
    # ok: FPL101
    return jobs.get_nowait()


async def shadowed(n: int):
    executor = FakeExecutor()
    # ok: FPL101
    return executor.submit(render, n).result()


class FakeExecutor:
    def submit(self, fn, *args):
        return asyncio.sleep(0)
