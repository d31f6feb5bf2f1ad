"""Stage "competency": position standards, assessments, two years of SKP, talent boxes, proposals, nominations.

Every employee gets a latent ability and performance; assessed levels scatter around the position standard by
that ability plus the systematic strengths and weaknesses of their OPD (``competency_tables``), so the needs
differ between OPDs the way a real city's do. Rules stay SiBina's own: default standards come from
``standar_apply_defaults``, validity from ``asesmen_valid_until``, predikat from the reference matrix and boxes
from ``talent_compute``; only the row-at-a-time writes are replaced by bulk inserts.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from sibina.competency import domain as competency_domain
from sibina.competency.models import (
    Asesmen,
    Kinerja,
    Kompetensi,
    NilaiKompetensi,
    NominasiSuksesi,
    ProfilTalenta,
    StandarKompetensi,
)
from sibina.competency.services import (
    asesmen_valid_until,
    predikat_matrix,
    standar_apply_defaults,
    talent_compute,
)
from sibina.demo import competency_tables as t
from sibina.demo.competency_usulan import build_nominations, build_proposals
from sibina.demo.context import DemoContext, Slot
from sibina.demo.history import KESEHATAN
from sibina.demo.names import weighted
from sibina.needs.models import Usulan
from sibina.people.models import Instansi, Pegawai, UnitKerja
from sibina.reference.models import JenisAsn, Rating
from sibina.reference.selectors import MissingReference

ABILITY_SD = 0.5  # spread of a person's general level around the standard, in levels
LEVEL_NOISE_SD = 0.55  # spread of one competency around the person's general level
LEVEL_OFFSET = -0.15  # on average a little below the standard: gaps are common, not universal


@dataclass
class Person:
    """One employee as this stage sees them: the row, the post, and the latent traits drawn for them."""

    pegawai: Pegawai
    slot: Slot
    opd: str  # key into OPD_STRENGTH (kecamatan and their kelurahan share "KECAMATAN")
    group: str  # key into ASSESSED_SHARE
    ability: float
    performance: float
    standar: dict[str, int] = field(default_factory=dict)  # kompetensi kode -> required level
    levels: dict[str, int] | None = None  # latest assessment valid at the end of the year before the plan
    potensial: Decimal | None = None  # latest potential score


def build_competency(ctx: DemoContext) -> None:
    rng = ctx.rng("competency")
    instansi = ctx.require_instansi()
    kompetensi = {k.kode: k for k in Kompetensi.objects.filter(aktif=True)}
    ctx.counts["standar"] = _build_standards(ctx, instansi, kompetensi)
    people = _people(ctx, rng, _standards(instansi))
    _build_assessments(ctx, rng, people, kompetensi)
    _build_skp(ctx, rng, people)
    for tahun in ctx.tahun_riwayat:
        ctx.counts[f"talenta_{tahun}"] = _talent(instansi, tahun)
    ctx.counts["usulan"] = build_proposals(ctx, rng, people, kompetensi)
    ctx.counts["nominasi"] = build_nominations(ctx, rng, people)


def reset_competency() -> None:
    """Delete what this stage wrote; standards go with the demo positions they belong to (cascade)."""
    Usulan.objects.filter(sintetis=True).delete()
    NominasiSuksesi.objects.filter(pegawai__sintetis=True).delete()
    ProfilTalenta.objects.filter(pegawai__sintetis=True).delete()
    Kinerja.objects.filter(sintetis=True).delete()
    NilaiKompetensi.objects.filter(asesmen__sintetis=True).delete()  # lets the next delete be one statement
    Asesmen.objects.filter(sintetis=True).delete()


def _talent(instansi: Instansi, tahun: int) -> int:
    """Boxes for a year; none when the potential cut-offs were not yet in force then (reference data)."""
    try:
        return talent_compute(instansi=instansi, tahun=tahun)
    except MissingReference:
        return 0


# --- position standards ------------------------------------------------------------------------------------


def _build_standards(ctx: DemoContext, instansi: Instansi, kompetensi: dict[str, Kompetensi]) -> int:
    """Defaults for every position, plus the technical competencies of the position's field."""
    technical: dict[int, list[tuple[int, int]]] = {}
    seen: set[tuple[str, str]] = set()
    for slot in ctx.slots:
        if slot.jabatan_key in seen:
            continue
        seen.add(slot.jabatan_key)
        jabatan = ctx.jabatan[slot.jabatan_key]
        top = t.TECHNICAL_LEVEL[slot.tingkat_kode] if slot.keluarga not in t.ENTRY_PELAKSANA else 1
        codes = _technical_codes(ctx, slot)
        technical[jabatan.pk] = [
            (kompetensi[kode].pk, top if i == 0 else max(1, top - 1)) for i, kode in enumerate(codes)
        ]
    return standar_apply_defaults(instansi=instansi, technical=technical)


