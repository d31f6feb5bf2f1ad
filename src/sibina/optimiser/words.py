"""Numbers in sentences: the one formatting the explanations share."""

from __future__ import annotations


def fmt(x: float) -> str:
    """``1,234.5`` for 1234.50: two decimals at most, trailing zeros dropped."""
    return f"{x:,.2f}".rstrip("0").rstrip(".")
