"""The effect of one program on a unit outcome: a stacked difference-in-differences, valid under staggered adoption
(Cengiz, Dube, Lindner & Zipperer 2019; docs/decisions/0017-effect-estimator.md).

Units adopt a program at different semesters. A plain two-way fixed-effects regression would compare units
trained later with units trained earlier (already-treated "controls") and can even flip the sign when effects
build up. Instead, for each adoption cohort *g* one sub-experiment (a *stack*) holds the units adopting at *g*
(all their semesters) and the **clean controls**: units never treated in the data and units not yet treated,
with only their semesters before their own adoption. The stacks are pooled, with unit × stack and
semester × stack fixed effects, and the treated-after indicator's coefficient is the average effect on the
treated. Other programs' adoption indicators enter as covariates, so a control unit's jump from another program
is not read as this one's absence. Estimated by ordinary least squares in statsmodels, standard errors
cluster-robust by unit (a unit appears in several stacks), t with G − 1 degrees of freedom.

Pre-trend check: the same regression with one pooled lead (treated × 2 or more semesters before adoption; the
semester just before is the reference) and its t-test. A small p-value says the treated units were already
drifting apart before training, so the estimate is suspect. With fewer than five treated units seen that early
there is no test (a cluster-robust test on so few clusters mostly finds "trends" that are noise).

Nothing here touches the database: plain numbers in, a dataclass out.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import statsmodels.api as sm

ALPHA = 0.05  # 95 % intervals
MIN_LEAD_UNITS = 5  # treated units seen 2+ semesters before adoption, for the pre-trend test


@dataclass(frozen=True)
class Panel:
    """An outcome per (unit, semester index) and each unit's adoption semester of the program studied (None: not
    adopted in the data), plus other programs' adoptions (covariates)."""

    y: Mapping[tuple[int, int], float]
    adopt: Mapping[int, int | None]
    others: Mapping[str, Mapping[int, int | None]] = field(default_factory=dict)


@dataclass(frozen=True)
class Estimasi:
    estimate: float | None
    ci_low: float | None
    ci_high: float | None
    se: float | None
    n_treated: int
    n_control: int
    n_periods: int
    n_pre: int  # semesters observed before adoption among treated units (the most any cohort has)
    pretrend_p: float | None
    always_treated: int  # units treated before their first survey: no "before", left out
    failed: str = ""  # why no estimate (no treated units, no controls, a singular design)


def _rows(panel: Panel) -> pd.DataFrame:
    periods = sorted({t for (_, t) in panel.y})
    cohorts = sorted({g for g in panel.adopt.values() if g is not None and g > periods[0]}) if periods else []
    rows: list[dict[str, object]] = []
    for g in cohorts:
        for (unit, t), value in panel.y.items():
            a = panel.adopt.get(unit)
            if a == g:
                role, event = 1, t - g
            elif a is None or (a > g and t < a):
                role, event = 0, 0
            else:
                continue
            row: dict[str, object] = {
                "y": value,
                "unit": unit,
                "stack": g,
                "t": t,
                "treated": role,
                "event": event,
                "D": int(role == 1 and t >= g),
                "su": f"{g}_{unit}",
                "st": f"{g}_{t}",
            }
            for i, (_, adopts) in enumerate(sorted(panel.others.items())):
                b = adopts.get(unit)
                row[f"o{i}"] = int(b is not None and t >= b)
            rows.append(row)
    return pd.DataFrame(rows)


def estimate(panel: Panel) -> Estimasi:
    """The program's average effect on the treated, its 95 % interval and the pre-trend test."""
    periods = sorted({t for (_, t) in panel.y})
    observed = {u for (u, _) in panel.y}
    first = {u: min(t for (v, t) in panel.y if v == u) for u in observed}
    always = sum(1 for u in observed if (a := panel.adopt.get(u)) is not None and a <= first[u])
    df = _rows(panel)
    empty = Estimasi(None, None, None, None, 0, 0, len(periods), 0, None, always)
    if df.empty:
        return _with(empty, failed="no_treated")
    treated = df[df.treated == 1]
    controls = df[df.treated == 0]
    # A treated unit counts only when it is seen both before and after adoption.
    seen = treated.groupby("unit")["D"].agg(["min", "max"])
    n_treated = int(((seen["min"] == 0) & (seen["max"] == 1)).sum())
    n_control = int(controls.unit.nunique())
    n_pre = int(-treated[treated.event < 0].event.min()) if (treated.event < 0).any() else 0
    base = Estimasi(None, None, None, None, n_treated, n_control, len(periods), n_pre, None, always)
    if n_treated == 0:
        return _with(base, failed="no_treated")
    if n_control == 0:
        return _with(base, failed="no_controls")
    covariates = [c for c in df.columns if c.startswith("o") and df[c].nunique() > 1]
    groups = df.unit.astype("category").cat.codes.to_numpy()
    design = _design(df, ["D", *covariates])
    try:
        fit = _fit(df.y.to_numpy(dtype=float), design, groups)
        low, high = (float(v) for v in fit.conf_int(alpha=ALPHA).loc["D"])
        est, se = float(fit.params["D"]), float(fit.bse["D"])
    except (ValueError, np.linalg.LinAlgError, KeyError) as exc:  # a singular or degenerate design
        return _with(base, failed=f"singular: {exc}")
    if not all(math.isfinite(v) for v in (est, se, low, high)):
        return _with(base, failed="singular")
    pre = _pretrend(df, ["D", *covariates], groups)
    return Estimasi(est, low, high, se, n_treated, n_control, len(periods), n_pre, pre, always)


def _design(df: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """The regressors and the unit × stack and semester × stack fixed effects (dummies; one of each dropped
    for the constant)."""
    fixed = pd.get_dummies(df[["su", "st"]], drop_first=True, dtype=float)
    x = pd.concat([df[columns].astype(float), fixed], axis=1)
    return sm.add_constant(x, has_constant="add")


def _fit(y: np.ndarray, x: pd.DataFrame, groups: np.ndarray) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter(
            "ignore"
        )  # the fixed effects' own variances are not identified under clustering
        fit = sm.OLS(y, x).fit(cov_type="cluster", cov_kwds={"groups": groups}, use_t=True)
        fit.bse  # noqa: B018  (computed here, inside the warnings filter)
    return fit


def _pretrend(df: pd.DataFrame, columns: list[str], groups: np.ndarray) -> float | None:
    """The p-value of the test that the treated units' outcome 2 or more semesters before adoption differed from
    the semester just before (one pooled lead; its cluster-robust t with G − 1 degrees of freedom). None when
    fewer than ``MIN_LEAD_UNITS`` treated units were observed that early: cluster-robust tests then reject far
    too often (simulated: a joint test of one lead per semester fired in 36 % of panels without any pre-trend,
    the pooled lead in 9 %)."""
    df = df.copy()
    df["lead"] = ((df.treated == 1) & (df.event <= -2)).astype(int)
    if df[df.lead == 1].unit.nunique() < MIN_LEAD_UNITS:
        return None
    x = _design(df, ["lead", *columns])
    try:
        p = float(_fit(df.y.to_numpy(dtype=float), x, groups).pvalues["lead"])
    except (ValueError, np.linalg.LinAlgError, KeyError):
        return None
    return p if math.isfinite(p) else None


def _with(e: Estimasi, *, failed: str) -> Estimasi:
    return Estimasi(
        None, None, None, None, e.n_treated, e.n_control, e.n_periods, e.n_pre, None, e.always_treated, failed
    )
