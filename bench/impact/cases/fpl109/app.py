import asyncio

from fastapi import FastAPI

app = FastAPI()


async def get_user(user_id: int) -> dict:
    await asyncio.sleep(0.02)  # stands for a 20 ms call to another service
    return {"id": user_id}


async def get_orders(user_id: int) -> list:
    await asyncio.sleep(0.02)  # another 20 ms call, independent of the first
    return [{"user": user_id, "order": 1}]


@app.get("/slow")
async def slow(user_id: int = 1):
    user = await get_user(user_id)
    orders = await get_orders(user_id)
    return {"user": user, "orders": orders}


@app.get("/fast")
async def fast():
    return {"ok": True}
