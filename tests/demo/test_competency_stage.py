"""The synthetic city's competency and performance data: standards, assessments, SKP, talent, proposals."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from sibina.competency import domain as cd
from sibina.competency.models import (
    Asesmen,
    Kinerja,
    Kompetensi,
    NilaiKompetensi,
    NominasiSuksesi,
    ProfilTalenta,
    StandarKompetensi,
)
from sibina.demo import competency_tables as tables
from sibina.demo.services import demo_reset
from sibina.needs.models import Kebutuhan, Usulan
from sibina.people.models import Jabatan, Pegawai
from sibina.reference.models import PredikatKinerja
from sibina.reference.selectors import ketentuan_value

from .conftest import SEED, SIZE

pytestmark = pytest.mark.django_db

END_2026 = dt.date(2026, 12, 31)
STRUCTURAL = ("JPT", "ADMINISTRATOR", "PENGAWAS")


# DOMAIN §5 / the talent box: Sangat Baik is above expectations, Baik as expected, the rest below.
AXIS = {
    "SANGAT_BAIK": "DI_ATAS",
    "BAIK": "SESUAI",
    "BUTUH_PERBAIKAN": "DI_BAWAH",
    "KURANG": "DI_BAWAH",
    "SANGAT_KURANG": "DI_BAWAH",
}


def _kelompok(p: Pegawai) -> str:
    return p.jabatan.tingkat.kelompok if p.jabatan and p.jabatan.tingkat else ""


def _appointed(p: Pegawai) -> dt.date:
    appointed = p.tmt_cpns or p.tmt_golongan
    assert appointed is not None
    return appointed


def _rows(qs: object, *fields: str) -> list[tuple[str, ...]]:
    """Rows keyed by natural values as strings (ids differ between runs; None sorts with the rest)."""
    return sorted(tuple(str(v) for v in row) for row in qs.values_list(*fields))  # type: ignore[attr-defined]


def _snapshot() -> dict[str, list[tuple[str, ...]]]:
    return {
        "standar": _rows(
            StandarKompetensi.objects,
            "jabatan__unit__kode",
            "jabatan__nama",
            "kompetensi__kode",
            "level",
            "sumber",
        ),
        "asesmen": _rows(
            Asesmen.objects,
            "pegawai__nip",
            "tanggal",
            "metode",
            "penyelenggara",
            "skor_potensial",
            "berlaku_sampai",
        ),
        "nilai": _rows(
            NilaiKompetensi.objects, "asesmen__pegawai__nip", "asesmen__tanggal", "kompetensi__kode", "level"
        ),
        "kinerja": _rows(
            Kinerja.objects,
            "pegawai__nip",
            "tahun",
            "hasil_kerja",
            "perilaku_kerja",
            "predikat",
            "penilai_nip",
        ),
        "talenta": _rows(ProfilTalenta.objects, "pegawai__nip", "tahun", "kinerja", "potensial", "kotak"),
        "usulan": _rows(
            Usulan.objects,
            "pegawai__nip",
            "tahun",
            "kompetensi__kode",
            "level_target",
            "uraian",
            "status",
            "catatan_atasan",
            "catatan_bkpsdm",
            "version",
            "diajukan_oleh__username",
            "diverifikasi_oleh__username",
        ),
        "nominasi": _rows(
            NominasiSuksesi.objects, "pegawai__nip", "jabatan_target__nama", "tahun", "catatan"
        ),
    }


def test_every_position_has_default_and_technical_standards(city: list[Pegawai]) -> None:
    non_technical = set(Kompetensi.objects.exclude(kelompok="TEKNIS").values_list("kode", flat=True))
    assert len(non_technical) == 9
    by_jabatan: dict[int, dict[str, tuple[int, str, str]]] = {}
    for jabatan_id, kode, kelompok, level, sumber in StandarKompetensi.objects.values_list(
        "jabatan_id", "kompetensi__kode", "kompetensi__kelompok", "level", "sumber"
    ):
        by_jabatan.setdefault(jabatan_id, {})[kode] = (level, kelompok, sumber)
    jabatan = list(Jabatan.objects.select_related("tingkat", "unit"))
    assert {j.pk for j in jabatan} == set(by_jabatan)
    top_technical: dict[str, int] = {}
    for j in jabatan:
        std = by_jabatan[j.pk]
        assert j.tingkat is not None
        managerial = {k: lv for k, (lv, kel, _) in std.items() if kel != "TEKNIS"}
        assert managerial == dict.fromkeys(non_technical, j.tingkat.level_manajerial_standar), j.nama
        technical = [lv for lv, kel, _ in std.values() if kel == "TEKNIS"]
        assert 1 <= len(technical) <= 3 and all(1 <= lv <= 4 for lv in technical), j.nama
        assert {sumber for _, _, sumber in std.values()} == {"DEFAULT"}
        top_technical[j.tingkat.kode] = max(top_technical.get(j.tingkat.kode, 0), *technical)
    # more senior expert levels require more of their field
    assert top_technical["JF_AHLI_PERTAMA"] < top_technical["JF_AHLI_MUDA"] < top_technical["JF_AHLI_MADYA"]
    codes = {j.nama: set(by_jabatan[j.pk]) for j in jabatan}
    expected = {
        "Guru Ahli Pertama": "T-PEN-01",
        "Kepala Dinas Pendidikan": "T-PEN-04",
        "Kepala SD Negeri 1 Binjai": "T-PEN-04",
        "Kepala Dinas Kesehatan": "T-KES-05",
        "Kepala Badan Kepegawaian dan Pengembangan Sumber Daya Manusia": "T-PEG-01",
        "Kepala Dinas Kependudukan dan Pencatatan Sipil": "T-DUK-01",
        "Kepala Satuan Polisi Pamong Praja": "T-HUK-02",
        "Kepala Dinas Komunikasi dan Informatika": "T-TIK-01",
        "Kepala Badan Perencanaan Pembangunan, Riset dan Inovasi Daerah": "T-PRC-01",
        "Kepala Badan Pengelolaan Keuangan, Pendapatan dan Aset Daerah": "T-KEU-01",
    }
    for nama, kode in expected.items():
        assert kode in codes[nama], nama
    for nama, std_codes in codes.items():
        if nama.startswith("Perawat"):
            assert "T-KES-02" in std_codes
        if nama.startswith("Bidan"):
            assert "T-KES-03" in std_codes
        if nama.startswith("Polisi Pamong Praja"):
            assert "T-HUK-02" in std_codes
    assert any(n.startswith("Perawat") for n in codes) and any(n.startswith("Bidan") for n in codes)


def test_assessments_cover_the_intended_share_around_the_standard(city: list[Pegawai]) -> None:
    assessed = set(Asesmen.objects.values_list("pegawai_id", flat=True))
    share = len(assessed) / len(city)

    def share_of(people: list[Pegawai]) -> float:
        return sum(p.pk in assessed for p in people) / len(people)

    structural = [p for p in city if _kelompok(p) in STRUCTURAL]
    # The full city lands near 58%; a city of 400 has ~30% heads, nearly all of them assessed.
    assert 0.5 <= share_of([p for p in city if p not in structural]) <= 0.68
    assert 0.55 <= share <= 0.75, share
    teachers = [p for p in city if p.jabatan is not None and p.jabatan.nama.startswith("Guru")]
    pppk = [p for p in city if p.jenis_asn in ("PPPK", "PPPK_PW")]
    assert share_of(structural) >= 0.9
    assert share_of(teachers) < share_of(structural) - 0.25
    assert share_of(pppk) < share - 0.15

    years = 3  # the reference validity is what the rows must carry
    assert ketentuan_value("ASESMEN_MASA_BERLAKU_TAHUN", on=END_2026) == Decimal(years)
    standards: dict[int, dict[int, int]] = {}
    for jabatan_id, kompetensi_id, level in StandarKompetensi.objects.values_list(
        "jabatan_id", "kompetensi_id", "level"
    ):
        standards.setdefault(jabatan_id, {})[kompetensi_id] = level
    levels: dict[int, dict[int, int]] = {}
    for asesmen_id, kompetensi_id, level in NilaiKompetensi.objects.values_list(
        "asesmen_id", "kompetensi_id", "level"
    ):
        levels.setdefault(asesmen_id, {})[kompetensi_id] = level
    by_pk = {p.pk: p for p in city}
    diffs: Counter[int] = Counter()
    rows = list(Asesmen.objects.all())
    for a in rows:
        p = by_pk[a.pegawai_id]
        assert a.sintetis
        assert dt.date(2023, 1, 1) <= a.tanggal <= dt.date(2026, 11, 30) and a.tanggal.weekday() < 5
        assert a.tanggal > _appointed(p)
        assert a.berlaku_sampai == a.tanggal.replace(year=a.tanggal.year + years)
        assert (a.skor_potensial is None) == (a.metode == "ATASAN")
        assert a.skor_potensial is None or Decimal(0) <= a.skor_potensial <= Decimal(100)
        std = standards[p.jabatan_id or 0]
        assert set(levels[a.pk]) == set(std)  # every competency of the position's standard is rated
        diffs.update(levels[a.pk][k] - std[k] for k in std)
    assert Counter(a.metode for a in rows if _kelompok(by_pk[a.pegawai_id]) in STRUCTURAL)["AC"] > 0.7 * sum(
        1 for a in rows if _kelompok(by_pk[a.pegawai_id]) in STRUCTURAL
    )
    assert {"AC", "CACT", "ATASAN"} <= {a.metode for a in rows}
    total = sum(diffs.values())
    assert 0.35 <= diffs[0] / total <= 0.8  # mostly at the standard …
    assert 0.08 <= sum(n for d, n in diffs.items() if d < 0) / total <= 0.4  # … with gaps
    assert sum(n for d, n in diffs.items() if d > 0) > 0  # … and some above it
    expired = {a.pegawai_id for a in rows if a.berlaku_sampai < END_2026}
    valid = {a.pegawai_id for a in rows if a.berlaku_sampai >= END_2026}
    assert expired - valid, "some employees need re-assessment by the end of 2026"


def test_skp_for_two_years_with_the_matrix_predikat(city: list[Pegawai]) -> None:
    matrix = {(c.hasil_kerja, c.perilaku_kerja): c.predikat for c in PredikatKinerja.objects.all()}
    assert len(matrix) == 9
    rows = list(Kinerja.objects.all())
    by_pk = {p.pk: p for p in city}
    for k in rows:
        assert k.predikat == matrix[(k.hasil_kerja, k.perilaku_kerja)]
        atasan = by_pk[k.pegawai_id].atasan
        assert k.penilai_nip == (atasan.nip if atasan else "")
    in_post = [p for p in city if _appointed(p) <= dt.date(2026, 6, 30)]
    rated_2026 = {k.pegawai_id for k in rows if k.tahun == 2026}
    assert {k.tahun for k in rows} == {2025, 2026}
    assert sum(p.pk in rated_2026 for p in in_post) >= 0.95 * len(in_post)
    assert all(_appointed(by_pk[k.pegawai_id]) <= dt.date(k.tahun, 6, 30) for k in rows)
    hk = Counter(k.hasil_kerja for k in rows)
    assert hk["SESUAI"] > 0.7 * len(rows)
    assert 0 < hk["DI_BAWAH"] < hk["DI_ATAS"] < 0.2 * len(rows)
    assert {"BUTUH_PERBAIKAN", "KURANG", "SANGAT_KURANG"} <= {k.predikat for k in rows}


def test_talent_boxes_for_2026_follow_skp_and_potential(city: list[Pegawai]) -> None:
    cut_mid = ketentuan_value("POTENSIAL_BATAS_MENENGAH", on=END_2026)
    cut_high = ketentuan_value("POTENSIAL_BATAS_TINGGI", on=END_2026)
    potential: dict[int, Decimal] = {}
    for pegawai_id, skor in (
        Asesmen.objects.filter(tanggal__lte=END_2026, skor_potensial__isnull=False)
        .order_by("pegawai_id", "tanggal")
        .values_list("pegawai_id", "skor_potensial")
    ):
        if skor is not None:
            potential[pegawai_id] = skor
    predikat = dict(Kinerja.objects.filter(tahun=2026).values_list("pegawai_id", "predikat"))
    boxes = {t.pegawai_id: t for t in ProfilTalenta.objects.filter(tahun=2026)}
    assert set(boxes) == set(potential) & set(predikat)
    for pegawai_id, box in boxes.items():
        kinerja = AXIS[predikat[pegawai_id]]
        pot = cd.potential_level(potential[pegawai_id], batas_menengah=cut_mid, batas_tinggi=cut_high)
        assert (box.kinerja, box.potensial, box.kotak) == (kinerja, pot, cd.talent_box(kinerja, pot))
    counts = Counter(b.kotak for b in boxes.values())
    assert counts.most_common(1)[0][0] in (2, 5)  # most people do as expected
    assert counts[7] + counts[8] + counts[9] > 0  # a succession pool exists


def test_proposals_in_every_state_and_a_few_nominations(city: list[Pegawai]) -> None:
    rows = list(Usulan.objects.select_related("pegawai__jabatan", "kompetensi", "diajukan_oleh"))
    assert {u.status for u in rows} == set(Usulan.Status.values)
    assert all(u.sintetis and u.tahun == 2027 for u in rows)
    standard = set(StandarKompetensi.objects.values_list("jabatan_id", "kompetensi_id"))
    steps = {"DIAJUKAN": 1, "DISETUJUI": 2, "DITOLAK": 2, "VERIFIKASI": 3, "TOLAKBKP": 3}
    for u in rows:
        assert (u.pegawai.jabatan_id, u.kompetensi_id) in standard  # names a competency of the position
        assert 1 <= u.level_target <= 5 and u.uraian.strip()
        assert u.version == steps[u.status]
        assert bool(u.catatan_atasan.strip()) == (u.status == "DITOLAK")
        assert bool(u.catatan_bkpsdm.strip()) == (u.status == "TOLAKBKP")
        assert (u.diverifikasi_oleh_id is not None) == (u.status in ("VERIFIKASI", "TOLAKBKP"))
    # The demo employee's own proposal, made through the service, waits in the demo supervisor's inbox.
    login = User.objects.get(username="pegawai")
    (own,) = [u for u in rows if u.pegawai.user_id == login.pk]
    assert (own.status, own.diajukan_oleh) == ("DIAJUKAN", login)
    assert own.pegawai.atasan.user.username == "atasan"  # type: ignore[union-attr]

    nominations = list(NominasiSuksesi.objects.select_related("pegawai__atasan", "jabatan_target__tingkat"))
    assert len(nominations) == 3
    for n in nominations:
        assert n.tahun == 2027 and n.pegawai.atasan is not None
        assert n.jabatan_target_id == n.pegawai.atasan.jabatan_id
        tingkat = n.jabatan_target.tingkat
        assert tingkat is not None and tingkat.kelompok in ("ADMINISTRATOR", "JPT")


def test_needs_analyse_finds_every_kind_of_need_and_is_idempotent(city: list[Pegawai]) -> None:
    call_command("needs", "analyse", "--year", "2027", "--lang", "en", stdout=StringIO())
    fields = (
        "pegawai__nip",
        "sumber",
        "kompetensi__kode",
        "level_saat_ini",
        "level_target",
        "gap",
        "jabatan_target__nama",
        "usulan__uraian",
        "prioritas",
        "rincian_prioritas",
        "alasan",
    )
    first = _rows(Kebutuhan.objects, *fields)
    assert {"GAP", "KINERJA", "USULAN", "WAJIB"} <= {row[1] for row in first}
    verified = set(Usulan.objects.filter(status="VERIFIKASI").values_list("pk", flat=True))
    assert set(Kebutuhan.objects.filter(sumber="USULAN").values_list("usulan_id", flat=True)) <= verified
    call_command("needs", "analyse", "--year", "2027", "--lang", "en", stdout=StringIO())
    assert _rows(Kebutuhan.objects, *fields) == first


def test_same_seed_same_data_another_seed_other_data(city: list[Pegawai]) -> None:
    first = _snapshot()
    assert all(first.values())
    call_command("demo", "--reset", size=SIZE, seed=SEED, verbosity=0)
    assert _snapshot() == first
    call_command("demo", "--reset", size=SIZE, seed=SEED + 1, verbosity=0)
    other = _snapshot()
    assert other["asesmen"] != first["asesmen"] and other["kinerja"] != first["kinerja"]


def test_reset_removes_the_stage_data(city: list[Pegawai]) -> None:
    demo_reset()
    for model in (
        StandarKompetensi,
        Asesmen,
        NilaiKompetensi,
        Kinerja,
        ProfilTalenta,
        Usulan,
        NominasiSuksesi,
    ):
        assert not model.objects.exists(), model.__name__


def test_tables_name_only_dictionary_competencies(db: None) -> None:
    known = set(Kompetensi.objects.values_list("kode", flat=True))
    named = {k for codes in tables.FAMILY_TECHNICAL.values() for k in codes}
    named |= {k for _, codes in tables.UNIT_KEYWORD_TECHNICAL for k in codes}
    named |= {k for codes in tables.OPD_TECHNICAL.values() for k in codes}
    named |= {*tables.SECRETARIAT_TECHNICAL, *tables.FRONT_LINE_TECHNICAL, *tables.DEFAULT_TECHNICAL}
    named |= {*tables.SCHOOL_HEAD_TECHNICAL, *tables.PUSKESMAS_HEAD_TECHNICAL, tables.LEADER_TECHNICAL}
    assert named <= known, named - known
