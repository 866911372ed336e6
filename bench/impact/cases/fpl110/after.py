import inspect
import os
from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI, Request

UPSTREAM = os.environ["IMPACT_UPSTREAM"]


@asynccontextmanager
async def lifespan(app: FastAPI):
    app.state.http = httpx.AsyncClient()
    yield
    await app.state.http.aclose()


async def start_client():
    app.state.http = httpx.AsyncClient()


async def close_client():
    await app.state.http.aclose()


# FastAPI < 0.93 has no lifespan parameter: the same client from startup/shutdown handlers.
if "lifespan" in inspect.signature(FastAPI.__init__).parameters:
    app = FastAPI(lifespan=lifespan)
else:
    app = FastAPI(on_startup=[start_client], on_shutdown=[close_client])


@app.get("/slow")
async def slow(request: Request):
    r = await request.app.state.http.get(f"{UPSTREAM}/ok")
    return {"status": r.status_code}


@app.get("/fast")
async def fast():
    return {"ok": True}
