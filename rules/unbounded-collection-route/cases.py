"""FPL301: GET routes that return whole tables (parameters in the default-value style)."""
from dataclasses import dataclass

from fastapi import APIRouter, Depends, FastAPI, Query
from fastapi_pagination import Page, paginate
from motor.motor_asyncio import AsyncIOMotorClient
from pymongo import MongoClient
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session
from sqlmodel import Session as SQLModelSession
from sqlmodel import select as sm_select
from tortoise.models import Model

app = FastAPI()
router = APIRouter()
mongo = AsyncIOMotorClient("mongodb://localhost").shop
sync_items = MongoClient()["shop"]["items"]


class TItem(Model):
    pass


class Pagination:
    def __init__(self, skip: int = 0, limit: int = Query(100, le=1000)):
        self.skip = skip
        self.limit = limit


@dataclass
class limit:
    """A sort order: a dependency class named like a limit parameter, holding no limit."""

    order: str = "name"


@dataclass
class Window:
    offset: int = 0
    limit: int = Query(100, le=1000)

    def apply(self, stmt):
        return stmt.offset(self.offset).limit(self.limit)


def pagination_params(page: int = 1, per_page: int = Query(20, le=100)):
    return {"page": page, "per_page": per_page}


def get_db():
    yield Session()


async def get_async_db():
    yield AsyncSession()


@app.get("/items")
def list_items(db: Session = Depends(get_db)):
    # expect: FPL301
    return db.scalars(select(Item)).all()


@app.get("/active")
async def active_items(db: AsyncSession = Depends(get_async_db)):
    # expect: FPL301
    result = await db.execute(select(Item).where(Item.active).order_by(Item.id))
    return result.scalars().all()


@router.get("/search")
async def search(q: str = "", db: AsyncSession = Depends(get_async_db)):
    stmt = select(Item).order_by(Item.name)
    if q:
        stmt = stmt.where(Item.name.contains(q))
    # expect: FPL301
    rows = await db.scalars(stmt)
    return rows.all()


@router.get("/legacy")
def legacy(db: Session = Depends(get_db)):
    # expect: FPL301
    return db.query(Item).filter(Item.active).all()


@router.get("/query")
def query_object(db: Session = Depends(get_db)):
    # expect: FPL301
    return db.query(Item)


@router.get("/heroes")
def heroes(session: SQLModelSession = Depends(get_db)):
    # expect: FPL301
    return session.exec(sm_select(Hero)).all()


@router.get("/names")
def names(db: Session = Depends(get_db)):
    out = []
    # expect: FPL301
    for item in db.scalars(select(Item)):
        out.append(item.name)
    return out


@router.api_route("/both", methods=["GET", "POST"])
async def both(db: AsyncSession = Depends(get_async_db)):
    # expect: FPL301
    return (await db.scalars(select(Item))).all()


@app.get("/documents")
async def documents():
    # expect: FPL301
    return await mongo.items.find({"active": True}).to_list(None)


@app.get("/sync-documents")
def sync_documents():
    # expect: FPL301
    return list(sync_items.find())


@app.get("/tortoise")
async def tortoise_items():
    # expect: FPL301
    return await TItem.all()


@app.get("/two")
def two(db: Session = Depends(get_db)):
    # expect: FPL301
    items = db.scalars(select(Item)).all()
    # expect: FPL301
    tags = db.scalars(select(Tag)).all()
    return {"items": items, "tags": tags}


@app.get("/limited")
def limited(db: Session = Depends(get_db)):
    # ok: FPL301
    return db.scalars(select(Item).limit(100)).all()


@app.get("/with-limit")
def with_limit(limit: int = 100, db: Session = Depends(get_db)):
    # ok: FPL301
    return db.scalars(select(Item).limit(min(limit, 500))).all()


@app.get("/page-size")
def page_size_param(page_size: int = Query(50, le=200), db: Session = Depends(get_db)):
    # ok: FPL301
    return db.query(Item).all()


@app.get("/class-dependency")
def class_dependency(p: Pagination = Depends(), db: Session = Depends(get_db)):
    # ok: FPL301
    return db.scalars(select(Item).offset(p.skip)).all()


# The dependency class's name is no parameter: it takes an `order`, not a limit.
@app.get("/sorted")
def sorted_items(order: limit = Depends(), db: Session = Depends(get_db)):
    # expect: FPL301
    return db.scalars(select(Item).order_by(order.order)).all()


# The dependency class's `limit` field is a query parameter, and bounds the query.
@app.get("/window")
def window(w: Window = Depends(), db: Session = Depends(get_db)):
    stmt = select(Item).order_by(Item.id)
    stmt = w.apply(stmt)
    # ok: FPL301
    return db.scalars(stmt).all()


@app.get("/function-dependency")
def function_dependency(p: dict = Depends(pagination_params), db: Session = Depends(get_db)):
    # ok: FPL301
    return db.scalars(select(Item)).all()


@app.get("/route-dependency", dependencies=[Depends(pagination_params)])
def route_dependency(db: Session = Depends(get_db)):
    # ok: FPL301
    return db.scalars(select(Item)).all()


@app.get("/paginated")
def paginated(db: Session = Depends(get_db)) -> Page[Item]:
    # ok: FPL301
    return paginate(db, select(Item))


@app.get("/one/{item_id}")
def one(item_id: int, db: Session = Depends(get_db)):
    # ok: FPL301
    return db.scalars(select(Item).where(Item.id == item_id)).first()


@app.get("/count")
def count(db: Session = Depends(get_db)):
    # ok: FPL301
    return db.execute(select(func.count()).select_from(Item)).scalar_one()


@app.post("/items/export")
def export(db: Session = Depends(get_db)):
    # ok: FPL301
    return db.scalars(select(Item)).all()


def helper(db: Session):
    # ok: FPL301
    return db.scalars(select(Item)).all()


@app.get("/sliced")
def sliced(db: Session = Depends(get_db)):
    # ok: FPL301
    return db.query(Item).order_by(Item.id)[0:50]


@app.get("/capped-documents")
async def capped_documents():
    # ok: FPL301
    first = await mongo.items.find().to_list(100)
    # ok: FPL301
    rest = await mongo.items.find().limit(10).to_list(None)
    return first + rest


@app.get("/elastic")
def elastic(search=Depends(get_search)):
    # ok: FPL301
    return search.query("items").all()


@app.get("/maybe-limited")
def maybe_limited(big: bool, db: Session = Depends(get_db)):
    stmt = select(Item)
    if not big:
        stmt = stmt.limit(10)
    # ok: FPL301
    return db.scalars(stmt).all()


@app.get("/subquery")
def subquery(db: Session = Depends(get_db)):
    sub = select(Item.id).where(Item.active).subquery()
    # ok: FPL301
    return db.scalars(select(Tag).where(Tag.item_id.in_(select(sub.c.id))).limit(20)).all()
