# fixture-versions: fastapi=0.130.0
"""FPL203 on FastAPI 0.130.0, the first release that serialises declared types in Rust."""
from fastapi import FastAPI
from pydantic import BaseModel

app = FastAPI()


class Item(BaseModel):
    id: int


class Items(BaseModel):
    items: list[Item]


@app.get("/items/{item_id}")
# expect: FPL203
def get_item(item_id: int):
    return Items(items=[Item(id=item_id)])
