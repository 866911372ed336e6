"""Clients for other services."""
import httpx


# FPL110: a new connection pool on every call, when called per request.
def inventory_client(base_url: str) -> httpx.AsyncClient:
    return httpx.AsyncClient(base_url=base_url, timeout=5)
