"""A few employees in Binjai's real unit tree, built with the ORM (independent of the demo city)."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.test import Client

from sibina.people import domain
from sibina.people.models import Instansi, Jabatan, Pegawai, RiwayatPengembangan, StatusPegawai, UnitKerja
from sibina.reference.models import Golongan, TingkatJabatan
from sibina.reference.selectors import bentuk_map, golongan_map, tingkat_jabatan_map
from sibina.roles import Role

D = dt.date
BORN = D(1985, 3, 14)
TMT = D(2010, 1, 1)
_urut = itertools.count(1)


def make_pegawai(
    *,
    instansi: Instansi,
    unit: UnitKerja,
    nama: str,
    jenis_asn: str = "PNS",
    golongan: Golongan | None = None,
    lahir: dt.date = BORN,
    jenis_kelamin: str = "L",
    tmt: dt.date = TMT,
    status: str = StatusPegawai.AKTIF,
    **extra: object,
) -> Pegawai:
    """A valid employee: NIP and NIK agree with birth date, sex and TMT CPNS. The sequence number skips NIPs
    already taken (the NIP keeps three digits of it, and other builders share birth date and TMT)."""
    urut = next(_urut)
    while Pegawai.objects.filter(
        nip=domain.make_nip(tanggal_lahir=lahir, tmt=tmt, jenis_kelamin=jenis_kelamin, urut=urut % 1000)
    ).exists():
        urut = next(_urut)
    pppk = jenis_asn in domain.ASN_PPPK
    pegawai = Pegawai(
        instansi=instansi,
        unit=unit,
        nama=nama,
        nip=domain.make_nip(tanggal_lahir=lahir, tmt=tmt, jenis_kelamin=jenis_kelamin, urut=urut % 1000),
        nik=domain.make_nik(
            kode_wilayah="127501", tanggal_lahir=lahir, jenis_kelamin=jenis_kelamin, urut=urut
        ),
        tanggal_lahir=lahir,
        jenis_kelamin=jenis_kelamin,
        jenis_asn=jenis_asn,
        golongan=golongan,
        tmt_cpns=None if pppk else tmt,
        status=status,
    )
    for key, value in extra.items():
        setattr(pegawai, key, value)
    pegawai.full_clean()
    pegawai.save()
    return pegawai


@dataclass
class City:
    instansi: Instansi
    dinkes: UnitKerja
    puskesmas: UnitKerja  # a unit created under Dinas Kesehatan
    kecamatan: UnitKerja
    kelurahan: UnitKerja
    bkpsdm: UnitKerja
    kepala: Pegawai
    perawat: Pegawai
    bidan: Pegawai
    lurah: Pegawai
    pppk: Pegawai
    pensiunan: Pegawai


@pytest.fixture
def city(binjai: Instansi) -> City:
    return build_city(binjai)


def build_city(binjai: Instansi) -> City:
    """The ``city`` fixture's units and people, for fixtures of a wider scope (tests/web/test_permissions.py)."""
    units = {u.kode: u for u in UnitKerja.objects.filter(instansi=binjai)}
    dinkes = next(u for u in units.values() if u.nama == "Dinas Kesehatan")
    kecamatan = next(u for u in units.values() if u.nama == "Kecamatan Binjai Utara")
    kelurahan = UnitKerja.objects.get(parent=kecamatan, nama="Kelurahan Jati Makmur")
    bkpsdm = units["BKPSDM"]
    puskesmas = UnitKerja(
        instansi=binjai, parent=dinkes, kode="PKM-TEST", nama="Puskesmas Uji", jenis=UnitKerja.Jenis.PUSKESMAS
    )
    puskesmas.save()
    gol = golongan_map()
    tingkat: TingkatJabatan = tingkat_jabatan_map()["JPT_PRATAMA"]
    kadis = Jabatan.objects.create(
        instansi=binjai, unit=dinkes, nama="Kepala Dinas Kesehatan", tingkat=tingkat
    )
    kepala = make_pegawai(
        instansi=binjai,
        unit=dinkes,
        nama="Rahmat Hidayat",
        gelar_depan="dr.",
        gelar_belakang="M.Kes.",
        golongan=gol[("PNS", "42")],
        jabatan=kadis,
        lahir=D(1972, 5, 2),
        tmt=D(1998, 3, 1),
    )
    perawat = make_pegawai(
        instansi=binjai,
        unit=puskesmas,
        nama="Siti Aminah",
        jenis_kelamin="P",
        golongan=gol[("PNS", "32")],
        atasan=kepala,
        lahir=D(1990, 7, 21),
    )
    bidan = make_pegawai(
        instansi=binjai,
        unit=puskesmas,
        nama="Dewi Lestari",
        jenis_kelamin="P",
        golongan=gol[("PNS", "33")],
        atasan=kepala,
        lahir=D(1988, 11, 30),
    )
    lurah = make_pegawai(instansi=binjai, unit=kelurahan, nama="Budi Santoso", golongan=gol[("PNS", "34")])
    pppk = make_pegawai(
        instansi=binjai, unit=bkpsdm, nama="Andi Saputra", jenis_asn="PPPK", golongan=gol[("PPPK", "IX")]
    )
    pensiunan = make_pegawai(
        instansi=binjai,
        unit=kecamatan,
        nama="Sutrisno",
        golongan=gol[("PNS", "41")],
        status=StatusPegawai.PENSIUN,
    )
    return City(
        binjai,
        dinkes,
        puskesmas,
        kecamatan,
        kelurahan,
        bkpsdm,
        kepala,
        perawat,
        bidan,
        lurah,
        pppk,
        pensiunan,
    )


