"""FPL201 with no version found (the latest FastAPI): only a route wrapping its data in JSONResponse."""
from fastapi import BackgroundTasks, FastAPI, Response
from fastapi.responses import JSONResponse, StreamingResponse
from pydantic import BaseModel


class WireModel(BaseModel):
    def to_wire(self) -> dict:
        return self.model_dump(mode="json", exclude_unset=True)


class Completion(WireModel):
    choices: list[dict] = []


class Authorize(BaseModel):
    url: str

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
async def create(payload: list[dict]):
    # expect: FPL201
    return JSONResponse({"items": payload, "status": "created"}, status_code=201)


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


# Data Pydantic already serialized, with the options the app chose (exclude_unset): only the JSON text is left.
@app.post("/v1/completions")
async def completions(payload: dict) -> Response:
    # ok: FPL201
    return JSONResponse(content=Completion(choices=[payload]).to_wire())


@app.get("/dumped")
async def dumped(url: str):
    # ok: FPL201
    return JSONResponse(Authorize(url=url).model_dump())


# A route that streams on another path cannot declare its data's type.
@app.post("/v1/messages")
async def messages(payload: dict) -> Response:
    result = await run_model(payload)
    if isinstance(result, StreamingResponse):
        return result
    # ok: FPL201
    return JSONResponse(content={"content": result["content"], "usage": result["usage"]})


# The response is handed to a helper that sets cookies on it.
@app.get("/login")
async def login(state: str):
    # ok: FPL201
    response = JSONResponse(content={"authorize": build_url(state), "scopes": ["openid", "email"]})
    set_state_cookie(response, state)
    return response


# A list of dumps is still plain data for the standard json module.
@app.get("/dumps")
async def dumps(rows: list[dict]):
    # expect: FPL201
    return JSONResponse([Authorize(**r).model_dump() for r in rows])


# Returning the name only: nothing but the data.
@app.get("/named")
async def named(q: str):
    # expect: FPL201
    response = JSONResponse({"query": q, "items": [hit.id for hit in search(q)]})
    return response


# One integer: microseconds either way.
@app.post("/count")
async def count_tokens(payload: dict):
    tokens = count(payload)
    # ok: FPL201
    return JSONResponse(content={"input_tokens": tokens})


# A helper every route wraps its data with: one finding, at the helper.
def ok_response(data):
    # expect: FPL201
    return JSONResponse(content={"success": True, "data": data})


def error_response(message: str):
    # ok: FPL201
    return JSONResponse({"success": False, "error": message}, status_code=400)


# No route calls it.
def unused_wrapper(data):
    # ok: FPL201
    return JSONResponse(data)


def with_headers(data):
    # ok: FPL201
    return JSONResponse(data, headers={"Cache-Control": "no-store"})


@app.get("/wrapped")
def wrapped():
    if not ready():
        return error_response("not ready")
    return ok_response([hit.id for hit in search("x")])


@app.get("/wrapped-too")
def wrapped_too():
    return ok_response({"rows": list(range(10))})


@app.get("/cached")
def cached():
    return with_headers([1, 2, 3])
