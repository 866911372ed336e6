import os
from pathlib import Path

from fastapi import FastAPI

REPORT = Path(os.environ["IMPACT_DATA"], "report.csv")
if not REPORT.exists():
    REPORT.write_bytes(b"id,name,total\n" + b"".join(b"%d,customer %d,%d\n" % (i, i % 97, i * 7) for i in range(200_000)))
app = FastAPI()


@app.get("/slow")
async def slow():
    content = REPORT.read_bytes()  # a 5 MB file, from the page cache
    return {"bytes": len(content)}


@app.get("/fast")
async def fast():
    return {"ok": True}
