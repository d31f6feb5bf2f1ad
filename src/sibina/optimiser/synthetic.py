"""A deterministic synthetic city for tests and benchmarks (labelled synthetic; no real person in it).

``synthetic_problem(n_employees, n_activities, seed)`` builds a Problem shaped like a mid-size Indonesian city
(Kota Binjai has ~5,500 ASN): about 40 OPDs with teachers and health workers about half of the staff, 15
competencies, a catalogue mixing expensive high-gain classical courses (city-run under *fasilitasi*, or seats
bought from BPSDM Provinsi/LAN under *kontribusi*) with cheap e-learning, coaching, mentoring, seminars and
in-house OPD workshops; about 20 eligible activities per employee; JP earned spread so that many PNS are below
20 JP; budgets (BKPSDM and each OPD) covering roughly half of the wishes. Same (n, m, seed) -> same problem.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

import numpy as np

from .problem import (
    PARTICIPANT_OPD,
    Activity,
    Budget,
    Employee,
    Kind,
    Policy,
    Problem,
    opd_source,
    source_opd,
)

#: OPD codes with their relative size (Binjai's perangkat daerah; Setda split into its bagian).
OPDS: tuple[tuple[str, float], ...] = (
    ("DISDIK", 38.0),
    ("DINKES", 10.0),
    ("RSUD", 7.0),
    ("SETDA-UMUM", 1.2),
    ("SETDA-PEM", 0.6),
    ("SETDA-HUKUM", 0.5),
    ("SETDA-ORG", 0.5),
    ("SETDA-PBJ", 0.5),
    ("SETDA-PROKOPIM", 0.5),
    ("SETDA-EKON", 0.5),
    ("SETDA-KESRA", 0.5),
    ("SETWAN", 1.0),
    ("INSPEKTORAT", 1.0),
    ("BAPPERIDA", 1.0),
    ("BKPSDM", 1.0),
    ("BPKPAD", 2.0),
    ("BPBD", 1.0),
    ("PUTR", 2.0),
    ("PERKIM", 1.0),
    ("DLH", 2.5),
    ("KOMINFO", 1.0),
    ("SATPOLPP", 2.0),
    ("DKPP", 1.2),
    ("DPMPTSP", 1.0),
    ("DISHUB", 1.2),
    ("DISKOP", 0.8),
    ("DISPERINDAG", 1.0),
    ("DINSOS", 1.0),
    ("DUKCAPIL", 1.0),
    ("DPPKB", 1.2),
    ("DISPORAPAR", 0.8),
    ("DISPUSIP", 0.8),
    ("KESBANGPOL", 0.5),
    ("DAMKAR", 1.0),
    ("DISNAKER", 0.8),
    ("KEC-SELATAN", 1.2),
    ("KEC-KOTA", 1.2),
    ("KEC-TIMUR", 1.2),
    ("KEC-UTARA", 1.3),
    ("KEC-BARAT", 1.1),
)

MANAGERIAL = (
    "integritas",
    "kerja_sama",
    "komunikasi",
    "orientasi_hasil",
    "pelayanan_publik",
    "pengembangan_diri",
    "mengelola_perubahan",
    "pengambilan_keputusan",
)
TECHNICAL = ("keuangan", "digital", "pengadaan", "perencanaan", "pedagogi", "kesehatan")
COMPETENCIES: tuple[tuple[str, float], ...] = (
    *((k, 1.0) for k in MANAGERIAL),
    ("perekat_bangsa", 0.8),
    *((k, 1.2) for k in TECHNICAL),
)
#: The technical competency most OPDs' staff need.
OPD_TECHNICAL = {
    "DISDIK": "pedagogi",
    "DINKES": "kesehatan",
    "RSUD": "kesehatan",
    "BPKPAD": "keuangan",
    "KOMINFO": "digital",
    "SETDA-PBJ": "pengadaan",
    "BAPPERIDA": "perencanaan",
}

MAX_ACTIVITIES = 3
MAX_CLASSICAL_DAYS = 12.0


def _r(x: float, nd: int = 2) -> float:
    return float(round(x, nd))


@dataclass
class _Cat:
    """What every catalogue category draws from: the generator, the catalogue size, the OPDs."""

    rng: np.random.Generator
    n: int
    scale: float
    opd_codes: list[str]

    def nb(self, lo: int, hi: int) -> int:
        """Batches a year, growing with the size of the city."""
        return max(1, math.ceil(int(self.rng.integers(lo, hi)) * self.scale))


def _city_course(g: _Cat, aid: str, ks: list[str], ncomp: int) -> Activity:
    """City-run classical course (fasilitasi): big fixed cost, min class."""
    rng = g.rng
    form = str(rng.choice(["KL02", "KL03", "KL04", "KL05"]))
    lv = rng.choice([1, 2], size=ncomp, p=[0.55, 0.45])
    return Activity(
        id=aid,
        title=f"Pelatihan {form} {'/'.join(ks)}",
        form=form,
        classical=True,
        jp=float(rng.choice([24, 32, 40, 48, 60])),
        cost_per_participant=_r(rng.uniform(0.5, 2.0)),
        fixed_cost_per_batch=_r(rng.uniform(20, 60)),
        capacity=int(rng.choice([30, 35, 40])),
        min_class=int(rng.choice([15, 20])),
        max_batches=g.nb(1, 3 + g.n // 40),
        days=float(rng.choice([3, 4, 5, 6, 8])),
        gains=tuple((k, float(v)) for k, v in zip(ks, lv, strict=True)),
        budget="BKPSDM",
    )


def _provider_seats(g: _Cat, aid: str, ks: list[str], ncomp: int) -> Activity:
    """Seats bought from BPSDM Provinsi / LAN (kontribusi): per-participant fee only."""
    rng = g.rng
    form = str(rng.choice(["KL01", "KL02", "KL04", "KL08"]))
    lv = rng.choice([1, 2], size=ncomp, p=[0.4, 0.6])
    return Activity(
        id=aid,
        title=f"Pelatihan {form} (BPSDM Provinsi) {'/'.join(ks)}",
        form=form,
        classical=True,
        jp=float(rng.choice([40, 60, 80])),
        cost_per_participant=_r(rng.uniform(3.0, 12.0)),
        fixed_cost_per_batch=0.0,
        capacity=int(rng.choice([10, 20, 30])),
        min_class=1,
        max_batches=g.nb(1, 2),
        days=float(rng.choice([5, 6, 8, 10])),
        gains=tuple((k, float(v)) for k, v in zip(ks, lv, strict=True)),
        budget=str(rng.choice(["BKPSDM", PARTICIPANT_OPD], p=[0.7, 0.3])),
    )


def _opd_workshop(g: _Cat, aid: str, ks: list[str], ncomp: int) -> Activity:
    """In-house workshop / bimtek of one OPD (paid from that OPD's DPA)."""
    rng = g.rng
    big = [c for c in g.opd_codes[:3]]
    owner = str(rng.choice(big)) if rng.random() < 0.35 else str(rng.choice(g.opd_codes))
    form = str(rng.choice(["KL07", "KL10"]))
    return Activity(
        id=aid,
        title=f"Bimtek/Workshop {owner} {'/'.join(ks)}",
        form=form,
        classical=True,
        jp=float(rng.choice([10, 15, 20])),
        cost_per_participant=_r(rng.uniform(0.2, 0.6)),
        fixed_cost_per_batch=_r(rng.uniform(5, 15)),
        capacity=40,
        min_class=10,
        max_batches=g.nb(1, 5),
        days=float(rng.choice([2, 3])),
        gains=tuple((k, 1.0) for k in ks[:2]),
        budget=PARTICIPANT_OPD,
        batch_budget=opd_source(owner),
    )


def _e_learning(g: _Cat, aid: str, ks: list[str], ncomp: int) -> Activity:
    """E-learning (often free)."""
    rng = g.rng
    free = rng.random() < 0.5
    return Activity(
        id=aid,
        title=f"E-learning {ks[0]}",
        form="NKL03",
        classical=False,
        jp=float(rng.choice([6, 9, 12, 15, 18])),
        cost_per_participant=0.0 if free else _r(rng.uniform(0.05, 0.3)),
        fixed_cost_per_batch=0.0,
        capacity=int(rng.choice([100, 200, 500])),
        min_class=1,
        max_batches=g.nb(1, 4),
        days=0.0,
        gains=((ks[0], 0.5),),
        budget="BKPSDM",
    )


def _coaching(g: _Cat, aid: str, ks: list[str], ncomp: int) -> Activity:
    """Coaching / mentoring groups."""
    rng = g.rng
    form = str(rng.choice(["NKL01", "NKL02"]))
    return Activity(
        id=aid,
        title=f"{'Coaching' if form == 'NKL01' else 'Mentoring'} {'/'.join(ks[:2])}",
        form=form,
        classical=False,
        jp=float(rng.choice([8, 10, 12, 16])),
        cost_per_participant=_r(rng.uniform(0.05, 0.3)),
        fixed_cost_per_batch=_r(rng.uniform(2, 6)),
        capacity=int(rng.choice([8, 10, 12, 15])),
        min_class=int(rng.choice([3, 4, 5])),
        max_batches=g.nb(5, 10 + g.n // 5),
        days=0.0,
        gains=tuple((k, float(rng.choice([0.5, 1.0], p=[0.6, 0.4]))) for k in ks[:2]),
        budget="BKPSDM",
    )


def _seminar(g: _Cat, aid: str, ks: list[str], ncomp: int) -> Activity:
    """Seminar / sosialisasi / komunitas belajar."""
    rng = g.rng
    form = str(rng.choice(["KL06", "KL11", "NKL10"]))
    return Activity(
        id=aid,
        title=f"{form} {ks[0]}",
        form=form,
        classical=form != "NKL10",
        jp=float(rng.choice([4, 5, 8, 10])),
        cost_per_participant=_r(rng.uniform(0.05, 0.4)),
        fixed_cost_per_batch=_r(rng.uniform(3, 10)),
        capacity=int(rng.choice([60, 100])),
        min_class=int(rng.choice([10, 20])),
        max_batches=g.nb(1, 3),
        days=1.0 if form != "NKL10" else 0.0,
        gains=((ks[0], 0.5),),
        budget="BKPSDM",
    )


# category by index: city classical, provider seats, OPD workshops, e-learning, coaching/mentoring, seminar
_CATEGORIES = (_city_course, _provider_seats, _opd_workshop, _e_learning, _coaching, _seminar)
_CATEGORY_WEIGHTS = [0.22, 0.13, 0.2, 0.18, 0.15, 0.12]


def _catalogue(
    n: int, rng: np.random.Generator, opd_codes: list[str], n_cpns: int, scale: float
) -> list[Activity]:
    """``scale``: employees / 5,500 — batches a year grow with the size of the city."""
    comps = [k for k, _ in COMPETENCIES]
    acts: list[Activity] = [
        Activity(
            id="A000",
            title="Pelatihan Dasar CPNS (Latsar)",
            form="KL03",
            classical=True,
            jp=241,
            cost_per_participant=4.5,
            fixed_cost_per_batch=0.0,
            capacity=40,
            min_class=max(1, min(15, n_cpns)),
            max_batches=max(1, math.ceil(n_cpns / 30) + 1),
            days=21,
            gains=(("integritas", 1), ("pelayanan_publik", 1), ("perekat_bangsa", 1)),
            budget="BKPSDM",
        ),
        Activity(
            id="A001",
            title="Pelatihan Integritas dan Antikorupsi",
            form="KL05",
            classical=True,
            jp=24,
            cost_per_participant=0.4,
            fixed_cost_per_batch=12.0,
            capacity=40,
            min_class=15,
            max_batches=max(1, math.ceil(8 * scale)),
            days=3,
            gains=(("integritas", 1), ("pelayanan_publik", 1)),
            budget="BKPSDM",
        ),
    ]
    cats = rng.choice(6, size=max(0, n - 2), p=_CATEGORY_WEIGHTS)
    g = _Cat(rng, n, scale, opd_codes)
    for i, cat in enumerate(cats, start=2):
        ncomp = int(rng.integers(1, 4))
        ks = list(rng.choice(comps, size=ncomp, replace=False))
        acts.append(_CATEGORIES[int(cat)](g, f"A{i:03d}", ks, ncomp))
    return _with_prerequisites(acts, rng)


def _with_prerequisites(acts: list[Activity], rng: np.random.Generator) -> list[Activity]:
    """Some city classical courses require another course on a shared competency."""
    classical = [
        a for a in acts[2:] if a.form in ("KL02", "KL03", "KL04", "KL05") and a.fixed_cost_per_batch > 0
    ]
    out: list[Activity] = []
    has_req: set[str] = set()
    for a in acts:
        if a in classical and rng.random() < 0.12:
            mine = {k for k, _ in a.gains}
            # the basic course requires nothing itself: no chains, no cycles
            basis = [
                b
                for b in classical
                if b.id != a.id and mine & {k for k, _ in b.gains} and b.id not in has_req
            ]
            if basis:
                b = basis[int(rng.integers(len(basis)))]
                a = replace(a, requires=(b.id,))
                has_req.add(a.id)
        out.append(a)
    return out


def synthetic_problem(n_employees: int, n_activities: int = 200, seed: int = 1) -> Problem:
    """A synthetic city problem; deterministic in (n_employees, n_activities, seed)."""
    rng = np.random.default_rng([seed, n_employees, n_activities])
    codes = [c for c, _ in OPDS]
    sizes = np.array([s for _, s in OPDS])
    n_opd = len(codes) if n_employees >= 400 else max(3, n_employees // 20)
    codes, sizes = codes[:n_opd], sizes[:n_opd] / sizes[:n_opd].sum()
    opd_of = rng.choice(n_opd, size=n_employees, p=sizes)
    kinds = rng.choice(4, size=n_employees, p=[0.68, 0.04, 0.24, 0.04])
    n_cpns = int((kinds == 1).sum())
    acts = _catalogue(max(3, n_activities), rng, codes, n_cpns, n_employees / 5500)
    city = _City(acts)
    employees: list[Employee] = []
    for e in range(n_employees):
        opd = codes[int(opd_of[e])]
        kind = (Kind.PNS, Kind.CPNS, Kind.PPPK, Kind.PPPK_PW)[int(kinds[e])]
        employees.append(city.employee(rng, e, opd, kind))
    budgets = [
        Budget(id="BKPSDM", limit=_r(city.latsar_cost + 0.25 * city.wish.get("BKPSDM", 0.0) + 25.0, 1))
    ]
    sized = city.sized_activities(rng)
    for c in codes:
        budgets.append(
            Budget(
                id=opd_source(c),
                limit=_r(float(rng.uniform(0.2, 0.3)) * city.wish.get(opd_source(c), 0.0) + 5.0, 1),
            )
        )
    return Problem(
        name=f"synthetic city n={n_employees} m={len(acts)} seed={seed} (SYNTHETIC DATA)",
        employees=tuple(employees),
        activities=tuple(sized),
        competencies=COMPETENCIES,
        budgets=tuple(budgets),
        policy=Policy(shortfall_penalty=0.1),
    )


@dataclass
class _City:
    """The catalogue's activity pools, and what employees wish for (which sizes batches and budgets)."""

    acts: list[Activity]
    wish: dict[str, float] = field(default_factory=dict)
    latsar_cost: float = 0.0

    def __post_init__(self) -> None:
        acts = self.acts
        self.comps = [k for k, _ in COMPETENCIES]
        self.kidx = {k: i for i, k in enumerate(self.comps)}
        self.general: list[int] = []
        self.by_comp: list[list[int]] = [[] for _ in self.comps]
        self.by_owner: dict[str, list[int]] = {}
        for i, a in enumerate(acts):
            if i == 0:
                continue
            if a.batch_budget is not None and source_opd(a.batch_budget) is not None:
                self.by_owner.setdefault(a.batch_budget[4:], []).append(i)
                continue
            self.general.append(i)
            for k, _ in a.gains:
                self.by_comp[self.kidx[k]].append(i)
        self.ac_gains = [dict(a.gains) for a in acts]
        self.prereq_of = {i: a.requires[0] for i, a in enumerate(acts) if a.requires}
        self.aidx = {a.id: i for i, a in enumerate(acts)}
        self.wish_n = [0] * len(acts)
        self.weights = np.array([0.8, 1.0, 1.2, 1.5, 2.0])

    def employee(self, rng: np.random.Generator, e: int, opd: str, kind: Kind) -> Employee:
        """Employee number ``e``: gaps, eligible activities, JP, limits; their wish is recorded."""
        acts, comps, kidx = self.acts, self.comps, self.kidx
        # gaps: 2-6 competencies, 1-3 levels; the OPD's technical field more often
        ng = int(rng.integers(2, 7))
        pick = set(int(x) for x in rng.choice(len(comps), size=ng, replace=False))
        tech = OPD_TECHNICAL.get(opd)
        if tech is not None and rng.random() < 0.7:
            pick.add(kidx[tech])
        lv = rng.choice([1, 2, 3], size=len(pick), p=[0.6, 0.3, 0.1])
        gaps = tuple((comps[k], float(v)) for k, v in zip(sorted(pick), lv, strict=True))
        chosen, locked, done = self._eligible(rng, pick, opd, kind)
        excluded = {i for i in chosen if i not in locked and rng.random() < 0.005}
        if kind is Kind.PNS:
            u = rng.random()
            jp_earned = float(
                rng.integers(0, 6) if u < 0.35 else rng.integers(6, 20) if u < 0.7 else rng.integers(20, 41)
            )
            jp_min, jp_max, max_days = 20.0, None, MAX_CLASSICAL_DAYS
        elif kind is Kind.CPNS:
            jp_earned, jp_min, jp_max, max_days = 0.0, None, None, None
        else:
            jp_earned = float(rng.integers(0, 21))
            jp_min, jp_max, max_days = None, 24.0, MAX_CLASSICAL_DAYS
        w = float(self.weights[rng.choice(5, p=[0.15, 0.45, 0.2, 0.15, 0.05])])
        maxact = 2 if kind is Kind.CPNS else MAX_ACTIVITIES
        self._wish(opd, gaps, chosen - locked - excluded, maxact, latsar=0 in locked)
        return Employee(
            id=f"E{e:06d}",
            opd=opd,
            kind=kind,
            weight=w,
            jp_earned=jp_earned,
            jp_min=jp_min,
            jp_max=jp_max,
            max_activities=maxact,
            max_classical_days=max_days,
            gaps=gaps,
            eligible=tuple(acts[i].id for i in chosen),
            locked=tuple(acts[i].id for i in locked),
            excluded=tuple(acts[i].id for i in excluded),
            done=tuple(acts[i].id for i in done),
        )

    def _eligible(
        self, rng: np.random.Generator, pick: set[int], opd: str, kind: Kind
    ) -> tuple[set[int], set[int], set[int]]:
        """Eligible (relevant courses for the gaps, some general ones, the OPD's own workshops), locked and
        done activities."""
        # eligibility: relevant courses for the gaps, some general ones, the OPD's own workshops
        rel = sorted({i for k in pick for i in self.by_comp[k]})
        n_rel = min(len(rel), int(rng.integers(11, 17)))
        chosen = set(int(x) for x in rng.choice(rel, size=n_rel, replace=False)) if n_rel else set()
        general = self.general
        chosen |= set(
            int(x)
            for x in rng.choice(general, size=min(len(general), int(rng.integers(2, 6))), replace=False)
        )
        own = self.by_owner.get(opd, [])
        if own:
            chosen |= set(int(x) for x in rng.choice(own, size=min(len(own), 3), replace=False))
        locked: set[int] = set()
        if kind is Kind.CPNS:
            chosen.add(0)
            locked.add(0)
        elif kind is Kind.PNS and rng.random() < 0.01:
            chosen.add(1)
            locked.add(1)
        # a prerequisite stays reachable: done before, or itself eligible
        done: set[int] = set()
        for i in list(chosen):
            req = self.prereq_of.get(i)
            if req is not None:
                r = rng.random()
                if r < 0.4:
                    done.add(self.aidx[req])
                elif r < 0.8:
                    chosen.add(self.aidx[req])
        return chosen, locked, done

    def _wish(
        self, opd: str, gaps: tuple[tuple[str, float], ...], free: set[int], maxact: int, latsar: bool
    ) -> None:
        """The employee's wish: the best few activities by gap value, at amortised cost."""
        acts = self.acts
        if latsar:
            self.latsar_cost += acts[0].cost_per_participant
        scored = []
        gd = dict(gaps)
        for i in free:
            a = acts[i]
            val = sum(min(g, gd.get(k, 0.0)) for k, g in self.ac_gains[i].items())
            if val > 0:
                cost = a.cost_per_participant + a.fixed_cost_per_batch / a.capacity
                scored.append((-val, cost, i))
        for _, cost, i in sorted(scored)[:maxact]:
            a = acts[i]
            self.wish_n[i] += 1
            src = "BKPSDM" if a.budget == "BKPSDM" and a.batch_source == "BKPSDM" else opd_source(opd)
            self.wish[src] = self.wish.get(src, 0.0) + cost

    def sized_activities(self, rng: np.random.Generator) -> list[Activity]:
        """Batches a year follow the wishes (providers cannot run everything: scarce classical courses bind)."""
        acts, wish_n = self.acts, self.wish_n
        sized: list[Activity] = [acts[0], acts[1]]
        for i, a in enumerate(acts[2:], start=2):
            if a.form == "NKL03":
                nb = math.ceil(wish_n[i] * float(rng.uniform(0.8, 1.5)) / a.capacity)
                sized.append(replace(a, max_batches=max(1, nb)))
            elif a.fixed_cost_per_batch == 0:  # seats bought from a provider: the quota is the capacity
                sized.append(replace(a, capacity=max(5, math.ceil(wish_n[i] * float(rng.uniform(0.3, 0.8))))))
            else:
                nb = math.ceil(wish_n[i] * float(rng.uniform(0.5, 1.0)) / a.capacity)
                sized.append(replace(a, max_batches=max(1, nb)))
        return sized