def _technical_codes(ctx: DemoContext, slot: Slot) -> tuple[str, ...]:
    unit = ctx.units[slot.unit_kode]
    if not slot.kepala and slot.keluarga in t.FAMILY_TECHNICAL:
        return t.FAMILY_TECHNICAL[slot.keluarga][: t.MAX_TECHNICAL]
    if slot.kepala and unit.jenis == UnitKerja.Jenis.SEKOLAH:
        return t.SCHOOL_HEAD_TECHNICAL
    if slot.kepala and unit.jenis == UnitKerja.Jenis.PUSKESMAS:
        return t.PUSKESMAS_HEAD_TECHNICAL
    codes = _unit_field(ctx, slot.unit_kode)
    if slot.kepala and slot.tingkat_kode != "PENGAWAS" and t.LEADER_TECHNICAL not in codes:
        codes = (*codes[:2], t.LEADER_TECHNICAL)
    return codes[: t.MAX_TECHNICAL]


def _unit_field(ctx: DemoContext, unit_kode: str) -> tuple[str, ...]:
    """The technical field of a unit: from its sub-unit names, else its OPD, else front-line or general."""
    names: list[str] = []
    kode: str | None = unit_kode
    while kode is not None and ctx.specs[kode].parent_kode is not None:  # the top-level unit's name is broad
        unit = ctx.units[kode]
        names.append("Sekretariat" if unit.jenis == UnitKerja.Jenis.SEKRETARIAT else unit.nama)
        kode = ctx.specs[kode].parent_kode
    for keyword, codes in t.UNIT_KEYWORD_TECHNICAL:
        if any(keyword in name for name in names):
            return codes
    if "Sekretariat" in names:
        return t.SECRETARIAT_TECHNICAL
    opd = ctx.specs[unit_kode].opd_kode
    if opd in t.OPD_TECHNICAL:
        return t.OPD_TECHNICAL[opd]
    if ctx.units[opd].jenis == UnitKerja.Jenis.KECAMATAN:
        return t.FRONT_LINE_TECHNICAL
    return t.DEFAULT_TECHNICAL


def _standards(instansi: Instansi) -> dict[int, dict[str, int]]:
    """jabatan id -> {kompetensi kode: level}, read back so that standards kept from before count too.

    Codes are sorted here, not by the database: collations differ, and the draws follow this order.
    """
    out: dict[int, dict[str, int]] = {}
    rows = StandarKompetensi.objects.filter(jabatan__instansi=instansi).values_list(
        "jabatan_id", "kompetensi__kode", "level"
    )
    for jabatan_id, kode, level in sorted(rows):
        out.setdefault(jabatan_id, {})[kode] = level
    return out


# --- people and their latent traits ------------------------------------------------------------------------


