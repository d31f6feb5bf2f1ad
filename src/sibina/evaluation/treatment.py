"""Treatment data: which service units had their front-line staff complete which program, and when.

A *program* is a catalogue activity (``Kegiatan.kode``). A *completion* is a development record linked to it:
a delivered class the participant completed (``delivery.Peserta`` with result SELESAI and its record), and, for
history from before SiBina, a development record whose activity name is the activity's title (compared without
case or extra spaces). The front-line staff of a service unit (``melayani_publik``) are the active employees of
the unit and of its sub-units that do not serve the public themselves: the same "front line" the catalogue's
``hanya_garis_depan`` and the needs analysis use.

A unit's *treatment share* on a day is the share of its front-line staff who had completed the program by then;
it counts as **treated from the first semester that starts after the share reached the threshold**
(``EVALUASI_AMBANG_CAKUPAN``). Plain rows in, dataclasses out.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass

from sibina.catalogue.models import Kegiatan
from sibina.delivery.models import Peserta
from sibina.evaluation.domain import Periode
from sibina.people.models import Instansi, Pegawai, RiwayatPengembangan, StatusPegawai, UnitKerja


@dataclass(frozen=True)
class Program:
    id: int
    kode: str
    judul: str


@dataclass(frozen=True)
class Perlakuan:
    """One program's completions among one service unit's front-line staff."""

    unit_id: int
    kode: str
    staf: int  # front-line staff of the unit
    tanggal: tuple[dt.date, ...]  # each completing employee's first completion, in order

    def share(self, on: dt.date) -> float:
        return sum(1 for d in self.tanggal if d <= on) / self.staf if self.staf else 0.0

    def reached(self, ambang: float) -> dt.date | None:
        """The day the share first reached ``ambang`` (None: not yet)."""
        need = max(1, math.ceil(ambang * self.staf - 1e-9))
        return self.tanggal[need - 1] if self.staf and len(self.tanggal) >= need else None


def semester_start(p: Periode) -> dt.date:
    return dt.date(p.tahun, 7 if p.semester == 2 else 1, 1)


def adoption(reached: dt.date | None, periods: list[Periode]) -> int | None:
    """The index of the first semester starting after ``reached`` (None: not within ``periods``)."""
    if reached is None:
        return None
    for i, p in enumerate(periods):
        if semester_start(p) > reached:
            return i
    return None


def _norm(text: str) -> str:
    return " ".join(text.casefold().split())


def front_line_staff(*, instansi: Instansi) -> dict[int, int]:
    """Employee id -> the service unit they serve in (their unit or the nearest ancestor serving the public)."""
    units = list(
        UnitKerja.objects.filter(instansi=instansi).values_list("id", "parent_id", "melayani_publik")
    )
    parent = {u: p for u, p, _ in units}
    public = {u for u, _, m in units if m}
    serving: dict[int, int | None] = {}

    def find(u: int | None) -> int | None:
        seen = []
        while u is not None and u not in public:
            seen.append(u)
            u = parent.get(u)
        for s in seen:
            serving[s] = u
        return u

    out: dict[int, int] = {}
    for pid, uid in Pegawai.objects.filter(instansi=instansi, status=StatusPegawai.AKTIF).values_list(
        "id", "unit_id"
    ):
        s = serving[uid] if uid in serving else find(uid)
        if s is not None:
            out[pid] = s
    return out


def programs(*, instansi: Instansi) -> list[Program]:
    return [
        Program(i, k, j)
        for i, k, j in Kegiatan.objects.filter(instansi=instansi)
        .order_by("kode")
        .values_list("id", "kode", "judul")
    ]


def completions(*, instansi: Instansi, until: dt.date) -> dict[tuple[int, str], dt.date]:
    """(employee id, program code) -> the first day the employee completed the program, up to ``until``."""
    by_title: dict[str, str] = {}
    for p in programs(instansi=instansi):
        by_title.setdefault(_norm(p.judul), p.kode)
    out: dict[tuple[int, str], dt.date] = {}

    def add(pid: int, kode: str, day: dt.date | None) -> None:
        if day is not None and day <= until and ((pid, kode) not in out or day < out[(pid, kode)]):
            out[(pid, kode)] = day

    delivered = Peserta.objects.filter(
        hasil=Peserta.Hasil.SELESAI, kegiatan__instansi=instansi, riwayat__isnull=False
    ).values_list(
        "pegawai_id", "kegiatan__kode", "riwayat__tanggal_selesai", "riwayat__tanggal_mulai", "riwayat_id"
    )
    linked: set[int] = set()
    for pid, kode, selesai, mulai, rid in delivered:
        add(pid, kode, selesai or mulai)
        linked.add(rid)
    history = RiwayatPengembangan.objects.filter(pegawai__instansi=instansi).values_list(
        "id", "pegawai_id", "nama_kegiatan", "tanggal_selesai", "tanggal_mulai"
    )
    for rid, pid, nama, selesai, mulai in history.iterator(chunk_size=5000):
        found = by_title.get(_norm(nama))
        if found is not None and rid not in linked:
            add(pid, found, selesai or mulai)
    return out


def treatment(*, instansi: Instansi, until: dt.date) -> dict[str, dict[int, Perlakuan]]:
    """Program code -> service unit id -> its front-line staff's completions (units with staff and at least one
    completion)."""
    staff = front_line_staff(instansi=instansi)
    size: dict[int, int] = defaultdict(int)
    for unit in staff.values():
        size[unit] += 1
    days: dict[tuple[str, int], list[dt.date]] = defaultdict(list)
    for (pid, kode), day in completions(instansi=instansi, until=until).items():
        if pid in staff:
            days[(kode, staff[pid])].append(day)
    out: dict[str, dict[int, Perlakuan]] = defaultdict(dict)
    for (kode, unit), found in days.items():
        out[kode][unit] = Perlakuan(unit_id=unit, kode=kode, staf=size[unit], tanggal=tuple(sorted(found)))
    return dict(out)
