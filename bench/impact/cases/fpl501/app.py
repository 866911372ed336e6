from fastapi import Depends, FastAPI

from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    app_name: str = "impact"
    database_url: str = "sqlite:///./app.db"
    redis_url: str = "redis://localhost:6379/0"
    secret_key: str = "change-me"
    debug: bool = False
    page_size: int = 50
    allowed_hosts: list[str] = ["localhost"]
    upstream_timeout: float = 5.0

    class Config:
        env_file = ".env"


def get_settings():
    return Settings()


app = FastAPI()


@app.get("/slow")
async def slow(settings: Settings = Depends(get_settings)):
    return {"app": settings.app_name, "page_size": settings.page_size}


@app.get("/fast")
async def fast():
    return {"ok": True}
