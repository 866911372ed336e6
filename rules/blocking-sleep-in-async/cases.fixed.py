"""FPL101 fixtures: time.sleep in async context."""
import asyncio
import time

from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool

app = FastAPI()


@app.get("/plain")
async def plain():
    # expect: FPL101
    await asyncio.sleep(1)
    return {"ok": True}


@app.get("/alias")
async def alias():
    # expect: FPL101
    await asyncio.sleep(0.1)


async def from_import():
    # expect: FPL101
    await asyncio.sleep(2)


async def from_import_alias(delay: float):
    # expect: FPL101
    await asyncio.sleep(delay)


async def in_expression():
    # expect: FPL101
    value = await asyncio.sleep(1) or 3
    return value


async def as_object():
    # expect: FPL101
    return (await asyncio.sleep(1)).__class__


async def in_comprehension(items):
    # expect: FPL101
    return [await asyncio.sleep(i) for i in items]


async def in_generator(items):
    # expect: FPL101
    return list(time.sleep(i) for i in items)


async def local_import():
    # expect: FPL101
    await asyncio.sleep(1)


async def emoji_line():
    # expect: FPL101
    label = "é中😀"; await asyncio.sleep(1)


async def already_awaited():
    # expect: FPL101
    await asyncio.sleep(1)


async def suppressed():
    time.sleep(1)  # noqa: FPL101


async def suppressed_blanket():
    time.sleep(1)  # noqa


async def suppressed_other_code():
    # expect: FPL101
    await asyncio.sleep(1)  # noqa: FPL102


async def shadowed_by_local():
    time = FakeClock()
    # ok: FPL101
    time.sleep(1)


async def shadowed_by_parameter(time):
    # ok: FPL101
    time.sleep(1)


async def nested_sync_def():
    def worker():
        # ok: FPL101
        time.sleep(1)

    await asyncio.to_thread(worker)


async def lambda_body():
    # ok: FPL101
    job = lambda: time.sleep(1)
    await asyncio.to_thread(job)


async def offloaded():
    import anyio.to_thread

    # ok: FPL101
    await asyncio.to_thread(time.sleep, 1)
    loop = asyncio.get_running_loop()
    # ok: FPL101
    await loop.run_in_executor(None, time.sleep, 1)
    # ok: FPL101
    await run_in_threadpool(time.sleep, 1)
    # ok: FPL101
    await anyio.to_thread.run_sync(time.sleep, 1)


async def class_body_breaks_context():
    class Config:
        # ok: FPL101
        delay = time.sleep(0)

    return Config


def sync_route():
    # ok: FPL101
    time.sleep(1)


# ok: FPL101
time.sleep(0)


class Worker:
    # ok: FPL101
    pause = time.sleep(0)

    def run(self):
        # ok: FPL101
        time.sleep(1)

    async def arun(self):
        # expect: FPL101
        await asyncio.sleep(1)


async def other_sleep():
    # ok: FPL101
    await asyncio.sleep(1)
    # ok: FPL101
    time.monotonic()


async def string_mentions():
    # ok: FPL101
    print("time.sleep(1)")


async def comprehension_shadow(clocks):
    # ok: FPL101
    return [time.sleep(1) for time in clocks]


async def global_rebind():
    global sleep
    # expect: FPL101
    await asyncio.sleep(1)


class FakeClock:
    def sleep(self, seconds):
        return seconds
