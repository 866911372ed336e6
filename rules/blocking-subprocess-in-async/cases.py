"""FPL105 fixtures: sync process APIs in async context."""
import asyncio
import os
import subprocess
import subprocess as sp
from subprocess import check_output as co

import anyio
from fastapi import APIRouter

router = APIRouter()


@router.post("/render/{order_id}")
async def render(order_id: int):
    # expect: FPL105
    subprocess.run(["wkhtmltopdf", str(order_id)], check=True)


@router.get("/disk")
async def disk():
    # expect: FPL105
    return co(["du", "-sh", "/srv"]).decode()


async def alias_and_popen():
    # ok: FPL105
    proc = sp.Popen(["sleep", "1"])
    # expect: FPL105
    out, _ = proc.communicate()
    # expect: FPL105
    proc.wait()
    return out


async def os_process_calls(pid: int):
    # expect: FPL105
    os.system("sync")
    # expect: FPL105
    status = os.waitpid(pid, 0)
    # expect: FPL105
    os.spawnv(os.P_WAIT, "/bin/true", ["true"])
    # expect: FPL105
    return status, os.popen("uptime").read()


async def getoutput():
    # expect: FPL105
    return subprocess.getoutput("hostname")


class Builder:
    async def build(self):
        # expect: FPL105
        subprocess.check_call(["make"])


async def popen_with():
    # expect: FPL105
    with subprocess.Popen(["ls"], stdout=subprocess.PIPE) as proc:
        return proc.stdout.read()


async def popen_communicate():
    # expect: FPL105
    return subprocess.Popen(["ls"], stdout=subprocess.PIPE).communicate()[0]


async def reap(proc: subprocess.Popen, other: subprocess.Popen):
    if other.poll() is not None:
        # expect: FPL105
        proc.wait()
    if proc.poll() is not None:
        # ok: FPL105
        proc.wait()
        return proc.returncode
    # expect: FPL105
    return proc.wait()


# ---- negatives ----


async def start_worker():
    # ok: FPL105
    return subprocess.Popen(["worker", "--serve"])


async def reap_after_loop(proc: subprocess.Popen):
    while proc.poll() is None:
        await asyncio.sleep(0.1)
    # ok: FPL105
    return proc.communicate()


async def reap_else(proc: subprocess.Popen):
    if proc.poll() is None:
        await asyncio.sleep(1)
    else:
        # ok: FPL105
        proc.wait()


async def async_subprocess():
    # ok: FPL105
    proc = await asyncio.create_subprocess_exec("ls", stdout=asyncio.subprocess.PIPE)
    # ok: FPL105
    out, _ = await proc.communicate()
    # ok: FPL105
    await proc.wait()
    # ok: FPL105
    result = await anyio.run_process(["ls"])
    return out, result


async def offloaded():
    # ok: FPL105
    return await asyncio.to_thread(subprocess.run, ["ls"], check=True)


def sync_helper():
    # ok: FPL105
    return subprocess.run(["ls"], capture_output=True)


async def shadowed(subprocess):
    # ok: FPL105
    return subprocess.run(["ls"])


async def nested_def():
    def job():
        # ok: FPL105
        return subprocess.run(["ls"])

    return await asyncio.to_thread(job)


async def constants_only():
    # ok: FPL105
    return subprocess.PIPE, os.getpid()
