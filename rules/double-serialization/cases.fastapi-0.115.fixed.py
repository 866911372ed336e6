# fixture-versions: fastapi=0.115.12, pydantic=2.10.6
"""FPL204 on FastAPI 0.115 with Pydantic 2: returning the model would not serialise it in Rust yet."""

from fastapi import FastAPI
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse
from pydantic import BaseModel

app = FastAPI()


class Item(BaseModel):
    id: int


def publish(item: Item) -> str:
    # expect: FPL204
    return item.model_dump_json()


@app.get("/items/{item_id}")
def get_item(item_id: int):
    item = Item(id=item_id)
    # expect: FPL204
    return JSONResponse(jsonable_encoder(item))