def add_riwayat(
    pegawai: Pegawai, nama: str, mulai: dt.date, jp: str, kode: str = "KL03"
) -> RiwayatPengembangan:
    return RiwayatPengembangan.objects.create(
        pegawai=pegawai,
        jenis=RiwayatPengembangan.Jenis.KURSUS,
        bentuk=bentuk_map()[kode],
        nama_kegiatan=nama,
        tanggal_mulai=mulai,
        tahun=mulai.year,
        jp=Decimal(jp),
        sumber=RiwayatPengembangan.Sumber.SIASN,
    )


def _user(username: str, *perms: str, role: Role | None = None, **flags: bool) -> User:
    user = User.objects.create_user(username=username, password="pw-not-used-123", **flags)
    if role is not None:  # the role groups exist: ensure_role_groups runs after migrate
        user.groups.add(Group.objects.get(name=role.value))
    for perm in perms:
        app_label, codename = perm.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return user


@pytest.fixture
def reader(db: None) -> User:
    """An Inspektorat auditor: reads every page (import records too), changes nothing, sees NIKs masked."""
    return _user("pembaca", role=Role.AUDITOR)


@pytest.fixture
def reader_client(reader: User) -> Client:
    client = Client()
    client.force_login(reader)
    return client


@pytest.fixture
def importer(db: None) -> User:
    return _user("admin_bkpsdm", role=Role.BKPSDM)


@pytest.fixture
def importer_client(importer: User) -> Client:
    client = Client()
    client.force_login(importer)
    return client


@pytest.fixture
def nik_client(db: None) -> Client:
    client = Client()
    client.force_login(_user("petugas_nik", "people.view_nik", role=Role.AUDITOR))
    return client


def role_client(role: Role | None, pegawai: Pegawai | None = None, *, username: str = "") -> Client:
    """A signed-in client acting in ``role`` (None: an account in no role group), tied to ``pegawai`` if given."""
    user = _user(username or f"{role.name.lower() if role else 'tanpa_peran'}_{next(_urut)}", role=role)
    if pegawai is not None:
        Pegawai.objects.filter(pk=pegawai.pk).update(user=user)
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def staff_client(db: None) -> Client:
    """Staff who may view and change employees in the admin, but not see NIKs."""
    client = Client()
    client.force_login(
        _user(
            "staf",
            "people.view_pegawai",
            "people.change_pegawai",
            "imports.view_importrowerror",
            "imports.view_perubahandata",
            is_staff=True,
        )
    )
    return client