def _people(ctx: DemoContext, rng: random.Random, standards: dict[int, dict[str, int]]) -> list[Person]:
    offsets = {
        opd: rng.gauss(0, t.OPD_GENERAL_SD) for opd in sorted({s.opd_kode for s in ctx.specs.values()})
    }
    people = []
    for pegawai, slot in zip(ctx.pegawai, ctx.slots, strict=True):
        opd = ctx.specs[slot.unit_kode].opd_kode
        ability = rng.gauss(offsets[opd], ABILITY_SD)
        performance = 0.5 * ability + rng.gauss(t.OPD_PERFORMANCE.get(opd, 0.0), 0.45)
        people.append(
            Person(
                pegawai=pegawai,
                slot=slot,
                opd="KECAMATAN" if ctx.units[opd].jenis == UnitKerja.Jenis.KECAMATAN else opd,
                group=_group(ctx, slot),
                ability=ability,
                performance=performance,
                standar=standards.get(ctx.jabatan[slot.jabatan_key].pk, {}),
            )
        )
    return people


def _group(ctx: DemoContext, slot: Slot) -> str:
    if slot.jenis_asn == JenisAsn.PPPK_PW:
        return "pppk_pw"
    if slot.jenis_asn == JenisAsn.PPPK:
        return "pppk_guru" if slot.keluarga == "guru" else "pppk"
    if slot.jenis_asn == JenisAsn.CPNS:
        return "cpns"
    if slot.kepala:
        return (
            "kepala_sekolah" if ctx.units[slot.unit_kode].jenis == UnitKerja.Jenis.SEKOLAH else "struktural"
        )
    if slot.keluarga == "guru":
        return "guru"
    if slot.keluarga in KESEHATAN:
        return "kesehatan"
    return "fungsional" if slot.tingkat_kode.startswith("JF_") else "pelaksana"


# --- assessments -------------------------------------------------------------------------------------------


def _build_assessments(
    ctx: DemoContext, rng: random.Random, people: list[Person], kompetensi: dict[str, Kompetensi]
) -> None:
    asof = dt.date(ctx.tahun_rencana - 1, 12, 31)  # what the needs analysis for the plan year will read
    valid_cache: dict[dt.date, dt.date] = {}
    asesmen: list[Asesmen] = []
    levels: list[dict[str, int]] = []
    for person in ctx.track(people, desc="competency", total=len(people)):
        if not person.standar or rng.random() >= t.ASSESSED_SHARE[person.group]:
            continue
        tanggal = _assessment_date(ctx, rng, person.pegawai)
        if tanggal is None:
            continue
        first = _levels(rng, person)
        visits = [(tanggal, _method(rng, person), first)]
        if (
            tanggal.year == 2023
            and person.group in ("struktural", "kepala_sekolah")
            and rng.random() < t.REASSESSED_2023_OFFICIALS
        ):
            again = {k: min(5, lv + (rng.random() < 0.3)) for k, lv in first.items()}
            visits.append(
                (_weekday(dt.date(2026, 2, 2) + dt.timedelta(days=rng.randint(0, 240))), "AC", again)
            )
        for day, metode, lv in visits:
            if day not in valid_cache:
                valid_cache[day] = asesmen_valid_until(day)
            skor = None if metode == "ATASAN" else _potential(rng, person)
            asesmen.append(
                Asesmen(
                    pegawai=person.pegawai,
                    tanggal=day,
                    metode=metode,
                    penyelenggara=rng.choice(t.PROVIDERS[metode]),
                    skor_potensial=skor,
                    berlaku_sampai=valid_cache[day],
                    sintetis=True,
                )
            )
            levels.append(lv)
            if skor is not None:
                person.potensial = skor
            person.levels = dict(lv) if day <= asof <= valid_cache[day] else None
    Asesmen.objects.bulk_create(asesmen, batch_size=1000)
    nilai = [
        NilaiKompetensi(asesmen=a, kompetensi=kompetensi[kode], level=level)
        for a, lv in zip(asesmen, levels, strict=True)
        for kode, level in lv.items()
    ]
    NilaiKompetensi.objects.bulk_create(nilai, batch_size=2000)
    ctx.counts["asesmen"] = len(asesmen)
    ctx.counts["asesmen_pegawai"] = len({a.pegawai_id for a in asesmen})
    ctx.counts["nilai_kompetensi"] = len(nilai)


