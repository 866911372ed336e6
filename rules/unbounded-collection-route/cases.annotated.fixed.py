"""FPL301 in a file that declares parameters with Annotated: the fix follows that style."""
from typing import Annotated

from fastapi import Depends, FastAPI, Query
from sqlalchemy import select
from sqlalchemy.orm import Session

app = FastAPI()
DbSession = Annotated[Session, Depends(get_db)]


@app.get("/items")
# expect: FPL301
def list_items(db: Annotated[Session, Depends(get_db)], skip: Annotated[int, Query(ge=0)] = 0, limit: Annotated[int, Query(ge=1, le=1000)] = 100):
    return db.scalars(select(Item).order_by(Item.id).offset(skip).limit(limit)).all()


@app.get("/tags")
# expect: FPL301
def list_tags(
    db: Annotated[Session, Depends(get_db)],
    prefix: str = "",
    skip: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
):
    return db.query(Tag).filter(Tag.name.startswith(prefix)).offset(skip).limit(limit).all()


@app.get("/limited")
def limited(db: Annotated[Session, Depends(get_db)], limit: int = 10):
    # ok: FPL301
    return db.scalars(select(Item)).all()
