"""FPL405 fixtures: Model(**json.loads(...)) and Model(**await request.json())."""
import json

import httpx
import requests
from fastapi import FastAPI, Request, WebSocket
from pydantic import BaseModel
from pydantic.v1 import BaseModel as V1Model
from sqlmodel import SQLModel
from starlette.requests import Request as StarletteRequest

app = FastAPI()


class Order(BaseModel):
    sku: str
    quantity: int


class Detailed(Order):
    note: str = ""


class WithInit(BaseModel):
    sku: str

    def __init__(self, **data):
        super().__init__(**data)


class Hero(SQLModel, table=True):
    id: int


class Legacy(V1Model):
    sku: str


class PlainClass:
    def __init__(self, **kw):
        self.kw = kw


@app.post("/orders")
async def create_order(request: Request):
    # expect: FPL405
    order = Order.model_validate_json(await request.body())
    # expect: FPL405
    again = Order.model_validate(await request.json())
    # expect: FPL405
    third = Order.model_validate((await (request.json())))
    return order, again, third


@app.post("/starlette")
async def starlette_request(request: StarletteRequest):
    # expect: FPL405
    return Detailed.model_validate((await request.json()))


def from_text(raw: str):
    # expect: FPL405
    a = Order.model_validate_json(raw)
    # expect: FPL405
    b = Order.model_validate_json(raw)
    # expect: FPL405
    c = Detailed.model_validate_json(raw)
    return a, b, c


@app.websocket("/ws")
async def socket(ws: WebSocket):
    # expect: FPL405
    return Order.model_validate(await ws.receive_json())


def from_response(resp: requests.Response):
    # expect: FPL405
    return Order.model_validate(resp.json())


def with_hooks(raw: str):
    # ok: FPL405
    return Order(**json.loads(raw, parse_float=str))


def mixed_arguments(raw: str):
    # ok: FPL405
    return Order(quantity=1, **json.loads(raw))


def custom_init(raw: str):
    # ok: FPL405
    return WithInit(**json.loads(raw))


def sqlmodel_table(raw: str):
    # ok: FPL405
    return Hero(**json.loads(raw))


def v1_model(raw: str):
    # ok: FPL405
    return Legacy(**json.loads(raw))


def not_a_model(raw: str):
    # ok: FPL405
    return PlainClass(**json.loads(raw))


def already_a_dict(data: dict):
    # ok: FPL405
    return Order(**data)


def unknown_json_method(client, raw):
    # ok: FPL405
    return Order(**client.json())


def modern(raw: str, request_data: dict):
    # ok: FPL405
    return Order.model_validate_json(raw), Order.model_validate(request_data)
