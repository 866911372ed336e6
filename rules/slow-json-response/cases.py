# fixture-versions: fastapi=0.115.12, orjson=3.10.15
"""FPL201 on FastAPI 0.115 with orjson installed: JSONResponse is the slow path."""
from fastapi import APIRouter, FastAPI, Request, status
from fastapi.responses import JSONResponse, ORJSONResponse
from fastapi.responses import JSONResponse as JR
from starlette.responses import JSONResponse as StarletteJSON

# expect: FPL201
app = FastAPI(title="shop")
# ok: FPL201
fast_app = FastAPI(default_response_class=ORJSONResponse)
# expect: FPL201
router = APIRouter(default_response_class=JSONResponse)
# ok: FPL201
plain_router = APIRouter(prefix="/plain")
# expect: FPL201
admin = FastAPI(
    title="admin",
    docs_url=None,
)


def settings():
    return {}


# ok: FPL201
configured = FastAPI(**settings())


@app.get("/rows")
def rows():
    data = [{"id": i} for i in range(1000)]
    # expect: FPL201
    return JSONResponse(data)


@app.get("/aliased")
async def aliased(q: str):
    # expect: FPL201
    return JR(content={"query": q, "items": [row.name for row in load(q)]})


@app.get("/unknown")
async def unknown_shape(q: str):
    # Data whose shape is not known here (it may be one small object): left alone.
    # ok: FPL201
    return JSONResponse(content=load(q))


@router.get("/starlette")
async def from_starlette():
    # expect: FPL201
    return StarletteJSON({"items": [1, 2, 3], "total": 3, "page": 1, "pages": 1, "extra": None})


# expect: FPL201
@app.get("/declared", response_class=JSONResponse)
def declared():
    return {"items": load("x")}


@app.get("/health")
def health():
    # ok: FPL201
    return JSONResponse({"status": "ok"})


@app.get("/missing/{item_id}")
def missing(item_id: int):
    if item_id < 0:
        # ok: FPL201
        return JSONResponse(status_code=404, content={"items": load("x")})
    try:
        return load(item_id)
    except KeyError as exc:
        # ok: FPL201
        return JSONResponse({"detail": str(exc), "item": item_id, "trace": load("x")})


@app.get("/forbidden")
def forbidden():
    # ok: FPL201
    return JSONResponse({"reason": load("x")}, status_code=status.HTTP_403_FORBIDDEN)


@app.get("/fast")
def fast():
    # ok: FPL201
    return ORJSONResponse({"items": load("x")})


@app.exception_handler(ValueError)
async def on_value_error(request: Request, exc: ValueError):
    # ok: FPL201
    return JSONResponse(status_code=200, content={"errors": exc.args, "path": request.url.path})


@app.middleware("http")
async def catch_all(request: Request, call_next):
    try:
        return await call_next(request)
    except Exception:
        # ok: FPL201
        return JSONResponse({"detail": "internal error"}, status_code=500)


def helper_not_a_route(rows):
    # ok: FPL201
    return JSONResponse(rows)


class CompactJSON(JSONResponse):
    pass


@app.get("/custom")
def custom():
    # ok: FPL201
    return CompactJSON({"items": load("x")})


@app.get("/message")
def message():
    payload = {"message": "created", "id": 3}
    # ok: FPL201
    return JSONResponse(payload)


@app.get("/shadow")
def shadow():
    JSONResponse = make_response_class()
    # ok: FPL201
    return JSONResponse({"items": load("x")})


# ok: FPL201
@app.get("/page", response_class=ORJSONResponse)
def page():
    return {"items": load("x")}
