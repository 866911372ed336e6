"""FPL201 with no version found (the latest FastAPI): only a route wrapping its data in JSONResponse."""
from fastapi import FastAPI
from fastapi.responses import JSONResponse

# ok: FPL201
app = FastAPI()
# ok: FPL201
legacy = FastAPI(default_response_class=JSONResponse)


@app.get("/rows")
def rows():
    data = [{"id": i} for i in range(1000)]
    # expect: FPL201
    return JSONResponse(content=data)


@app.post("/items")
async def create(payload: dict):
    # expect: FPL201
    return JSONResponse({"item": payload, "status": "created"}, status_code=201)


# ok: FPL201
@app.get("/declared", response_class=JSONResponse)
def declared() -> dict:
    return {"items": []}


@app.get("/health")
def health():
    # ok: FPL201
    return JSONResponse({"status": "ok", "version": "1.2.3"})


@app.get("/gone")
def gone():
    # ok: FPL201
    return JSONResponse({"items": []}, status_code=410)
