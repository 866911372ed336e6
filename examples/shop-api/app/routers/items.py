"""Item catalogue routes."""
import json
import time
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, ORJSONResponse
from pydantic import TypeAdapter
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..clients import inventory_client
from ..db import get_db
from ..models import Category, Item
from ..schemas import ItemIn, ItemOut, Page
from ..settings import Settings, get_settings

router = APIRouter(prefix="/items", tags=["items"])


# FPL103: a sync Session in an async route (the same query has no limit: FPL301, on the
# route's name with the query as related information).
@router.get("/", response_model=list[ItemOut])
async def list_items(request: Request, db: Session = Depends(get_db)):
    if await request.is_disconnected():
        return []
    return db.scalars(select(Item)).all()


# FPL301: a list route that returns every row and takes no limit.
@router.get("/all", response_model=list[ItemOut])
def all_items(db: Session = Depends(get_db)):
    return db.scalars(select(Item).order_by(Item.name)).all()


# FPL302: `limit` has no upper bound.
@router.get("/search")
def search_items(q: str, limit: int = Query(50), db: Session = Depends(get_db)) -> list[ItemOut]:
    rows = db.scalars(select(Item).where(Item.name.contains(q)).limit(limit)).all()
    return [ItemOut.model_validate(r, from_attributes=True) for r in rows]


# FPL305: one query per category (N+1).
@router.get("/by-category")
def items_by_category(db: Annotated[Session, Depends(get_db)]) -> dict[str, list[ItemOut]]:
    out = {}
    for cat in db.scalars(select(Category).limit(100)).all():
        items = db.scalars(select(Item).where(Item.category_id == cat.id).limit(100)).all()
        out[cat.name] = [ItemOut.model_validate(i, from_attributes=True) for i in items]
    return out


# FPL101: blocks the loop while "waiting for the cache to warm".
@router.get("/{item_id}", response_model=ItemOut)
async def get_item(item_id: int, settings: Settings = Depends(get_settings)):
    time.sleep(0.05)
    async with inventory_client(settings.inventory_url) as client:
        resp = await client.get(f"/items/{item_id}")
    return resp.json()


# FPL401 (.dict() on a Pydantic model), FPL204 (json.dumps of model data) and FPL201 (JSONResponse wrapping data).
@router.post("/")
async def create_item(payload: ItemIn):
    data = payload.dict()
    body = json.dumps(payload.model_dump())
    return JSONResponse({"item": data, "raw": body, "status": "created"})


# Not FPL401: `Item` is the ORM model, and its dict() is its own method, not Pydantic's.
@router.get("/{item_id}/row")
def item_row(item_id: int, db: Session = Depends(get_db)) -> dict:
    item: Item | None = db.get(Item, item_id)
    return item.dict() if item else {}


# FPL202: ORJSONResponse is deprecated from FastAPI 0.131. FPL203: no return type or response_model.
@router.get("/export/all", response_class=ORJSONResponse)
async def export_items(limit: int = Query(100, le=500)):
    return {"items": [], "limit": limit}


# FPL404 (TypeAdapter rebuilt per call) and FPL405 (validating parsed JSON through __init__).
@router.post("/bulk")
async def bulk_create(request: Request) -> Page:
    adapter = TypeAdapter(list[ItemIn])
    items = adapter.validate_python(await request.json())
    first = ItemIn(**json.loads(await request.body()))
    return Page(items=[], total=len(items) + (1 if first else 0))
