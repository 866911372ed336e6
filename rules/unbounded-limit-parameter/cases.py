"""FPL302: limit-like query parameters without a real upper bound."""
from typing import Annotated, Optional

from annotated_types import Le
from fastapi import Body, Depends, FastAPI, Header, HTTPException, Query, params
from pydantic import Field

app = FastAPI()
MAX_PAGE = 500


@app.get("/plain")
# expect: FPL302
def plain(limit: int = 100):
    return load(limit)


@app.get("/query")
# expect: FPL302
def query(limit: int = Query(50)):
    return load(limit)


@app.get("/page")
# expect: FPL302
def page(page: int = 1, page_size: int = Query(20, ge=1)):
    return load(page_size)


@app.get("/annotated")
# expect: FPL302
async def annotated(per_page: Annotated[int, Query(ge=1)] = 20):
    return load(per_page)


@app.get("/huge")
# expect: FPL302
def huge(size: Optional[int] = Query(None, lt=2147483647)):
    return load(size)


@app.get("/power")
# expect: FPL302
def power(take: int = Query(10, le=10**9)):
    return load(take)


@app.get("/negative")
# expect: FPL302
def negative(count: int = Query(10, gt=-2, le=100)):
    return load(count)


@app.get("/untyped")
# expect: FPL302
def untyped(limit=50):
    return load(limit)


@app.get("/sign-check")
# expect: FPL302
def sign_check(limit: int = 10):
    if limit > 0:
        return load(limit)
    return []


@app.get("/multiline")
def multiline(
    q: str,
    # expect: FPL302
    limit: int = Query(
        25,
        ge=1,
    ),
):
    return load(limit)


# expect: FPL302
def pagination(skip: int = 0, limit: int = 100):
    return {"skip": skip, "limit": limit}


@app.get("/with-dependency")
def with_dependency(p: dict = Depends(pagination)):
    return load(p["limit"])


def default_page_size() -> int:
    return 25


@app.get("/computed-default")
# expect: FPL302
def computed_default(limit: int = default_page_size()):
    return load(limit)


def LimitBody():
    def get_limit(limit: int = Body(None)):
        if limit is not None and limit > MAX_PAGE:
            raise HTTPException(422, "limit too large")
        return limit or MAX_PAGE

    return Depends(get_limit)


def page_size_query():
    return Query(20, ge=1, le=MAX_PAGE)


@app.post("/filter")
# ok: FPL302
def filter_items(limit: int = LimitBody()):
    return load(limit)


@app.get("/factory-query")
# ok: FPL302
def factory_query(page_size: int = page_size_query()):
    return load(page_size)


@app.post("/params-body")
# ok: FPL302
def params_body(limit: int = params.Body(50, le=MAX_PAGE, embed=True)):
    return load(limit)


@app.get("/keyword")
# expect: FPL302
def keyword(page_size: int = 20):
    return [row for row in load(limit=page_size)]


@app.get("/timeline")
# ok: FPL302
def timeline(run_id: str, page_size: int = Query(20, ge=1)):
    # The page size is accepted for old clients and ignored: it bounds nothing.
    return load(run_id, limit=None)


class ChatRepository:
    def list_chats(self, page: int = 1, page_size: int = 20):
        page_size = max(min(page_size, 100), 1)
        return load(page, page_size)

    def list_jobs(self, limit: int = 50):
        # Not implemented yet: nothing is queried.
        return []

    def list_runs(self, page_size: int = 10):
        return load(page_size)


repo = ChatRepository()


def checked_page(size: int):
    if size > MAX_PAGE:
        raise HTTPException(422, "page too large")
    return load(size)


@app.get("/chats")
# ok: FPL302
def list_chats(page: int = 1, page_size: int = 20):
    return repo.list_chats(page, page_size=page_size)


@app.get("/jobs")
# ok: FPL302
def list_jobs(limit: int = Query(50)):
    return repo.list_jobs(limit)


@app.get("/checked-page")
# ok: FPL302
def checked_page_route(size: int = 10):
    return checked_page(size)


@app.get("/runs")
# expect: FPL302
def list_runs(page_size: int = Query(10, ge=1)):
    return repo.list_runs(page_size=page_size)


@app.get("/echo")
# expect: FPL302
def echo(limit: int = 20):
    return {"limit": limit, "chats": repo.list_chats(page_size=limit)}


@app.get("/bounded")
# ok: FPL302
def bounded(limit: int = Query(100, ge=1, le=1000)):
    return load(limit)


@app.get("/field")
# ok: FPL302
def field(limit: Annotated[int, Field(le=100)] = 10):
    return load(limit)


@app.get("/annotated-types")
# ok: FPL302
def annotated_types_bound(limit: Annotated[int, Le(100)] = 10):
    return load(limit)


@app.get("/clamped")
# ok: FPL302
def clamped(limit: int = 100):
    limit = min(limit, 200)
    return load(limit)


@app.get("/checked")
# ok: FPL302
def checked(limit: int = 100):
    if limit > MAX_PAGE:
        raise HTTPException(400, "limit too large")
    return load(limit)


@app.get("/named-bound")
# ok: FPL302
def named_bound(limit: int = Query(10, le=MAX_PAGE)):
    return load(limit)


@app.get("/thumb/{size}")
# ok: FPL302
def thumb(size: int):
    return render(size)


@app.get("/label")
# ok: FPL302
def label(size: str = "small"):
    return render(size)


@app.get("/header")
# ok: FPL302
def header(count: int = Header(1)):
    return load(count)


@app.get("/dep")
# ok: FPL302
def dep(limit: int = Depends(get_limit)):
    return load(limit)


# ok: FPL302
def helper(limit: int = 100):
    return load(limit)


@app.get("/offset")
# ok: FPL302
def offset_only(offset: int = 0, top: int = 10):
    return load(offset, top)


@app.get("/lower")
# ok: FPL302
def lower(limit: int = Query(10, ge=0, le=100)):
    return load(limit)
