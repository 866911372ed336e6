"""FPL301: GET routes that return whole tables (parameters in the default-value style)."""
from dataclasses import dataclass

from fastapi import APIRouter, Depends, FastAPI, Query
from fastapi_pagination import Page, paginate
from motor.motor_asyncio import AsyncIOMotorClient
from pydantic import BaseModel
from pymongo import MongoClient
from sqlalchemy import and_, func, select
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


class ItemList(BaseModel):
    items: list


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
# expect: FPL301
def list_items(db: Session = Depends(get_db), skip: int = Query(0, ge=0), limit: int = Query(100, ge=1, le=1000)):
    return db.scalars(select(Item).offset(skip).limit(limit)).all()


@app.get("/active")
# expect: FPL301
async def active_items(db: AsyncSession = Depends(get_async_db), skip: int = Query(0, ge=0), limit: int = Query(100, ge=1, le=1000)):
    result = await db.execute(select(Item).where(Item.active).order_by(Item.id).offset(skip).limit(limit))
    return result.scalars().all()


@router.get("/search")
# expect: FPL301
async def search(q: str = "", db: AsyncSession = Depends(get_async_db), skip: int = Query(0, ge=0), limit: int = Query(100, ge=1, le=1000)):
    stmt = select(Item).order_by(Item.name)
    if q:
        stmt = stmt.where(Item.name.contains(q))
    rows = await db.scalars(stmt.offset(skip).limit(limit))
    return rows.all()


@router.get("/legacy")
# expect: FPL301
def legacy(db: Session = Depends(get_db), skip: int = Query(0, ge=0), limit: int = Query(100, ge=1, le=1000)):
    return db.query(Item).filter(Item.active).offset(skip).limit(limit).all()


@router.get("/query")
# expect: FPL301
def query_object(db: Session = Depends(get_db), skip: int = Query(0, ge=0), limit: int = Query(100, ge=1, le=1000)):
    return db.query(Item).offset(skip).limit(limit)


@router.get("/heroes")
# expect: FPL301
def heroes(session: SQLModelSession = Depends(get_db), skip: int = Query(0, ge=0), limit: int = Query(100, ge=1, le=1000)):
    return session.exec(sm_select(Hero).offset(skip).limit(limit)).all()


@router.get("/names")
# expect: FPL301
def names(db: Session = Depends(get_db), skip: int = Query(0, ge=0), limit: int = Query(100, ge=1, le=1000)):
    out = []
    for item in db.scalars(select(Item).offset(skip).limit(limit)):
        out.append(item.name)
    return out


@router.api_route("/both", methods=["GET", "POST"])
# expect: FPL301
async def both(db: AsyncSession = Depends(get_async_db), skip: int = Query(0, ge=0), limit: int = Query(100, ge=1, le=1000)):
    return (await db.scalars(select(Item).offset(skip).limit(limit))).all()


@app.get("/documents")
# expect: FPL301
async def documents():
    return await mongo.items.find({"active": True}).to_list(None)


@app.get("/sync-documents")
# expect: FPL301
def sync_documents():
    return list(sync_items.find())


@app.get("/tortoise")
# expect: FPL301
async def tortoise_items():
    return await TItem.all()


@app.get("/two")
# expect: FPL301
def two(db: Session = Depends(get_db)):
    items = db.scalars(select(Item)).all()
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
# expect: FPL301
def sorted_items(order: limit = Depends(), db: Session = Depends(get_db), skip: int = Query(0, ge=0), limit: int = Query(100, ge=1, le=1000)):
    return db.scalars(select(Item).order_by(order.order).offset(skip).limit(limit)).all()


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


# Rows folded into a count or a total: the route returns one number, not the collection.
@app.get("/orders/total")
# ok: FPL301
def orders_total(db: Session = Depends(get_db)):
    total = 0
    for order in db.scalars(select(Order)).all():
        total += order.amount
    return {"total": total}


@app.get("/orders/count")
# ok: FPL301
def orders_count(db: Session = Depends(get_db)):
    rows = db.query(Order).all()
    return {"count": len(rows)}


@app.get("/orders/sum")
# ok: FPL301
def orders_sum(db: Session = Depends(get_db)):
    return {"sum": sum(o.amount for o in db.scalars(select(Order)))}


