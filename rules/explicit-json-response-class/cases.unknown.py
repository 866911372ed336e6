"""FPL206 with no FastAPI version found: the project may predate 0.130, so nothing is reported."""
from fastapi import FastAPI
from fastapi.responses import JSONResponse
from pydantic import BaseModel


class Item(BaseModel):
    id: int


# ok: FPL206
app = FastAPI(default_response_class=JSONResponse)


# ok: FPL206
@app.get("/items/{item_id}", response_class=JSONResponse)
def get_item(item_id: int) -> Item:
    return Item(id=item_id)
