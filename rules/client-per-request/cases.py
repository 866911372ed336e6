"""FPL110 fixtures: HTTP clients created per request."""
from contextlib import asynccontextmanager
from functools import lru_cache

import aiohttp
import httpx
import requests
from fastapi import Depends, FastAPI

# ok: FPL110
shared = httpx.AsyncClient()


@asynccontextmanager
async def lifespan(app: FastAPI):
    # ok: FPL110
    async with httpx.AsyncClient() as client:
        app.state.http = client
        yield


app = FastAPI(lifespan=lifespan)


@app.on_event("startup")
async def startup():
    # ok: FPL110
    app.state.session = aiohttp.ClientSession()


@lru_cache
def cached_client() -> httpx.Client:
    # ok: FPL110
    return httpx.Client(base_url="http://inventory.internal")


def inventory_client(base_url: str) -> httpx.AsyncClient:
    # expect: FPL110
    return httpx.AsyncClient(base_url=base_url, timeout=5)


async def get_http():
    # expect: FPL110
    async with httpx.AsyncClient() as client:
        yield client


def sync_session_factory() -> requests.Session:
    # expect: FPL110
    return requests.Session()


def get_legacy(session=Depends(sync_session_factory)):
    return session


class PaymentsGateway:
    def __init__(self):
        # expect: FPL110
        self.http = httpx.Client(base_url="http://payments.internal")


def unused_helper():
    # ok: FPL110
    return httpx.Client()


@app.get("/users/{user_id}")
async def get_user(user_id: int):
    # expect: FPL110
    async with httpx.AsyncClient() as client:
        return (await client.get(f"http://users.internal/{user_id}")).json()


@app.get("/legacy")
def legacy():
    # expect: FPL110
    with requests.Session() as s:
        return s.get("http://legacy.internal").json()


@app.get("/stock/{item_id}")
async def stock(item_id: int, http: httpx.AsyncClient = Depends(get_http)):
    async with inventory_client("http://inventory.internal") as inv:
        return (await inv.get(f"/items/{item_id}")).json()


@app.post("/pay")
def pay(legacy_session=Depends(get_legacy)):
    gateway = PaymentsGateway()
    return gateway.http.post("/charge").json()


@app.get("/cached")
def cached():
    return cached_client().get("/ping").json()


@app.get("/shared")
async def uses_shared():
    # ok: FPL110
    return (await shared.get("http://example.com")).json()


class PinnedTransport(httpx.AsyncHTTPTransport):
    def __init__(self, ips: tuple[str, ...]):
        super().__init__()
        self.ips = ips


def pinned_client(resolved_ips: tuple[str, ...]) -> httpx.AsyncClient:
    # ok: FPL110
    return httpx.AsyncClient(transport=PinnedTransport(resolved_ips), timeout=5)


async def fetch_profile(token: str, client: httpx.AsyncClient | None = None) -> dict:
    if client is not None:
        return (await client.get("https://profiles.internal/me")).json()
    # ok: FPL110
    async with httpx.AsyncClient() as own:
        return (await own.get("https://profiles.internal/me")).json()


_VIEWS: dict[str, dict] = {}
_publishable_key = None


async def collection_view(name: str) -> dict:
    if name in _VIEWS:
        return _VIEWS[name]
    # ok: FPL110
    async with httpx.AsyncClient() as client:
        data = (await client.get(f"https://views.internal/{name}")).json()
    _VIEWS[name] = data
    return data


async def publishable_key() -> str:
    global _publishable_key
    if _publishable_key is None:
        # ok: FPL110
        async with httpx.AsyncClient() as client:
            _publishable_key = (await client.get("https://keys.internal/pk")).text
    return _publishable_key


class SupportDesk:
    def __init__(self, enabled: bool):
        self.enabled = enabled

    async def ticket(self, ticket_id: int) -> dict:
        # expect: FPL110
        async with httpx.AsyncClient(transport=None if self.enabled else httpx.MockTransport(lambda r: httpx.Response(200))) as client:
            return (await client.get(f"https://desk.internal/tickets/{ticket_id}")).json()


async def read_page(url: str) -> str:
    # expect: FPL110
    async with aiohttp.ClientSession() as session:
        async with session.get(url) as response:
            return await response.text()


@app.get("/research")
async def research(urls: list[str]):
    async with pinned_client(("10.0.0.1",)) as client:
        await client.get("https://search.internal")
    pages = [await read_page(u) for u in urls]
    return {
        "pages": pages,
        "profile": await fetch_profile("t"),
        "view": await collection_view("all"),
        "key": await publishable_key(),
        "ticket": await SupportDesk(True).ticket(1),
    }


@app.get("/plain")
def plain():
    # ok: FPL110
    return requests.get("http://example.com").json()
