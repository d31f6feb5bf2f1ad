"""The verdict on a program from its estimated effect (pure; the rule of docs/evaluation.md, "The verdict").

- **DATA_KURANG** (not enough data): no estimate, fewer treated or control units than the minimums, or no
  semester before training;
- **PERLUAS** (expand): the whole 95 % interval above zero and the estimate at least the minimum meaningful effect;
- **TINJAU_ULANG** (review the method): the interval's upper end below the minimum meaningful effect (even the
  best case is too small), or the estimate zero or negative;
- **LANJUTKAN** (continue and keep measuring): anything else — positive but uncertain.

The thresholds are reference settings with an effective date (``EVALUASI_*``), read by the service.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

PERLUAS, LANJUTKAN, TINJAU_ULANG, DATA_KURANG = "PERLUAS", "LANJUTKAN", "TINJAU_ULANG", "DATA_KURANG"

# Warning codes (worded at display time, in the reader's language).
W_FEW_TREATED = "few_treated"
W_FEW_CONTROLS = "few_controls"
W_NO_PRE = "no_pre"
W_NO_PRETREND_TEST = "no_pretrend_test"
W_PRETREND = "pretrend"
W_ALWAYS_TREATED = "always_treated"
W_NOT_ESTIMATED = "not_estimated"
PRETREND_ALPHA = 0.05


@dataclass(frozen=True)
class Ambang:
    """The verdict rule's settings."""

    efek_min: Decimal  # minimum meaningful effect, converted IKM points
    min_dilatih: int  # minimum treated units
    min_kontrol: int  # minimum control units
    min_sebelum: int  # minimum semesters before training
    cakupan: Decimal  # share of front-line staff that makes a unit "treated"


@dataclass(frozen=True)
class Bukti:
    """What the verdict is decided on."""

    estimate: float | None
    ci_low: float | None
    ci_high: float | None
    n_treated: int
    n_control: int
    n_pre: int
    pretrend_p: float | None
    always_treated: int = 0


def warnings_for(b: Bukti, a: Ambang) -> list[str]:
    out: list[str] = []
    if b.estimate is None:
        out.append(W_NOT_ESTIMATED)
    if b.n_treated < a.min_dilatih:
        out.append(W_FEW_TREATED)
    if b.n_control < a.min_kontrol:
        out.append(W_FEW_CONTROLS)
    if b.n_pre < a.min_sebelum:
        out.append(W_NO_PRE)
    if b.estimate is not None:
        if b.pretrend_p is None:
            out.append(W_NO_PRETREND_TEST)
        elif b.pretrend_p < PRETREND_ALPHA:
            out.append(W_PRETREND)
    if b.always_treated:
        out.append(W_ALWAYS_TREATED)
    return out


def verdict(b: Bukti, a: Ambang) -> str:
    if (
        b.estimate is None
        or b.ci_low is None
        or b.ci_high is None
        or b.n_treated < a.min_dilatih
        or b.n_control < a.min_kontrol
        or b.n_pre < a.min_sebelum
    ):
        return DATA_KURANG
    efek_min = float(a.efek_min)
    if b.ci_low > 0 and b.estimate >= efek_min:
        return PERLUAS
    if b.ci_high < efek_min or b.estimate <= 0:
        return TINJAU_ULANG
    return LANJUTKAN
