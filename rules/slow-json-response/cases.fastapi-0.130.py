# fixture-versions: fastapi=0.130.0, orjson=3.10.15
"""FPL201 on FastAPI 0.130.0 exactly, the first release with Rust serialisation: the new advice applies."""
from fastapi import FastAPI
from fastapi.responses import JSONResponse

# ok: FPL201
app = FastAPI()


@app.get("/rows")
def rows():
    # expect: FPL201
    return JSONResponse([{"id": i} for i in range(1000)])


# ok: FPL201
@app.get("/declared", response_class=JSONResponse)
def declared() -> list[int]:
    return list(range(10))
