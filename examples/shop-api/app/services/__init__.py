from .geo import lookup_region

__all__ = ["lookup_region"]
