"""FPL404 fixtures: TypeAdapter built inside function bodies."""
import functools
from functools import cache, lru_cache
from typing import Any

import pydantic
from cachetools import TTLCache, cached
from fastapi import FastAPI, Request
from pydantic import BaseModel, TypeAdapter
from pydantic import TypeAdapter as TA

app = FastAPI()


class Item(BaseModel):
    name: str


# ok: FPL404
ITEMS = TypeAdapter(list[Item])


class Registry:
    # ok: FPL404
    ids = TypeAdapter(list[int])

    def __init__(self) -> None:
        # ok: FPL404
        self.adapter = TypeAdapter(dict[str, Item])

    @functools.cached_property
    def names(self):
        # ok: FPL404
        return TypeAdapter(list[str])

    def check(self, raw: bytes):
        # expect: FPL404
        return TypeAdapter(list[Item]).validate_json(raw)


@app.post("/bulk")
async def bulk(request: Request):
    # expect: FPL404
    adapter = TypeAdapter(list[Item])
    return adapter.validate_python(await request.json())


def aliased(data: Any):
    # expect: FPL404
    return TA(dict[str, int]).validate_python(data)


def module_attribute(data: Any):
    # A plain model class: the adapter reuses the class's compiled validator.
    # ok: FPL404
    return pydantic.TypeAdapter(Item).validate_python(data)


def in_comprehension(rows: list[Any]):
    # expect: FPL404
    return [TypeAdapter(Item | None).validate_python(r) for r in rows]


def in_lambda_default():
    # expect: FPL404
    parse = lambda raw: TypeAdapter(list[Item]).validate_json(raw)
    return parse


@lru_cache
def cached_adapter(tp):
    # ok: FPL404
    return TypeAdapter(tp)


@lru_cache(maxsize=None)
def cached_adapter_call(tp):
    # ok: FPL404
    return TypeAdapter(tp)


@cache
def cached_plain(tp):
    # ok: FPL404
    return TypeAdapter(tp)


@cached(TTLCache(maxsize=10, ttl=60))
def cachetools_adapter(tp):
    # ok: FPL404
    return TypeAdapter(tp)


@lru_cache
def factory(tp):
    def validate(raw):
        # expect: FPL404
        return TypeAdapter(tp).validate_python(raw)

    return validate


_adapter = None


def lazy():
    global _adapter
    if _adapter is None:
        # ok: FPL404
        _adapter = TypeAdapter(list[Item])
    return _adapter


def shadowed(data):
    TypeAdapter = dict
    # ok: FPL404
    return TypeAdapter(data)


def other_calls(data):
    # ok: FPL404
    return ITEMS.validate_python(data), Item.model_validate(data)


@app.post("/uses")
async def uses(request: Request):
    raw = await request.body()
    data = await request.json()
    return [Registry().check(raw), aliased(data), in_comprehension(data), in_lambda_default()(raw)]


# A client helper no route reaches (a generated SDK's parser, a worker's step): no request pays for it.
def sdk_parse(tp, data: Any):
    # ok: FPL404
    return TypeAdapter(tp).validate_python(data)


async def worker_step(payload: bytes):
    # ok: FPL404
    return TypeAdapter(list[Item]).validate_json(payload)
