"""FPL111 fixtures: running an event loop inside a running one."""
import asyncio
import asyncio as aio
from asyncio import run as run_coro

import anyio
import trio
from fastapi import FastAPI

app = FastAPI()


async def refresh_cache() -> None:
    await asyncio.sleep(0)


@app.post("/refresh")
async def refresh():
    # expect: FPL111
    asyncio.run(refresh_cache())


@app.post("/alias")
async def alias():
    # expect: FPL111
    aio.run(refresh_cache())
    # expect: FPL111
    run_coro(refresh_cache())


async def old_style():
    loop = asyncio.get_event_loop()
    # expect: FPL111
    return loop.run_until_complete(refresh_cache())


async def chained():
    # expect: FPL111
    asyncio.get_event_loop().run_until_complete(refresh_cache())


async def new_loop():
    loop = asyncio.new_event_loop()
    # expect: FPL111
    loop.run_until_complete(refresh_cache())


async def other_runners():
    # expect: FPL111
    anyio.run(refresh_cache)
    # expect: FPL111
    trio.run(refresh_cache)


async def runner():
    with asyncio.Runner() as r:
        # expect: FPL111
        r.run(refresh_cache())


# ---- negatives ----


async def awaited():
    # ok: FPL111
    await refresh_cache()
    # ok: FPL111
    task = asyncio.create_task(refresh_cache())
    # ok: FPL111
    loop = asyncio.get_running_loop()
    # ok: FPL111
    await loop.run_in_executor(None, print, "x")
    return task


def cli_entry_point():
    # ok: FPL111
    asyncio.run(refresh_cache())


def sync_route_helper():
    loop = asyncio.new_event_loop()
    # ok: FPL111
    return loop.run_until_complete(refresh_cache())


async def worker_thread():
    def job():
        # ok: FPL111
        return asyncio.run(refresh_cache())

    return await asyncio.to_thread(job)


async def shadowed(asyncio):
    # ok: FPL111
    asyncio.run(refresh_cache())


class Tasks:
    def run(self, coro):
        return coro


async def other_run_method():
    # ok: FPL111
    Tasks().run(refresh_cache())


if __name__ == "__main__":
    # ok: FPL111
    asyncio.run(refresh_cache())
