"""FPL502 fixtures: BaseHTTPMiddleware and the middleware("http") decorator."""
import fastapi
from fastapi import FastAPI, Request
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.middleware.base import BaseHTTPMiddleware as Base

app = FastAPI()
other = fastapi.FastAPI()
star = Starlette()


# expect: FPL502
@app.middleware("http")
async def add_timing(request: Request, call_next):
    return await call_next(request)


# expect: FPL502
@other.middleware("http")
async def add_header(request, call_next):
    response = await call_next(request)
    response.headers["X-App"] = "other"
    return response


# expect: FPL502
@star.middleware("http")
async def starlette_style(request, call_next):
    return await call_next(request)


# expect: FPL502
class RequestId(BaseHTTPMiddleware):
    async def dispatch(self, request, call_next):
        return await call_next(request)


# expect: FPL502
class Aliased(Base):
    async def dispatch(self, request, call_next):
        return await call_next(request)


# ok: FPL502
class Derived(RequestId):
    pass


async def log_requests(request, call_next):
    return await call_next(request)


# expect: FPL502
app.add_middleware(BaseHTTPMiddleware, dispatch=log_requests)
# expect: FPL502
star_app = Starlette(middleware=[Middleware(BaseHTTPMiddleware, dispatch=log_requests)])


def build():
    local = FastAPI()

    # expect: FPL502
    @local.middleware("http")
    async def inner(request, call_next):
        return await call_next(request)

    return local


class PureASGI:
    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        await self.app(scope, receive, send)


# ok: FPL502
app.add_middleware(PureASGI)


class Registry:
    def middleware(self, kind):
        return lambda fn: fn


registry = Registry()


# ok: FPL502
@registry.middleware("http")
async def not_an_app(request, call_next):
    return await call_next(request)


# ok: FPL502
@app.exception_handler(ValueError)
async def on_value_error(request, exc):
    return None


class BaseHTTPMiddlewareLike:
    pass


# ok: FPL502
class Lookalike(BaseHTTPMiddlewareLike):
    pass


def shadowed(app):
    # ok: FPL502
    @app.middleware("http")
    async def unknown_app(request, call_next):
        return await call_next(request)

    return unknown_app
