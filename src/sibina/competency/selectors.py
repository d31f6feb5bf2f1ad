"""Reads of competency data for pages: Job Person Match, talent box and the latest SKP of employees.

JPM is computed by ``competency.domain`` from the latest assessment valid on a date and the standards of the
employee's current position; the category bounds and the technical weight come from the reference tables.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sibina.competency import domain
from sibina.competency.models import (
    Asesmen,
    Kinerja,
    Kompetensi,
    NilaiKompetensi,
    ProfilTalenta,
    StandarKompetensi,
)
from sibina.people.models import Pegawai, StatusPegawai, UnitKerja
from sibina.reference.models import KotakTalenta
from sibina.reference.selectors import KetentuanTable, MissingReference

# Category code -> the Ketentuan holding its lower bound (None: the lowest band, from 0).
JPM_PEMETAAN = (
    ("OPTIMAL", "JPM_PEMETAAN_OPTIMAL"),
    ("CUKUP_OPTIMAL", "JPM_PEMETAAN_CUKUP"),
    ("KURANG_OPTIMAL", None),
)
JPM_SELEKSI = (
    ("MEMENUHI_SYARAT", "JPM_SELEKSI_MEMENUHI"),
    ("MASIH_MEMENUHI_SYARAT", "JPM_SELEKSI_MASIH"),
    ("KURANG_MEMENUHI_SYARAT", None),
)
JPM_BOBOT_TEKNIS = "JPM_BOBOT_TEKNIS"
# Variants of the formula (0 = the formula as DOMAIN §3 writes it, 1 = the variant applies).
JPM_BATASI_STANDAR = "JPM_CAPAIAN_DIBATASI_STANDAR"
JPM_TAK_TERUKUR_NOL = "JPM_TAK_TERUKUR_DIHITUNG_NOL"
JPM_KODES = (
    *(k for _, k in (*JPM_PEMETAAN, *JPM_SELEKSI) if k),
    JPM_BOBOT_TEKNIS,
    JPM_BATASI_STANDAR,
    JPM_TAK_TERUKUR_NOL,
)

KATEGORI_LABELS: dict[str, Promise] = {
    "OPTIMAL": _("Optimal"),
    "CUKUP_OPTIMAL": _("Fairly optimal"),
    "KURANG_OPTIMAL": _("Less than optimal"),
    "MEMENUHI_SYARAT": _("Meets the requirements"),
    "MASIH_MEMENUHI_SYARAT": _("Still meets the requirements"),
    "KURANG_MEMENUHI_SYARAT": _("Does not meet the requirements"),
}


# Rows of a JPM table: technical first (the position's own field), then managerial and socio-cultural.
_KELOMPOK_ORDER: dict[str, int] = {
    Kompetensi.Kelompok.TEKNIS: 0,
    Kompetensi.Kelompok.MANAJERIAL: 1,
    Kompetensi.Kelompok.SOSIAL_KULTURAL: 2,
}


@dataclass(frozen=True)
class JpmSettings:
    pemetaan: tuple[domain.Band, ...]
    seleksi: tuple[domain.Band, ...]
    bobot_teknis: Fraction | None  # None: unweighted (the setting is 0)
    varian: domain.JpmVariant = field(default_factory=domain.JpmVariant)


def _optional(table: KetentuanTable, kode: str, *, on: dt.date) -> Decimal:
    try:
        return table.value(kode, on=on)
    except MissingReference:  # before the setting existed: the formula as written (0)
        return Decimal(0)


def jpm_settings(table: KetentuanTable, *, on: dt.date) -> JpmSettings:
    def bands(spec: tuple[tuple[str, str | None], ...]) -> tuple[domain.Band, ...]:
        return tuple(domain.Band(code, table.value(k, on=on) if k else Decimal(0)) for code, k in spec)

    bobot = _optional(table, JPM_BOBOT_TEKNIS, on=on)  # optional (DOMAIN §3): unweighted before it existed
    varian = domain.JpmVariant(
        batasi_standar=bool(_optional(table, JPM_BATASI_STANDAR, on=on)),
        tak_terukur_nol=bool(_optional(table, JPM_TAK_TERUKUR_NOL, on=on)),
    )
    return JpmSettings(bands(JPM_PEMETAAN), bands(JPM_SELEKSI), Fraction(bobot) if bobot else None, varian)


@dataclass(frozen=True)
class KompetensiRow:
    """One competency of one employee: what the position requires, what was assessed, the gap."""

    kompetensi_id: int
    kode: str
    nama: str
    kelompok: str
    standar: int | None  # None: assessed but not in the position's standard
    capaian: int | None  # None: no valid assessment, or not measured by it
    gap: int | None  # None when there is nothing to compare (no standard, or not measured)

    @property
    def gap_persen(self) -> int:
        """Width of the gap bar: the gap as a share of the 4 levels a gap can span."""
        return min(self.gap or 0, 4) * 25


@dataclass(frozen=True)
class JpmResult:
    asesmen: Asesmen | None
    rows: list[KompetensiRow]
    nilai: Fraction | None  # exact JPM in percent over the measured standards; None if there are none
    persen: Decimal | None  # the displayed figure (2 decimals)
    pemetaan: str | None
    seleksi: str | None
    terukur: int = 0  # standard competencies the assessment measured
    jumlah_standar: int = 0  # competencies in the position's standard

    @property
    def lengkap(self) -> bool:
        """The assessment measured every competency of the standard (else the JPM is flagged incomplete)."""
        return self.terukur == self.jumlah_standar

    @property
    def has_assessment(self) -> bool:
        return self.asesmen is not None

    @property
    def pemetaan_label(self) -> str:
        return str(KATEGORI_LABELS[self.pemetaan]) if self.pemetaan else ""

    @property
    def seleksi_label(self) -> str:
        return str(KATEGORI_LABELS[self.seleksi]) if self.seleksi else ""

    @property
    def total_gap(self) -> int:
        return sum(r.gap or 0 for r in self.rows)


def jpm_for(pegawai: Pegawai, *, on: dt.date, table: KetentuanTable | None = None) -> JpmResult:
    """The JPM of one employee from their latest assessment valid on ``on`` (at most 4 queries).

    ``table``: reference settings already read for the page (must include :data:`JPM_KODES`).
    """
    asesmen = (
        Asesmen.objects.filter(pegawai=pegawai, tanggal__lte=on, berlaku_sampai__gte=on)
        .order_by("-tanggal", "-id")
        .first()
    )
    kompetensi: dict[int, Kompetensi] = {}
    levels: dict[int, int] | None = None
    if asesmen is not None:
        levels = {}
        for n in NilaiKompetensi.objects.filter(asesmen=asesmen).select_related("kompetensi"):
            kompetensi[n.kompetensi_id] = n.kompetensi
            levels[n.kompetensi_id] = n.level
    standar: dict[int, int] = {}
    if pegawai.jabatan_id is not None:
        for s in StandarKompetensi.objects.filter(jabatan_id=pegawai.jabatan_id).select_related("kompetensi"):
            kompetensi[s.kompetensi_id] = s.kompetensi
            standar[s.kompetensi_id] = s.level
    settings = jpm_settings(table or KetentuanTable(JPM_KODES), on=on)
    return _result(asesmen, standar, levels, kompetensi, settings)


def jpm_for_unit(unit: UnitKerja, *, on: dt.date) -> dict[int, JpmResult]:
    """pegawai id -> JPM for every active employee in ``unit`` and below, in a fixed handful of queries."""
    in_unit = Q(unit__path__startswith=unit.path, status=StatusPegawai.AKTIF)
    employees = list(Pegawai.objects.filter(in_unit).values_list("id", "jabatan_id"))
    latest: dict[int, Asesmen] = {}
    valid = Q(tanggal__lte=on, berlaku_sampai__gte=on)
    for a in Asesmen.objects.filter(
        valid, pegawai__unit__path__startswith=unit.path, pegawai__status=StatusPegawai.AKTIF
    ).order_by("pegawai_id", "tanggal", "id"):
        latest[a.pegawai_id] = a  # ordered by date: the last one wins
    wanted = {a.pk for a in latest.values()}
    by_asesmen: dict[int, dict[int, int]] = defaultdict(dict)
    # The same conditions rather than a list of ids, which would hit SQLite's variable limit in a large OPD.
    for asesmen_id, kompetensi_id, level in NilaiKompetensi.objects.filter(
        asesmen__pegawai__unit__path__startswith=unit.path,
        asesmen__pegawai__status=StatusPegawai.AKTIF,
        asesmen__tanggal__lte=on,
        asesmen__berlaku_sampai__gte=on,
    ).values_list("asesmen_id", "kompetensi_id", "level"):
        if asesmen_id in wanted:
            by_asesmen[asesmen_id][kompetensi_id] = level
    standards: dict[int, dict[int, int]] = defaultdict(dict)
    for jabatan_id, kompetensi_id, level in StandarKompetensi.objects.filter(
        jabatan_id__in=Pegawai.objects.filter(in_unit).values("jabatan_id")
    ).values_list("jabatan_id", "kompetensi_id", "level"):
        standards[jabatan_id][kompetensi_id] = level
    kompetensi = Kompetensi.objects.in_bulk()
    settings = jpm_settings(KetentuanTable(JPM_KODES), on=on)
    out: dict[int, JpmResult] = {}
    for pegawai_id, jabatan_id in employees:
        asesmen = latest.get(pegawai_id)
        levels = dict(by_asesmen.get(asesmen.pk, {})) if asesmen is not None else None
        out[pegawai_id] = _result(asesmen, standards.get(jabatan_id or 0, {}), levels, kompetensi, settings)
    return out


def _result(
    asesmen: Asesmen | None,
    standar: dict[int, int],
    levels: dict[int, int] | None,
    kompetensi: dict[int, Kompetensi],
    settings: JpmSettings,
) -> JpmResult:
    rows: list[KompetensiRow] = []
    pairs: list[domain.LevelPair] = []
    for k_id in set(standar) | set(levels or {}):
        k = kompetensi[k_id]
        required = standar.get(k_id)
        achieved = levels.get(k_id) if levels is not None else None
        gap = None
        if required is not None:
            # A competency the assessment did not measure is unknown, not level 0 (as in the needs analysis):
            # it is shown against its standard with no gap; the JPM counts it as the reference setting says.
            pair = domain.LevelPair(k.kode, k.kelompok, required, achieved)
            pairs.append(pair)
            gap = pair.gap
        rows.append(KompetensiRow(k_id, k.kode, k.nama, k.kelompok, required, achieved, gap))
    rows.sort(key=lambda r: (_KELOMPOK_ORDER.get(r.kelompok, 9), r.kode))
    terukur, jumlah = domain.measured_count(pairs)
    value = (
        domain.jpm(pairs, bobot_teknis=settings.bobot_teknis, varian=settings.varian)
        if asesmen is not None
        else None
    )
    if value is None:
        return JpmResult(asesmen, rows, None, None, None, None, terukur, jumlah)
    return JpmResult(
        asesmen,
        rows,
        value,
        domain.round2(value),
        domain.classify(value, settings.pemetaan),
        domain.classify(value, settings.seleksi),
        terukur,
        jumlah,
    )


@dataclass(frozen=True)
class TalentaView:
    profil: ProfilTalenta
    kotak: KotakTalenta | None  # the box's name and recommendation in force for that year


def talenta_latest(*, pegawai: Pegawai) -> TalentaView | None:
    """The employee's most recent talent box with the recommendation in force at the end of that year."""
    profil = ProfilTalenta.objects.filter(pegawai=pegawai).order_by("-tahun").first()
    if profil is None:
        return None
    on = dt.date(profil.tahun, 12, 31)
    kotak = (
        KotakTalenta.objects.filter(kotak=profil.kotak, berlaku_mulai__lte=on)
        .filter(Q(berlaku_sampai__isnull=True) | Q(berlaku_sampai__gte=on))
        .order_by("-berlaku_mulai")
        .first()
    )
    return TalentaView(profil, kotak)


def kinerja_latest(*, pegawai: Pegawai) -> Kinerja | None:
    return Kinerja.objects.filter(pegawai=pegawai).order_by("-tahun").first()
