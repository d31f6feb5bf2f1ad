"""Writes for competency data: default position standards, SKP with its predikat, talent boxes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from sibina.competency import domain
from sibina.competency.models import (
    Asesmen,
    Kinerja,
    Kompetensi,
    ProfilTalenta,
    StandarKompetensi,
)
from sibina.people.models import Instansi, Jabatan
from sibina.reference.models import PredikatKinerja
from sibina.reference.selectors import ketentuan_value, predikat_sumbu_map


def predikat_matrix(*, on: dt.date) -> dict[tuple[str, str], str]:
    cells = PredikatKinerja.objects.filter(berlaku_mulai__lte=on).order_by("berlaku_mulai")
    return {(c.hasil_kerja, c.perilaku_kerja): c.predikat for c in cells}


@transaction.atomic
def standar_apply_defaults(
    *, instansi: Instansi, technical: dict[int, list[tuple[int, int]]] | None = None
) -> int:
    """Give every position without a standard the defaults of its type and level (labelled DEFAULT).

    Managerial and socio-cultural levels come from ``TingkatJabatan.level_manajerial_standar``;
    ``technical`` optionally maps a jabatan id to (kompetensi id, level) pairs. Existing rows are kept.
    """
    non_technical = list(
        Kompetensi.objects.filter(aktif=True)
        .exclude(kelompok=Kompetensi.Kelompok.TEKNIS)
        .values_list("id", flat=True)
    )
    existing = set(
        StandarKompetensi.objects.filter(jabatan__instansi=instansi).values_list(
            "jabatan_id", "kompetensi_id"
        )
    )
    rows = []
    for jabatan in Jabatan.objects.filter(instansi=instansi).select_related("tingkat"):
        if jabatan.tingkat is None:
            continue
        level = jabatan.tingkat.level_manajerial_standar
        wanted = [(k, level) for k in non_technical] + (technical or {}).get(jabatan.id, [])
        rows += [
            StandarKompetensi(
                jabatan=jabatan, kompetensi_id=k, level=lv, sumber=StandarKompetensi.Sumber.DEFAULT
            )
            for k, lv in wanted
            if (jabatan.id, k) not in existing
        ]
    StandarKompetensi.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def asesmen_valid_until(tanggal: dt.date) -> dt.date:
    years = int(ketentuan_value("ASESMEN_MASA_BERLAKU_TAHUN", on=tanggal))
    try:
        return tanggal.replace(year=tanggal.year + years)
    except ValueError:  # 29 February
        return tanggal.replace(year=tanggal.year + years, day=28)


@transaction.atomic
def talent_compute(*, instansi: Instansi, tahun: int) -> int:
    """Place every employee with an SKP for ``tahun`` and an assessed potential in the 9-box (idempotent)."""
    on = dt.date(tahun, 12, 31)
    cut_mid = ketentuan_value("POTENSIAL_BATAS_MENENGAH", on=on)
    cut_high = ketentuan_value("POTENSIAL_BATAS_TINGGI", on=on)
    axis = predikat_sumbu_map(on=on)  # how a predikat places an employee on the performance axis
    potential: dict[int, Any] = {}
    for pegawai_id, skor in (
        Asesmen.objects.filter(
            pegawai__instansi=instansi,
            tanggal__lte=on,
            berlaku_sampai__gte=dt.date(tahun, 1, 1),  # still valid during the year
            skor_potensial__isnull=False,
        )
        .order_by("pegawai_id", "tanggal", "id")
        .values_list("pegawai_id", "skor_potensial")
    ):
        potential[pegawai_id] = skor
    rows = []
    for pegawai_id, predikat in Kinerja.objects.filter(pegawai__instansi=instansi, tahun=tahun).values_list(
        "pegawai_id", "predikat"
    ):
        if pegawai_id not in potential:
            continue
        kinerja = axis[predikat]
        pot = domain.potential_level(potential[pegawai_id], batas_menengah=cut_mid, batas_tinggi=cut_high)
        rows.append(
            ProfilTalenta(
                pegawai_id=pegawai_id,
                tahun=tahun,
                kinerja=kinerja,
                potensial=pot,
                kotak=domain.talent_box(kinerja, pot),
            )
        )
    ProfilTalenta.objects.filter(pegawai__instansi=instansi, tahun=tahun).delete()
    ProfilTalenta.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def kinerja_predikat(*, hasil_kerja: str, perilaku_kerja: str, tahun: int) -> str:
    return domain.predikat(hasil_kerja, perilaku_kerja, predikat_matrix(on=dt.date(tahun, 12, 31)))
