"""FPL112 fixtures: sync dependencies that do no blocking work."""
from functools import lru_cache
from typing import Annotated

import jwt
from fastapi import APIRouter, Depends, Header, HTTPException, Request
from sqlalchemy.orm import Session, sessionmaker

router = APIRouter()
SessionLocal = sessionmaker()


# expect: FPL112
def tenant(x_tenant: str = Header("default")) -> str:
    return x_tenant.strip().lower()


# expect: FPL112
def pagination(skip: int = 0, limit: int = 100) -> dict:
    return {"skip": max(skip, 0), "limit": min(limit, 100)}


# expect: FPL112
def require_admin(x_role: str = Header("")) -> None:
    if x_role != "admin":
        raise HTTPException(status_code=403, detail="admins only")


# expect: FPL112
def request_id(request: Request) -> str:
    return request.headers.get("x-request-id", "-")


# expect: FPL112
def audit_marker() -> bool:
    return True


# expect: FPL112
def locale(accept_language: str = Header("en")) -> str:
    return accept_language.split(",")[0]


def log_locale(value: str) -> str:
    return locale(value)


# ---- negatives ----


# ok: FPL112
def get_db():
    db = SessionLocal()
    try:
        yield db
    finally:
        db.close()


# ok: FPL112
def current_user(token: str = Header("")) -> dict:
    return jwt.decode(token, "secret", algorithms=["HS256"])


# ok: FPL112
def user_from_db(db: Session = Depends(get_db)) -> object:
    return db.get(object, 1)


# ok: FPL112
def uses_helper(x: str = Header("")) -> str:
    return log_locale(x)


@lru_cache
# ok: FPL112
def get_settings() -> dict:
    return {"debug": False}


# ok: FPL112
async def already_async(x: str = Header("")) -> str:
    return x


# ok: FPL112
def not_a_dependency(x: str) -> str:
    return x.lower()


class Paginator:
    # ok: FPL112
    def __init__(self, page: int = 1):
        self.page = page


@router.get("/orders", dependencies=[Depends(audit_marker)])
async def orders(
    t: str = Depends(tenant),
    page: Annotated[dict, Depends(pagination)] = None,
    rid: str = Depends(request_id),
    lang: str = Depends(locale),
    user: dict = Depends(current_user),
    db_user: object = Depends(user_from_db),
    helper: str = Depends(uses_helper),
    settings: dict = Depends(get_settings),
    a: str = Depends(already_async),
    pager: Paginator = Depends(Paginator),
):
    return {"tenant": t}


@router.delete("/orders/{order_id}", dependencies=[Depends(require_admin)])
# ok: FPL112
def delete_order(order_id: int) -> dict:
    return {"deleted": order_id}
