import os

import httpx
from fastapi import FastAPI

UPSTREAM = os.environ["IMPACT_UPSTREAM"]
http = httpx.Client()  # one shared client: the cost measured is the wait, not a client per call
app = FastAPI()


def load_profile(user_id: int) -> dict:
    r = http.get(f"{UPSTREAM}/delay", params={"user": user_id})  # 20 ms away
    return {"user": user_id, "status": r.status_code}


def build_page(user_id: int) -> dict:
    return {"profile": load_profile(user_id)}


@app.get("/slow")
async def slow(user_id: int = 1):
    return build_page(user_id)


@app.get("/fast")
async def fast():
    return {"ok": True}
