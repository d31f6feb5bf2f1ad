"""Stage "history": two years (2025 and 2026) of development records for every employee.

Classical activities are scheduled events in batches (angkatan) that many people attend together; coaching,
e-learning and self-study are each person's own. The JP of every record comes from the reference conversion
rule of its form, so a changed rule changes the demo too.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from sibina.demo.activities import AKTIVITAS, Aktivitas
from sibina.demo.context import DemoContext, Slot
from sibina.demo.domain import roman
from sibina.demo.names import weighted
from sibina.people.models import RiwayatPengembangan
from sibina.reference.domain import JpRule, Pelaksanaan, jp_for
from sibina.reference.models import BentukPengembangan
from sibina.reference.selectors import bentuk_map, jp_rules, ketentuan_value

KESEHATAN = frozenset(
    {
        "perawat",
        "bidan",
        "dokter",
        "dokter_gigi",
        "apoteker",
        "asisten_apoteker",
        "pranata_lab",
        "nutrisionis",
        "sanitarian",
        "penyuluh_kesmas",
        "epidemiolog",
        "adminkes",
        "radiografer",
        "fisioterapis",
        "perekam_medis",
    }
)
# How keen a person is on development, and how many activities a year that means: most stay under 20 JP.
ENGAGEMENT = ((0, 0.22), (1, 0.42), (2, 0.26), (3, 0.10))
ACTIVITIES_PER_YEAR = {0: (0, 1), 1: (1, 3), 2: (2, 4), 3: (4, 7)}


@dataclass(frozen=True)
class _Event:
    nama: str
    mulai: dt.date
    selesai: dt.date
    penyelenggara: str
    ukuran: Pelaksanaan


@dataclass(frozen=True)
class _Year:
    """What one year's records need: its rules in force and its scheduled events."""

    tahun: int
    akhir: dt.date  # last day an activity may start
    rules: dict[str, JpRule]
    bentuk: dict[str, BentukPengembangan]
    menit_per_jp: Decimal
    events: dict[str, list[_Event]]


def build_history(ctx: DemoContext) -> None:
    rng = ctx.rng("history")
    years = [_year(ctx, tahun, rng) for tahun in ctx.tahun_riwayat]
    rows: list[RiwayatPengembangan] = []
    serial = 0
    pairs = zip(ctx.pegawai, ctx.slots, strict=True)
    for pegawai, slot in ctx.track(pairs, desc="history", total=len(ctx.pegawai)):
        audience = _audience(slot)
        eligible = [a for a in AKTIVITAS if audience.intersection(a.untuk)]
        engagement = weighted(rng, ENGAGEMENT)
        since = pegawai.tmt_cpns or pegawai.tmt_golongan or ctx.tanggal_acuan
        seen: set[tuple[str, dt.date]] = set()
        for year in years:
            if since > year.akhir:
                continue
            for aktivitas in _pick(rng, eligible, rng.randint(*ACTIVITIES_PER_YEAR[engagement])):
                event = _attend(rng, aktivitas, year, since)
                if event is None or (event.nama, event.mulai) in seen:
                    continue
                seen.add((event.nama, event.mulai))
                klasikal = aktivitas.bentuk.startswith("KL")
                serial += int(klasikal)
                rows.append(
                    RiwayatPengembangan(
                        pegawai=pegawai,
                        jenis=RiwayatPengembangan.Jenis.KURSUS,
                        bentuk=year.bentuk[aktivitas.bentuk],
                        nama_kegiatan=event.nama,
                        penyelenggara=event.penyelenggara,
                        tanggal_mulai=event.mulai,
                        tanggal_selesai=event.selesai,
                        tahun=year.tahun,
                        jp=jp_for(year.rules[aktivitas.bentuk], event.ukuran, menit_per_jp=year.menit_per_jp),
                        nomor_sertifikat=f"DEMO/{year.tahun}/{serial:06d}" if klasikal else "",
                        sumber=RiwayatPengembangan.Sumber.DEMO,
                    )
                )
    RiwayatPengembangan.objects.bulk_create(rows, batch_size=1000)
    ctx.counts["riwayat"] = len(rows)


