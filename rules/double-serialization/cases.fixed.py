"""FPL204 with no version found (the latest FastAPI and Pydantic)."""
import json

import orjson
from fastapi import FastAPI, Request, Response
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlmodel import SQLModel

app = FastAPI()


class Item(BaseModel):
    id: int
    name: str


class Hero(SQLModel):
    id: int


class Row:
    """Not a Pydantic model: its dict() is its own."""

    def dict(self):
        return {}


class Encoder(json.JSONEncoder):
    pass


def publish(item: Item) -> str:
    # expect: FPL204
    return item.model_dump_json()


def legacy_method(item: Item) -> str:
    # expect: FPL204
    return item.model_dump_json()


def with_options(item: Item) -> str:
    # expect: FPL204
    return item.model_dump_json(exclude_none=True, indent=2)


def aliased(hero: Hero) -> str:
    # expect: FPL204
    return hero.model_dump_json(by_alias=True)


def keeps_ascii(item: Item) -> str:
    # expect: FPL204
    return json.dumps(item.model_dump(), ensure_ascii=False)


@app.get("/items/{item_id}")
def get_item(item_id: int) -> Item:
    item = Item(id=item_id, name="a")
    # expect: FPL204
    return item


@app.post("/items", status_code=201)
def create_item(item: Item):
    data = jsonable_encoder(item)
    # expect: FPL204
    return JSONResponse(content=data, status_code=201)


def custom_default(item: Item) -> str:
    # ok: FPL204
    return json.dumps(item.model_dump(), default=str)


def sorted_keys(item: Item) -> str:
    # ok: FPL204
    return json.dumps(item.model_dump(), sort_keys=True)


def custom_encoder(item: Item) -> str:
    # ok: FPL204
    return json.dumps(item.model_dump(), cls=Encoder)


def orm_row(row: Row) -> str:
    # ok: FPL204
    return json.dumps(row.dict())


def plain(data: dict) -> str:
    # ok: FPL204
    return json.dumps(data)


def wrapped(item: Item) -> str:
    # ok: FPL204
    return json.dumps({"item": item.model_dump(), "v": 2})


def fast(item: Item) -> bytes:
    # ok: FPL204
    return orjson.dumps(item.model_dump())


def splat(item: Item, **options) -> str:
    # ok: FPL204
    return json.dumps(item.model_dump(), **options)


@app.get("/rows")
def rows(request: Request):
    data = load_rows()
    # ok: FPL204
    return JSONResponse(jsonable_encoder(data))


@app.exception_handler(ValueError)
async def on_error(request: Request, exc: ValueError):
    # ok: FPL204
    return JSONResponse(jsonable_encoder(Item(id=0, name=str(exc))), status_code=400)


def shadowed(item: Item) -> str:
    json = make_codec()
    # ok: FPL204
    return json.dumps(item.model_dump())


def find_item(item_id: int) -> Item:
    return Item(id=item_id, name="x")


@app.get("/raw/{item_id}")
def raw_item(item_id: int):
    item = find_item(item_id)
    # expect: FPL204
    return Response(content=item.model_dump_json(), media_type="application/json")


@app.post("/echo")
def echo(raw: str):
    # expect: FPL204
    return Response(Item.model_validate_json(raw).model_dump_json())
