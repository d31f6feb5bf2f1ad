"""The pure rules of delivery: class facts, answers, the attendance minimum (exact), JP, the SIASN shapes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from sibina.delivery import domain
from sibina.reference.domain import JpRule

D = dt.date


def test_session_dates_spread_over_the_days() -> None:
    assert domain.session_dates(D(2027, 3, 1), D(2027, 3, 3), 3) == [
        D(2027, 3, 1),
        D(2027, 3, 2),
        D(2027, 3, 3),
    ]
    assert domain.session_dates(D(2027, 3, 1), D(2027, 3, 2), 4) == [
        D(2027, 3, 1),
        D(2027, 3, 1),
        D(2027, 3, 2),
        D(2027, 3, 2),
    ]
    assert domain.session_dates(D(2027, 3, 2), D(2027, 3, 1), 2) == []


def test_the_minimum_share_is_compared_exactly() -> None:
    # 4 of 5 is exactly 80 %: enough. 2 of 3 is 66.67 %: short of 66.7, though it rounds to 66.7.
    assert domain.meets_attendance(4, 5, min_persen=Decimal(80))
    assert not domain.meets_attendance(2, 3, min_persen=Decimal("66.7"))
    assert domain.attendance_share(2, 3) == Decimal("66.7")
    assert not domain.meets_attendance(0, 0, min_persen=Decimal(0))


@given(st.integers(0, 60), st.integers(1, 60), st.decimals(0, 100, places=1))
def test_meeting_the_minimum_agrees_with_the_exact_fraction(hadir: int, sesi: int, minimum: Decimal) -> None:
    hadir = min(hadir, sesi)
    assert domain.meets_attendance(hadir, sesi, min_persen=minimum) == (hadir * 100 >= minimum * sesi)


def test_answers_follow_the_rules() -> None:
    ok = {"mulai": D(2027, 2, 1), "today": D(2027, 1, 4)}
    P, J = domain.JawabProblem, domain.Jawaban
    assert domain.answer_problem(status="DIUNDANG", jawaban=J.TERIMA, ikrar=True, alasan="", **ok) is None
    assert (
        domain.answer_problem(status="DIUNDANG", jawaban=J.TERIMA, ikrar=False, alasan="", **ok)
        == P.TANPA_IKRAR
    )
    assert domain.answer_problem(status="DITERIMA", jawaban=J.TOLAK, ikrar=False, alasan="sakit", **ok) == (
        P.TANPA_ALASAN
    )
    assert domain.answer_problem(status="TERDAFTAR", jawaban=J.TERIMA, ikrar=True, alasan="", **ok) == (
        P.BELUM_DIUNDANG
    )
    assert (
        domain.answer_problem(status="DIPINDAH", jawaban=J.TERIMA, ikrar=True, alasan="", **ok)
        == P.TIDAK_AKTIF
    )
    late = {"mulai": D(2027, 2, 1), "today": D(2027, 2, 1)}
    assert domain.answer_problem(status="DIUNDANG", jawaban=J.TERIMA, ikrar=True, alasan="", **late) == (
        P.SUDAH_MULAI
    )


def test_completion_jp_uses_the_rule_on_the_class_as_held() -> None:
    seminar = JpRule(satuan="HARI", bentuk_kode="KL06", jp_per_satuan=Decimal(4))
    program = JpRule(satuan="PROGRAM", bentuk_kode="KL03")
    facts = domain.Program(jp_program=Decimal(32))
    assert domain.completion_jp(seminar, facts, hari=2, sesi=4, menit_per_jp=Decimal(45)) == Decimal("8.00")
    assert domain.completion_jp(program, facts, hari=5, sesi=5, menit_per_jp=Decimal(45)) == Decimal("32.00")


def test_structural_training_takes_the_rw_diklat_shape() -> None:
    row = domain.Selesai(
        nip="198609262015051001",
        diklat=True,
        bentuk_nama="Pelatihan Struktural Kepemimpinan",
        jenis_diklat_id=1,
        nama="Pelatihan Kepemimpinan Pengawas",
        penyelenggara="BPSDM Provinsi Sumatera Utara",
        jp=Decimal("142.50"),
        tahun=2027,
        mulai=D(2027, 3, 1),
        selesai=D(2027, 6, 30),
        nomor_sertifikat="PKP/2027/17",
    )
    record = domain.siasn_record(row)
    assert tuple(record) == domain.RW_DIKLAT
    assert record == {
        "nipBaru": "198609262015051001",
        "latihanStrukturalNama": "Pelatihan Kepemimpinan Pengawas",
        "nomor": "PKP/2027/17",
        "tanggal": "01-03-2027",
        "tahun": 2027,
        "jumlahJam": "142.5",
        "tanggalSelesai": "30-06-2027",
        "institusiPenyelenggara": "BPSDM Provinsi Sumatera Utara",
    }
    assert domain.fingerprint(record) == domain.fingerprint(dict(reversed(record.items())))
    assert tuple(domain.siasn_record(domain.Selesai(**{**row.__dict__, "diklat": False}))) == domain.RW_KURSUS


def test_an_evidence_file_must_be_what_its_name_says() -> None:
    pdf, png, jpeg = b"%PDF-1.7\n...", b"\x89PNG\r\n\x1a\n....", b"\xff\xd8\xff\xe0...."
    ok = {"size": 100, "max_bytes": 1000}
    P = domain.BuktiProblem
    assert domain.evidence_problem(name="Sertifikat.PDF", head=pdf, **ok) is None
    assert domain.evidence_problem(name="s.jpeg", head=jpeg, **ok) is None
    assert domain.evidence_problem(name="s.png", head=png, **ok) is None
    assert domain.evidence_problem(name="sertifikat.pdf", head=png, **ok) == P.ISI
    assert domain.evidence_problem(name="sertifikat.pdf", head=b"MZ\x90\x00", **ok) == P.ISI
    assert domain.evidence_problem(name="sertifikat.exe", head=pdf, **ok) == P.JENIS
    assert domain.evidence_problem(name="s.pdf", head=pdf, size=1001, max_bytes=1000) == P.BESAR
    assert domain.evidence_problem(name="s.pdf", head=b"", size=0, max_bytes=1000) == P.KOSONG
