"""FPL107 fixtures: async routes and dependencies that block and never await."""
import asyncio
import subprocess
import time

import httpx
import requests
from fastapi import APIRouter, Depends
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import Session, sessionmaker

router = APIRouter()
SessionLocal = sessionmaker()


def build_pdf(order_id: int) -> bytes:
    return subprocess.run(["render", str(order_id)], capture_output=True).stdout


# expect: FPL107
async def get_conn():
    db = SessionLocal()
    db.execute("select 1")
    yield db


@router.get("/rates")
# expect: FPL107
async def rates():
    return requests.get("https://rates.example.com/latest", timeout=5).json()


@router.get("/invoice/{order_id}")
# expect: FPL107
async def invoice(order_id: int):
    return {"size": len(build_pdf(order_id))}


@router.get("/items")
# expect: FPL107
async def items(db: Session = Depends(get_conn)):
    time.sleep(0.01)
    return db.query(Item).all()


@router.get("/referenced")
# expect: FPL107
async def referenced_elsewhere():
    return requests.get("https://example.com").text


@router.get("/decorated")
@cached(ttl=60)
# expect: FPL107
async def decorated():
    return requests.get("https://example.com").text


@router.post("/task")
# expect: FPL107
async def schedules_task():
    requests.post("https://audit.example.com", json={})
    asyncio.create_task(notify())


async def notify():
    await asyncio.sleep(0)


async def calls_the_route():
    return await referenced_elsewhere()


# ---- negatives ----


@router.get("/awaits")
# ok: FPL107
async def awaits_something():
    await asyncio.sleep(0)
    return requests.get("https://example.com").text


@router.get("/async-with")
# ok: FPL107
async def uses_async_with():
    async with httpx.AsyncClient() as client:
        r = client.get("https://example.com")
    return requests.get("https://example.com").text, r


@router.get("/async-for")
# ok: FPL107
async def uses_async_for(stream):
    async for chunk in stream:
        print(chunk)
    return requests.get("https://example.com").text


@router.get("/async-comprehension")
# ok: FPL107
async def async_comprehension(stream):
    chunks = [c async for c in stream]
    return chunks, requests.get("https://example.com").text


@router.get("/health")
# ok: FPL107
async def health():
    return {"status": "ok"}


# ok: FPL107
async def helper_not_route():
    return requests.get("https://example.com").text


@router.get("/sync")
# ok: FPL107
def sync_route():
    return requests.get("https://example.com").text


@router.get("/offloaded")
# ok: FPL107
async def offloaded(order_id: int):
    return await asyncio.to_thread(build_pdf, order_id)


def cached(ttl):
    return lambda f: f


class Item:
    pass


# FastAPI awaits a websocket endpoint: it must stay `async def`; the call is FPL102's.
@router.websocket("/ws/rates")
# ok: FPL107
async def rates_socket(socket):
    # expect: FPL102
    requests.get("https://rates.example.com/latest", timeout=5)


# The provider's real object beats the annotation: `get_async_db` yields an `AsyncSession`,
# so `db.execute(...)` returns a coroutine and blocks nothing (the route forgot to await it:
# a bug, but not one of blocking).
AsyncSessionLocal = async_sessionmaker()


async def get_async_db():
    async with AsyncSessionLocal() as session:
        yield session


@router.get("/async-annotated-sync")
# ok: FPL107
async def annotated_sync(db: Session = Depends(get_async_db)):
    return db.execute("select 1")
