"""Old payload format still accepted by a partner integration."""
# FPL406: Pydantic v1 models; FastAPI 0.128+ no longer supports them.
from pydantic.v1 import BaseModel as V1Model


class PartnerOrder(V1Model):
    reference: str
    amount: float
