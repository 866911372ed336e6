# fixture-versions: fastapi=0.129.0
"""FPL203 on FastAPI 0.129: declaring the type does not change the serializer yet."""
from fastapi import FastAPI
from pydantic import BaseModel

app = FastAPI()


class Item(BaseModel):
    id: int


@app.get("/items/{item_id}")
# ok: FPL203
def get_item(item_id: int):
    return Item(id=item_id)
