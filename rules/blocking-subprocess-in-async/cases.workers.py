"""FPL105 fixtures: wkhtmltopdf through pdfkit, and waits for worker processes."""
import asyncio
import multiprocessing

import pdfkit
from fastapi import FastAPI

app = FastAPI()
pool = multiprocessing.Pool(4)


def crunch(n: int) -> int:
    return n * n


@app.get("/invoice.pdf")
async def invoice_pdf(html: str):
    # expect: FPL105
    return pdfkit.from_string(html, False)


async def fetch_pdf(url: str):
    # expect: FPL105
    return pdfkit.from_url(url, False)


async def process_pool(items: list[int]):
    # expect: FPL105
    squares = pool.map(crunch, items)
    pending = pool.apply_async(crunch, (3,))
    # expect: FPL105
    return squares, pending.get(timeout=10)


async def child_process():
    proc = multiprocessing.Process(target=crunch, args=(2,))
    proc.start()
    # expect: FPL105
    proc.join()


# ---- negatives ----


def sync_route(html: str):
    # ok: FPL105
    return pdfkit.from_string(html, False)


async def offloaded(html: str):
    # ok: FPL105
    return await asyncio.to_thread(pdfkit.from_string, html, False)


async def only_a_name(p, result):
    # ok: FPL105
    p.join()
    # ok: FPL105
    result.get()


async def configuration_only():
    # ok: FPL105
    return pdfkit.configuration(wkhtmltopdf="/usr/bin/wkhtmltopdf")
