"""API schemas (Pydantic 2)."""
from pydantic import BaseModel, validator


class ItemIn(BaseModel):
    name: str
    price_cents: int

    # FPL403: Pydantic v1 validator.
    @validator("name")
    def strip_name(cls, v):
        return v.strip()


class ItemOut(BaseModel):
    id: int
    name: str
    price_cents: int

    # FPL402: Pydantic v1 config class.
    class Config:
        orm_mode = True
        anystr_strip_whitespace = True


class Page(BaseModel):
    items: list[ItemOut]
    total: int
