"""FPL304: generator dependencies that yield a session or connection without releasing it on errors."""
from contextlib import asynccontextmanager, closing, contextmanager

from fastapi import Depends, FastAPI
from sqlalchemy import create_engine
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine
from sqlalchemy.orm import Session, sessionmaker

app = FastAPI()
engine = create_engine("postgresql://app@db/app")
SessionLocal = sessionmaker(bind=engine)
async_session = async_sessionmaker(create_async_engine("postgresql+asyncpg://app@db/app"))


def get_db():
    db = SessionLocal()
    # expect: FPL304
    yield db
    db.close()


async def get_async_db():
    session = async_session()
    # expect: FPL304
    yield session
    await session.close()


def get_db_no_close():
    db = SessionLocal()
    # expect: FPL304
    yield db


def get_db_commit():
    db = SessionLocal()
    # expect: FPL304
    yield db
    db.commit()
    db.close()


def get_direct():
    # expect: FPL304
    yield SessionLocal()


def get_conn():
    conn = engine.connect()
    try:
        # expect: FPL304
        yield conn
    except Exception:
        conn.rollback()
        raise
    conn.close()


@contextmanager
def session_scope():
    db = Session(engine)
    # expect: FPL304
    yield db
    db.close()


def get_db_rebound(db: Session | None = None):
    db = SessionLocal()
    # expect: FPL304
    yield db
    db.close()


class Repository:
    def __init__(self, db: Session | None = None):
        self.db = db

    @contextmanager
    def own_session(self):
        self.db = SessionLocal()
        # expect: FPL304
        yield self.db
        self.db.close()

    @contextmanager
    def ensure_session(self):
        if self.db is None:
            with SessionLocal() as db:
                self.db = db
                yield self.db
        else:
            # ok: FPL304
            yield self.db


@contextmanager
def session_or_new(db: Session | None):
    if db is None:
        with SessionLocal() as db:
            yield db
    else:
        # ok: FPL304
        yield db


def get_db_passed_in(db: Session = Depends(get_db)):
    # ok: FPL304
    yield db


def get_db_with():
    with SessionLocal() as db:
        # ok: FPL304
        yield db


async def get_async_with():
    async with async_session() as session:
        # ok: FPL304
        yield session


def get_db_finally():
    db = SessionLocal()
    try:
        # ok: FPL304
        yield db
    finally:
        db.close()


def get_closing():
    with closing(SessionLocal()) as db:
        # ok: FPL304
        yield db


def get_settings():
    settings = {"debug": False}
    # ok: FPL304
    yield settings


def get_user_session():
    session = {"user": 1}
    # ok: FPL304
    yield session


def batch_rows():
    db = SessionLocal()
    # ok: FPL304
    yield db
    db.close()


@asynccontextmanager
async def lifespan(app: FastAPI):
    # ok: FPL304
    yield
    await async_session.kw["bind"].dispose()


@app.get("/items")
def items(
    db=Depends(get_db),
    adb=Depends(get_async_db),
    d2=Depends(get_db_no_close),
    d3=Depends(get_db_commit),
    d4=Depends(get_direct),
    c=Depends(get_conn),
    w=Depends(get_db_with),
    aw=Depends(get_async_with),
    f=Depends(get_db_finally),
    cl=Depends(get_closing),
    s=Depends(get_settings),
    us=Depends(get_user_session),
    rb=Depends(get_db_rebound),
    pi=Depends(get_db_passed_in),
):
    return []
