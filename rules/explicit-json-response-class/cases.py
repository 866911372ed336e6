# fixture-versions: fastapi=0.135.0
"""FPL206 on FastAPI 0.135: an explicit JSONResponse takes declared return types off the Rust serializer."""
import json
from typing import Any

from fastapi import APIRouter, FastAPI, Response, WebSocket
from fastapi import responses
from fastapi.responses import HTMLResponse, JSONResponse, ORJSONResponse, PlainTextResponse, StreamingResponse
from pydantic import BaseModel
from starlette.responses import JSONResponse as StarletteJSON


class Item(BaseModel):
    id: int


class PrettyJSON(JSONResponse):
    """A rendering of our own: off the fast path too, but a choice of output, not an oversight."""

    def render(self, content: Any) -> bytes:
        return json.dumps(content, indent=2).encode()


# expect: FPL206
app = FastAPI(title="shop", default_response_class=JSONResponse)
# expect: FPL206
router = APIRouter(prefix="/items", default_response_class=StarletteJSON)
reports = APIRouter()
# No route of this router has a response field.
# ok: FPL206
pages = APIRouter(default_response_class=JSONResponse)
# ok: FPL206
pretty = APIRouter(default_response_class=PrettyJSON)
# ok: FPL206
fast = APIRouter(default_response_class=ORJSONResponse)
html_pages = APIRouter(default_response_class=HTMLResponse)

# expect: FPL206
app.include_router(reports, default_response_class=responses.JSONResponse)
# ok: FPL206
app.include_router(pages, default_response_class=JSONResponse)
app.include_router(router)


@app.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/")
def list_items() -> list[Item]:
    return [Item(id=i) for i in range(100)]


@reports.get("/daily", response_model=list[Item])
def daily():
    return [Item(id=i) for i in range(10)]


@pages.get("/page", response_class=HTMLResponse)
def page() -> str:
    return "<p>hi</p>"


@pages.get("/raw")
def raw():
    return {"rows": [1, 2, 3]}


@pretty.get("/pretty")
def pretty_items() -> list[Item]:
    return [Item(id=1)]


# expect: FPL206
@app.get("/items/{item_id}", response_class=JSONResponse)
def get_item(item_id: int) -> Item:
    return Item(id=item_id)


@app.post(
    "/items",
    response_model=Item,
    # expect: FPL206
    response_class=JSONResponse,
    status_code=201,
)
async def create_item(item: Item):
    return item


# No response field: the route's data goes through jsonable_encoder either way (FPL203's concern).
# ok: FPL206
@app.get("/nofield", response_class=JSONResponse)
def nofield():
    return {"rows": [1, 2, 3]}


# ok: FPL206
@app.get("/none", response_model=None, response_class=JSONResponse)
def none_model() -> dict:
    return {"a": 1}


# A Response annotation gives no response field.
# ok: FPL206
@app.get("/direct", response_class=JSONResponse)
def direct() -> JSONResponse:
    return JSONResponse({"a": 1})


# ok: FPL206
@app.get("/html", response_class=HTMLResponse)
def html() -> str:
    return "<p>hi</p>"


# ok: FPL206
@app.get("/text", response_class=PlainTextResponse)
def text() -> str:
    return "hi"


# ok: FPL206
@app.get("/stream", response_class=StreamingResponse)
def stream() -> Response:
    return StreamingResponse(iter([b"a"]))


# ok: FPL206
@app.get("/pretty-item", response_class=PrettyJSON)
def pretty_item() -> Item:
    return Item(id=1)


# ok: FPL206
@app.get("/orjson", response_class=ORJSONResponse)
def orjson_item() -> Item:
    return Item(id=1)


@app.websocket("/ws")
async def ws(websocket: WebSocket) -> None:
    await websocket.accept()


# The router defaults to HTML: JSONResponse here opts out of it, and removing it would change the response.
# ok: FPL206
@html_pages.get("/plain", response_class=JSONResponse)
def plain_item() -> Item:
    return Item(id=1)
