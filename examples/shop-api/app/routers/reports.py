"""Reports and account routes."""
import asyncio
import subprocess
from pathlib import Path

import httpx
import requests
from fastapi import APIRouter, Depends, Request, Response
from sqlalchemy import create_engine

from ..services import lookup_region
from ..services.passwords import pwd_context
from ..services.pdf import build_report
from ..settings import Settings, get_settings

router = APIRouter(prefix="/reports", tags=["reports"])


def current_tenant(x_tenant: str = "default") -> str:
    # FPL112 (enabled in this project): a trivial sync dependency costs a threadpool hop.
    return x_tenant.lower()


# FPL108: build_report blocks through render_invoice -> subprocess.run; FPL102: a sync
# webhook call. The route awaits too, so each blocking call is its own finding.
@router.get("/invoice/{order_id}")
async def invoice(order_id: int, request: Request, settings: Settings = Depends(get_settings)):
    if await request.is_disconnected():
        return {"path": None}
    path = build_report(order_id, settings.report_dir)
    requests.post(settings.webhook_url, json={"order": order_id}, timeout=5)
    return {"path": str(path)}


# FPL105 (subprocess) and FPL104 (sync file read) in an async route.
@router.get("/disk")
async def disk_usage(request: Request, tenant: str = Depends(current_tenant)):
    if await request.is_disconnected():
        return {}
    out = subprocess.check_output(["du", "-sh", f"/srv/{tenant}"])
    motd = open("/etc/motd").read()
    return {"usage": out.decode(), "motd": motd}


# FPL107: an async route that blocks and never awaits: one finding, with the sync HTTP
# call and the blocking helper as related locations.
@router.get("/region")
async def region(ip: str):
    resp = requests.get("http://geo.internal/ip/" + ip, timeout=2)
    return {"region": resp.json()["region"], "cached": lookup_region(ip)}


# FPL106: bcrypt hashing is CPU-bound and stalls the loop.
@router.post("/password")
async def set_password(raw: str):
    hashed = pwd_context.hash(raw)
    await asyncio.sleep(0)
    return {"hash": hashed}


# FPL109: the two calls do not depend on each other. FPL110: a client per request.
@router.get("/dashboard")
async def dashboard():
    async with httpx.AsyncClient() as client:
        users = await client.get("http://users.internal/count")
        orders = await client.get("http://orders.internal/count")
    return {"users": users.json(), "orders": orders.json()}


# FPL111: asyncio.run inside a running loop.
@router.post("/rebuild")
async def rebuild():
    asyncio.run(asyncio.sleep(0))
    return {"ok": True}


# FPL306: a new engine (and pool) per request.
@router.get("/audit")
def audit(settings: Settings = Depends(get_settings)):
    engine = create_engine(settings.database_url)
    with engine.connect() as conn:
        return {"ok": conn is not None}


# FPL205: the whole file is read into memory.
@router.get("/download/{name}")
def download(name: str, settings: Settings = Depends(get_settings)):
    data = (Path(settings.report_dir) / name).read_bytes()
    return Response(data, media_type="application/pdf")
