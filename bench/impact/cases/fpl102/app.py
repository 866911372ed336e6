import os

import httpx
from fastapi import FastAPI

UPSTREAM = os.environ["IMPACT_UPSTREAM"]
http = httpx.Client()  # one shared client: the cost measured is the wait, not a client per call
app = FastAPI()


@app.get("/slow")
async def slow():
    r = http.get(f"{UPSTREAM}/delay")  # an API that answers in 20 ms
    return {"status": r.status_code}


@app.get("/fast")
async def fast():
    return {"ok": True}
