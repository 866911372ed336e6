# fixture-versions: pydantic=2.11.7, fastapi=0.136.1
"""FPL401 fixtures: Pydantic 1 methods on Pydantic 2 models."""
import json
from typing import Annotated, Optional

import httpx
import pydantic
import requests
from fastapi import Depends, FastAPI
from pydantic import BaseModel as Model
from pydantic.v1 import BaseModel as V1Model
from sqlalchemy.orm import DeclarativeBase
from sqlmodel import SQLModel

app = FastAPI()


class Item(Model):
    name: str
    price: float


class DetailedItem(Item):
    description: Optional[str] = None


class Hero(SQLModel, table=True):
    id: int
    name: str


class Legacy(V1Model):
    name: str


class Base(DeclarativeBase):
    pass


class Row(Base):
    __tablename__ = "rows"

    def dict(self) -> dict:
        return {"id": 1}


class WithOwnJson(pydantic.BaseModel):
    name: str

    def json(self) -> str:
        return self.name


class ShadowingField(Model):
    copy: str = "x"


class Envelope(Model):
    item: Item


@app.post("/items")
async def create_item(item: Item):
    # expect: FPL401
    data = item.dict()
    # expect: FPL401
    raw = item.json(exclude_none=True)
    return {"data": data, "raw": raw}


@app.post("/items/detailed")
def create_detailed(item: Annotated[DetailedItem, Depends()]):
    # expect: FPL401
    return item.dict(exclude={"price"})


def from_payload(payload: dict, text: str):
    # expect: FPL401
    item = Item.parse_obj(payload)
    # expect: FPL401
    other = Item.parse_raw(text)
    # expect: FPL401
    schema = DetailedItem.schema()
    return item, other, schema


def constructed():
    item = Item(name="a", price=1.0)
    # expect: FPL401
    clone = item.copy(update={"price": 2.0})
    # expect: FPL401
    fast = Item.construct(name="b", price=2.0)
    # expect: FPL401
    Envelope.update_forward_refs()
    return clone, fast


def sqlmodel_rows(hero: Hero):
    # expect: FPL401
    return hero.dict()


def annotated_local(data: dict):
    item: Item = load(data)
    # expect: FPL401
    return item.dict(by_alias=True)


class Service:
    def __init__(self) -> None:
        self.current = Item(name="x", price=0)

    def dump(self):
        # expect: FPL401
        return self.current.dict()


def arguments_without_equivalent(item: Item, text: str):
    # expect: FPL401
    a = item.copy(include={"name"})
    # expect: FPL401
    b = item.json(indent=2)
    # expect: FPL401
    c = Item.parse_raw(text, content_type="application/json")
    return a, b, c


def chained(item: Item):
    # expect: FPL401
    return Item(name=item.name, price=1).dict()


async def http_response_json(client: httpx.AsyncClient):
    resp = requests.get("https://example.com")
    # ok: FPL401
    body = resp.json()
    r: httpx.Response = await client.get("/x")
    # ok: FPL401
    return body, r.json()


def orm_object_with_own_dict(row: Row):
    # ok: FPL401
    return row.dict()


def model_overrides_method(m: WithOwnJson):
    # ok: FPL401
    return m.json()


def field_shadows_method(m: ShadowingField):
    # ok: FPL401
    return m.copy()


def pydantic_v1_model(legacy: Legacy):
    # ok: FPL401
    return legacy.dict()


def plain_dict_and_list(d: dict, items: list[Item]):
    # ok: FPL401
    d.copy()
    # ok: FPL401
    items.copy()
    # ok: FPL401
    json.dumps(d)


def unknown_receiver(thing):
    # ok: FPL401
    return thing.dict()


def shadowed_model_name():
    Item = make_row()
    # ok: FPL401
    return Item.parse_obj({})


def v2_methods(item: Item):
    # ok: FPL401
    return item.model_dump(), item.model_dump_json(), Item.model_validate({})


def load(data):
    return data


def make_row():
    return Row()


class Custom(Model):
    name: str

    @classmethod
    def parse_obj(cls, data):
        return [cls(name=n) for n in data]


def built_by_classmethods(data: dict, raw: str, row: Row):
    # expect: FPL401
    one = Item.model_validate(data).dict()
    # expect: FPL401
    parsed = Item.parse_raw(raw)
    # expect: FPL401
    two = parsed.json()
    # expect: FPL401
    three = Item.from_orm(row)
    # ok: FPL401
    many = Custom.parse_obj(data)
    # ok: FPL401
    four = many.dict()
    return one, two, three, four
