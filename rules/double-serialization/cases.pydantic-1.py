# fixture-versions: fastapi=0.99.1, pydantic=1.10.13
"""FPL204 on Pydantic 1: .json() is json.dumps(.dict()) anyway, so nothing is flagged."""
import json

from fastapi import FastAPI
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse
from pydantic import BaseModel

app = FastAPI()


class Item(BaseModel):
    id: int


def publish(item: Item) -> str:
    # ok: FPL204
    return json.dumps(item.dict())


@app.get("/items/{item_id}")
def get_item(item_id: int):
    # ok: FPL204
    return JSONResponse(jsonable_encoder(Item(id=item_id)))
