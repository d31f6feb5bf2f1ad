"""The optimiser's input: plain, frozen, serialisable data (no Django, no solver).

Money is in **Rp millions** (float) so the model is well scaled for HiGHS; the Django side converts from
``Decimal`` rupiah. JP are lesson hours of 45 minutes. See ``docs/optimiser.md`` for the formulation.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

SCHEMA_FORMAT = "sibina-plan-problem"
SCHEMA_VERSION = 1

OPD_SOURCE_PREFIX = "opd:"


def opd_source(code: str) -> str:
    """The budget source key of one OPD's DPA, ``opd:<code>``: the one place the key is spelled."""
    return f"{OPD_SOURCE_PREFIX}{code}"


def source_opd(source: str) -> str | None:
    """The OPD code of a budget source key made by :func:`opd_source` (None for any other source)."""
    return source.removeprefix(OPD_SOURCE_PREFIX) if source.startswith(OPD_SOURCE_PREFIX) else None


#: ``Activity.budget`` value meaning "charged to the participant's own OPD budget source ``opd:<code>``".
PARTICIPANT_OPD = opd_source("*")


class Kind(StrEnum):
    """Jenis ASN."""

    PNS = "PNS"
    CPNS = "CPNS"
    PPPK = "PPPK"
    PPPK_PW = "PPPK_PW"


class ProblemError(ValueError):
    """The input is malformed (unknown ids, negative amounts, …); ``errors`` lists every problem found."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = list(errors)
        shown = "; ".join(self.errors[:10])
        more = f" (+{len(self.errors) - 10} more)" if len(self.errors) > 10 else ""
        super().__init__(f"invalid problem: {shown}{more}")


Pairs = tuple[tuple[str, float], ...]


def _pairs(value: Iterable[tuple[str, float]] | Mapping[str, float]) -> Pairs:
    items = value.items() if isinstance(value, Mapping) else value
    return tuple(sorted((str(k), float(v)) for k, v in items))


def _ids(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(set(value)))


@dataclass(frozen=True, slots=True)
class Employee:
    """One employee (pegawai) and what they may be planned for.

    ``gaps``: competency -> levels still missing (only positive gaps matter).
    ``eligible``: activity ids the employee may attend; ``locked`` (mandatory, or locked by the OPD head) and
    ``excluded`` are subsets of ``eligible`` fixed to 1 and 0. ``done``: activities completed before (they
    satisfy prerequisites). ``jp_min``: the JP minimum (20 for PNS) — below it a shortfall is penalised;
    ``jp_max``: the JP cap (24 for PPPK) — a hard limit. ``None`` means no minimum / no cap / no limit.
    """

    id: str
    opd: str
    kind: Kind = Kind.PNS
    weight: float = 1.0
    jp_earned: float = 0.0
    jp_min: float | None = None
    jp_max: float | None = None
    max_activities: int | None = None
    max_classical_days: float | None = None
    gaps: Pairs = ()
    eligible: tuple[str, ...] = ()
    locked: tuple[str, ...] = ()
    excluded: tuple[str, ...] = ()
    done: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", Kind(self.kind))
        object.__setattr__(self, "gaps", _pairs(self.gaps))
        for name in ("eligible", "locked", "excluded", "done"):
            object.__setattr__(self, name, _ids(getattr(self, name)))

    @property
    def jp_need(self) -> float:
        """JP still needed to reach the minimum (0 when there is no minimum)."""
        if self.jp_min is None:
            return 0.0
        return max(0.0, self.jp_min - self.jp_earned)


@dataclass(frozen=True, slots=True)
class Activity:
    """A development activity (kegiatan) of the catalogue, run in batches (kelas).

    Costs in Rp millions: ``cost_per_participant`` is charged to ``budget`` (a source key such as
    ``"BKPSDM"``, or :data:`PARTICIPANT_OPD` for the participant's OPD source ``opd:<code>``);
    ``fixed_cost_per_batch`` is charged per batch opened to ``batch_budget`` (default: ``budget``; it must be
    named explicitly when ``budget`` is :data:`PARTICIPANT_OPD` and the fixed cost is positive).
    Each opened batch holds between ``min_class`` and ``capacity`` participants; at most ``max_batches``
    batches a year. ``gains``: competency -> levels gained. ``requires``: prerequisite activities (done
    before, or planned in the same cycle). ``days``: days away from work, counted for classical forms.
    """

    id: str
    form: str
    classical: bool
    jp: float
    cost_per_participant: float = 0.0
    fixed_cost_per_batch: float = 0.0
    capacity: int = 30
    min_class: int = 1
    max_batches: int = 1
    days: float = 0.0
    gains: Pairs = ()
    budget: str = "BKPSDM"
    batch_budget: str | None = None
    requires: tuple[str, ...] = ()
    title: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "gains", _pairs(self.gains))
        object.__setattr__(self, "requires", _ids(self.requires))

    def participant_source(self, employee: Employee) -> str:
        """The budget source charged for one participant."""
        return opd_source(employee.opd) if self.budget == PARTICIPANT_OPD else self.budget

    @property
    def batch_source(self) -> str:
        """The budget source charged for each batch opened."""
        return self.batch_budget if self.batch_budget is not None else self.budget


@dataclass(frozen=True, slots=True)
class Budget:
    """A spending ceiling (Rp millions) over some budget sources.

    ``sources``: the source keys it covers (empty = its own id; ``("*",)`` = every source, e.g. a total
    ceiling). ``opd``: when set, only participant costs of that OPD's employees count (a per-OPD ceiling on a
    shared source); batch costs are not attributable to one OPD and are then not counted.
    """

    id: str
    limit: float
    sources: tuple[str, ...] = ()
    opd: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "sources", _ids(self.sources) if self.sources else (self.id,))

    @property
    def covered(self) -> tuple[str, ...]:
        return self.sources

    def covers(self, source: str, opd: str | None) -> bool:
        """Whether a charge to ``source`` (for a participant of ``opd``, or a batch when None) counts here."""
        if self.opd is not None and opd != self.opd:
            return False
        cov = self.covered
        return "*" in cov or source in cov


@dataclass(frozen=True, slots=True)
class Policy:
    """Objective settings: ``shortfall_penalty`` is λ, the value of one JP towards an employee's minimum."""

    shortfall_penalty: float = 0.1


