"""FPL103 fixtures: sync database calls in async context."""
import asyncio
import sqlite3
from typing import Annotated

import psycopg2
import pymongo
import redis
import redis.asyncio as aioredis
from fastapi import APIRouter, Depends, Request
from motor.motor_asyncio import AsyncIOMotorClient
from sqlalchemy import create_engine, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import Session, scoped_session, sessionmaker
from sqlmodel import Session as ModelSession

router = APIRouter()
engine = create_engine("postgresql+psycopg2://localhost/app")
SessionLocal = sessionmaker(bind=engine)
ScopedSession = scoped_session(SessionLocal)
AsyncSessionLocal = async_sessionmaker()
cache = redis.Redis(host="localhost")
async_cache = aioredis.Redis()
mongo = pymongo.MongoClient("mongodb://localhost")
motor = AsyncIOMotorClient("mongodb://localhost")


def get_db():
    db = SessionLocal()
    try:
        yield db
    finally:
        db.close()


async def get_async_db():
    async with AsyncSessionLocal() as session:
        yield session


@router.get("/items")
async def list_items(db: Session = Depends(get_db)):
    # expect: FPL103
    rows = db.scalars(select(Item)).all()
    # ok: FPL103
    db.add(Item())
    # expect: FPL103
    db.commit()
    return rows


@router.get("/items/{item_id}")
async def get_item(item_id: int, db: Annotated[Session, Depends(get_db)]):
    # expect: FPL103
    return db.get(Item, item_id)


SessionDep = Annotated[Session, Depends(get_db)]


@router.get("/alias")
async def annotated_alias(db: SessionDep, item_id: int):
    # expect: FPL103
    return db.get(Item, item_id)


@router.get("/legacy")
async def legacy_query(db=Depends(get_db)):
    # expect: FPL103
    return db.query(Item).filter(Item.id > 3).all()


@router.get("/awaits-too")
async def awaits_too(db: Session = Depends(get_db)):
    await asyncio.sleep(0)
    # expect: FPL103
    return db.execute(select(Item)).scalars().all()


@router.get("/sqlmodel")
async def sqlmodel_route(session: ModelSession = Depends(get_db)):
    # expect: FPL103
    return session.exec(select(Item)).all()


@router.get("/scoped")
async def scoped():
    # expect: FPL103
    return ScopedSession.query(Item).count()


async def raw_sqlite(path: str):
    # expect: FPL103
    conn = sqlite3.connect(path)
    cur = conn.cursor()
    # expect: FPL103
    cur.execute("select 1")
    # expect: FPL103
    conn.commit()
    # expect: FPL103
    return conn.execute("select 2").fetchall()


async def raw_psycopg2(dsn: str):
    # expect: FPL103
    with psycopg2.connect(dsn) as conn:
        with conn.cursor() as cur:
            # expect: FPL103
            cur.execute("select 1")
            # expect: FPL103
            return cur.fetchone()


async def engine_connect():
    # expect: FPL103
    with engine.connect() as conn:
        # expect: FPL103
        return conn.execute(select(Item)).all()


async def sync_redis(key: str):
    # expect: FPL103
    value = cache.get(key)
    # ok: FPL103
    pipe = cache.pipeline()
    # ok: FPL103
    pipe.incr(key)
    # expect: FPL103
    pipe.execute()
    return value


async def sync_mongo(order_id: str):
    # expect: FPL103
    order = mongo.shop.orders.find_one({"_id": order_id})
    # expect: FPL103
    names = mongo.list_database_names()
    # expect: FPL103
    mongo["shop"].get_collection("orders").insert_one({"x": 1})
    return order, names


class Repo:
    def __init__(self, db: Session):
        self.db = db

    async def count(self):
        # expect: FPL103
        return self.db.scalar(select(Item))


# ---- negatives ----


@router.get("/async-session")
async def async_session(db: AsyncSession = Depends(get_async_db)):
    # ok: FPL103
    result = await db.execute(select(Item))
    # ok: FPL103
    db.add(Item())
    # ok: FPL103
    await db.commit()
    return result.scalars().all()


@router.get("/async-session-untyped")
async def async_session_from_dependency(db=Depends(get_async_db)):
    # ok: FPL103
    return (await db.scalars(select(Item))).all()


async def named_session_unknown(session):
    # ok: FPL103
    return session.execute("select 1")


async def cookie_session(request: Request):
    # ok: FPL103
    return request.session.get("user_id")


async def async_redis_and_motor(key: str):
    # ok: FPL103
    value = await async_cache.get(key)
    # ok: FPL103
    doc = await motor.shop.orders.find_one({"k": key})
    return value, doc


async def awaited_despite_annotation(db: Session = Depends(get_db)):
    # ok: FPL103
    return await db.execute(select(Item))


@router.get("/sync")
def sync_route(db: Session = Depends(get_db)):
    # ok: FPL103
    return db.scalars(select(Item)).all()


async def offloaded(db: Session = Depends(get_db)):
    # ok: FPL103
    return await asyncio.to_thread(db.scalars, select(Item))


async def shadowed(cache):
    # ok: FPL103
    return cache.get("k")


class Item:
    id = 0


# The provider's real object beats the annotation: an `AsyncSession`, whose methods return
# coroutines (the missing `await` is a bug, not a blocking call).
@router.get("/annotated-sync-provided-async")
async def annotated_sync(db: Session = Depends(get_async_db)):
    await asyncio.sleep(0)
    # ok: FPL103
    return db.execute(select(Item))
