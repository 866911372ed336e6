import os

import httpx
from fastapi import FastAPI

UPSTREAM = os.environ["IMPACT_UPSTREAM"]
app = FastAPI()


@app.get("/slow")
async def slow():
    async with httpx.AsyncClient() as client:
        r = await client.get(f"{UPSTREAM}/ok")
    return {"status": r.status_code}


@app.get("/fast")
async def fast():
    return {"ok": True}
