"""FPL303: engines created with the default, unchecked connection pool."""
import os

import sqlalchemy
import sqlmodel
from fastapi import Depends, FastAPI
from sqlalchemy import create_engine
from sqlalchemy import create_engine as make_engine
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool

from mylib.db import create_engine as custom_engine

DATABASE_URL = os.environ["DATABASE_URL"]
SQLITE_URL = "sqlite:///./app.db"
settings = load_settings()

# expect: FPL303
engine = create_engine(DATABASE_URL)
# expect: FPL303
async_engine = create_async_engine("postgresql+asyncpg://app@db/app", echo=True)
# expect: FPL303
other = sqlalchemy.create_engine(settings.url, future=True)
# expect: FPL303
aliased = make_engine(DATABASE_URL)
# expect: FPL303
models = sqlmodel.create_engine(DATABASE_URL)
# expect: FPL303
formatted = create_async_engine(
    f"postgresql+asyncpg://{settings.user}@db/app",
    echo=False,
)


def make_reporting_engine():
    # expect: FPL303
    return create_engine(settings.reporting_url)


# ok: FPL303
sized = create_engine(DATABASE_URL, pool_size=20, max_overflow=10)
# ok: FPL303
checked = create_async_engine(DATABASE_URL, pool_pre_ping=True)
# ok: FPL303
no_pool = create_async_engine(DATABASE_URL, poolclass=NullPool)
# ok: FPL303
lite = create_engine("sqlite:///./test.db")
# ok: FPL303
lite_named = create_engine(SQLITE_URL)
# ok: FPL303
lite_args = create_engine(settings.url, connect_args={"check_same_thread": False})
# ok: FPL303
memory = create_async_engine("sqlite+aiosqlite://")
# ok: FPL303
splat = create_engine(DATABASE_URL, **settings.engine_options)
# ok: FPL303
custom = custom_engine(DATABASE_URL)
# ok: FPL303
from_config = sqlalchemy.engine_from_config(settings.config)


app = FastAPI()


# A URL that is SQLite on one of its paths: the pool settings apply only sometimes.
def engine_for(config):
    if config.database_url:
        url = config.database_url
    else:
        url = f"sqlite+aiosqlite:///{config.data_dir}/app.sqlite3"
    # ok: FPL303
    return create_async_engine(url)


# An object made on every request: its engine lives as long as the request (FPL306's concern).
class Exporter:
    def __init__(self, url):
        # ok: FPL303
        self.engine = create_engine(url)

    def dump(self):
        return {}


@app.post("/backup")
def backup():
    return Exporter(DATABASE_URL).dump()


# An object made once: its engine serves every request.
class DataLayer:
    def __init__(self, url):
        # expect: FPL303
        self.engine = create_async_engine(url)


layer = DataLayer(DATABASE_URL)

_engine = None


# A lazily built engine, reached on every request: built once, then shared.
def get_engine():
    global _engine
    if _engine is None:
        # expect: FPL303
        _engine = create_engine(DATABASE_URL)
    return _engine


def get_db():
    with Session(get_engine()) as session:
        yield session


@app.get("/items")
def items(db: Session = Depends(get_db)):
    return []
