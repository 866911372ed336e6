"""FPL108 fixtures: async code calling workspace helpers that block."""
import asyncio
import functools
import subprocess
import time

import requests
from fastapi import FastAPI
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

app = FastAPI()


def render_pdf(order_id: int) -> str:
    path = f"/tmp/{order_id}.pdf"
    subprocess.run(["wkhtmltopdf", str(order_id), path], check=True)
    return path


def build_report(order_id: int) -> str:
    return render_pdf(order_id)


render = build_report


class GeoClient:
    def __init__(self):
        self.http = requests.Session()

    def lookup(self, ip: str) -> str:
        return self.http.get(f"http://geo.internal/{ip}").json()["region"]

    @staticmethod
    def ping() -> None:
        time.sleep(0.1)


class Config:
    def __init__(self, url: str):
        self.raw = requests.get(url, timeout=5).text


class Template:
    """Reads one small file: its size decides the cost, so it counts only with report-file-io."""

    def __init__(self, path: str):
        with open(path) as f:
            self.raw = f.read()


@functools.lru_cache
def load_settings() -> Config:
    return Config("http://config/app")


@functools.lru_cache(maxsize=64)
def load_profile(name: str) -> Config:
    return Config(f"http://config/profiles/{name}")


def ping_a(n: int) -> None:
    if n:
        ping_b(n - 1)


def ping_b(n: int) -> None:
    if n > 10:
        time.sleep(1)
    ping_a(n)


def even(n: int) -> bool:
    return n == 0 or odd(n - 1)


def odd(n: int) -> bool:
    return n != 0 and even(n - 1)


def file_chunks(path: str):
    with open(path, "rb") as f:
        yield from f


def celery_task(fn):
    return fn


@celery_task
def enqueue(order_id: int) -> None:
    subprocess.run(["enqueue", str(order_id)])


async def fetch_async(url: str) -> str:
    return requests.get(url).text


@app.get("/reports/{order_id}")
async def get_report(order_id: int):
    # expect: FPL108
    return {"path": build_report(order_id)}


@app.get("/alias/{order_id}")
async def via_alias(order_id: int):
    # expect: FPL108
    return render(order_id)


@app.get("/geo/{ip}")
async def geo(ip: str):
    client = GeoClient()
    # expect: FPL108
    region = client.lookup(ip)
    # expect: FPL108
    GeoClient.ping()
    return region


@app.get("/config")
async def config(name: str):
    # expect: FPL108
    cfg = Config("http://config/app")
    # expect: FPL108
    profile = load_profile(name)
    # ok: FPL108
    page = Template("templates/config.html")
    # ok: FPL108
    return cfg.raw, profile, page.raw, load_settings()


@app.get("/cycle")
async def cycle():
    # expect: FPL108
    ping_a(3)


class Service:
    def __init__(self):
        self.geo = GeoClient()

    async def region(self, ip: str) -> str:
        # expect: FPL108
        return self.geo.lookup(ip).upper()


def each_page(fetch):
    return [fetch(n) for n in range(3)]


def keep(fetch):
    return {"fetch": fetch}


@app.get("/pages")
async def pages():
    client = GeoClient()
    # expect: FPL108
    a = each_page(lambda n: client.lookup(str(n)))
    # ok: FPL108
    b = keep(lambda n: client.lookup(str(n)))
    # ok: FPL108
    c = each_page(lambda n: str(n))
    return a, b, c


# ---- negatives ----


@app.get("/offloaded/{order_id}")
async def offloaded(order_id: int):
    # ok: FPL108
    a = await asyncio.to_thread(build_report, order_id)
    # ok: FPL108
    b = await run_in_threadpool(render_pdf, order_id)
    loop = asyncio.get_running_loop()
    # ok: FPL108
    c = await loop.run_in_executor(None, functools.partial(build_report, order_id))
    # ok: FPL108
    d = await asyncio.to_thread(lambda: build_report(order_id))
    return a, b, c, d


@app.get("/sync/{order_id}")
def sync_route(order_id: int):
    # ok: FPL108
    return build_report(order_id)


@app.get("/download")
async def download(path: str):
    # ok: FPL108
    return StreamingResponse(file_chunks(path))


@app.get("/async-helper")
async def async_helper(url: str):
    # ok: FPL108
    return await fetch_async(url)


@app.get("/pure")
async def pure(n: int):
    # ok: FPL108
    return even(n)


@app.post("/enqueue/{order_id}")
async def unknown_decorator(order_id: int):
    # ok: FPL108
    enqueue(order_id)


async def shadowed(build_report):
    # ok: FPL108
    return build_report(1)


async def nested_sync_def(order_id: int):
    def job():
        # ok: FPL108
        return build_report(order_id)

    return await asyncio.to_thread(job)
