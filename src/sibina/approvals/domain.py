"""Pure rules of the approval workflow: which stage may follow which, what counts as overdue, and the
difference between two versions of a plan (by employee and activity, so it reads the same after re-optimising)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum


class Stage(StrEnum):
    DRAF = "DRAF"
    DIKIRIM = "DIKIRIM"
    DIKONSOLIDASI = "KONSOLIDASI"
    DITETAPKAN = "DITETAPKAN"
    DIGANTI = "DIGANTI"


# The one path a plan walks; returning a review does not move the plan back (BKPSDM consolidates with the
# comments in view), and only an amendment reopens a set plan, as a new version.
NEXT: dict[Stage, frozenset[Stage]] = {
    Stage.DRAF: frozenset({Stage.DIKIRIM}),
    Stage.DIKIRIM: frozenset({Stage.DIKONSOLIDASI}),
    Stage.DIKONSOLIDASI: frozenset({Stage.DITETAPKAN, Stage.DIKIRIM}),
    Stage.DITETAPKAN: frozenset({Stage.DIGANTI}),
    Stage.DIGANTI: frozenset(),
}


def may_move(current: str, target: str) -> bool:
    return Stage(target) in NEXT[Stage(current)]


def is_overdue(*, deadline: dt.date | None, decided: bool, today: dt.date) -> bool:
    return deadline is not None and not decided and today > deadline


def on_time(*, deadline: dt.date | None, decided_on: dt.date | None) -> bool | None:
    """Whether a decision came by its deadline; None while undecided or without a deadline."""
    if deadline is None or decided_on is None:
        return None
    return decided_on <= deadline


Pair = tuple[int, int]  # (pegawai id, kegiatan id)


@dataclass(frozen=True)
class Row:
    pair: Pair
    kelas: int
    triwulan: int | None
    biaya: int


class Why(StrEnum):
    LOCKED = "locked"  # a leader locked (or swapped in) this pair
    EXCLUDED = "excluded"  # a leader excluded (or swapped out) this pair
    COMMENT = "comment"  # BKPSDM excluded this pair acting on a returned comment (Keputusan.tindak_lanjut)
    OPTIMISER = "optimiser"  # the re-optimisation moved money or places


@dataclass(frozen=True)
class Change:
    pair: Pair
    kind: str  # "added" | "removed" | "moved"
    why: Why
    before: Row | None
    after: Row | None


def plan_diff(
    before: list[Row],
    after: list[Row],
    *,
    locked: set[Pair],
    excluded: set[Pair],
    follow_up: frozenset[Pair] = frozenset(),
) -> list[Change]:
    """Items added, removed, or moved to another class or quarter, each with the reason it changed;
    ``follow_up``: the excluded pairs BKPSDM excluded acting on a returned comment."""
    old = {r.pair: r for r in before}
    new = {r.pair: r for r in after}
    changes: list[Change] = []
    for pair in sorted(new.keys() - old.keys()):
        why = Why.LOCKED if pair in locked else Why.OPTIMISER
        changes.append(Change(pair, "added", why, None, new[pair]))
    for pair in sorted(old.keys() - new.keys()):
        why = Why.COMMENT if pair in follow_up else Why.EXCLUDED if pair in excluded else Why.OPTIMISER
        changes.append(Change(pair, "removed", why, old[pair], None))
    for pair in sorted(old.keys() & new.keys()):
        a, b = old[pair], new[pair]
        if (a.kelas, a.triwulan) != (b.kelas, b.triwulan):
            changes.append(Change(pair, "moved", Why.OPTIMISER, a, b))
    return changes
