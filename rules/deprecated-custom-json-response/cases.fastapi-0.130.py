# fixture-versions: fastapi=0.130.0
"""FPL202 on FastAPI 0.130: ORJSONResponse is not deprecated yet."""
from fastapi import FastAPI
from fastapi.responses import ORJSONResponse

# ok: FPL202
app = FastAPI(default_response_class=ORJSONResponse)


# ok: FPL202
@app.get("/a", response_class=ORJSONResponse)
def a():
    # ok: FPL202
    return ORJSONResponse({"a": 1})
