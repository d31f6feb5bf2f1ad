"""Small builders for tests: valid employees with consistent NIP/NIK."""

from __future__ import annotations

import datetime as dt
import itertools

from sibina.people import domain
from sibina.people.models import Instansi, Jabatan, Pegawai, UnitKerja
from sibina.reference.models import Golongan, TingkatJabatan

_seq = itertools.count(1)


def jabatan(instansi: Instansi, unit: UnitKerja, nama: str, tingkat: str) -> Jabatan:
    return Jabatan.objects.create(
        instansi=instansi, unit=unit, nama=nama, tingkat=TingkatJabatan.objects.get(kode=tingkat)
    )


def pegawai(
    instansi: Instansi,
    unit: UnitKerja,
    *,
    nama: str = "Budi Santoso",
    jenis_asn: str = "PNS",
    jabatan: Jabatan | None = None,
    atasan: Pegawai | None = None,
    lahir: dt.date = dt.date(1985, 3, 14),
    sex: str = "L",
) -> Pegawai:
    n = next(_seq)
    pppk = jenis_asn in domain.ASN_PPPK
    tmt = dt.date(2025 if pppk else 2010, 1 + n % 12, 1)  # the PPPK "21" NIP pattern is used from 2025
    p = Pegawai(
        instansi=instansi,
        unit=unit,
        nip=domain.make_nip(tanggal_lahir=lahir, tmt=tmt, jenis_kelamin=sex, urut=n % 1000, pppk_2025=pppk),
        nik=domain.make_nik(kode_wilayah="127501", tanggal_lahir=lahir, jenis_kelamin=sex, urut=n),
        nama=nama,
        tanggal_lahir=lahir,
        jenis_kelamin=sex,
        jenis_asn=jenis_asn,
        golongan=Golongan.objects.filter(jenis_asn="PPPK" if pppk else "PNS").order_by("urutan").last(),
        jabatan=jabatan,
        tmt_cpns=None if pppk else tmt,
        atasan=atasan,
    )
    p.full_clean()
    p.save()
    return p
