import os

import httpx
from fastapi import FastAPI

UPSTREAM = os.environ["IMPACT_UPSTREAM"]
http = httpx.AsyncClient()  # one shared client, as the per-request client rule (FPL110) asks
app = FastAPI()


async def get_user(user_id: int) -> dict:
    r = await http.get(f"{UPSTREAM}/delay", params={"user": user_id})  # a 20 ms call to another service
    return {"id": user_id, "status": r.status_code}


async def get_orders(user_id: int) -> dict:
    r = await http.get(f"{UPSTREAM}/delay", params={"orders": user_id})  # another 20 ms call, independent of the first
    return {"user": user_id, "status": r.status_code}


@app.get("/slow")
async def slow(user_id: int = 1):
    user = await get_user(user_id)
    orders = await get_orders(user_id)
    return {"user": user, "orders": orders}


@app.get("/fast")
async def fast():
    return {"ok": True}
