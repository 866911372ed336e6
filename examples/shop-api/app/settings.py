"""Application settings, read from the environment."""
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SHOP_")

    database_url: str = "postgresql+psycopg2://shop:shop@localhost/shop"
    inventory_url: str = "http://inventory.internal"
    geo_url: str = "http://geo.internal"
    redis_url: str = "redis://localhost:6379/0"
    report_dir: str = "/var/lib/shop/reports"
    webhook_url: str = "http://hooks.internal/orders"


# FPL501: every request re-reads the environment and re-validates the settings.
def get_settings() -> Settings:
    return Settings()
