from fastapi import FastAPI
from pydantic import BaseModel


class Item(BaseModel):
    id: int
    name: str
    price: float
    tags: list[str]


ITEMS = [Item(id=i, name=f"item {i}", price=i / 100, tags=["a", "b", "c"]) for i in range(500)]
app = FastAPI()


# The default response class: FastAPI >= 0.130 serialises the declared type in Pydantic's core.
@app.get("/slow")
def slow() -> list[Item]:
    return ITEMS


@app.get("/fast")
async def fast():
    return {"ok": True}
