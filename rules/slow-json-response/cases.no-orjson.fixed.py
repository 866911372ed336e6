# fixture-versions: fastapi=0.115.12
"""FPL201 on FastAPI 0.115 without orjson: the swap is only a suggestion (unsafe), and FastAPI() is left alone."""
from fastapi import FastAPI
from fastapi.responses import JSONResponse, ORJSONResponse

# ok: FPL201
app = FastAPI()


@app.get("/rows")
def rows():
    # expect: FPL201
    return ORJSONResponse([{"id": i} for i in range(100)])


# expect: FPL201
@app.get("/declared", response_class=ORJSONResponse)
def declared():
    return {"items": list(range(100))}


@app.get("/ok")
def ok():
    # ok: FPL201
    return JSONResponse({"ok": True})
