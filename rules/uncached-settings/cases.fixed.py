"""FPL501 fixtures: settings built per request."""
import functools
from functools import lru_cache
from typing import Annotated

from cachetools import cached
from fastapi import APIRouter, Depends, FastAPI
from pydantic import BaseModel
from pydantic import BaseSettings as V1Settings
from pydantic_settings import BaseSettings, SettingsConfigDict

app = FastAPI()
router = APIRouter()


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="APP_")
    database_url: str = "sqlite://"


class ApiSettings(Settings):
    api_key: str = ""


class OldSettings(V1Settings):
    debug: bool = False


class NotSettings(BaseModel):
    value: int = 0


# expect: FPL501
@lru_cache
def get_settings() -> Settings:
    return Settings()


# expect: FPL501
@lru_cache
def get_api_settings():
    settings = ApiSettings(_env_file=".env")
    return settings


# expect: FPL501
@lru_cache
def load_old():
    return OldSettings()


# expect: FPL501
async def async_settings():
    return Settings()


# expect: FPL501
def settings_for(profile: str):
    return Settings(_env_file=f".env.{profile}")


# expect: FPL501
@lru_cache
def helper_settings():
    return ApiSettings()


def get_client(settings: Annotated[Settings, Depends(get_settings)]):
    cfg = helper_settings()
    return {"url": settings.database_url, "key": cfg.api_key}


@app.get("/info")
def info(settings: Settings = Depends(get_settings)):
    return {"db": settings.database_url}


@router.get("/api")
async def api(settings: Annotated[ApiSettings, Depends(get_api_settings)], client=Depends(get_client)):
    old = load_old()
    fresh = await async_settings()
    return {"key": settings.api_key, "debug": old.debug, "db": fresh.database_url, "client": client}


@router.get("/profile/{name}")
def profile(name: str):
    return settings_for(name).database_url


# ok: FPL501
@lru_cache
def cached_settings() -> Settings:
    return Settings()


# ok: FPL501
@lru_cache()
def cached_call_settings() -> Settings:
    return Settings()


# ok: FPL501
@functools.cache
def cache_settings() -> Settings:
    return Settings()


# ok: FPL501
@cached(cache={})
def cachetools_settings() -> Settings:
    return Settings()


_settings = Settings()


# ok: FPL501
def module_instance() -> Settings:
    return _settings


_lazy = None


# ok: FPL501
def lazily_cached() -> Settings:
    global _lazy
    if _lazy is None:
        _lazy = Settings()
    return _lazy


# ok: FPL501
def rebound() -> Settings:
    return Settings()


rebound = lru_cache(maxsize=1)(rebound)


# ok: FPL501
def startup_only() -> Settings:
    return Settings()


STARTUP = startup_only()


# ok: FPL501
def not_settings() -> NotSettings:
    return NotSettings()


class Container:
    # ok: FPL501
    def settings(self) -> Settings:
        return Settings()


@app.get("/more")
def more(
    a: Settings = Depends(cached_settings),
    b: Settings = Depends(cached_call_settings),
    c: Settings = Depends(cache_settings),
    d: Settings = Depends(cachetools_settings),
    e: Settings = Depends(module_instance),
    f: Settings = Depends(lazily_cached),
    g: NotSettings = Depends(not_settings),
    h=Depends(rebound),
):
    return {"ok": True}
