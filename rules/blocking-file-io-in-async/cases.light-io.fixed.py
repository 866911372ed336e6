# fixture-config: report-light-io=true
"""FPL104 with report-light-io: stat-like calls are reported too; path helpers still never."""
import os
import os.path
import tempfile
from os.path import isfile as is_file
from pathlib import Path
import asyncio


async def os_calls(path: str):
    # expect: FPL104
    if await asyncio.to_thread(os.path.exists, path):
        # expect: FPL104
        await asyncio.to_thread(os.remove, path)
    # expect: FPL104
    names = await asyncio.to_thread(os.listdir, "/tmp")
    # expect: FPL104
    return names, await asyncio.to_thread(is_file, path)


async def make_room(path: str):
    # expect: FPL104
    await asyncio.to_thread(os.makedirs, path, exist_ok=True)
    # expect: FPL104
    await asyncio.to_thread(Path(path).mkdir, exist_ok=True)
    # expect: FPL104
    return await asyncio.to_thread(tempfile.mkdtemp), await asyncio.to_thread(Path(path).resolve)


async def in_generator_expression(paths):
    # expect: FPL104
    return sum(os.path.getsize(p) for p in paths)


async def no_disk():
    # ok: FPL104
    here = os.path.abspath(__file__)
    # ok: FPL104
    return here, os.path.expanduser("~"), Path.cwd()
