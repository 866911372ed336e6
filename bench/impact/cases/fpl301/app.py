import os

from fastapi import Depends, FastAPI
from sqlalchemy import Column, Float, Integer, String, create_engine, func, select
from sqlalchemy.orm import Session, declarative_base, sessionmaker

engine = create_engine(f"sqlite:///{os.environ['IMPACT_DATA']}/items.db", connect_args={"check_same_thread": False})
SessionLocal = sessionmaker(bind=engine)
Base = declarative_base()


class Item(Base):
    __tablename__ = "items"
    id = Column(Integer, primary_key=True)
    name = Column(String, nullable=False)
    price = Column(Float, nullable=False)


Base.metadata.create_all(engine)
with engine.begin() as conn:
    if conn.execute(select(func.count(Item.id))).scalar() == 0:
        conn.execute(Item.__table__.insert(), [{"name": f"item {i}", "price": i / 100} for i in range(1_000)])

app = FastAPI()


def get_db():
    db = SessionLocal()
    try:
        yield db
    finally:
        db.close()


@app.get("/slow")
def slow(db: Session = Depends(get_db)):
    items = db.scalars(select(Item)).all()  # all 1 000 rows
    return [{"id": i.id, "name": i.name, "price": i.price} for i in items]


@app.get("/fast")
async def fast():
    return {"ok": True}
