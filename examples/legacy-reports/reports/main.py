"""A second, older service of the monorepo: FastAPI 0.115 (from requirements.txt)."""
from fastapi import FastAPI
from fastapi.responses import JSONResponse
from pydantic import BaseModel

# FPL201 (once per app, orjson is a dependency here): no default_response_class.
app = FastAPI(title="Legacy reports")


class Summary(BaseModel):
    orders: int
    revenue_cents: int


# FPL201: on FastAPI < 0.130, JSONResponse serializes with the stdlib json module.
@app.get("/summary")
async def summary():
    rows = [{"day": d, "orders": d * 3} for d in range(31)]
    return JSONResponse(content={"rows": rows, "total": sum(r["orders"] for r in rows)})
