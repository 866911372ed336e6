# fixture-versions: pydantic=2.11.7
"""FPL402 fixtures: `class Config` in Pydantic 2 models."""
from enum import Enum

import pydantic
from pydantic import BaseModel
from pydantic.v1 import BaseModel as V1Model
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlmodel import SQLModel


def to_camel(name: str) -> str:
    return name


class ItemOut(BaseModel):
    id: int
    name: str

    # expect: FPL402
    model_config = pydantic.ConfigDict(from_attributes=True, str_strip_whitespace=True)


class Commented(pydantic.BaseModel):
    title: str

    # expect: FPL402
    model_config = pydantic.ConfigDict(  # legacy options
        # read rows straight from the ORM
        from_attributes=True,
        populate_by_name=True,  # aliases and names
        json_schema_extra={
            "example": {"title": "x"},  # shown in the docs
        },
        validate_default=True,
    )


class Frozen(BaseModel):
    key: str

    # expect: FPL402
    model_config = pydantic.ConfigDict(
        frozen=True,
        alias_generator=to_camel,
        extra="forbid",
    )


class Settings(BaseSettings):
    database_url: str = "sqlite://"

    # expect: FPL402
    model_config = SettingsConfigDict(env_prefix="APP_", env_file=".env")


class Hero(SQLModel, table=True):
    id: int

    # expect: FPL402
    model_config = pydantic.ConfigDict(arbitrary_types_allowed=True)


class OneLiner(BaseModel):
    id: int

    # expect: FPL402
    model_config = pydantic.ConfigDict(from_attributes=True)


class Base(BaseModel):
    pass


class Derived(Base):
    value: int

    # expect: FPL402
    model_config = pydantic.ConfigDict()


class WithMethod(BaseModel):
    value: int

    # expect: FPL402
    class Config:
        orm_mode = True

        @staticmethod
        def schema_extra(schema, model):
            schema["title"] = "x"


class WithRemoved(BaseModel):
    value: int

    # expect: FPL402
    class Config:
        fields = {"value": {"alias": "v"}}
        underscore_attrs_are_private = True


class WithBase(BaseModel):
    value: int

    # expect: FPL402
    class Config(Base.Config if False else object):
        orm_mode = True


class BothStyles(BaseModel):
    model_config = pydantic.ConfigDict(frozen=True)

    # expect: FPL402
    class Config:
        orm_mode = True


class ValueUsesField(BaseModel):
    default_title = "Items"

    # expect: FPL402
    class Config:
        title = default_title


class NotAModel:
    # ok: FPL402
    class Config:
        orm_mode = True


class Color(Enum):
    RED = 1


class V1Style(V1Model):
    name: str

    # ok: FPL402
    class Config:
        orm_mode = True


class ModernModel(BaseModel):
    model_config = pydantic.ConfigDict(from_attributes=True)

    # ok: FPL402
    class Meta:
        orm_mode = True


def factory():
    # ok: FPL402
    class Config:
        orm_mode = True

    return Config


class Outer(BaseModel):
    value: int

    class Inner:
        # ok: FPL402
        class Config:
            orm_mode = True
