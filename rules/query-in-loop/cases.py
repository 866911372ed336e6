"""FPL305: one query per loop iteration in request code (N+1)."""
import asyncpg
from fastapi import Depends, FastAPI, Query
from motor.motor_asyncio import AsyncIOMotorClient
from sqlalchemy import MetaData, insert, select, text, update
from sqlalchemy.schema import DropConstraint, DropTable
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session
from tortoise.models import Model

app = FastAPI()
SEARCH_TABLES = ("items", "tags", "notes")
mongo = AsyncIOMotorClient("mongodb://db").shop


class User(Model):
    pass


def get_db():
    with Session() as db:
        yield db


@app.get("/by-category")
def by_category(db: Session = Depends(get_db)):
    out = {}
    for cat in db.scalars(select(Category)).all():
        # expect: FPL305
        out[cat.name] = db.scalars(select(Item).where(Item.category_id == cat.id)).all()
    return out


@app.get("/orders")
async def orders(ids: list[int] = Query(), db: AsyncSession = Depends(get_db)):
    result = []
    for order_id in ids:
        # expect: FPL305
        result.append(await db.get(Order, order_id))
    return result


@app.get("/names")
def names(ids: list[int] = Query(), db: Session = Depends(get_db)):
    # expect: FPL305
    return [db.get(Item, i).name for i in ids]


@app.get("/tree")
def tree(root: int, db: Session = Depends(get_db)):
    queue = [root]
    while queue:
        node = queue.pop()
        # expect: FPL305
        queue.extend(db.scalars(select(Node.id).where(Node.parent_id == node)).all())
    return {"done": True}


def load_children(db: Session, parents):
    for p in parents:
        # expect: FPL305
        p.kids = db.query(Child).filter(Child.parent_id == p.id).all()
    return parents


@app.get("/parents")
def parents(db: Session = Depends(get_db)):
    return load_children(db, db.scalars(select(Parent).limit(10)).all())


@app.post("/bulk")
def bulk(payload: list[dict], db: Session = Depends(get_db)):
    for item in payload:
        db.add(Item(**item))
        # expect: FPL305
        db.commit()
    return {"created": len(payload)}


@app.get("/documents")
async def documents(ids: list[str] = Query()):
    docs = []
    for oid in ids:
        # expect: FPL305
        docs.append(await mongo.items.find_one({"_id": oid}))
    return docs


@app.get("/pg")
async def pg(users: list[int] = Query(), conn: asyncpg.Connection = Depends(get_conn)):
    # expect: FPL305
    return [await conn.fetchrow("SELECT * FROM users WHERE id = $1", u) for u in users]


@app.get("/nested")
def nested(db: Session = Depends(get_db)):
    # expect: FPL305
    return [c for p in db.scalars(select(Parent).limit(5)) for c in db.scalars(select(Child).where(Child.parent_id == p.id))]


@app.get("/tortoise")
async def tortoise_users(ids: list[int] = Query()):
    # expect: FPL305
    return [await User.get(id=uid) for uid in ids]


@app.get("/once")
def once(db: Session = Depends(get_db)):
    # ok: FPL305
    for row in db.scalars(select(Item).limit(10)):
        print(row)
    # ok: FPL305
    db.commit()
    # ok: FPL305
    return [r.name for r in db.scalars(select(Item).limit(10))]


@app.post("/tables")
def tables(db: Session = Depends(get_db)):
    for table in ("items", "tags"):
        # ok: FPL305
        db.execute(text(f"ANALYZE {table}"))
    for attempt in range(3):
        try:
            # ok: FPL305
            db.commit()
            break
        except Exception:
            continue
    return {}


@app.post("/pages")
def pages(db: Session = Depends(get_db)):
    offset = 0
    while True:
        # ok: FPL305
        rows = db.scalars(select(Item).offset(offset).limit(500)).all()
        if not rows:
            break
        offset += 500
    return {}


def backfill(db: Session, ids):
    for i in ids:
        # ok: FPL305
        db.execute(select(Item).where(Item.id == i))


@app.post("/add")
def add_all(payload: list[dict], db: Session = Depends(get_db)):
    for item in payload:
        # ok: FPL305
        db.add(Item(**item))
    else:
        # ok: FPL305
        db.commit()
    return {}


@app.get("/cache")
def cached(keys: list[str] = Query()):
    cache = {}
    # ok: FPL305
    return [cache.get(k) for k in keys]


@app.get("/first-match")
def first_match(names: list[str] = Query(), db: Session = Depends(get_db)):
    for name in names:
        if name.startswith("x"):
            # A search: the loop ends right after the query.
            # ok: FPL305
            found = db.scalars(select(Item).where(Item.name == name)).first()
            break
    else:
        found = None
    return found


# Batches: each iteration is one statement over many rows, the batched form already.
@app.post("/events")
async def write_events(events: list[dict], db: AsyncSession = Depends(get_db)):
    for batch in chunked(events, 500):
        ids = {e["id"] for e in batch}
        # ok: FPL305
        existing = set((await db.scalars(select(Event.id).where(Event.id.in_(ids)))).all())
        # ok: FPL305
        await db.execute(insert(Event).values([e for e in batch if e["id"] not in existing]))
    return {}


@app.get("/counts")
def counts(keys: list[int] = Query(), db: Session = Depends(get_db)):
    out = {}
    for start in range(0, len(keys), 1000):
        part = keys[start : start + 1000]
        # ok: FPL305
        for key, n in db.execute(select(Row.key, Row.n).where(Row.key.in_(part))).all():
            out[key] = n
    return out


