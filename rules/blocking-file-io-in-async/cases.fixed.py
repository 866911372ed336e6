"""FPL104 fixtures, default configuration: whole folder trees are reported; one file's content and stat-like calls count only when asked for (cases.file-io.py, cases.light-io.py)."""
import asyncio
import os
import shutil
from pathlib import Path

from fastapi import APIRouter, UploadFile

router = APIRouter()
DATA = Path("/srv/data")


@router.post("/sessions/{sid}/archive")
async def archive_session(sid: str):
    # expect: FPL104
    path = await asyncio.to_thread(shutil.make_archive, f"/tmp/{sid}", "zip", DATA / sid)
    return {"path": path}


@router.post("/sessions/{sid}/restore")
async def restore_session(sid: str, archive: str):
    # expect: FPL104
    await asyncio.to_thread(shutil.unpack_archive, archive, DATA / sid)
    return {"ok": True}


@router.post("/projects/{pid}/clone")
async def clone_project(pid: str, target: str):
    # expect: FPL104
    await asyncio.to_thread(shutil.copytree, DATA / pid, DATA / target)
    return {"ok": True}


@router.get("/projects/{pid}/size")
async def project_size(pid: str):
    total = 0
    # expect: FPL104
    for root, _dirs, files in os.walk(DATA / pid):
        total += len(files)
    return {"files": total}


@router.get("/projects/{pid}/sources")
async def project_sources(pid: str):
    # expect: FPL104
    return [p.name for p in (DATA / pid).rglob("*.py")]


async def confirm() -> bool:
    # expect: FPL104
    return await asyncio.to_thread(input, "continue? ") == "y"


# One file's content: its size decides the cost, and the code does not show it.
@router.get("/terms")
async def terms():
    # ok: FPL104
    return {"text": (DATA / "terms.txt").read_text()}


@router.post("/avatar")
async def avatar(file: UploadFile):
    # ok: FPL104
    with open(DATA / "avatar.png", "wb") as out:
        # ok: FPL104
        shutil.copyfileobj(file.file, out)
    return {"ok": True}


@router.delete("/cache")
async def clear_cache():
    # ok: FPL104
    shutil.rmtree(DATA / "cache")
    return {"ok": True}


# Stat-like calls: microseconds.
@router.get("/health")
async def health():
    # ok: FPL104
    return {"data": os.path.exists(DATA), "items": len(os.listdir(DATA))}


# Offloaded to a thread: not on the loop.
@router.post("/sessions/{sid}/archive2")
async def archive_offloaded(sid: str):
    import asyncio

    # ok: FPL104
    path = await asyncio.to_thread(shutil.make_archive, f"/tmp/{sid}", "zip", DATA / sid)
    return {"path": path}


# A sync route runs in the threadpool.
@router.post("/sessions/{sid}/archive3")
def archive_sync(sid: str):
    # ok: FPL104
    return {"path": shutil.make_archive(f"/tmp/{sid}", "zip", DATA / sid)}
