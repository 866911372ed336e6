"""FPL201 with no version found (the latest FastAPI): only a route wrapping its data in JSONResponse."""
from fastapi import BackgroundTasks, FastAPI
from fastapi.responses import JSONResponse

# ok: FPL201
app = FastAPI()
# ok: FPL201
legacy = FastAPI(default_response_class=JSONResponse)


@app.get("/rows")
def rows():
    data = [{"id": i} for i in range(1000)]
    # expect: FPL201
    return JSONResponse(content=data)


@app.post("/items")
async def create(payload: dict):
    # expect: FPL201
    return JSONResponse({"item": payload, "status": "created"}, status_code=201)


# ok: FPL201
@app.get("/declared", response_class=JSONResponse)
def declared() -> dict:
    return {"items": []}


@app.get("/health")
def health():
    # ok: FPL201
    return JSONResponse({"status": "ok", "version": "1.2.3"})


@app.get("/gone")
def gone():
    # ok: FPL201
    return JSONResponse({"items": []}, status_code=410)


@app.post("/orders")
async def create_order(payload: dict, tasks: BackgroundTasks):
    tasks.add_task(print, payload)
    if not payload:
        # A status per branch: the route needs the response object.
        # ok: FPL201
        return JSONResponse({"errors": list(payload), "count": len(payload)}, status_code=422)
    # ok: FPL201
    return JSONResponse({"order": payload, "lines": [1, 2]}, status_code=201)


@app.get("/session")
async def with_cookie(payload: dict):
    # ok: FPL201
    resp = JSONResponse({"user": payload, "roles": ["a", "b"]})
    resp.set_cookie("sid", "x")
    return resp


@app.get("/small")
async def small_status(item_id: int):
    # A few scalar entries: the serializer barely matters.
    # ok: FPL201
    return JSONResponse({"ok": item_id > 0, "count": len(str(item_id))})
