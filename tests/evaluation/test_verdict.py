"""The verdict rule, exactly at its edges (pure)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sibina.evaluation import verdict as v

RULE = v.Ambang(efek_min=Decimal("1.0"), min_dilatih=3, min_kontrol=5, min_sebelum=1, cakupan=Decimal("0.5"))


def bukti(est: float | None, low: float | None, high: float | None, **kw: int | float | None) -> v.Bukti:
    base: dict[str, object] = {"n_treated": 6, "n_control": 20, "n_pre": 2, "pretrend_p": 0.5}
    base.update(kw)
    return v.Bukti(est, low, high, **base)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("b", "expected"),
    [
        (bukti(3.0, 0.5, 5.5), v.PERLUAS),
        (bukti(1.0, 0.01, 2.0), v.PERLUAS),  # estimate exactly the minimum effect, interval above zero
        (bukti(0.99, 0.01, 2.0), v.LANJUTKAN),  # interval above zero but below the minimum effect
        (bukti(2.0, 0.0, 4.0), v.LANJUTKAN),  # the interval touches zero
        (bukti(0.5, -1.0, 2.0), v.LANJUTKAN),
        (bukti(0.5, -0.2, 0.99), v.TINJAU_ULANG),  # even the best case is below the minimum effect
        (bukti(0.0, -2.0, 2.0), v.TINJAU_ULANG),  # no improvement
        (bukti(-1.0, -3.0, 1.5), v.TINJAU_ULANG),
        (bukti(None, None, None), v.DATA_KURANG),
        (bukti(3.0, 0.5, 5.5, n_treated=2), v.DATA_KURANG),
        (bukti(3.0, 0.5, 5.5, n_control=4), v.DATA_KURANG),
        (bukti(3.0, 0.5, 5.5, n_pre=0), v.DATA_KURANG),
    ],
)
def test_verdict(b: v.Bukti, expected: str) -> None:
    assert v.verdict(b, RULE) == expected


def test_warnings_say_what_is_missing() -> None:
    assert v.warnings_for(bukti(None, None, None, n_treated=1, n_control=2, n_pre=0), RULE) == [
        v.W_NOT_ESTIMATED,
        v.W_FEW_TREATED,
        v.W_FEW_CONTROLS,
        v.W_NO_PRE,
    ]
    assert v.warnings_for(bukti(1.0, 0.1, 2.0, pretrend_p=0.01, always_treated=2), RULE) == [
        v.W_PRETREND,
        v.W_ALWAYS_TREATED,
    ]
    assert v.warnings_for(bukti(1.0, 0.1, 2.0, pretrend_p=None), RULE) == [v.W_NO_PRETREND_TEST]
    assert v.warnings_for(bukti(1.0, 0.1, 2.0), RULE) == []
