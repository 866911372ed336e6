import os

from fastapi import Depends, FastAPI
from sqlalchemy import Column, Integer, String, create_engine, func, select
from sqlalchemy.orm import Session, declarative_base, sessionmaker

engine = create_engine(f"sqlite:///{os.environ['IMPACT_DATA']}/orders.db", connect_args={"check_same_thread": False})
SessionLocal = sessionmaker(bind=engine)
Base = declarative_base()


class Order(Base):
    __tablename__ = "orders"
    id = Column(Integer, primary_key=True)
    customer = Column(String, nullable=False)
    total = Column(Integer, nullable=False)


Base.metadata.create_all(engine)
with engine.begin() as conn:
    if conn.execute(select(func.count(Order.id))).scalar() == 0:
        conn.execute(Order.__table__.insert(), [{"customer": f"c{i % 500}", "total": i % 1000} for i in range(100_000)])

app = FastAPI()


def get_db():
    db = SessionLocal()
    try:
        yield db
    finally:
        db.close()


@app.get("/slow")
async def slow(customer: str = "c7", db: Session = Depends(get_db)):
    # a report query: one customer's total over 100 000 orders (no index on customer)
    total = db.execute(select(func.sum(Order.total)).where(Order.customer == customer)).scalar()
    return {"customer": customer, "total": total}


@app.get("/fast")
async def fast():
    return {"ok": True}