@dataclass(frozen=True, slots=True)
class Problem:
    """Everything one plan cycle (or scenario) needs. ``competencies``: competency -> value v_k."""

    employees: tuple[Employee, ...]
    activities: tuple[Activity, ...]
    competencies: Pairs
    budgets: tuple[Budget, ...]
    policy: Policy = field(default_factory=Policy)
    name: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "employees", tuple(self.employees))
        object.__setattr__(self, "activities", tuple(self.activities))
        object.__setattr__(self, "competencies", _pairs(self.competencies))
        object.__setattr__(self, "budgets", tuple(self.budgets))

    @property
    def n_pairs(self) -> int:
        return sum(len(e.eligible) for e in self.employees)

    def validate(self) -> list[str]:
        """Every structural error in the input (empty when the problem is well formed)."""
        return validate(self)

    def check_valid(self) -> None:
        errors = self.validate()
        if errors:
            raise ProblemError(errors)


def _bad(x: float) -> bool:
    return not math.isfinite(x) or x < 0


def validate(p: Problem) -> list[str]:
    errs: list[str] = []
    comp = dict(p.competencies)
    acts = {a.id: a for a in p.activities}
    if len(acts) != len(p.activities):
        errs.append("duplicate activity ids")
    if len({e.id for e in p.employees}) != len(p.employees):
        errs.append("duplicate employee ids")
    if len({b.id for b in p.budgets}) != len(p.budgets):
        errs.append("duplicate budget ids")
    errs += [f"competency {k}: value must be finite and >= 0" for k, v in comp.items() if _bad(v)]
    if _bad(p.policy.shortfall_penalty):
        errs.append("policy.shortfall_penalty must be finite and >= 0")
    for b in p.budgets:
        if _bad(b.limit):
            errs.append(f"budget {b.id}: limit must be finite and >= 0")
    for a in p.activities:
        pre = f"activity {a.id}"
        for name in ("jp", "cost_per_participant", "fixed_cost_per_batch", "days"):
            if _bad(float(getattr(a, name))):
                errs.append(f"{pre}: {name} must be finite and >= 0")
        if a.capacity < 1:
            errs.append(f"{pre}: capacity must be >= 1")
        if not 0 <= a.min_class <= a.capacity:
            errs.append(f"{pre}: min_class must be between 0 and capacity")
        if a.max_batches < 0:
            errs.append(f"{pre}: max_batches must be >= 0")
        for k, g in a.gains:
            if k not in comp:
                errs.append(f"{pre}: unknown competency {k}")
            if _bad(g):
                errs.append(f"{pre}: gain for {k} must be finite and >= 0")
        errs += [f"{pre}: unknown prerequisite {r}" for r in a.requires if r not in acts]
        if a.id in a.requires:
            errs.append(f"{pre}: requires itself")
        if a.budget == PARTICIPANT_OPD and a.batch_budget is None and a.fixed_cost_per_batch > 0:
            errs.append(f"{pre}: batch_budget is required when the budget is {PARTICIPANT_OPD}")
    errs += _cycles(p.activities, acts)
    sources_used: set[tuple[str, str | None]] = set()
    for e in p.employees:
        pre = f"employee {e.id}"
        for name in ("weight", "jp_earned"):
            if _bad(float(getattr(e, name))):
                errs.append(f"{pre}: {name} must be finite and >= 0")
        for name in ("jp_min", "jp_max", "max_classical_days"):
            v = getattr(e, name)
            if v is not None and _bad(float(v)):
                errs.append(f"{pre}: {name} must be finite and >= 0")
        if e.max_activities is not None and e.max_activities < 0:
            errs.append(f"{pre}: max_activities must be >= 0")
        for k, g in e.gaps:
            if k not in comp:
                errs.append(f"{pre}: unknown competency {k}")
            if _bad(g):
                errs.append(f"{pre}: gap for {k} must be finite and >= 0")
        elig = set(e.eligible)
        errs += [f"{pre}: unknown activity {a}" for a in e.eligible if a not in acts]
        errs += [f"{pre}: unknown completed activity {a}" for a in e.done if a not in acts]
        errs += [f"{pre}: locked activity {a} is not eligible" for a in e.locked if a not in elig]
        errs += [f"{pre}: excluded activity {a} is not eligible" for a in e.excluded if a not in elig]
        errs += [f"{pre}: activity {a} is both locked and excluded" for a in set(e.locked) & set(e.excluded)]
        for aid in e.eligible:
            a0 = acts.get(aid)
            if a0 is not None and a0.cost_per_participant > 0:
                sources_used.add((a0.participant_source(e), e.opd))
        if len(errs) > 200:
            break
    for a in p.activities:
        if a.fixed_cost_per_batch > 0:
            sources_used.add((a.batch_source, None))
    for src, opd in sorted(sources_used, key=lambda t: (t[0], t[1] or "")):
        if not any(b.covers(src, opd) for b in p.budgets):
            who = f" (employees of {opd})" if opd else " (batch costs)"
            errs.append(f"no budget covers source {src}{who}")
    return errs


