"""Hypothesis strategies: small random problems with every kind of rule."""

from __future__ import annotations

from hypothesis import strategies as st

from sibina.optimiser import PARTICIPANT_OPD, Activity, Budget, Employee, Kind, Policy, Problem

COMPS = ("k1", "k2", "k3")


@st.composite
def problems(draw: st.DrawFn, max_employees: int = 6, max_activities: int = 5) -> Problem:
    n_a = draw(st.integers(1, max_activities))
    acts = []
    for i in range(n_a):
        cap = draw(st.integers(1, 4))
        gains = draw(
            st.dictionaries(st.sampled_from(COMPS), st.sampled_from([0.5, 1.0, 2.0]), min_size=1, max_size=2)
        )
        opd_charged = draw(st.booleans())
        fixed = draw(st.sampled_from([0.0, 0.0, 1.0, 3.0]))
        acts.append(
            Activity(
                id=f"A{i}",
                form=draw(st.sampled_from(["KL03", "NKL03", "NKL01"])),
                classical=draw(st.booleans()),
                jp=draw(st.sampled_from([0.0, 4.0, 8.0, 12.0])),
                cost_per_participant=draw(st.sampled_from([0.0, 0.5, 1.0, 2.0])),
                fixed_cost_per_batch=fixed,
                capacity=cap,
                min_class=draw(st.integers(0, min(cap, 2))),
                max_batches=draw(st.sampled_from([0, 1, 1, 2, 3])),
                days=draw(st.sampled_from([0.0, 1.0, 3.0])),
                gains=tuple(gains.items()),
                budget=PARTICIPANT_OPD if opd_charged else "BKPSDM",
                batch_budget="BKPSDM" if opd_charged else None,
                requires=(f"A{i - 1}",) if i > 0 and draw(st.integers(0, 5)) == 0 else (),
            )
        )
    n_e = draw(st.integers(1, max_employees))
    emps = []
    for j in range(n_e):
        kind = draw(st.sampled_from(list(Kind)))
        elig = draw(st.sets(st.sampled_from([a.id for a in acts]), min_size=1, max_size=n_a))
        locked = (
            draw(st.sets(st.sampled_from(sorted(elig)), max_size=1))
            if elig and draw(st.integers(0, 4)) == 0
            else set()
        )
        rest = sorted(elig - locked)
        excluded = (
            draw(st.sets(st.sampled_from(rest), max_size=1))
            if rest and draw(st.integers(0, 4)) == 0
            else set()
        )
        done = draw(st.sets(st.sampled_from([a.id for a in acts]), max_size=1))
        emps.append(
            Employee(
                id=f"E{j}",
                opd=draw(st.sampled_from(["X", "Y"])),
                kind=kind,
                weight=draw(st.sampled_from([0.5, 1.0, 2.0])),
                jp_earned=draw(st.sampled_from([0.0, 6.0, 14.0, 22.0])),
                jp_min=20.0 if kind is Kind.PNS else None,
                jp_max=24.0 if kind in (Kind.PPPK, Kind.PPPK_PW) else None,
                max_activities=draw(st.sampled_from([None, 1, 2, 3])),
                max_classical_days=draw(st.sampled_from([None, 2.0, 4.0])),
                gaps=tuple(
                    draw(
                        st.dictionaries(
                            st.sampled_from(COMPS), st.sampled_from([1.0, 2.0]), min_size=1, max_size=3
                        )
                    ).items()
                ),
                eligible=tuple(elig),
                locked=tuple(locked),
                excluded=tuple(excluded),
                done=tuple(done),
            )
        )
    budgets = [
        Budget("BKPSDM", draw(st.sampled_from([0.0, 3.0, 8.0, 20.0, 50.0]))),
        Budget("opd:X", draw(st.sampled_from([0.0, 1.0, 3.0, 10.0]))),
        Budget("opd:Y", draw(st.sampled_from([0.0, 1.0, 3.0, 10.0]))),
    ]
    if draw(st.booleans()):
        budgets.append(Budget("total", draw(st.sampled_from([2.0, 6.0, 15.0])), sources=("*",)))
    return Problem(
        employees=tuple(emps),
        activities=tuple(acts),
        competencies=tuple((k, 1.0) for k in COMPS),
        budgets=tuple(budgets),
        policy=Policy(shortfall_penalty=draw(st.sampled_from([0.0, 0.1, 0.5]))),
    )
