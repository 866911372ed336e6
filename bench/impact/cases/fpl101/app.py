import time

from fastapi import FastAPI

app = FastAPI()


@app.get("/slow")
async def slow():
    time.sleep(0.02)  # 20 ms, e.g. a retry back-off
    return {"ok": True}


@app.get("/fast")
async def fast():
    return {"ok": True}