def reset_history() -> None:
    RiwayatPengembangan.objects.filter(
        sumber=RiwayatPengembangan.Sumber.DEMO, pegawai__sintetis=True
    ).delete()


def _audience(slot: Slot) -> set[str]:
    audience = {"semua", slot.keluarga}
    if slot.kepala:
        audience.add("pemimpin")
    if slot.keluarga == "guru":
        audience.add("guru")
    if slot.keluarga in KESEHATAN:
        audience.add("kesehatan")
    if slot.tingkat_kode == "PELAKSANA":
        audience.add("pelaksana")
    return audience


def _year(ctx: DemoContext, tahun: int, rng: random.Random) -> _Year:
    # Rules as in force mid-year: a rule changed during the year would apply from its date on (not modelled).
    on = dt.date(tahun, 7, 1)
    akhir = min(dt.date(tahun, 12, 10), ctx.tanggal_acuan - dt.timedelta(days=7))
    events = {a.nama: _schedule(rng, a, tahun, akhir) for a in AKTIVITAS if a.terjadwal}
    return _Year(
        tahun=tahun,
        akhir=akhir,
        rules=jp_rules(on=on),
        bentuk=bentuk_map(on=on),
        menit_per_jp=ketentuan_value("MENIT_PER_JP", on=on),
        events=events,
    )


def _schedule(rng: random.Random, a: Aktivitas, tahun: int, akhir: dt.date) -> list[_Event]:
    """A scheduled activity's batches in one year, each with its own dates and length."""
    events = []
    for i in range(1, rng.randint(3, 6) + 1):
        hari = rng.randint(*a.hari)
        mulai = _weekday(rng, dt.date(tahun, 2, 1), akhir - dt.timedelta(days=hari))
        events.append(
            _Event(
                nama=f"{a.nama} Angkatan {roman(i)} Tahun {tahun}",
                mulai=mulai,
                selesai=mulai + dt.timedelta(days=hari - 1),
                penyelenggara=rng.choice(a.penyelenggara),
                ukuran=_measure(rng, a, hari),
            )
        )
    return sorted(events, key=lambda e: e.mulai)


def _measure(rng: random.Random, a: Aktivitas, hari: int) -> Pelaksanaan:
    return Pelaksanaan(
        hari=hari,
        sesi=rng.randint(*a.sesi),
        menit=rng.randint(*a.menit_per_hari) * hari,
        jp_program=Decimal(rng.randint(*a.jp_program)) if a.jp_program else None,
    )


def _attend(rng: random.Random, a: Aktivitas, year: _Year, since: dt.date) -> _Event | None:
    if a.terjadwal:
        open_batches = [e for e in year.events[a.nama] if e.mulai >= since]
        return rng.choice(open_batches) if open_batches else None
    hari = rng.randint(*a.hari)
    mulai = _weekday(rng, max(since, dt.date(year.tahun, 1, 6)), year.akhir - dt.timedelta(days=hari))
    return _Event(
        nama=a.nama,
        mulai=mulai,
        selesai=mulai + dt.timedelta(days=hari - 1),
        penyelenggara=rng.choice(a.penyelenggara),
        ukuran=_measure(rng, a, hari),
    )


def _pick(rng: random.Random, items: list[Aktivitas], k: int) -> list[Aktivitas]:
    """``k`` distinct activities, drawn by weight."""
    pool = list(items)
    chosen: list[Aktivitas] = []
    while pool and len(chosen) < k:
        a = rng.choices(pool, weights=[x.bobot for x in pool], k=1)[0]
        pool.remove(a)
        chosen.append(a)
    return chosen


def _weekday(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    """A working day between ``start`` and ``end`` (or the first one after ``start`` if there is none)."""
    day = start + dt.timedelta(days=rng.randint(0, max(0, (end - start).days)))
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    while day < start or day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day
