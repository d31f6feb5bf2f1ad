"""The instruments and monitoring run on the small city of tests/delivery (its decreed 2027 plan and its clock)."""

from tests.delivery.conftest import day, world

__all__ = ["day", "world"]
