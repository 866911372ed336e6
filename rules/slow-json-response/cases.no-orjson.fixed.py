# fixture-versions: fastapi=0.115.12
"""FPL201 on FastAPI 0.115 without orjson: only an explicit JSONResponse class is reported (the swap is a suggestion, unsafe); FastAPI() and JSONResponse(...) in a route are left alone."""
from fastapi import FastAPI
from fastapi.responses import JSONResponse, ORJSONResponse

# ok: FPL201
app = FastAPI()


# Without orjson at run time, JSONResponse is what FastAPI uses anyway: nothing faster to swap to.
@app.get("/rows")
def rows():
    # ok: FPL201
    return JSONResponse([{"id": i} for i in range(100)])


# expect: FPL201
@app.get("/declared", response_class=ORJSONResponse)
def declared():
    return {"items": list(range(100))}


@app.get("/ok")
def ok():
    # ok: FPL201
    return JSONResponse({"ok": True})