@app.post("/segments")
async def upsert_segments(runs: list[dict], db: AsyncSession = Depends(get_db)):
    for segment in segment_runs(runs):
        rows = [r.as_row() for r in segment.rows]
        stmt = insert(Run).values(rows)
        # ok: FPL305
        await db.execute(stmt.on_conflict_do_nothing())
        keys = [r.key for r in segment.rows]
        # ok: FPL305
        await db.execute(select(Run.id).where(Run.key.in_(keys)))
    return {}


# A constant list of tables, local or module-level: a fixed handful of statements.
@app.post("/maintenance")
def maintenance(db: Session = Depends(get_db)):
    tables = ["items", "tags"]
    for table in tables:
        # ok: FPL305
        db.execute(text(f"VACUUM {table}"))
    for table in SEARCH_TABLES:
        # ok: FPL305
        db.execute(text(f"REINDEX TABLE {table}"))
    return {}


# A backup restore: one statement per table (the table changes with the loop), schema statements.
@app.post("/restore")
def restore(data: dict[str, list[dict]], db: Session = Depends(get_db)):
    meta = MetaData()
    conn = db.connection()
    for name, rows in data.items():
        table = meta.tables[name]
        # ok: FPL305
        conn.execute(table.delete())
        # ok: FPL305
        conn.execute(insert(table), rows)
    for fk in foreign_keys(conn):
        # ok: FPL305
        conn.execute(DropConstraint(fk))
    for table in meta.sorted_tables:
        # ok: FPL305
        conn.execute(DropTable(table))
    # ok: FPL305
    return {t.name: conn.execute(t.select()).all() for t in meta.sorted_tables}


# One query per item, though an attribute of the item is iterated: N+1.
@app.get("/order-lines")
def order_lines(db: Session = Depends(get_db)):
    out = []
    for order in db.scalars(select(Order).limit(50)):
        for line in order.lines:
            out.append(line.sku)
        # expect: FPL305
        out.append(db.scalars(select(Invoice).where(Invoice.order_id == order.id)).first())
    return out


# `.in_()` of an item's own attribute, and an update per item on a fixed table: N+1.
@app.post("/groups")
def groups(users: list[dict], db: Session = Depends(get_db)):
    for user in users:
        # expect: FPL305
        db.execute(select(Group).where(Group.id.in_(user["group_ids"])))
        # expect: FPL305
        db.execute(update(User).where(User.id == user["id"]).values(name=user["name"]))
    return {}


# A name bound to a list that is computed: not a constant handful.
@app.get("/by-kind")
def by_kind(db: Session = Depends(get_db)):
    kinds = [k.name for k in db.scalars(select(Kind).limit(100))]
    out = {}
    for kind in kinds:
        # expect: FPL305
        out[kind] = db.scalars(select(Item).where(Item.kind == kind)).all()
    return out


# A list that starts with a literal and is filled: as long as the data.
@app.post("/patch")
def patch(payload: list[dict], db: Session = Depends(get_db)):
    renamed = [{"old": "legacy"}]
    for entry in payload:
        if entry.get("old"):
            renamed.append(entry)
    for entry in renamed:
        # expect: FPL305
        db.execute(select(Item.id).where(Item.slug == entry["old"]))
    return {}


# ---- a helper that runs the query, one or two calls deep (issue 18) ----


class OrderRepository:
    def __init__(self, db: Session):
        self.db = db

    def get(self, order_id: int):
        return self.db.get(Order, order_id)

    def cached_total(self, order_id: int) -> int:
        return order_id * 2


def load_customer(db: Session, customer_id: int):
    return db.get(Customer, customer_id)


def describe(db: Session, order) -> str:
    return f"{order.id}: {load_customer(db, order.customer_id).name}"


async def load_lines(db: AsyncSession, order_id: int):
    return (await db.scalars(select(Line).where(Line.order_id == order_id))).all()


@app.get("/customers-of-orders")
def customers_of_orders(db: Session = Depends(get_db)):
    repo = OrderRepository(db)
    out = []
    for order in db.scalars(select(Order)).all():
        # expect: FPL305
        out.append(repo.get(order.id))
        # expect: FPL305
        out.append(describe(db, order))
        # ok: FPL305
        out.append(repo.cached_total(order.id))
    return out


@app.get("/order-lines")
async def order_lines(ids: list[int] = Query(), db: AsyncSession = Depends(get_db)):
    out = {}
    for order_id in await db.scalars(select(Order.id)):
        # expect: FPL305
        out[order_id] = await load_lines(db, order_id)
    open_orders = await open_order_ids(db)
    # expect: FPL305
    lines = [await load_lines(db, order_id) for order_id in open_orders]
    # ok: FPL305
    pending = [load_lines(db, order_id) for order_id in open_orders]
    for order_id in ids:
        # ok: FPL305
        out[order_id] = await load_lines(db, order_id)
    return out, lines, pending


async def open_order_ids(db: AsyncSession) -> list[int]:
    return list(await db.scalars(select(Order.id).where(Order.open)))


@app.get("/first-customer")
def first_customer(db: Session = Depends(get_db)):
    # ok: FPL305
    return load_customer(db, 1)


@app.get("/retry-customer")
def retry_customer(db: Session = Depends(get_db)):
    for _ in range(3):
        # ok: FPL305
        customer = load_customer(db, 1)
        if customer:
            return customer
    return None


async def flush_forever(db: AsyncSession):
    while True:
        # ok: FPL305
        await load_lines(db, 1)
