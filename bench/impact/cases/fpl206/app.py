from fastapi import FastAPI
from fastapi.responses import JSONResponse
from pydantic import BaseModel


class Item(BaseModel):
    id: int
    name: str
    price: float
    tags: list[str]


ITEMS = [Item(id=i, name=f"item {i}", price=i / 100, tags=["a", "b", "c"]) for i in range(500)]
app = FastAPI()


@app.get("/slow", response_class=JSONResponse)
def slow() -> list[Item]:
    return ITEMS


@app.get("/fast")
async def fast():
    return {"ok": True}