def _cycles(activities: tuple[Activity, ...], acts: dict[str, Activity]) -> list[str]:
    """Prerequisite cycles (A requires B requires A): nobody could ever start them."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    out: list[str] = []

    def visit(aid: str, path: list[str]) -> None:
        state[aid] = 1
        for r in acts[aid].requires if aid in acts else ():
            if r not in acts:
                continue
            if state.get(r) == 1:
                cyc = [*path[path.index(r) :], r] if r in path else [aid, r]
                out.append("prerequisite cycle: " + " -> ".join(cyc))
            elif r not in state:
                visit(r, [*path, r])
        state[aid] = 2

    for a in activities:
        if a.id not in state:
            visit(a.id, [a.id])
    return out


# --- JSON ------------------------------------------------------------------------------------------------

SCHEMA_DOC: dict[str, Any] = {
    "description": (
        "SiBina annual development-plan problem. Money in Rp millions, JP in 45-minute lesson hours. "
        "Maximise sum_e weight_e * sum_k value_k * closed_ek + shortfall_penalty * sum_e credited_JP_e, "
        "where closed_ek <= gap_ek and <= levels gained from e's activities in k, and credited_JP_e <= "
        "max(0, jp_min_e - jp_earned_e) and <= JP of e's activities. See docs/optimiser.md."
    ),
    "format": "always 'sibina-plan-problem'",
    "version": "schema version (integer); readers reject versions they do not know",
    "name": "free text",
    "policy": {"shortfall_penalty": "objective value of one JP credited towards an employee's JP minimum"},
    "competencies": "object: competency id -> value v_k (>= 0)",
    "budgets": [
        {
            "id": "budget id",
            "limit": "ceiling in Rp millions",
            "sources": "list of source keys counted (default [id]); ['*'] = all sources",
            "opd": "null, or an OPD code: then only participant costs of that OPD's employees count",
        }
    ],
    "activities": [
        {
            "id": "activity id",
            "title": "free text",
            "form": "development form code KL01..KL12 / NKL01..NKL13",
            "classical": "true for classical forms (days count against max_classical_days)",
            "jp": "JP credited to each participant",
            "cost_per_participant": "Rp millions per participant, charged to 'budget'",
            "fixed_cost_per_batch": "Rp millions per batch opened, charged to 'batch_budget'",
            "capacity": "max participants per batch",
            "min_class": "min participants per opened batch",
            "max_batches": "max batches in the cycle",
            "days": "days away from work per participant",
            "gains": "object: competency id -> levels gained",
            "budget": "source key charged per participant; 'opd:*' = the participant's 'opd:<code>'",
            "batch_budget": "source key charged per batch (null = same as budget)",
            "requires": "prerequisite activity ids (done before or planned in the same cycle)",
        }
    ],
    "employees": [
        {
            "id": "employee id (e.g. NIP)",
            "opd": "OPD code",
            "kind": "PNS | CPNS | PPPK | PPPK_PW",
            "weight": "priority weight w_e",
            "jp_earned": "JP already earned this year",
            "jp_min": "JP minimum (null = none); shortfall is penalised",
            "jp_max": "JP cap (null = none); a hard limit",
            "max_activities": "max activities in the cycle (null = no limit)",
            "max_classical_days": "max days of classical activities (null = no limit)",
            "gaps": "object: competency id -> levels missing",
            "eligible": "activity ids the employee may attend",
            "locked": "subset of eligible that must be planned (mandatory or locked by the OPD head)",
            "excluded": "subset of eligible that must not be planned",
            "done": "activity ids completed before (satisfy prerequisites)",
        }
    ],
}


def _num(x: float) -> float | int:
    """Integers as int in JSON (stable text); other floats unchanged (repr round-trips exactly)."""
    return int(x) if float(x).is_integer() and abs(x) < 2**53 else float(x)


def problem_to_dict(p: Problem, *, with_schema: bool = True) -> dict[str, Any]:
    d: dict[str, Any] = {"format": SCHEMA_FORMAT, "version": SCHEMA_VERSION}
    if with_schema:
        d["schema"] = SCHEMA_DOC
    d["name"] = p.name
    d["policy"] = {"shortfall_penalty": _num(p.policy.shortfall_penalty)}
    d["competencies"] = {k: _num(v) for k, v in p.competencies}
    d["budgets"] = [
        {"id": b.id, "limit": _num(b.limit), "sources": list(b.covered), "opd": b.opd} for b in p.budgets
    ]
    d["activities"] = [
        {
            "id": a.id,
            "title": a.title,
            "form": a.form,
            "classical": a.classical,
            "jp": _num(a.jp),
            "cost_per_participant": _num(a.cost_per_participant),
            "fixed_cost_per_batch": _num(a.fixed_cost_per_batch),
            "capacity": a.capacity,
            "min_class": a.min_class,
            "max_batches": a.max_batches,
            "days": _num(a.days),
            "gains": {k: _num(v) for k, v in a.gains},
            "budget": a.budget,
            "batch_budget": a.batch_budget,
            "requires": list(a.requires),
        }
        for a in p.activities
    ]
    d["employees"] = [
        {
            "id": e.id,
            "opd": e.opd,
            "kind": e.kind.value,
            "weight": _num(e.weight),
            "jp_earned": _num(e.jp_earned),
            "jp_min": None if e.jp_min is None else _num(e.jp_min),
            "jp_max": None if e.jp_max is None else _num(e.jp_max),
            "max_activities": e.max_activities,
            "max_classical_days": None if e.max_classical_days is None else _num(e.max_classical_days),
            "gaps": {k: _num(v) for k, v in e.gaps},
            "eligible": list(e.eligible),
            "locked": list(e.locked),
            "excluded": list(e.excluded),
            "done": list(e.done),
        }
        for e in p.employees
    ]
    return d


def problem_from_dict(d: Mapping[str, Any]) -> Problem:
    if d.get("format") != SCHEMA_FORMAT:
        raise ProblemError([f"not a {SCHEMA_FORMAT} document"])
    if d.get("version") != SCHEMA_VERSION:
        raise ProblemError(
            [f"unsupported schema version {d.get('version')!r} (this reader: {SCHEMA_VERSION})"]
        )
    try:
        return Problem(
            name=str(d.get("name", "")),
            policy=Policy(shortfall_penalty=float(d["policy"]["shortfall_penalty"])),
            competencies=tuple(d["competencies"].items()),
            budgets=tuple(
                Budget(id=b["id"], limit=float(b["limit"]), sources=tuple(b["sources"]), opd=b.get("opd"))
                for b in d["budgets"]
            ),
            activities=tuple(
                Activity(
                    id=a["id"],
                    title=a.get("title", ""),
                    form=a["form"],
                    classical=bool(a["classical"]),
                    jp=float(a["jp"]),
                    cost_per_participant=float(a["cost_per_participant"]),
                    fixed_cost_per_batch=float(a["fixed_cost_per_batch"]),
                    capacity=int(a["capacity"]),
                    min_class=int(a["min_class"]),
                    max_batches=int(a["max_batches"]),
                    days=float(a["days"]),
                    gains=tuple(a["gains"].items()),
                    budget=a["budget"],
                    batch_budget=a.get("batch_budget"),
                    requires=tuple(a.get("requires", ())),
                )
                for a in d["activities"]
            ),
            employees=tuple(
                Employee(
                    id=e["id"],
                    opd=e["opd"],
                    kind=Kind(e["kind"]),
                    weight=float(e["weight"]),
                    jp_earned=float(e["jp_earned"]),
                    jp_min=None if e.get("jp_min") is None else float(e["jp_min"]),
                    jp_max=None if e.get("jp_max") is None else float(e["jp_max"]),
                    max_activities=None if e.get("max_activities") is None else int(e["max_activities"]),
                    max_classical_days=(
                        None if e.get("max_classical_days") is None else float(e["max_classical_days"])
                    ),
                    gaps=tuple(e.get("gaps", {}).items()),
                    eligible=tuple(e.get("eligible", ())),
                    locked=tuple(e.get("locked", ())),
                    excluded=tuple(e.get("excluded", ())),
                    done=tuple(e.get("done", ())),
                )
                for e in d["employees"]
            ),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ProblemError([f"malformed problem document: {exc!r}"]) from exc


def problem_to_json(p: Problem, *, indent: int | None = None) -> str:
    """The problem as a self-describing JSON document (it carries its own ``schema``)."""
    return json.dumps(problem_to_dict(p), ensure_ascii=False, indent=indent)


def problem_from_json(text: str | bytes) -> Problem:
    return problem_from_dict(json.loads(text))


def problem_hash(p: Problem) -> str:
    """sha256 of the canonical JSON (sorted keys, no spaces, schema text left out): the input hash."""
    canon = json.dumps(
        problem_to_dict(p, with_schema=False), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    return hashlib.sha256(canon.encode("utf-8")).hexdigest()
