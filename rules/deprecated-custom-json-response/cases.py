"""FPL202 with no version found (the latest FastAPI): ORJSONResponse and UJSONResponse are deprecated."""
from fastapi import APIRouter, FastAPI
from fastapi import responses
from fastapi.responses import JSONResponse, ORJSONResponse, UJSONResponse
from fastapi.responses import ORJSONResponse as Fast
from pydantic import BaseModel

from app.responses import ORJSONResponse as OwnORJSON

# expect: FPL202
app = FastAPI(title="x", default_response_class=ORJSONResponse)
# expect: FPL202
router = APIRouter(default_response_class=responses.UJSONResponse)
# ok: FPL202
plain = APIRouter(default_response_class=JSONResponse)
# expect: FPL202
app.include_router(plain, default_response_class=Fast)
# ok: FPL202
app.include_router(router, prefix="/r")


# expect: FPL202
@router.get("/a", response_class=ORJSONResponse)
def a():
    return {"a": 1}


@router.get(
    "/a2",
    # expect: FPL202
    response_class=ORJSONResponse,
    tags=["a"],
)
def a2():
    return {"a": 2}


@router.get("/b")
def b():
    # expect: FPL202
    return ORJSONResponse({"b": load()})


class Item(BaseModel):
    id: int


# expect: FPL202
@router.get("/item", response_class=ORJSONResponse)
def item():
    return Item(id=1)


# expect: FPL202
@router.get("/declared", response_class=ORJSONResponse)
def declared() -> dict[str, int]:
    return {"a": 1}


@router.get("/built")
def built():
    # expect: FPL202
    return ORJSONResponse(Item(id=2))


@router.get("/c")
def c():
    # expect: FPL202
    return Fast(content=[1, 2], status_code=201)


def helper(data):
    # expect: FPL202
    return UJSONResponse(data)


def g():
    return []


# expect: FPL202
router.add_api_route("/g", g, response_class=ORJSONResponse)


# ok: FPL202
@router.get("/d", response_class=JSONResponse)
def d() -> dict:
    return {}


@router.get("/e")
def e():
    ORJSONResponse = make_response_class()
    # ok: FPL202
    return ORJSONResponse({"e": 1})


# ok: FPL202
@router.get("/f", response_class=OwnORJSON)
def f():
    return {"f": 1}


@router.get("/h")
def h():
    # ok: FPL202
    return {"note": "ORJSONResponse is deprecated"}


@router.post("/sessions/{sid}/close")
async def close_session(sid: str):
    # ok: FPL202
    return ORJSONResponse(content={"message": "Session closed"}, status_code=200)


@router.get("/count")
def count():
    rows = load()
    # ok: FPL202
    return UJSONResponse({"ok": True, "count": len(rows)})


@router.get("/steps", response_model=list[Item])
def steps():
    # The dump leaves out the fields that are None; returned as is, the response model would
    # validate and write them all again: no fix.
    # expect: FPL202
    return ORJSONResponse([i.model_dump(exclude_none=True) for i in load()])


@router.get("/many")
def many():
    rows = load()
    # expect: FPL202
    return UJSONResponse({"ok": True, "rows": rows})
