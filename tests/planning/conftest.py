"""A tiny city with a catalogue, needs and a budget: small enough to solve in a second, real end to end."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest

from sibina.catalogue.models import AturanWajib, Kegiatan, KegiatanKompetensi
from sibina.catalogue.services import kegiatan_save
from sibina.competency.models import Kompetensi
from sibina.needs.models import Kebutuhan
from sibina.people.models import Instansi, Pegawai, UnitKerja
from sibina.planning.models import Anggaran, PlanCycle
from sibina.reference.models import BentukPengembangan
from tests import factories as f


@dataclass
class Tiny:
    instansi: Instansi
    cycle: PlanCycle
    pns: list[Pegawai]
    cpns: Pegawai
    pppk: Pegawai
    course: Kegiatan
    elearning: Kegiatan
    latsar: Kegiatan


def _kegiatan(instansi: Instansi, kode: str, bentuk: str, **kw: object) -> Kegiatan:
    k = Kegiatan(
        instansi=instansi,
        kode=kode,
        judul=kode,
        bentuk=BentukPengembangan.objects.get(kode=bentuk),
        jenis_penyelenggara="BKPSDM",
        penyelenggara="BKPSDM Kota Binjai",
        jp=Decimal(0),
        **{"pola_pendanaan": "KONTRIBUSI", **kw},
    )
    return kegiatan_save(kegiatan=k)


@pytest.fixture
def tiny(binjai: Instansi) -> Tiny:
    unit = UnitKerja.objects.get(instansi=binjai, kode="DINKES")
    job = f.jabatan(binjai, unit, "Pengelola Data", "PELAKSANA")
    pns = [f.pegawai(binjai, unit, nama=f"PNS {i}", jabatan=job) for i in range(3)]
    cpns = f.pegawai(binjai, unit, nama="CPNS", jenis_asn="CPNS", jabatan=job)
    pppk = f.pegawai(binjai, unit, nama="PPPK", jenis_asn="PPPK", jabatan=job)
    m01 = Kompetensi.objects.get(kode="M01")
    course = _kegiatan(
        binjai,
        "KURSUS-INT",
        "KL03",
        jp_program=Decimal(24),
        hari=3,
        hari_klasikal=3,
        biaya_per_peserta=Decimal(2_000_000),
        kapasitas_kelas=30,
        min_peserta=2,
        maks_kelas=1,
        triwulan=[2],
    )
    KegiatanKompetensi.objects.create(kegiatan=course, kompetensi=m01, kenaikan_level=2)
    elearning = _kegiatan(
        binjai,
        "ELEARN",
        "NKL03",
        hari=10,
        menit=1200,
        kapasitas_kelas=1000,
        maks_kelas=1,
        pola_pendanaan="GRATIS",
        triwulan=[1, 2, 3, 4],
    )
    latsar = _kegiatan(
        binjai,
        "LATSAR",
        "KL01",
        jp_program=Decimal(40),
        hari=18,
        hari_klasikal=18,
        biaya_per_peserta=Decimal(9_000_000),
        kapasitas_kelas=40,
        maks_kelas=1,
        jenis_asn=["CPNS"],
        triwulan=[1],
    )
    AturanWajib.objects.create(kegiatan=latsar, sasaran=AturanWajib.Sasaran.CPNS)
    for p, gap in ((pns[0], 2), (pns[1], 2), (pns[2], 1)):
        Kebutuhan.objects.create(
            pegawai=p,
            tahun=2027,
            sumber="GAP",
            kompetensi=m01,
            level_saat_ini=1,
            level_target=1 + gap,
            gap=gap,
            prioritas=Decimal(60),
            alasan="test",
        )
    cycle = PlanCycle.objects.create(instansi=binjai, tahun=2027, nama="Tiny 2027", maks_hari_klasikal=20)
    Anggaran.objects.create(cycle=cycle, sumber=Anggaran.Sumber.BKPSDM, batas=Decimal(13_000_000))
    return Tiny(binjai, cycle, pns, cpns, pppk, course, elearning, latsar)
