# fixture-versions: fastapi=0.131.0
"""FPL202 on FastAPI 0.131.0, the release that deprecated the custom JSON responses."""
from fastapi import FastAPI

# expect: FPL202
app = FastAPI()
