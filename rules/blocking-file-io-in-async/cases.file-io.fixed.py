# fixture-config: report-file-io=true
"""FPL104 with report-file-io: one file's content (open, read and write, copy, rmtree, glob of one folder) counts too."""
import asyncio
import glob
import io
import os
import os.path
import shutil
import tempfile
from os.path import isfile as is_file
from pathlib import Path
from pathlib import Path as P

import aiofiles
import anyio
from fastapi import FastAPI, UploadFile

app = FastAPI()
BASE = Path(__file__).parent
TEMPLATES = BASE / "templates"


@app.get("/motd")
async def motd():
    # expect: FPL104
    with await asyncio.to_thread(open, "/etc/motd") as f:
        # expect: FPL104
        return await asyncio.to_thread(f.read)


@app.get("/terms")
async def terms():
    # expect: FPL104
    return await asyncio.to_thread((TEMPLATES / "terms.txt").read_text)


async def path_alias(name: str):
    # expect: FPL104
    return await asyncio.to_thread(P("/srv", name).read_bytes)


async def write_report(data: bytes):
    out = BASE / "out" / "report.bin"
    # expect: FPL104
    await asyncio.to_thread(out.write_bytes, data)


async def os_calls(path: str):
    # Stat-like calls are light (microseconds): reported only with report-light-io (cases.light-io.py).
    # ok: FPL104
    if os.path.exists(path):
        # ok: FPL104
        os.remove(path)
    # ok: FPL104
    names = os.listdir("/tmp")
    # ok: FPL104
    return names, is_file(path)


async def abspath_of_this_file():
    # No disk at all: the process's own folder and environment.
    # ok: FPL104
    here = os.path.abspath(__file__)
    # ok: FPL104
    return here, os.path.expanduser("~"), Path.home()


async def shutil_and_glob(src: str, dst: str):
    # expect: FPL104
    await asyncio.to_thread(shutil.copy, src, dst)
    # expect: FPL104
    return await asyncio.to_thread(glob.glob, "/var/log/*.log")


async def io_open_and_file_object(handle: io.TextIOWrapper):
    # expect: FPL104
    await asyncio.to_thread(handle.write, "x")
    # expect: FPL104
    return io.open("x.txt").read()


async def ask():
    # expect: FPL104
    return await asyncio.to_thread(input, "name? ")


async def save_upload(upload: UploadFile):
    # ok: FPL104
    tmp = tempfile.NamedTemporaryFile(delete=False)
    # ok: FPL104
    tmp_dir = Path.cwd()
    # expect: FPL104
    await asyncio.to_thread(shutil.copyfileobj, upload.file, tmp)
    return tmp, tmp_dir


async def generator_argument(paths):
    # expect: FPL104
    return await asyncio.to_thread(open, (str(p) for p in paths))


async def in_generator_expression(paths):
    # expect: FPL104
    return sum(len(open(p).read()) for p in paths)


# ---- negatives ----


async def string_helpers(path: str):
    # ok: FPL104
    a = os.path.join("/srv", path)
    # ok: FPL104
    b = os.path.dirname(a) + os.path.basename(a)
    # ok: FPL104
    c = os.path.splitext(os.path.normpath(a))
    return a, b, c


async def pure_path_work(name: str):
    # ok: FPL104
    p = Path("/srv") / name
    # ok: FPL104
    return p.with_suffix(".txt").name, p.parent, p.suffix


async def in_memory():
    buf = io.BytesIO()
    # ok: FPL104
    buf.write(b"x")
    # ok: FPL104
    return io.StringIO("abc").read()


async def async_file_apis(name: str):
    # ok: FPL104
    text = await anyio.Path("/srv", name).read_text()
    # ok: FPL104
    async with aiofiles.open(name) as f:
        # ok: FPL104
        data = await f.read()
    # ok: FPL104
    async with await anyio.open_file(name) as g:
        # ok: FPL104
        more = await g.read()
    return text, data, more


async def upload_file(upload: UploadFile):
    # ok: FPL104
    return await upload.read()


def sync_route():
    # ok: FPL104
    return open("/etc/motd").read()


async def shadowed_open(open):
    # ok: FPL104
    return open("x")


async def offloaded(path: str):
    import asyncio

    # ok: FPL104
    return await asyncio.to_thread(Path(path).read_text)
