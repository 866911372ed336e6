"""FPL306: engines and session factories built per request."""
import threading
from contextlib import asynccontextmanager
from functools import lru_cache

import sqlalchemy
from fastapi import Depends, FastAPI
from sqlalchemy import create_engine, text
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine
from sqlalchemy.orm import Session, sessionmaker

from mylib import create_engine as make_pool

DATABASE_URL = "postgresql://app@db/app"
# ok: FPL306
engine = create_engine(DATABASE_URL, pool_pre_ping=True)
# ok: FPL306
SessionLocal = sessionmaker(bind=engine)
_engine = None


@asynccontextmanager
async def lifespan(app: FastAPI):
    # ok: FPL306
    app.state.engine = create_async_engine(DATABASE_URL)
    yield


app = FastAPI(lifespan=lifespan)


@app.get("/audit")
def audit():
    # expect: FPL306
    local_engine = create_engine(DATABASE_URL)
    with local_engine.connect() as conn:
        return {"rows": conn.execute(text("SELECT 1")).scalar()}


@app.get("/async-audit")
async def async_audit():
    # expect: FPL306
    eng = create_async_engine(DATABASE_URL)
    async with eng.connect() as conn:
        return {"rows": (await conn.execute(text("SELECT 1"))).scalar()}


def get_db():
    # expect: FPL306
    eng = sqlalchemy.create_engine(DATABASE_URL)
    with Session(eng) as db:
        yield db


def make_engine():
    # expect: FPL306
    return create_engine(DATABASE_URL)


@app.get("/report")
def report(db: Session = Depends(get_db)):
    with make_engine().connect() as conn:
        return {"ok": conn is not None}


def get_session():
    # Bound to the module's engine: shares its pool, builds no new one.
    # ok: FPL306
    factory = sessionmaker(bind=engine)
    with factory() as db:
        yield db


@app.get("/items")
async def items(db: Session = Depends(get_session)):
    # expect: FPL306
    maker = async_sessionmaker(create_async_engine(DATABASE_URL, pool_size=5))
    async with maker() as s:
        return {"ok": s is not None}


@lru_cache
def cached_engine():
    # ok: FPL306
    return create_engine(DATABASE_URL)


def singleton_engine():
    global _engine
    if _engine is None:
        # ok: FPL306
        _engine = create_engine(DATABASE_URL)
    return _engine


@app.get("/cached")
def cached():
    with cached_engine().connect() as a, singleton_engine().connect() as b:
        return {"ok": a is not None and b is not None}


def migrate():
    # ok: FPL306
    eng = create_engine(DATABASE_URL)
    with eng.begin() as conn:
        conn.execute(text("SELECT 1"))


@app.get("/other-lib")
def other_lib():
    # ok: FPL306
    pool = make_pool(DATABASE_URL)
    return {"ok": pool is not None}


class Database:
    def __init__(self):
        self._engine = None

    def engine(self):
        if self._engine is None:
            # Kept on the instance: built once, reused by later calls.
            # ok: FPL306
            self._engine = create_engine(DATABASE_URL)
        return self._engine


_ENGINES = {}


def engine_for(shard: str):
    if shard not in _ENGINES:
        # A registry entry: one engine per shard, reused.
        # ok: FPL306
        _ENGINES[shard] = create_engine(f"{DATABASE_URL}/{shard}")
    return _ENGINES[shard]


DB = Database()


@app.get("/shards/{shard}")
def shard_items(shard: str):
    with engine_for(shard).connect() as a, DB.engine().connect() as b:
        return {"ok": a is not None and b is not None}


# Builders behind a per-key cache: each caller in the module stores what they return.
_SHARD_ENGINES = {}
_SHARD_LOCK = threading.Lock()


def _build_shard_engine(name: str):
    # ok: FPL306
    engine = create_engine(f"{DATABASE_URL}/{name}", pool_pre_ping=True)
    return engine


def shard_engine(name: str):
    engine = _SHARD_ENGINES.get(name)
    if engine is not None:
        return engine
    with _SHARD_LOCK:
        engine = _SHARD_ENGINES.get(name)
        if engine is None:
            engine = _build_shard_engine(name)
            _SHARD_ENGINES[name] = engine
        return engine


class Registry:
    _engines: dict = {}

    @classmethod
    def get(cls, name: str):
        if name not in cls._engines:
            engine = cls._build(name)
            cls._engines[name] = engine
        return cls._engines[name]

    @classmethod
    def _build(cls, name: str):
        # ok: FPL306
        return create_engine(f"{DATABASE_URL}/{name}")


# A builder one caller keeps and another uses once per request: a new engine each time.
def _build_report_engine():
    # expect: FPL306
    return create_engine(DATABASE_URL)


_REPORT = {}


def report_engine():
    _REPORT["engine"] = _build_report_engine()
    return _REPORT["engine"]


@app.get("/tenants/{name}")
def tenant(name: str):
    with shard_engine(name).connect() as a, Registry.get(name).connect() as b, _build_report_engine().connect() as c:
        return {"ok": a is not None and b is not None and c is not None}
