"""Pure helpers of the synthetic city: fair allocation and batch numbering. No ORM.

JP conversion is ``sibina.reference.domain.jp_for``, shared with the rest of SiBina.
"""

from __future__ import annotations

from collections.abc import Sequence


def allocate(total: int, weights: Sequence[float], *, minimum: int = 0) -> list[int]:
    """Split ``total`` into integer shares proportional to ``weights`` (largest remainder, ties to the first).

    Each share gets at least ``minimum`` when ``total`` allows it; the result always sums to ``total``.
    """
    n = len(weights)
    if n == 0 or total <= 0:
        return [0] * n
    floor = minimum if minimum * n <= total else 0
    rest = total - floor * n
    weight_sum = sum(weights)
    if weight_sum <= 0:
        weights, weight_sum = [1.0] * n, float(n)
    exact = [rest * w / weight_sum for w in weights]
    shares = [int(x) for x in exact]
    order = sorted(range(n), key=lambda i: (-(exact[i] - shares[i]), i))
    for i in order[: rest - sum(shares)]:
        shares[i] += 1
    return [floor + s for s in shares]


def roman(n: int) -> str:
    """1 -> 'I', 14 -> 'XIV' (batch numbers: 'Angkatan II')."""
    numerals = ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    out = []
    for value, text in numerals:
        while n >= value:
            out.append(text)
            n -= value
    return "".join(out)
