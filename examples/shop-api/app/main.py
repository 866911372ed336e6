"""Application entry point."""
import time

from fastapi import FastAPI, Request
from starlette.middleware.base import BaseHTTPMiddleware

from .routers import items, reports

app = FastAPI(title="Shop API")
app.include_router(items.router)
app.include_router(reports.router)


# FPL502: BaseHTTPMiddleware-style decorator middleware.
@app.middleware("http")
async def add_timing(request: Request, call_next):
    start = time.perf_counter()
    response = await call_next(request)
    response.headers["X-Elapsed"] = f"{time.perf_counter() - start:.4f}"
    return response


class RequestIdMiddleware(BaseHTTPMiddleware):
    async def dispatch(self, request, call_next):
        response = await call_next(request)
        response.headers["X-Request-Id"] = request.headers.get("X-Request-Id", "-")
        return response


app.add_middleware(RequestIdMiddleware)


@app.get("/health")
async def health():
    return {"status": "ok"}
