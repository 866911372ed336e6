"""Region lookup against the geo service (a sync HTTP helper)."""
import requests

from ..settings import Settings


def lookup_region(ip: str) -> str:
    resp = requests.get(f"{Settings().geo_url}/ip/{ip}", timeout=2)
    return resp.json()["region"]
