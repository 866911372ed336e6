"""Database engine and sessions (SQLAlchemy 2.0, sync driver)."""
from sqlalchemy import create_engine
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

from .settings import Settings

# FPL303: no pool_size / pool_recycle / pool_pre_ping.
engine = create_engine(Settings().database_url)
SessionLocal = sessionmaker(bind=engine, autoflush=False)


class Base(DeclarativeBase):
    pass


# FPL304: the session is never closed when the request fails.
def get_db():
    db = SessionLocal()
    yield db
    db.close()


def get_session() -> Session:
    return SessionLocal()
