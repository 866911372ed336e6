# fixture-versions: pydantic=2.11.7
"""FPL403 fixtures: Pydantic 1 validators on Pydantic 2."""
import pydantic
from pydantic import BaseModel, field_validator, model_validator, root_validator, validator
from pydantic.v1 import BaseModel as V1Model
from pydantic.v1 import validator as v1_validator


class ItemIn(BaseModel):
    name: str
    sku: str
    price: float

    # expect: FPL403
    @field_validator("name")
    @classmethod
    def strip_name(cls, v):
        return v.strip()

    # expect: FPL403
    @field_validator("sku", "name", mode="before")
    @classmethod
    def upper(cls, value: str) -> str:
        return value.upper()

    # expect: FPL403
    @field_validator("price", check_fields=False)
    @classmethod
    def positive(cls, v):
        return abs(v)

    # expect: FPL403
    @pydantic.validator("price")
    def uses_values(cls, v, values):
        return v if values else 0

    # expect: FPL403
    @validator("name", each_item=True)
    def each(cls, v):
        return v

    # expect: FPL403
    @model_validator(mode="before")
    @classmethod
    def fill(cls, values):
        values.setdefault("sku", "none")
        return values

    # expect: FPL403
    @root_validator(skip_on_failure=True)
    def after(cls, values):
        return values

    # expect: FPL403
    @pydantic.root_validator
    def bare(cls, values):
        return values


class Modern(BaseModel):
    name: str

    # ok: FPL403
    @field_validator("name")
    @classmethod
    def strip_name(cls, v):
        return v.strip()

    # ok: FPL403
    @model_validator(mode="before")
    @classmethod
    def fill(cls, data):
        return data


class Legacy(V1Model):
    name: str

    # ok: FPL403
    @v1_validator("name")
    def strip_name(cls, v):
        return v.strip()


def validator_factory(*fields):
    def wrap(fn):
        return fn

    return wrap


class Local(BaseModel):
    name: str

    def validator(self):
        return self

    # ok: FPL403
    @validator_factory("name")
    def custom(cls, v):
        return v


def shadowed():
    validator = validator_factory

    class Inner(BaseModel):
        name: str

        # ok: FPL403
        @validator("name")
        def strip(cls, v):
            return v

    return Inner


class Service:
    # ok: FPL403
    @staticmethod
    def validator(value):
        return value