@app.get("/orders/by-status")
# ok: FPL301
def orders_by_status(db: Session = Depends(get_db)):
    counts = {}
    orders = db.scalars(select(Order)).all()
    for order in orders:
        counts[order.status] = counts.get(order.status, 0) + 1
    return counts


# Returned whole and totalled too: reported, with no pagination fix (a page would give a wrong total).
@app.get("/orders/with-total")
# expect: FPL301
def orders_with_total(db: Session = Depends(get_db)):
    orders = db.scalars(select(Order)).all()
    return {"orders": orders, "total": sum(o.amount for o in orders)}


# A distinct-value lookup for a filter menu: the route returns a page of logs, not the lookup.
@app.get("/logs")
# ok: FPL301
async def logs(page: int = 1, db: AsyncSession = Depends(get_async_db)):
    kinds = (await db.execute(select(Log.kind).distinct().order_by(Log.kind))).scalars().all()
    menu = [(k, k) for k in kinds if k]
    rows = await db.scalars(select(Log).offset(page * 50).limit(50))
    return render_page(rows.all(), menu)


# Rows drawn into a page the route renders itself: nothing the route returns holds them.
@app.get("/users/{user_id}/page")
# ok: FPL301
async def user_page(user_id: int, db: AsyncSession = Depends(get_async_db)):
    memberships = (await db.execute(select(Membership).where(Membership.user_id == user_id))).scalars().all()
    with layout("User"):
        table(memberships)


# A lookup filtered to the ids the route already holds: at most one row per id.
@app.get("/teams/{team_id}/members")
# ok: FPL301
def team_members(team_id: int, db: Session = Depends(get_db)):
    team = db.get(Team, team_id)
    member_ids = [m.user_id for m in team.memberships]
    return db.scalars(select(User).where(User.active, User.id.in_(member_ids))).all()


# The same filter written on a query, with `and_`.
@app.get("/teams/{team_id}/legacy-members")
# ok: FPL301
def team_members_legacy(team_id: int, ids: list[int] = Query(), db: Session = Depends(get_db)):
    return db.query(User).filter(and_(User.active, User.id.in_(ids))).all()


# A membership set: the route returns its own list and only tests ids against the lookup.
@app.get("/people")
# ok: FPL301
def people(db: Session = Depends(get_db)):
    people = load_page(db)
    synced = set(db.scalars(select(Mapping.user_id).where(Mapping.user_id.in_([p.id for p in people]))).all())
    admins = db.scalars(select(Admin.user_id)).all()
    return [{"id": p.id, "synced": p.id in synced, "admin": p.id in admins} for p in people]


# `.in_()` of a subquery is no list of values: every matching row comes back.
@app.get("/tagged")
# expect: FPL301
def tagged(db: Session = Depends(get_db), skip: int = Query(0, ge=0), limit: int = Query(100, ge=1, le=1000)):
    sub = select(Tag.item_id).where(Tag.name == "sale")
    return db.scalars(select(Item).where(Item.id.in_(sub)).offset(skip).limit(limit)).all()


# Rows mapped to snapshots, collected by a loop, or wrapped in a model: still the whole collection.
@app.get("/snapshots")
# expect: FPL301
def snapshots(db: Session = Depends(get_db), skip: int = Query(0, ge=0), limit: int = Query(100, ge=1, le=1000)):
    files = db.query(File).filter(File.active).order_by(File.created_at.desc()).offset(skip).limit(limit).all()
    return [FileSnapshot.from_model(f) for f in files]


@app.get("/collected")
# expect: FPL301
async def collected(db: AsyncSession = Depends(get_async_db), skip: int = Query(0, ge=0), limit: int = Query(100, ge=1, le=1000)):
    result = await db.execute(select(Item).offset(skip).limit(limit))
    out = []
    for item in result.scalars():
        out.append({"id": item.id})
    return out


@app.get("/wrapped")
# expect: FPL301
def wrapped(db: Session = Depends(get_db), skip: int = Query(0, ge=0), limit: int = Query(100, ge=1, le=1000)) -> ItemList:
    rows = db.scalars(select(Item).offset(skip).limit(limit)).all()
    return ItemList(items=rows)


# Only the first row is used.
@app.get("/first-active")
# ok: FPL301
def first_active(db: Session = Depends(get_db)):
    rows = db.scalars(select(Item).where(Item.active)).all()
    return rows[0] if rows else None