def _assessment_date(ctx: DemoContext, rng: random.Random, pegawai: Pegawai) -> dt.date | None:
    """A working day in 2023–2026 after the appointment and before the city's reference date."""
    appointed = pegawai.tmt_cpns or pegawai.tmt_golongan or ctx.tanggal_acuan
    windows: list[tuple[tuple[dt.date, dt.date], float]] = []
    for year, weight in t.ASSESSMENT_YEARS:
        start = max(dt.date(year, 1, 6), appointed + dt.timedelta(days=60))
        end = min(dt.date(year, 12, 15), ctx.tanggal_acuan - dt.timedelta(days=21))
        if start <= end:
            windows.append(((start, end), weight))
    if not windows:
        return None
    start, end = weighted(rng, windows)
    return _weekday(start + dt.timedelta(days=rng.randint(0, (end - start).days)))


def _weekday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=max(0, day.weekday() - 4))


def _method(rng: random.Random, person: Person) -> str:
    return weighted(rng, t.METHODS.get(person.group, t.METHODS["other"]))


def _levels(rng: random.Random, person: Person) -> dict[str, int]:
    """Assessed levels around the standard: the person's ability, their OPD's strengths, and noise."""
    out = {}
    for kode, required in person.standar.items():
        x = (
            required
            + person.ability
            + LEVEL_OFFSET
            + _strength(person.opd, kode)
            + rng.gauss(0, LEVEL_NOISE_SD)
        )
        out[kode] = min(5, max(1, math.floor(x + 0.5)))
    return out


def _strength(opd: str, kode: str) -> float:
    table = t.OPD_STRENGTH.get(opd, {})
    keys = [t.ANY, kode]
    if kode.startswith("T-"):
        keys.append(t.TECHNICAL)
    if kode in t.DIGITAL:
        keys.append(t.DIGITAL_KEY)
    return sum(table.get(k, 0.0) for k in keys)


def _potential(rng: random.Random, person: Person) -> Decimal:
    senior = 4.0 if person.group in ("struktural", "kepala_sekolah") else 0.0
    score = 65.0 + 16.0 * person.ability + senior + rng.gauss(0, 8)
    return Decimal(f"{min(98.0, max(25.0, score)):.2f}")


# --- SKP ---------------------------------------------------------------------------------------------------


def _build_skp(ctx: DemoContext, rng: random.Random, people: list[Person]) -> None:
    """Annual SKP for everyone in post by mid-year (a few missing), predikat from the reference matrix."""
    rows = []
    for tahun in ctx.tahun_riwayat:
        matrix = predikat_matrix(on=dt.date(tahun, 12, 31))
        mid_year = dt.date(tahun, 6, 30)
        for person in people:
            p = person.pegawai
            if (p.tmt_cpns or p.tmt_golongan or ctx.tanggal_acuan) > mid_year or rng.random() < t.SKP_MISSING:
                continue
            hk = _rating(person.performance + rng.gauss(0, 0.35), t.HK_ABOVE, t.HK_BELOW)
            pk = _rating(0.6 * person.performance + rng.gauss(0, 0.35), t.PK_ABOVE, t.PK_BELOW)
            penilai = p.atasan
            rows.append(
                Kinerja(
                    pegawai=p,
                    tahun=tahun,
                    hasil_kerja=hk,
                    perilaku_kerja=pk,
                    predikat=competency_domain.predikat(hk, pk, matrix),
                    penilai_nip=penilai.nip if penilai else "",
                    penilai_nama=penilai.nama_lengkap[:150] if penilai else "",
                    sintetis=True,
                )
            )
    Kinerja.objects.bulk_create(rows, batch_size=2000)
    ctx.counts["kinerja"] = len(rows)
    for (tahun, predikat), n in sorted(Counter((k.tahun, k.predikat) for k in rows).items()):
        ctx.counts[f"kinerja_{tahun}_{predikat}"] = n


def _rating(score: float, above: float, below: float) -> str:
    if score > above:
        return Rating.DI_ATAS
    if score < below:
        return Rating.DI_BAWAH
    return Rating.SESUAI
