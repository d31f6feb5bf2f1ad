"""Reads of reference data as of a date: the row in force is the latest ``berlaku_mulai`` on or before it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import TypeVar

from django.db.models import Q

from sibina.reference.domain import JpRule
from sibina.reference.models import (
    BentukPengembangan,
    Golongan,
    JenisJabatan,
    Ketentuan,
    KodeWilayah,
    KonversiJp,
    PredikatSumbuKinerja,
    TingkatJabatan,
    TingkatPendidikan,
    Versioned,
)

V = TypeVar("V", bound=Versioned)


class MissingReference(LookupError):
    """A regulatory value the code needs is not in the reference tables for that date."""


def ketentuan_value(kode: str, *, on: dt.date | None = None) -> Decimal:
    return KetentuanTable([kode]).value(kode, on=on or dt.date.today())


class KetentuanTable:
    """A few regulatory settings read in one query and resolved per date.

    The one place the versioning rule of settings lives: the latest ``berlaku_mulai`` on or before the date,
    not yet ended. A page that needs several values for several dates costs one query, not one per value.
    """

    def __init__(self, kodes: Iterable[str]) -> None:
        self._rows = list(Ketentuan.objects.filter(kode__in=list(kodes)).order_by("berlaku_mulai"))

    def value(self, kode: str, *, on: dt.date) -> Decimal:
        found: Ketentuan | None = None
        for row in self._rows:  # ordered by date: a later version replaces an earlier one
            if (
                row.kode == kode
                and row.berlaku_mulai <= on
                and (row.berlaku_sampai is None or row.berlaku_sampai >= on)
            ):
                found = row
        if found is None:
            raise MissingReference(f"Ketentuan {kode} has no value in force on {on}")
        return found.nilai


def golongan_map(*, on: dt.date | None = None) -> dict[tuple[str, str], Golongan]:
    """(jenis_asn, kode) -> Golongan in force."""
    return {(g.jenis_asn, g.kode): g for g in _in_force_all(Golongan, on)}


def _in_force_all(model: type[V], on: dt.date | None) -> list[V]:
    keyed: dict[tuple[object, ...], V] = {}
    on = on or dt.date.today()
    rows = (
        model._default_manager.filter(berlaku_mulai__lte=on)
        .filter(Q(berlaku_sampai__isnull=True) | Q(berlaku_sampai__gte=on))
        .order_by("berlaku_mulai")
    )
    for row in rows:  # a later version replaces an earlier one with the same key
        keyed[_natural_key(row)] = row
    return list(keyed.values())


def _natural_key(row: Versioned) -> tuple[object, ...]:
    if isinstance(row, Golongan):
        return (row.jenis_asn, row.kode)
    if isinstance(row, KonversiJp):
        return (row.bentuk_kode,)
    if isinstance(row, PredikatSumbuKinerja):
        return (row.predikat,)
    return (getattr(row, "kode"),)  # noqa: B009 — every other versioned table is keyed by its code


def tingkat_pendidikan_map(*, on: dt.date | None = None) -> dict[str, TingkatPendidikan]:
    return {p.kode: p for p in _in_force_all(TingkatPendidikan, on)}


def tingkat_jabatan_map(*, on: dt.date | None = None) -> dict[str, TingkatJabatan]:
    return {t.kode: t for t in _in_force_all(TingkatJabatan, on)}


def jenis_jabatan_map(*, on: dt.date | None = None) -> dict[int, JenisJabatan]:
    return {j.kode: j for j in _in_force_all(JenisJabatan, on)}


def bentuk_map(*, on: dt.date | None = None) -> dict[str, BentukPengembangan]:
    return {b.kode: b for b in _in_force_all(BentukPengembangan, on)}


def bentuk_by_siasn_id(*, on: dt.date | None = None) -> dict[int, BentukPengembangan]:
    return {b.siasn_jenis_diklat_id: b for b in _in_force_all(BentukPengembangan, on)}


def konversi_map(*, on: dt.date | None = None) -> dict[str, KonversiJp]:
    return {k.bentuk_kode: k for k in _in_force_all(KonversiJp, on)}


def jp_rules(*, on: dt.date | None = None) -> dict[str, JpRule]:
    """Form code -> the JP conversion rule in force, as plain data for the pure JP functions."""
    return {
        k.bentuk_kode: JpRule(
            bentuk_kode=k.bentuk_kode,
            satuan=k.satuan,
            jp_per_satuan=k.jp_per_satuan,
            jp_per_satuan_internasional=k.jp_per_satuan_internasional,
            faktor_internasional=k.faktor_internasional,
            satuan_internasional=k.satuan_internasional,
            batas_jp=k.batas_jp,
            batas_per=k.batas_per,
            batas_sesi=k.batas_sesi,
        )
        for k in _in_force_all(KonversiJp, on)
    }


def predikat_sumbu_map(*, on: dt.date | None = None) -> dict[str, str]:
    """SKP predikat -> the talent box's performance axis (DI_BAWAH | SESUAI | DI_ATAS) in force on ``on``."""
    return {row.predikat: row.kinerja for row in _in_force_all(PredikatSumbuKinerja, on)}


def wilayah_codes(*, on: dt.date | None = None) -> tuple[frozenset[str], dict[str, frozenset[str]]]:
    """(province codes, province -> its regency/city codes for each province whose list is complete)."""
    rows = _in_force_all(KodeWilayah, on)
    provinces = frozenset(r.kode for r in rows if r.tingkat == "PROVINSI")
    complete = {r.kode for r in rows if r.tingkat == "PROVINSI" and r.kabupaten_lengkap}
    regencies: dict[str, set[str]] = {p: set() for p in complete}
    for r in rows:
        if r.tingkat == "KABKOTA" and r.kode[:2] in regencies:
            regencies[r.kode[:2]].add(r.kode)
    return provinces, {p: frozenset(codes) for p, codes in regencies.items()}
