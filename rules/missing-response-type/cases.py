"""FPL203 with no version found (the latest FastAPI): JSON routes should declare their return type."""
from fastapi import APIRouter, FastAPI, Response, WebSocket
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, StreamingResponse
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel

app = FastAPI()
router = APIRouter()
templates = Jinja2Templates(directory="templates")


class Item(BaseModel):
    id: int
    name: str


class Other(BaseModel):
    id: int


class ItemPage(BaseModel):
    items: list[Item]
    total: int


# A single object, a few scalars, data of unknown shape: microseconds to serialise either way.
@app.get("/items/{item_id}")
# ok: FPL203
def get_item(item_id: int):
    return Item(id=item_id, name="widget")


@app.get("/validated/{item_id}")
# ok: FPL203
async def validated(item_id: int):
    row = await load(item_id)
    if row is None:
        return Item.model_validate({"id": 0, "name": "empty"})
    return Item.model_validate(row)


@router.post("/multi")
# ok: FPL203
async def multi(
    a: int,
    b: int,
):
    return Item(id=a + b, name="sum")


@app.get("/items")
# expect: FPL203
def list_items():
    return [Item(id=i, name=str(i)) for i in range(10)]


@app.get("/page")
# expect: FPL203
def page(rows: list):
    return {"items": rows, "total": len(rows)}


@app.get("/mixed/{kind}")
# ok: FPL203
def mixed(kind: str):
    if kind == "item":
        return Item(id=1, name="a")
    return Other(id=2)


@app.get("/json-class", response_class=JSONResponse)
# ok: FPL203
async def json_class():
    data = {"rows": await load_all(), "cursor": None}
    return data


@app.get("/json-model", response_class=JSONResponse)
# expect: FPL203
def json_model():
    return ItemPage(items=[Item(id=1, name="a")], total=1)


@app.get("/shadowed")
# ok: FPL203
def shadowed():
    Item = Other
    return Item(id=1)


@app.get("/declared")
# ok: FPL203
def declared() -> Item:
    return Item(id=1, name="a")


@app.get("/model", response_model=Item)
# ok: FPL203
def with_model():
    return {"id": 1, "name": "a", "internal": "filtered out"}


@app.get("/opt-out", response_model=None)
# ok: FPL203
def opt_out():
    return {"items": [1, 2, 3], "total": 3}


@app.get("/html", response_class=HTMLResponse)
# ok: FPL203
def html():
    return "<h1>" + render() + "</h1>"


@app.get("/redirect")
# ok: FPL203
def redirect(next_url: str = "/"):
    if not next_url:
        return {"items": []}
    return RedirectResponse(next_url)


@app.get("/raw")
# ok: FPL203
def raw(response: Response):
    response.headers["X-Cache"] = "miss"
    return response


@app.get("/stream")
# ok: FPL203
def stream():
    return StreamingResponse(iter([b"a", b"b"]), media_type="text/plain")


@app.get("/page.html")
# ok: FPL203
def page_html(request: Request):
    return templates.TemplateResponse(request, "page.html", {"items": [1, 2]})


@app.get("/health")
# ok: FPL203
def health():
    return {"status": "ok"}


@app.delete("/items/{item_id}", status_code=204)
# ok: FPL203
def delete_item(item_id: int):
    remove(item_id)


@app.websocket("/ws")
# ok: FPL203
async def ws(socket: WebSocket):
    await socket.accept()
    return {"items": [1]}


# ok: FPL203
def not_a_route():
    return Item(id=1, name="a")


@app.get("/service")
# ok: FPL203
def service_result():
    return load_everything()


@app.get("/status")
# A few flat entries: serialising them costs microseconds either way.
# ok: FPL203
async def small_status(item_id: int):
    return {"status": "ok", "count": len(str(item_id)), "ready": item_id > 0}


@app.get("/status/list")
# expect: FPL203
async def status_with_a_list(item_id: int):
    return {"status": "ok", "ids": [item_id, item_id + 1]}


# A model built with a collection: declaring it moves the whole page to the Rust serializer.
@app.get("/items/page")
# expect: FPL203
def items_page():
    rows = [Item(id=i, name=str(i)) for i in range(10)]
    return ItemPage(items=rows, total=len(rows))


@app.get("/items/{item_id}/related")
# expect: FPL203
async def related(item_id: int):
    if item_id < 0:
        return ItemPage(items=[], total=0)
    return ItemPage.model_validate({"items": await load_related(item_id), "total": 0})


# A name typed as a list.
@app.get("/ids")
# expect: FPL203
def ids(values: list[int]):
    return values


# A dict of scalars and unknown values only.
@app.get("/token")
# ok: FPL203
async def token(user: str):
    token = issue(user)
    return {"token": token, "name": user, "expires": token.expires}
