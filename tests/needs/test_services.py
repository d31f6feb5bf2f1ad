"""The needs analysis, proposals and the JP ledger against the database."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth.models import User

from sibina.competency.models import Asesmen, Kinerja, Kompetensi, NilaiKompetensi, StandarKompetensi
from sibina.competency.services import standar_apply_defaults, talent_compute
from sibina.needs import ledger
from sibina.needs.models import Kebutuhan, Usulan
from sibina.needs.services import (
    ProposalError,
    needs_analyse,
    usulan_decide_supervisor,
    usulan_submit,
    usulan_verify,
)
from sibina.people.models import Instansi, RiwayatPengembangan, UnitKerja
from sibina.reference.models import BentukPengembangan
from tests import factories as f


@pytest.fixture
def city(binjai: Instansi) -> dict[str, object]:
    dinkes = UnitKerja.objects.get(instansi=binjai, kode="DINKES")
    head_job = f.jabatan(binjai, dinkes, "Kepala Dinas Kesehatan", "JPT_PRATAMA")
    staff_job = f.jabatan(binjai, dinkes, "Pengadministrasi Umum", "PELAKSANA")
    head = f.pegawai(binjai, dinkes, nama="Kepala", jabatan=head_job)
    staff = f.pegawai(binjai, dinkes, nama="Staf", jabatan=staff_job, atasan=head)
    pppk = f.pegawai(binjai, dinkes, nama="Kontrak", jenis_asn="PPPK", jabatan=staff_job, atasan=head)
    standar_apply_defaults(instansi=binjai)
    integritas = Kompetensi.objects.get(kode="M01")
    a = Asesmen.objects.create(
        pegawai=staff,
        tanggal=dt.date(2025, 3, 1),
        metode="CACT",
        berlaku_sampai=dt.date(2028, 3, 1),
        skor_potensial=Decimal(65),
    )
    for k in Kompetensi.objects.exclude(kelompok="TEKNIS"):
        NilaiKompetensi.objects.create(asesmen=a, kompetensi=k, level=1)
    Kinerja.objects.create(
        pegawai=staff, tahun=2026, hasil_kerja="DI_BAWAH", perilaku_kerja="SESUAI", predikat="BUTUH_PERBAIKAN"
    )
    kl03 = BentukPengembangan.objects.get(kode="KL03")
    for p, jp in ((staff, "12"), (pppk, "30"), (head, "20")):
        RiwayatPengembangan.objects.create(
            pegawai=p,
            jenis="KURSUS",
            bentuk=kl03,
            nama_kegiatan="Pelatihan",
            tanggal_mulai=dt.date(2026, 5, 1),
            tahun=2026,
            jp=Decimal(jp),
            sumber="SIASN",
        )
    return {"instansi": binjai, "head": head, "staff": staff, "pppk": pppk, "integritas": integritas}


def test_defaults_give_each_position_its_managerial_level(city: dict) -> None:
    staff = city["staff"]
    levels = set(StandarKompetensi.objects.filter(jabatan=staff.jabatan).values_list("level", "sumber"))
    assert levels == {(1, "DEFAULT")}  # pelaksana: level 1 by default
    assert StandarKompetensi.objects.filter(jabatan=city["head"].jabatan, level=4).count() == 9


def test_analyse_builds_needs_and_is_idempotent(city: dict) -> None:
    talent_compute(instansi=city["instansi"], tahun=2026)
    first = needs_analyse(instansi=city["instansi"], tahun=2027)
    rows = sorted(
        Kebutuhan.objects.values_list("pegawai__nama", "sumber", "kompetensi__kode", "gap", "prioritas")
    )
    assert first.employees == 3 and first.unassessed == 2
    # Staff is assessed at level 1 = standard 1 (no competency gap) but has a performance gap.
    assert rows == [("Staf", "KINERJA", None, 1, rows[0][4])]
    second = needs_analyse(instansi=city["instansi"], tahun=2027)
    assert second == first
    assert (
        sorted(
            Kebutuhan.objects.values_list("pegawai__nama", "sumber", "kompetensi__kode", "gap", "prioritas")
        )
        == rows
    )


def test_proposal_without_gap_is_refused_and_nothing_written(city: dict) -> None:
    user = User.objects.create_user("staf")
    with pytest.raises(ProposalError) as err:
        usulan_submit(
            pegawai=city["staff"],
            tahun=2027,
            kompetensi=None,
            level_target=2,
            uraian="Ingin belajar",
            by=user,
        )
    assert "kompetensi" in err.value.message_dict
    assert Usulan.objects.count() == 0


def test_proposal_workflow_feeds_the_needs(city: dict) -> None:
    user = User.objects.create_user("staf")
    u = usulan_submit(
        pegawai=city["staff"],
        tahun=2027,
        kompetensi=city["integritas"],
        level_target=3,
        uraian="Pelayanan",
        by=user,
    )
    with pytest.raises(ProposalError):  # BKPSDM cannot verify before the supervisor endorses
        usulan_verify(usulan=u, by=user, approve=True, catatan="", version=u.version)
    with pytest.raises(ProposalError):  # a rejection needs a reason
        usulan_decide_supervisor(usulan=u, by=user, approve=False, catatan=" ", version=u.version)
    u.refresh_from_db()
    assert (u.status, u.version) == ("DIAJUKAN", 1)
    u = usulan_decide_supervisor(usulan=u, by=user, approve=True, catatan="", version=1)
    with pytest.raises(ProposalError):  # stale version
        usulan_verify(usulan=u, by=user, approve=True, catatan="", version=1)
    u = usulan_verify(usulan=u, by=user, approve=True, catatan="ok", version=2)
    assert u.status == "VERIFIKASI"
    needs_analyse(instansi=city["instansi"], tahun=2027)
    need = Kebutuhan.objects.get(sumber="USULAN")
    assert (need.kompetensi_id, need.level_saat_ini, need.level_target, need.gap, need.usulan_id) == (
        city["integritas"].id,
        1,
        3,
        2,
        u.id,
    )


def test_ledger_statuses_and_rates(city: dict) -> None:
    rows = {r.pegawai_id: r.status for r in ledger.ledger(instansi=city["instansi"], tahun=2026)}
    assert (rows[city["staff"].id].status, rows[city["staff"].id].kekurangan) == ("KURANG", Decimal(8))
    assert (rows[city["pppk"].id].status, rows[city["pppk"].id].kelebihan) == ("MELEBIHI", Decimal(6))
    assert rows[city["head"].id].status == "TERCAPAI"
    assert rows[city["head"].id].ip_asn_teknis is True
    rate = ledger.rates(list(ledger.ledger(instansi=city["instansi"], tahun=2026)))[None]
    assert (rate.wajib, rate.tercapai, rate.pppk_melebihi, rate.persen) == (2, 1, 1, Decimal("50.0"))
