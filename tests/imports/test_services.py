"""Employee and history imports against the database: upsert by NIP, reports, atomicity, dry runs."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sibina.audit.models import AuditEvent
from sibina.imports import domain, kernel, parsers, people_import, services
from sibina.imports.models import ImportBatch, ImportRowError, PemetaanUnit, PerubahanData
from sibina.people.models import Instansi, Jabatan, Pegawai, RiwayatPengembangan, UnitKerja
from tests.imports.conftest import HEADER, person, write_csv


def run(instansi: Instansi, path: Path, **kwargs: object) -> ImportBatch:
    return kernel.import_file(jenis="pegawai", instansi=instansi, path=path, **kwargs)  # type: ignore[arg-type]


def counts(batch: ImportBatch) -> tuple[int, int, int, int, int]:
    return (batch.jumlah_baris, batch.jumlah_baru, batch.jumlah_diubah, batch.jumlah_sama, batch.jumlah_galat)


def snapshot() -> dict[str, object]:
    return {
        "pegawai": sorted(
            Pegawai.objects.values_list(
                "nip", "nama", "golongan_id", "unit_id", "jabatan_id", "atasan_id", "version", "updated_at"
            )
        ),
        "units": sorted(UnitKerja.objects.values_list("id", "nama", "parent_id", "unor_id", "path")),
        "jabatan": sorted(Jabatan.objects.values_list("id", "nama", "unit_id", "tingkat_id")),
        "riwayat": sorted(RiwayatPengembangan.objects.values_list("id", "pegawai_id", "nama_kegiatan", "jp")),
        "perubahan": PerubahanData.objects.count(),
        "row_errors": ImportRowError.objects.count(),
    }


@pytest.fixture
def city(binjai: Instansi) -> list[dict[str, str]]:
    """Five employees of Diskominfo: a head, a section head and three staff reporting to the section head.

    Their units are in the tree (an import creates no unit unless asked to), with one to move staff to.
    """
    kominfo = UnitKerja.objects.get(instansi=binjai, kode="DISKOMINFO")
    for kode, nama, jenis in (
        ("DK-APL", "Seksi Aplikasi", "SEKSI"),
        ("DK-STAT", "Bidang Statistik", "BIDANG"),
    ):
        UnitKerja.objects.create(instansi=binjai, parent=kominfo, kode=kode, nama=nama, jenis=jenis)
    kadis = person(
        1,
        nama="Siti Aminah",
        jabatan="Kepala Dinas Komunikasi dan Informatika",
        jenis_jabatan="Struktural",
        golongan="IV/b",
        sex="P",
    )
    kasi = person(
        2,
        nama="Budi Santoso",
        jabatan="Kepala Seksi Aplikasi",
        jenis_jabatan="Struktural",
        unor="Seksi Aplikasi",
        induk="Dinas Komunikasi dan Informatika",
        atasan=kadis["NIP BARU"],
    )
    staff = [
        person(n, unor="Seksi Aplikasi", induk="Dinas Komunikasi dan Informatika", atasan=kasi["NIP BARU"])
        for n in (3, 4, 5)
    ]
    # Staff first: their supervisor appears later in the file.
    return [*staff, kasi, kadis]


def test_good_rows_are_imported_and_bad_rows_reported_together(binjai: Instansi, tmp_path: Path) -> None:
    good = [person(n) for n in (1, 2, 3)]
    bad_date = person(4, **{"TANGGAL LAHIR": "31-02-1990"})
    bad_sex = person(5, **{"JENIS KELAMIN": "X"})
    path = write_csv(tmp_path / "siasn.csv", [good[0], bad_date, good[1], bad_sex, good[2]])
    batch = run(binjai, path)
    assert (batch.status, counts(batch)) == (ImportBatch.Status.DONE, (5, 3, 0, 0, 2))
    assert sorted(Pegawai.objects.values_list("nip", flat=True)) == sorted(r["NIP BARU"] for r in good)
    assert kernel.batch_errors_csv(batch=batch) == (
        "baris,kolom,nilai,pesan\r\n"
        "3,TANGGAL LAHIR,31-02-1990,Not a valid date: use dd-mm-yyyy or yyyy-mm-dd.\r\n"
        '5,JENIS KELAMIN,X,"Unknown sex: use L/P, M/F, Laki-laki/Perempuan or 1/2."\r\n'
    )
    assert batch.sha256 == __import__("hashlib").sha256(path.read_bytes()).hexdigest()
    assert batch.nama_file == "siasn.csv" and batch.selesai is not None


def test_an_imported_employee_carries_every_field_of_the_file(binjai: Instansi, tmp_path: Path) -> None:
    row = person(
        7,
        sex="P",
        golongan="Penata Muda Tk. I",
        unor="DINAS  komunikasi dan informatika",
        **{"GELAR DEPAN": "dr.", "KEDUDUKAN HUKUM NAMA": "Tugas Belajar"},
    )
    run(binjai, write_csv(tmp_path / "a.csv", [row]))
    p = Pegawai.objects.select_related("golongan", "pendidikan", "unit", "jabatan__tingkat").get()
    lahir = dt.datetime.strptime(row["TANGGAL LAHIR"], "%d-%m-%Y").date()
    assert (p.nip, p.nik, p.nama_lengkap, p.tanggal_lahir, p.jenis_kelamin, p.jenis_asn, p.status) == (
        row["NIP BARU"],
        row["NIK"],
        "dr. Pegawai Nomor 7, S.Kom.",
        lahir,
        "P",
        "PNS",
        "AKTIF",
    )
    assert (p.golongan.label, p.pendidikan.kode, p.jurusan, p.tempat_lahir) == (
        "III/b",
        "40",
        "S-1 Teknik Informatika",
        "Binjai",
    )
    assert p.unit == UnitKerja.objects.get(instansi=binjai, kode="DISKOMINFO")  # matched, not created
    assert (p.jabatan.nama, p.jabatan.unit, p.jabatan.tingkat.kode) == (
        "Pengelola Sistem Informasi",
        p.unit,
        "PELAKSANA",
    )
    assert (p.version, p.instansi, p.atasan, p.sintetis) == (1, binjai, None, False)
    assert p.full_clean() is None  # the stored record passes the model's own rules


def test_reimporting_the_same_file_changes_nothing(binjai: Instansi, tmp_path: Path, city) -> None:
    path = write_csv(tmp_path / "siasn.csv", city)
    first = run(binjai, path)
    assert counts(first) == (5, 5, 0, 0, 0)
    before = snapshot()
    second = run(binjai, path)
    assert counts(second) == (5, 0, 0, 5, 0)
    assert snapshot() == before
    assert not second.perubahan.exists()


def test_supervisors_are_linked_wherever_they_appear(binjai: Instansi, tmp_path: Path, city) -> None:
    run(binjai, write_csv(tmp_path / "siasn.csv", city))
    staff_nips, kasi, kadis = [r["NIP BARU"] for r in city[:3]], city[3]["NIP BARU"], city[4]["NIP BARU"]
    atasan = dict(Pegawai.objects.values_list("nip", "atasan__nip"))
    assert atasan == {**dict.fromkeys(staff_nips, kasi), kasi: kadis, kadis: None}
    # A later file naming a supervisor who is only in the database.
    newcomer = person(6, unor="Seksi Aplikasi", induk="Dinas Komunikasi dan Informatika", atasan=kasi)
    batch = run(binjai, write_csv(tmp_path / "new.csv", [newcomer]))
    assert counts(batch) == (1, 1, 0, 0, 0)
    assert Pegawai.objects.get(nip=newcomer["NIP BARU"]).atasan.nip == kasi


def test_an_unknown_supervisor_is_an_error_but_the_employee_is_imported(
    binjai: Instansi, tmp_path: Path
) -> None:
    stranger = person(900)["NIP BARU"]
    row = person(8, atasan=stranger)
    batch = run(binjai, write_csv(tmp_path / "a.csv", [row]))
    assert counts(batch) == (1, 1, 0, 0, 1)
    assert list(batch.errors.values_list("baris", "kolom", "nilai")) == [(2, "NIP ATASAN", stranger)]
    assert Pegawai.objects.get().atasan is None


def test_a_supervisor_loop_is_still_linked(binjai: Instansi, tmp_path: Path) -> None:
    a, b = person(9), person(10)
    a["NIP ATASAN"], b["NIP ATASAN"] = b["NIP BARU"], a["NIP BARU"]
    batch = run(binjai, write_csv(tmp_path / "loop.csv", [a, b]))
    assert counts(batch) == (2, 2, 0, 0, 0)
    assert dict(Pegawai.objects.values_list("nip", "atasan__nip")) == {
        a["NIP BARU"]: b["NIP BARU"],
        b["NIP BARU"]: a["NIP BARU"],
    }


def test_a_changed_row_updates_and_records_before_and_after(binjai: Instansi, tmp_path: Path, city) -> None:
    first = run(binjai, write_csv(tmp_path / "v1.csv", city))
    changed = [dict(r) for r in city]
    changed[0].update({"NAMA": "Nama Baru", "GOL AKHIR NAMA": "III/c", "UNOR NAMA": "Bidang Statistik"})
    changed[1]["GELAR BELAKANG"] = ""  # an empty cell never erases what is known
    batch = run(binjai, write_csv(tmp_path / "v2.csv", changed))
    assert counts(batch) == (5, 0, 1, 4, 0)
    nip = city[0]["NIP BARU"]
    assert sorted(batch.perubahan.values_list("pegawai__nip", "kolom", "sebelum", "sesudah")) == [
        (nip, "golongan", "III/b", "III/c"),
        (
            nip,
            "jabatan",
            "Pengelola Sistem Informasi (Seksi Aplikasi)",
            "Pengelola Sistem Informasi (Bidang Statistik)",
        ),
        (nip, "nama", "Pegawai Nomor 3", "Nama Baru"),
        (nip, "unit", "Seksi Aplikasi", "Bidang Statistik"),
    ]
    moved = Pegawai.objects.select_related("unit", "jabatan").get(nip=nip)
    assert (moved.version, moved.nama, moved.unit.nama, moved.jabatan.unit) == (
        2,
        "Nama Baru",
        "Bidang Statistik",
        moved.unit,
    )
    assert Pegawai.objects.get(nip=city[1]["NIP BARU"]).gelar_belakang == "S.Kom."
    assert not first.perubahan.exists()


def _two_umum(binjai: Instansi) -> tuple[UnitKerja, UnitKerja]:
    dinkes = UnitKerja.objects.get(instansi=binjai, kode="DINKES")
    disdik = UnitKerja.objects.get(instansi=binjai, kode="DISDIK")
    umum_dinkes = UnitKerja.objects.create(
        instansi=binjai, parent=dinkes, kode="DK-UMUM", nama="Subbagian Umum", jenis=UnitKerja.Jenis.SUBBAGIAN
    )
    umum_disdik = UnitKerja.objects.create(
        instansi=binjai, parent=disdik, kode="DD-UMUM", nama="Subbagian Umum", jenis=UnitKerja.Jenis.SUBBAGIAN
    )
    return umum_dinkes, umum_disdik


UNIT_ROWS = [
    person(11, unor="Subbagian Umum", induk="Dinas Kesehatan"),
    person(12, unor="Sub Bagian  Umum.", induk="dinas kesehatan"),  # spelled differently: the same unit
    person(13, unor="subbagian umum", induk="Dinas Pendidikan"),
    person(14, unor="Subbagian Umum"),  # two units have this name and nothing tells them apart
    person(15, unor="SD Negeri 020254 Binjai", induk="Dinas Pendidikan"),
    person(16, unor="SDN 020254 Binjai", induk="Dinas Pendidikan"),
    person(17, unor="Unit Baru Entah Di Mana", induk="Tidak Dikenal"),
]


def test_units_are_matched_by_name_under_their_parent_and_never_created_unasked(
    binjai: Instansi, tmp_path: Path
) -> None:
    umum_dinkes, umum_disdik = _two_umum(binjai)
    before = snapshot()
    batch = run(binjai, write_csv(tmp_path / "units.csv", UNIT_ROWS))
    assert counts(batch) == (7, 3, 0, 0, 4)
    assert list(batch.errors.values_list("baris", "kolom", "nilai")) == [
        (5, "UNOR NAMA", "Subbagian Umum"),
        (6, "UNOR NAMA", "SD Negeri 020254 Binjai"),
        (7, "UNOR NAMA", "SDN 020254 Binjai"),
        (8, "UNOR NAMA", "Unit Baru Entah Di Mana"),
    ]
    with translation.override("en"):
        assert batch.errors.get(baris=8).pesan.startswith(
            "Work unit 'Unit Baru Entah Di Mana' was not found; add a unit mapping or run with --create-units"
        )
    unit_of = dict(Pegawai.objects.values_list("nip", "unit_id"))
    assert [unit_of.get(r["NIP BARU"]) for r in UNIT_ROWS] == [
        umum_dinkes.pk,
        umum_dinkes.pk,
        umum_disdik.pk,
        None,
        None,
        None,
        None,
    ]
    assert snapshot()["units"] == before["units"]  # no unit was created
    # The report lists what confirming would create: parents first, each with the rows naming it.
    assert batch.buat_unit is False and batch.unit_baru == [
        {
            "nama": "SD Negeri 020254 Binjai",
            "induk": "Dinas Pendidikan",
            "unor_id": None,
            "jenis": "SEKOLAH",
            "baris": 2,
        },
        {"nama": "Tidak Dikenal", "induk": None, "unor_id": None, "jenis": "OPD", "baris": 0},
        {
            "nama": "Unit Baru Entah Di Mana",
            "induk": "Tidak Dikenal",
            "unor_id": None,
            "jenis": "LAINNYA",
            "baris": 1,
        },
    ]


def test_confirmed_units_are_created_flagged_and_reported(binjai: Instansi, tmp_path: Path) -> None:
    _two_umum(binjai)
    disdik = UnitKerja.objects.get(instansi=binjai, kode="DISDIK")
    units_before = UnitKerja.objects.count()
    batch = run(binjai, write_csv(tmp_path / "units.csv", UNIT_ROWS), buat_unit=True)
    assert counts(batch) == (7, 6, 0, 0, 1)  # only the ambiguous row is left out
    school = UnitKerja.objects.get(nama="SD Negeri 020254 Binjai")
    assert (school.parent, school.jenis, school.path) == (disdik, "SEKOLAH", f"{disdik.path}{school.pk}/")
    unit_of = dict(Pegawai.objects.values_list("nip", "unit_id"))
    assert unit_of[UNIT_ROWS[4]["NIP BARU"]] == unit_of[UNIT_ROWS[5]["NIP BARU"]] == school.pk
    top = UnitKerja.objects.get(nama="Tidak Dikenal")
    assert (top.parent, top.jenis) == (None, "OPD")
    assert UnitKerja.objects.get(nama="Unit Baru Entah Di Mana").parent == top
    created = UnitKerja.objects.filter(dari_impor=True)
    assert UnitKerja.objects.count() == units_before + 3 == units_before + created.count()
    assert not created.filter(terkonfirmasi=True).exists()
    assert [u["nama"] for u in batch.unit_baru] == [
        "SD Negeri 020254 Binjai",
        "Tidak Dikenal",
        "Unit Baru Entah Di Mana",
    ]
    event = AuditEvent.objects.get(aksi="import.apply", objek_id=str(batch.pk))
    assert event.sesudah["unit_baru"] == [u["nama"] for u in batch.unit_baru]
    again = run(binjai, write_csv(tmp_path / "units.csv", UNIT_ROWS))  # now in the tree: matched
    assert (counts(again), again.unit_baru) == ((7, 0, 0, 6, 1), [])


def test_upt_prefix_and_abbreviations_match_the_tree(binjai: Instansi, tmp_path: Path) -> None:
    dinkes = UnitKerja.objects.get(instansi=binjai, kode="DINKES")
    pkm = UnitKerja.objects.create(
        instansi=binjai, parent=dinkes, kode="PKM-BE", nama="Puskesmas Binjai Estate", jenis="PUSKESMAS"
    )
    kec = UnitKerja.objects.get(instansi=binjai, kode="KEC-BJK")
    rows = [
        person(21, unor="UPT Puskesmas Binjai Estate", induk="Dinas Kesehatan"),
        person(22, unor="UPTD PUSKESMAS BINJAI ESTATE"),
        person(23, unor="Kec. Binjai Kota"),
    ]
    batch = run(binjai, write_csv(tmp_path / "upt.csv", rows))
    assert (counts(batch), batch.unit_baru) == ((3, 3, 0, 0, 0), [])
    assert [Pegawai.objects.get(nip=r["NIP BARU"]).unit for r in rows] == [pkm, pkm, kec]


def test_the_unit_mapping_comes_before_the_name(binjai: Instansi, tmp_path: Path) -> None:
    dinkes = UnitKerja.objects.get(instansi=binjai, kode="DINKES")
    pkm = UnitKerja.objects.create(
        instansi=binjai, parent=dinkes, kode="PKM-BE", nama="Puskesmas Binjai Estate", jenis="PUSKESMAS"
    )
    PemetaanUnit.objects.create(instansi=binjai, nama_sumber=domain.unit_key("PKM Bj. Estate"), unit=pkm)
    # A mapped parent places a new child under it (here: confirmed, so it is created).
    PemetaanUnit.objects.create(instansi=binjai, nama_sumber=domain.unit_key("Dinkes"), unit=dinkes)
    rows = [person(24, unor="pkm bj estate"), person(25, unor="Pustu Tanah Merah", induk="DINKES")]
    batch = run(binjai, write_csv(tmp_path / "map.csv", rows), buat_unit=True)
    assert counts(batch) == (2, 2, 0, 0, 0)
    assert Pegawai.objects.get(nip=rows[0]["NIP BARU"]).unit == pkm
    assert Pegawai.objects.get(nip=rows[1]["NIP BARU"]).unit.parent == dinkes
    # Another agency's mapping is not used.
    medan = Instansi.objects.create(kode="1271", nama="Pemerintah Kota Medan", jenis=Instansi.Jenis.KOTA)
    PemetaanUnit.objects.create(instansi=medan, nama_sumber=domain.unit_key("PKM Bj Estate 2"), unit=pkm)
    other = run(binjai, write_csv(tmp_path / "m2.csv", [person(26, unor="PKM Bj Estate 2")]))
    assert counts(other) == (1, 0, 0, 0, 1)


def test_units_are_matched_by_siasn_unor_id_first(binjai: Instansi, tmp_path: Path) -> None:
    header_extra = ("UNOR ID",)
    first = person(
        17, unor="Bidang Aplikasi", induk="Dinas Komunikasi dan Informatika", **{"UNOR ID": "A1B2"}
    )
    run(binjai, write_csv(tmp_path / "a.csv", [first], header=(*HEADER, *header_extra)), buat_unit=True)
    unit = UnitKerja.objects.get(unor_id="A1B2")
    renamed = person(18, unor="Bidang Aplikasi Informatika (nama baru)", **{"UNOR ID": "A1B2"})
    run(binjai, write_csv(tmp_path / "b.csv", [renamed], header=(*HEADER, *header_extra)))
    assert Pegawai.objects.get(nip=renamed["NIP BARU"]).unit == unit


def test_conflicting_duplicate_nips_import_none_of_them(binjai: Instansi, tmp_path: Path) -> None:
    row = person(19)
    batch = run(
        binjai, write_csv(tmp_path / "dup.csv", [row, person(20), {**row, "NAMA": "Orang Lain"}, row])
    )
    assert counts(batch) == (4, 1, 0, 0, 3)
    assert list(batch.errors.values_list("baris", flat=True)) == [2, 4, 5]
    assert not Pegawai.objects.filter(nip=row["NIP BARU"]).exists()


def test_identical_duplicate_rows_import_once(binjai: Instansi, tmp_path: Path) -> None:
    row = person(21)
    batch = run(binjai, write_csv(tmp_path / "dup.csv", [row, row]))
    assert counts(batch) == (2, 1, 0, 1, 0)


def test_a_nip_of_another_agency_is_not_taken_over(binjai: Instansi, tmp_path: Path) -> None:
    other = Instansi.objects.create(kode="1271", nama="Pemerintah Kota Medan", jenis=Instansi.Jenis.KOTA)
    row = person(22)
    run(other, write_csv(tmp_path / "medan.csv", [row]), buat_unit=True)
    before = snapshot()
    batch = run(binjai, write_csv(tmp_path / "binjai.csv", [{**row, "NAMA": "Diambil"}]))
    assert counts(batch) == (1, 0, 0, 0, 1)
    assert list(batch.errors.values_list("kolom", "nilai")) == [("NIP BARU", row["NIP BARU"])]
    assert {k: v for k, v in snapshot().items() if k != "row_errors"} == {
        k: v for k, v in before.items() if k != "row_errors"
    }


def test_a_crash_mid_import_leaves_the_database_as_before(
    binjai: Instansi, tmp_path: Path, city, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(binjai, write_csv(tmp_path / "v1.csv", city))
    before = snapshot()
    changed = [{**r, "NAMA": r["NAMA"] + " Baru", "UNOR NAMA": "Bidang Baru"} for r in city]
    changed += [person(30, unor="Unit Lain"), person(31, jabatan="Jabatan Baru")]

    def crash(*args: object) -> None:
        raise RuntimeError("disk full")

    # By then units, positions and employees have been written and updated: all of it must go.
    monkeypatch.setattr(people_import, "_record_changes", crash)
    with pytest.raises(RuntimeError, match="disk full"):
        run(binjai, write_csv(tmp_path / "v2.csv", changed))
    assert snapshot() == before
    failed = ImportBatch.objects.latest("id")
    assert (failed.status, failed.jumlah_baru, failed.jumlah_diubah) == (ImportBatch.Status.FAILED, 0, 0)
    assert "disk full" in failed.pesan


def test_a_dry_run_reports_everything_and_writes_nothing(binjai: Instansi, tmp_path: Path, city) -> None:
    rows = [*city, person(40, **{"TANGGAL LAHIR": "kemarin"})]
    before = snapshot()
    batch = run(binjai, write_csv(tmp_path / "siasn.csv", rows), dry_run=True)
    assert (batch.status, batch.dry_run, counts(batch)) == (ImportBatch.Status.DONE, True, (6, 5, 0, 0, 1))
    assert list(batch.errors.values_list("baris", "kolom")) == [(7, "TANGGAL LAHIR")]
    after = snapshot()
    assert after.pop("row_errors") == 1 and before.pop("row_errors") == 0
    assert after == before


def test_a_file_level_error_fails_the_batch_and_writes_nothing(binjai: Instansi, tmp_path: Path) -> None:
    path = tmp_path / "salah.csv"
    path.write_text("NIP BARU;NAMA\n1;Budi\n", encoding="utf-8")
    before = snapshot()
    batch = run(binjai, path)
    assert batch.status == ImportBatch.Status.FAILED
    assert batch.pesan.startswith("Required column(s) missing: TANGGAL LAHIR, JENIS KELAMIN, UNOR NAMA")
    assert snapshot() == before


def test_import_start_keeps_the_file_and_runs_the_task(
    binjai: Instansi, tmp_path: Path, settings, django_user_model
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    user = django_user_model.objects.create_user("admin", password="x" * 12)
    source = write_csv(tmp_path / "upload.csv", [person(50), person(51, **{"NAMA": ""})])
    batch = services.import_start(
        jenis=ImportBatch.Jenis.PEGAWAI, instansi=binjai, source=source, filename="siasn januari.csv", by=user
    )
    assert (batch.status, batch.oleh, batch.nama_file, counts(batch)) == (
        ImportBatch.Status.DONE,
        user,
        "siasn januari.csv",
        (2, 1, 0, 0, 1),
    )
    with batch.file.open("rb") as stored:
        assert stored.read() == source.read_bytes()


# --- riwayat -----------------------------------------------------------------------------------------------

KURSUS = (
    "nipBaru,namaKursus,institusiPenyelenggara,jumlahJam,tahunKursus,tanggalKursus,tanggalSelesaiKursus,"
    "noSertipikat,jenisDiklatId\n"
)


def run_riwayat(instansi: Instansi, path: Path, **kwargs: object) -> ImportBatch:
    return kernel.import_file(jenis="riwayat", instansi=instansi, path=path, **kwargs)  # type: ignore[arg-type]


def test_riwayat_import_gives_dated_records_with_jp_and_reimport_changes_nothing(
    binjai: Instansi, tmp_path: Path, city
) -> None:
    run(binjai, write_csv(tmp_path / "pegawai.csv", city))
    nip, other, stranger = city[0]["NIP BARU"], city[1]["NIP BARU"], person(99)["NIP BARU"]
    path = tmp_path / "rw_kursus.csv"
    path.write_text(
        KURSUS
        + f"{nip},Bimtek SIPD,BPSDM Sumut,12,2024,05-03-2024,07-03-2024,B-1,8\n"
        + f'{nip},E-learning ASN Digital,LAN,"3,5",2024,2024-06-01,,,16\n'
        + f"{other},Bimtek SIPD,BPSDM Sumut,12,2024,05-03-2024,07-03-2024,B-2,8\n"
        + f"{stranger},Bimtek SIPD,BPSDM Sumut,12,2024,05-03-2024,07-03-2024,B-3,8\n",
        encoding="utf-8",
    )
    batch = run_riwayat(binjai, path)
    assert (batch.jenis, batch.status, counts(batch)) == ("RIWAYAT", "DONE", (4, 3, 0, 0, 1))
    assert list(batch.errors.values_list("baris", "kolom", "nilai")) == [(5, "nipBaru", stranger)]
    records = RiwayatPengembangan.objects.filter(pegawai__nip=nip).order_by("tanggal_mulai")
    assert [
        (r.jenis, r.bentuk.kode, r.nama_kegiatan, r.tanggal_mulai, r.tanggal_selesai, r.tahun, r.jp, r.sumber)
        for r in records
    ] == [
        (
            "KURSUS",
            "KL10",
            "Bimtek SIPD",
            dt.date(2024, 3, 5),
            dt.date(2024, 3, 7),
            2024,
            Decimal(12),
            "SIASN",
        ),
        (
            "KURSUS",
            "NKL03",
            "E-learning ASN Digital",
            dt.date(2024, 6, 1),
            None,
            2024,
            Decimal("3.5"),
            "SIASN",
        ),
    ]
    assert {r.import_batch_id for r in records} == {batch.pk}

    before = snapshot()
    again = run_riwayat(binjai, path)
    assert counts(again) == (4, 0, 0, 3, 1)
    assert {k: v for k, v in snapshot().items() if k != "row_errors"} == {
        k: v for k, v in before.items() if k != "row_errors"
    }

    path.write_text(
        KURSUS + f"{nip},Bimtek SIPD,BPSDM Sumut,16,2024,05-03-2024,07-03-2024,B-1,8\n", encoding="utf-8"
    )
    changed = run_riwayat(binjai, path)
    assert counts(changed) == (1, 0, 1, 0, 0)
    rec = RiwayatPengembangan.objects.get(pegawai__nip=nip, nama_kegiatan="Bimtek SIPD")
    assert rec.jp == Decimal(16)
    assert list(changed.perubahan.values_list("kolom", "sebelum", "sesudah")) == [
        (f"riwayat[{rec.pk}].jp", "12.00", "16")
    ]


def test_rw_diklat_is_leadership_training(binjai: Instansi, tmp_path: Path, city) -> None:
    run(binjai, write_csv(tmp_path / "pegawai.csv", city))
    nip = city[3]["NIP BARU"]
    path = tmp_path / "rw_diklat.csv"
    path.write_text(
        "nipBaru;latihanStrukturalNama;nomor;tanggal;tahun;jumlahJam;tanggalSelesai;institusiPenyelenggara\n"
        f"{nip};Pelatihan Kepemimpinan Pengawas;PKP-7;01-07-2023;2023;286;30-11-2023;BPSDM Sumut\n",
        encoding="utf-8",
    )
    batch = run_riwayat(binjai, path)
    assert counts(batch) == (1, 1, 0, 0, 0)
    rec = RiwayatPengembangan.objects.get()
    assert (rec.jenis, rec.bentuk.kode, rec.jp, rec.nomor_sertifikat) == (
        "DIKLAT",
        "KL01",
        Decimal(286),
        "PKP-7",
    )


# --- property: garbled files -------------------------------------------------------------------------------

garbage = st.one_of(
    st.text(max_size=20),
    st.text(alphabet="0123456789 -/.", max_size=20),
    st.sampled_from(
        ["", "-", "L", "P", "X", "PPPK", "IX", "III/d", "S-1", "Pensiun", "31-02-1990", "Dinas Sosial"]
    ),
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.lists(
        st.tuples(
            st.integers(min_value=1, max_value=300),
            st.sampled_from(["PNS", "CPNS", "PPPK"]),
            st.dictionaries(st.sampled_from(HEADER), garbage, max_size=3),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_garbled_files_never_crash_the_import_nor_write_a_partial_row(
    binjai: Instansi, tmp_path_factory: pytest.TempPathFactory, specs: list[tuple[int, str, dict[str, str]]]
) -> None:
    rows = [{**person(n, jenis=jenis), **garble} for n, jenis, garble in specs]
    path = write_csv(tmp_path_factory.mktemp("garbled") / "siasn.csv", rows)
    before = set(Pegawai.objects.values_list("nip", flat=True))
    batch = run(binjai, path, buat_unit=True)
    assert batch.status == ImportBatch.Status.DONE
    valid = parsers.parse_pegawai(
        parsers.read_table(path.read_bytes(), "siasn.csv"), people_import.lookups()
    ).rows
    after = {p.nip: p for p in Pegawai.objects.select_related("unit")}
    assert set(after) - before <= {r.nip for r in valid}  # only complete, valid rows were created
    # A valid row can still be refused against the database: its unit named ambiguously (the examples share
    # one database, so an earlier example may have created a unit of the same name elsewhere).
    refused = {e.baris for e in batch.errors.filter(kolom="UNOR NAMA")}
    for row in valid:
        if row.baris in refused:
            assert row.nip in before or row.nip not in after  # nothing written for it
            continue
        stored = after[row.nip]
        for name in people_import.PEGAWAI_SCALARS:
            if getattr(row, name) is not None:
                assert getattr(stored, name) == getattr(row, name), name
        assert domain.unit_key(stored.unit.nama) == domain.unit_key(row.unor_nama)


def test_a_nul_byte_in_a_cell_is_reported_not_a_database_error(binjai: Instansi, tmp_path: Path) -> None:
    # PostgreSQL text rejects NUL; found by the hypothesis test on PostgreSQL.
    good, bad = person(1), person(2, **{"NAMA": "Bu\x00di"})
    batch = run(binjai, write_csv(tmp_path / "nul.csv", [good, bad]))
    assert (batch.status, Pegawai.objects.count()) == (ImportBatch.Status.DONE, 1)
    (error,) = batch.errors.all()
    assert (error.baris, error.kolom, "\x00" in error.nilai) == (3, "NAMA", False)


def test_positions_get_their_job_family_from_the_column_or_derived(binjai: Instansi, tmp_path: Path) -> None:
    header = (*HEADER, "RUMPUN JABATAN")
    rows = [
        person(1),  # Pengelola Sistem Informasi, pelaksana: general staff
        person(2, jabatan="Guru Ahli Pertama", jenis_jabatan="Fungsional Tertentu"),
        {**person(3, jabatan="Analis Program"), "RUMPUN JABATAN": "penyuluhan"},  # derived: ADMINISTRASI
        {**person(4, jabatan="Analis Data"), "RUMPUN JABATAN": "DOKTER"},
    ]
    batch = run(binjai, write_csv(tmp_path / "r.csv", rows, header=header))
    assert counts(batch) == (4, 3, 0, 0, 1)
    error = ImportRowError.objects.get(batch=batch)
    assert (error.baris, error.kolom, error.nilai) == (5, "RUMPUN JABATAN", "DOKTER")
    assert dict(Jabatan.objects.filter(instansi=binjai).values_list("nama", "rumpun")) == {
        "Pengelola Sistem Informasi": "ADMINISTRASI",
        "Guru Ahli Pertama": "PENDIDIKAN",
        "Analis Program": "PENYULUHAN",
    }
    # an explicit family in a later file corrects an existing position
    again = {**person(1), "RUMPUN JABATAN": "TEKNIS"}
    run(binjai, write_csv(tmp_path / "r2.csv", [again], header=header))
    assert Jabatan.objects.get(instansi=binjai, nama="Pengelola Sistem Informasi").rumpun == "TEKNIS"
