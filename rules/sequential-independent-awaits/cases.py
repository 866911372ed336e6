"""FPL109 fixtures: independent awaits run one after the other."""
import asyncio
import os

import aiohttp
import httpx
from fastapi import Depends, FastAPI, Request, WebSocket
from sqlalchemy.ext.asyncio import AsyncSession

app = FastAPI()
client = httpx.AsyncClient()
USERS_URL = "http://users.internal"


users_api = httpx.AsyncClient(base_url="http://users.internal")
orders_api = httpx.AsyncClient(base_url="http://orders.internal")
_token = ""


async def get_user(user_id: int) -> dict:
    response = await users_api.get(f"/users/{user_id}")
    return response.json()


async def get_orders(user_id: int) -> list:
    response = await orders_api.get(f"/orders?user={user_id}")
    return response.json()


async def get_prefs(user_id: int) -> dict:
    return (await users_api.get(f"/prefs/{user_id}")).json()


async def get_invoices(user_id: int) -> list:
    # two calls deep: the read is in the helper's helper
    return await get_orders(user_id)


async def fetch_json(http: httpx.AsyncClient, path: str) -> dict:
    response = await http.get(path)
    return response.json()


class ServiceClient:
    def __init__(self, base_url: str):
        self.http = httpx.AsyncClient(base_url=base_url)

    async def status(self) -> dict:
        response = await self.http.get("/status")
        return response.json()


users_service = ServiceClient("http://users.internal")
orders_service = ServiceClient("http://orders.internal")


async def count_local(user_id: int) -> int:
    return user_id * 2


async def load_user(db: AsyncSession, user_id: int):
    return await db.get(dict, user_id)


async def load_orders(db: AsyncSession, user_id: int):
    return await db.execute("select * from orders")


async def refresh_token() -> str:
    global _token
    _token = (await users_api.get("/token")).text
    return _token


async def create_order(user_id: int) -> dict:
    response = await orders_api.post("/orders", json={"user": user_id})
    return response.json()


async def get_db():
    yield AsyncSession()


@app.get("/dashboard")
async def dashboard():
    async with httpx.AsyncClient() as http:
        # expect: FPL109
        users = await http.get("http://users.internal/count")
        orders = await http.get("http://orders.internal/count")
    return users.json(), orders.json()


@app.get("/profile/{user_id}")
async def profile(user_id: int):
    # expect: FPL109
    user = await get_user(user_id)
    orders = await get_orders(user_id)
    prefs = await get_prefs(user_id)
    return user, orders, prefs


@app.get("/module-client")
async def module_client():
    # expect: FPL109
    a = await client.get(USERS_URL + "/a")
    b = await client.get(USERS_URL + "/b")
    return a, b


async def aiohttp_calls():
    async with aiohttp.ClientSession() as session:
        # expect: FPL109
        first = await session.get("http://a")
        second = await session.get("http://b")
    return first, second


class Gateway:
    def __init__(self):
        self.http = httpx.AsyncClient()

    async def both(self):
        # expect: FPL109
        left = await self.http.get("http://left")
        right = await self.http.get("http://right")
        return left, right


async def two_runs(user_id: int):
    # expect: FPL109
    user = await get_user(user_id)
    prefs = await get_prefs(user_id)
    # expect: FPL109
    orders = await get_orders(user["id"])
    again = await get_prefs(7)
    return user, prefs, orders, again


async def with_comment(user_id: int):
    # expect: FPL109
    user = await get_user(user_id)
    # the orders service is slow
    orders = await get_orders(user_id)
    return user, orders


async def helper_two_deep(user_id: int):
    # expect: FPL109
    user = await get_user(user_id)
    invoices = await get_invoices(user_id)
    return user, invoices


async def helper_with_clients(user_id: int):
    # expect: FPL109
    user = await fetch_json(users_api, f"/users/{user_id}")
    orders = await fetch_json(orders_api, f"/orders?user={user_id}")
    return user, orders


async def workspace_instances():
    # expect: FPL109
    users = await users_service.status()
    orders = await orders_service.status()
    return users, orders


# ---- negatives ----


async def helper_only_computes(user_id: int):
    # ok: FPL109
    doubled = await count_local(user_id)
    orders = await get_orders(user_id)
    return doubled, orders


async def helpers_share_session(user_id: int, db: AsyncSession = Depends(get_db)):
    # ok: FPL109
    user = await load_user(db, user_id)
    orders = await load_orders(db, user_id)
    return user, orders


async def helper_uses_result(user_id: int):
    # ok: FPL109
    user = await get_user(user_id)
    orders = await get_orders(user["id"])
    return user, orders


async def helper_unknown(user_id: int, fetch):
    # ok: FPL109
    user = await fetch(user_id)
    orders = await get_orders(user_id)
    return user, orders


async def helper_shared_state(user_id: int):
    # ok: FPL109
    token = await refresh_token()
    user = await get_user(user_id)
    return token, user


async def helper_writes(user_id: int):
    # ok: FPL109
    order = await create_order(user_id)
    orders = await get_orders(user_id)
    return order, orders


async def same_instance():
    # ok: FPL109
    first = await users_service.status()
    second = await users_service.status()
    return first, second


async def dependent(user_id: int):
    # ok: FPL109
    user = await get_user(user_id)
    orders = await get_orders(user["id"])
    return orders


async def shared_session(db: AsyncSession = Depends(get_db)):
    # ok: FPL109
    a = await db.execute("select 1")
    b = await db.execute("select 2")
    return a, b


async def shared_session_argument(db: AsyncSession = Depends(get_db)):
    # ok: FPL109
    a = await load(db, 1)
    b = await load(db, 2)
    return a, b


async def unknown_receiver(session):
    # ok: FPL109
    a = await session.get("x")
    b = await session.get("y")
    return a, b


async def write_then_read():
    # ok: FPL109
    created = await client.post("http://items/", json={"name": "x"})
    listing = await client.get("http://items/")
    return created, listing


async def statements_for_effect():
    # ok: FPL109
    await client.post("http://audit/a")
    await client.post("http://audit/b")


async def request_body(request: Request):
    # ok: FPL109
    body = await request.body()
    form = await request.form()
    return body, form


async def websocket_reads(ws: WebSocket):
    # ok: FPL109
    first = await ws.receive_text()
    second = await ws.receive_text()
    return first, second


async def not_adjacent(user_id: int):
    # ok: FPL109
    user = await get_user(user_id)
    print(user)
    orders = await get_orders(user_id)
    return orders


async def workspace_object(repo: "Repo"):
    # ok: FPL109
    a = await repo.fetch(1)
    b = await repo.fetch(2)
    return a, b


async def single(user_id: int):
    # ok: FPL109
    user = await get_user(user_id)
    return user


async def reuses_target(user_id: int):
    # ok: FPL109
    user = await get_user(user_id)
    user = await get_user(user_id + 1)
    return user


async def threads(path: str):
    # ok: FPL109
    size = await asyncio.to_thread(os.path.getsize, path)
    names = await asyncio.to_thread(os.listdir, path)
    return size, names


async def load(db, n):
    return n


class Repo:
    async def fetch(self, n):
        return n
