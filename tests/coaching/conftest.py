"""A small team in Binjai's real unit tree: a head of agency, a head of division, their staff, a CPNS, and
people elsewhere; one account per role."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

from sibina.coaching.models import JenisBimbingan, PenugasanPembimbing
from sibina.people import domain
from sibina.people.models import Instansi, Jabatan, Pegawai, UnitKerja
from sibina.reference.selectors import golongan_map, tingkat_jabatan_map
from sibina.roles import Role

_seq = iter(range(1, 10_000))


def make_pegawai(
    instansi: Instansi,
    unit: UnitKerja,
    nama: str,
    *,
    gol: str,
    tingkat: str = "PELAKSANA",
    jenis_asn: str = "PNS",
    atasan: Pegawai | None = None,
    tmt: dt.date = dt.date(2010, 1, 1),
) -> Pegawai:
    n = next(_seq)
    lahir = dt.date(1980, 1 + n % 12, 1 + n % 27)
    jabatan, _created = Jabatan.objects.get_or_create(
        instansi=instansi, unit=unit, nama=f"{tingkat} {unit.kode}", tingkat=tingkat_jabatan_map()[tingkat]
    )
    p = Pegawai(
        instansi=instansi,
        unit=unit,
        nama=nama,
        nip=domain.make_nip(tanggal_lahir=lahir, tmt=tmt, jenis_kelamin="L", urut=n),
        tanggal_lahir=lahir,
        jenis_kelamin="L",
        jenis_asn=jenis_asn,
        golongan=golongan_map()[("PNS", gol)],
        jabatan=jabatan,
        tmt_cpns=tmt,
        atasan=atasan,
    )
    p.full_clean()
    p.save()
    return p


def account(username: str, role: Role, pegawai: Pegawai | None = None) -> User:
    user = User.objects.create_user(username=username, password="unused-in-tests-2027")
    user.groups.add(Group.objects.get_or_create(name=role.value)[0])
    if pegawai is not None:
        Pegawai.objects.filter(pk=pegawai.pk).update(user=user)
        pegawai.refresh_from_db()
    return user


@dataclass
class Team:
    instansi: Instansi
    dinkes: UnitKerja
    bidang: UnitKerja
    kecamatan: UnitKerja
    kepala: Pegawai  # head of Dinas Kesehatan
    kabid: Pegawai  # head of a division, reports to the kepala
    staf: Pegawai  # reports to the kabid
    staf2: Pegawai  # reports to the kabid, same rank as staf
    cpns: Pegawai  # reports to the kabid
    camat: Pegawai  # head of a kecamatan (another OPD)
    staf_camat: Pegawai  # reports to the camat
    u_bkpsdm: User
    u_kepala: User
    u_atasan: User
    u_camat: User  # an atasan elsewhere
    u_pegawai: User  # staf's own account
    u_ppk: User
    u_auditor: User


@pytest.fixture
def team(binjai: Instansi) -> Team:
    dinkes = UnitKerja.objects.get(instansi=binjai, nama="Dinas Kesehatan")
    kecamatan = UnitKerja.objects.get(instansi=binjai, nama="Kecamatan Binjai Utara")
    bidang = UnitKerja(
        instansi=binjai, parent=dinkes, kode="DINKES-P2P", nama="Bidang P2P", jenis=UnitKerja.Jenis.BIDANG
    )
    bidang.save()
    kepala = make_pegawai(binjai, dinkes, "Rahmat Hidayat", gol="42", tingkat="JPT_PRATAMA")
    kabid = make_pegawai(binjai, bidang, "Nurul Rangkuti", gol="34", tingkat="ADMINISTRATOR", atasan=kepala)
    staf = make_pegawai(binjai, bidang, "Siti Aminah", gol="32", atasan=kabid)
    staf2 = make_pegawai(binjai, bidang, "Dewi Lestari", gol="32", atasan=kabid)
    cpns = make_pegawai(
        binjai, bidang, "Agus Prasetyo", gol="31", jenis_asn="CPNS", atasan=kabid, tmt=dt.date(2025, 6, 1)
    )
    camat = make_pegawai(binjai, kecamatan, "Budi Santoso", gol="41", tingkat="ADMINISTRATOR")
    staf_camat = make_pegawai(binjai, kecamatan, "Andi Saputra", gol="31", atasan=camat)
    bkpsdm_staff = make_pegawai(
        binjai, UnitKerja.objects.get(instansi=binjai, kode="BKPSDM"), "Admin", gol="33"
    )
    return Team(
        instansi=binjai,
        dinkes=dinkes,
        bidang=bidang,
        kecamatan=kecamatan,
        kepala=kepala,
        kabid=kabid,
        staf=staf,
        staf2=staf2,
        cpns=cpns,
        camat=camat,
        staf_camat=staf_camat,
        u_bkpsdm=account("admin.bkpsdm", Role.BKPSDM, bkpsdm_staff),
        u_kepala=account("kepala.dinkes", Role.KEPALA_OPD, kepala),
        u_atasan=account("atasan", Role.ATASAN, kabid),
        u_camat=account("camat", Role.ATASAN, camat),
        u_pegawai=account("pegawai", Role.PEGAWAI, staf),
        u_ppk=account("ppk", Role.PPK),
        u_auditor=account("auditor", Role.AUDITOR),
    )


def client_for(user: User) -> Client:
    c = Client()
    c.force_login(user)
    return c


def assignment(
    pembimbing: Pegawai,
    pegawai: Pegawai,
    *,
    jenis: str = JenisBimbingan.COACHING,
    mulai: dt.date = dt.date(2025, 1, 2),
) -> PenugasanPembimbing:
    """An assignment made directly (as data), for tests about sessions and pages."""
    return PenugasanPembimbing.objects.create(
        pembimbing=pembimbing, pegawai=pegawai, jenis=jenis, mulai=mulai
    )
