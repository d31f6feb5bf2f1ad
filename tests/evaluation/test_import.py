"""SKM files through the import kernel: both shapes, CSV with either separator and XLSX, row errors naming line,
column and value, all-or-nothing per row, the same file twice changes nothing; and ``sibina skm hasil``."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from sibina.evaluation import selectors
from sibina.evaluation.domain import Periode
from sibina.evaluation.models import JawabanSkm, SurveiSkm
from sibina.imports.kernel import import_data
from sibina.imports.models import ImportBatch, PemetaanUnit
from sibina.people.models import Instansi, UnitKerja

HEADER = "unit_kerja;periode;responden;U1;U2;U3;U4;U5;U6;U7;U8;U9"


def _csv(lines: list[str], header: str = HEADER, sep: str = ";") -> bytes:
    return ("\n".join([header, *lines]) + "\n").replace(";", sep).encode()


def _import(instansi: Instansi, data: bytes, *, name: str = "skm.csv", dry_run: bool = False) -> ImportBatch:
    return import_data(jenis="skm", instansi=instansi, data=data, filename=name, dry_run=dry_run)


def _counts(b: ImportBatch) -> tuple[object, ...]:
    return (b.status, b.jumlah_baris, b.jumlah_baru, b.jumlah_diubah, b.jumlah_sama, b.jumlah_galat)


def _errors(b: ImportBatch) -> list[tuple[int, str, str]]:
    return [(e.baris, e.kolom, e.nilai) for e in b.errors.all()]


def _results(binjai: Instansi, periode: str) -> dict[str, tuple[int, str, str]]:
    rows = selectors.skm_results(
        instansi=binjai, periode=Periode(int(periode[:4]), int(periode[-1]) if "S" in periode else None)
    )
    return {r.unit.kode: (r.hasil.responden, str(r.hasil.ikm_konversi), r.hasil.mutu) for r in rows}


GOOD = [
    "KEL-BJU-04;2026-S1;R1;4;4;3;4;3;4;4;3;4",
    "KEL-BJU-04;2026-S1;R2;3;3;3;3;3;3;3;3;3",
    "Kelurahan Jati Makmur;2026-S1;R3;4;3;4;4;4;3;3;4;3",
    "DUKCAPIL;2026-S1;1;2;2;3;3;2;3;3;2;2",
]


def test_questionnaires_are_imported_and_computed_exactly(binjai: Instansi) -> None:
    batch = _import(binjai, _csv(GOOD))
    assert _counts(batch) == ("DONE", 4, 4, 0, 0, 0)
    assert SurveiSkm.objects.count() == 2
    assert JawabanSkm.objects.count() == 4
    # Jati Makmur: totals 33 + 27 + 32 = 92 over 3 questionnaires -> 25·92/27 = 85.185… -> 85.19 B
    assert _results(binjai, "2026-S1") == {"KEL-BJU-04": (3, "85.19", "B"), "DUKCAPIL": (1, "61.11", "D")}


def test_the_same_file_twice_changes_nothing(binjai: Instansi) -> None:
    _import(binjai, _csv(GOOD))
    before = sorted(JawabanSkm.objects.values_list("survei_id", "responden", "persyaratan", "sarana"))
    again = _import(binjai, _csv(GOOD))
    assert _counts(again) == ("DONE", 4, 0, 0, 4, 0)
    assert sorted(JawabanSkm.objects.values_list("survei_id", "responden", "persyaratan", "sarana")) == before
    assert SurveiSkm.objects.count() == 2


def test_a_corrected_answer_changes_that_questionnaire_only(binjai: Instansi) -> None:
    _import(binjai, _csv(GOOD))
    fixed = [GOOD[0].replace(";R1;4;", ";R1;1;"), *GOOD[1:]]
    batch = _import(binjai, _csv(fixed))
    assert _counts(batch) == ("DONE", 4, 0, 1, 3, 0)
    assert JawabanSkm.objects.get(responden="R1").persyaratan == 1


def test_comma_separated_and_xlsx_read_the_same(binjai: Instansi, tmp_path: Path) -> None:
    comma = _import(binjai, _csv(GOOD, sep=","))
    assert _counts(comma)[2] == 4
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(HEADER.split(";"))
    for line in GOOD:
        cells: list[object] = line.split(";")
        ws.append([cells[0], cells[1], cells[2], *(int(str(c)) for c in cells[3:])])
    buf = io.BytesIO()
    wb.save(buf)
    xlsx = _import(binjai, buf.getvalue(), name="skm.xlsx")
    assert _counts(xlsx) == ("DONE", 4, 0, 0, 4, 0)


def test_row_errors_name_line_column_and_value_and_write_nothing_of_their_row(binjai: Instansi) -> None:
    lines = [
        "KEL-BJU-04;2026-S1;R1;4;4;3;4;3;4;4;3;4",  # 2: good
        "KEL-BJU-04;2026-S1;R2;5;3;3;3;3;3;3;3;3",  # 3: an answer of 5
        "KEL-BJU-04;2026-S1;R3;4;3;4;4;0;3;3;4;3",  # 4: an answer of 0
        "Kantor Tidak Ada;2026-S1;R4;4;3;4;4;4;3;3;4;3",  # 5: unknown unit
        "KEL-BJU-04;2026-S3;R5;4;3;4;4;4;3;3;4;3",  # 6: bad period
        "KEL-BJU-04;2026-S1;R6;4;3;;4;4;3;3;4;3",  # 7: a blank answer
        "KEL-BJU-04;2016;R7;4;3;4;4;4;3;3;4;3",  # 8: before the nine-element instrument
        "KEL-BJU-04;2026-S1;R8;4;3;tiga;4;4;3;3;4;3",  # 9: not a number
    ]
    batch = _import(binjai, _csv(lines))
    assert _counts(batch) == ("DONE", 8, 1, 0, 0, 7)
    assert _errors(batch) == [
        (3, "U1", "5"),
        (4, "U5", "0"),
        (5, "unit_kerja", "Kantor Tidak Ada"),
        (6, "periode", "2026-S3"),
        (7, "U3", ""),
        (8, "periode", "2016"),
        (9, "U3", "tiga"),
    ]
    messages = {e.baris: e.pesan for e in batch.errors.all()}
    assert messages[3] == "Expected a whole number from 1 to 4."
    assert "No work unit of this agency" in messages[5]
    assert list(JawabanSkm.objects.values_list("responden", flat=True)) == ["R1"]


def test_a_respondent_twice_with_different_answers_rejects_both_lines(binjai: Instansi) -> None:
    lines = [GOOD[0], GOOD[0].replace(";4;4;3;", ";1;1;1;"), GOOD[1]]
    batch = _import(binjai, _csv(lines))
    assert _counts(batch) == ("DONE", 3, 1, 0, 0, 2)
    assert [e[0] for e in _errors(batch)] == [2, 3]
    # the unit's code and its name are one unit
    lines = ["KEL-BJU-04;2026-S2;R1;4;4;4;4;4;4;4;4;4", "Kelurahan Jati Makmur;2026-S2;R1;1;1;1;1;1;1;1;1;1"]
    batch = _import(binjai, _csv(lines))
    assert _counts(batch)[2] == 0 and [e[0] for e in _errors(batch)] == [2, 3]


def test_a_missing_column_fails_the_file_and_changes_nothing(binjai: Instansi) -> None:
    batch = _import(binjai, _csv(["KEL-BJU-04;2026-S1;R1;4;4;3;4;3;4;4;3"], header=HEADER.rsplit(";", 1)[0]))
    assert batch.status == "FAILED"
    assert "U9" in batch.pesan
    assert SurveiSkm.objects.count() == 0


def test_a_dry_run_reports_and_writes_nothing(binjai: Instansi) -> None:
    batch = _import(binjai, _csv(GOOD), dry_run=True)
    assert _counts(batch) == ("DONE", 4, 4, 0, 0, 0)
    assert SurveiSkm.objects.count() == JawabanSkm.objects.count() == 0


def test_named_element_columns_settle_the_order_of_elements_8_and_9(binjai: Instansi) -> None:
    header = (
        "unit_kerja;periode;responden;persyaratan;prosedur;waktu_penyelesaian;biaya_tarif;"
        "produk_spesifikasi_jenis_pelayanan;kompetensi_pelaksana;perilaku_pelaksana;sarana_dan_prasarana;"
        "penanganan_pengaduan_saran_dan_masukan"
    )
    _import(binjai, _csv(["DUKCAPIL;2026;R1;1;1;1;1;1;1;1;4;2"], header=header))
    j = JawabanSkm.objects.get()
    assert (j.sarana, j.pengaduan) == (4, 2)


def test_units_are_matched_through_the_unit_mapping(binjai: Instansi) -> None:
    unit = UnitKerja.objects.get(instansi=binjai, kode="DUKCAPIL")
    PemetaanUnit.objects.create(instansi=binjai, nama_sumber="disdukcapil binjai", unit=unit)
    batch = _import(binjai, _csv(["Disdukcapil Binjai;2026;R1;3;3;3;3;3;3;3;3;3"]))
    assert _counts(batch)[2] == 1
    assert SurveiSkm.objects.get().unit == unit


AVG_HEADER = "unit_kerja;periode;jumlah_responden;U1;U2;U3;U4;U5;U6;U7;U8;U9"


def test_element_averages_are_a_survey_of_their_own(binjai: Instansi) -> None:
    lines = ["RSUD;2026;150;3,25;3.1;3;3,5;3,4;3,2;3,3;2,9;3,05", "DPMPTSP;2026;80;4;4;4;4;4;4;4;4;4"]
    batch = _import(binjai, _csv(lines, header=AVG_HEADER))
    assert _counts(batch) == ("DONE", 2, 2, 0, 0, 0)
    s = SurveiSkm.objects.get(unit__kode="RSUD")
    assert (s.bentuk, s.jumlah_responden, s.rata_persyaratan) == ("RATA", 150, Decimal("3.25"))
    # Σ = 28.7 -> 28.7/9 × 25 = 79.7222… -> 79.72 B
    assert _results(binjai, "2026") == {"RSUD": (150, "79.72", "B"), "DPMPTSP": (80, "100.00", "A")}
    again = _import(binjai, _csv(lines, header=AVG_HEADER))
    assert _counts(again) == ("DONE", 2, 0, 0, 2, 0)
    changed = _import(binjai, _csv([lines[0].replace(";150;", ";151;")], header=AVG_HEADER))
    assert _counts(changed) == ("DONE", 1, 0, 1, 0, 0)


def test_averages_out_of_range_and_mixed_shapes_are_row_errors(binjai: Instansi) -> None:
    _import(binjai, _csv(["RSUD;2026-S1;R1;3;3;3;3;3;3;3;3;3"]))
    lines = [
        "RSUD;2026-S1;10;3;3;3;3;3;3;3;3;3",  # 2: held as questionnaires
        "DPMPTSP;2026;10;4,5;3;3;3;3;3;3;3;3",  # 3: average above 4
        "DUKCAPIL;2026;0;3;3;3;3;3;3;3;3;3",  # 4: no respondents
        "KEC-BJU;2026;10;3;3;3;3;3;3;3;3;3,1234567",  # 5: too many decimals
    ]
    batch = _import(binjai, _csv(lines, header=AVG_HEADER))
    assert _counts(batch) == ("DONE", 4, 0, 0, 0, 4)
    assert _errors(batch) == [
        (2, "jumlah_responden", "10"),
        (3, "U1", "4,5"),
        (4, "jumlah_responden", "0"),
        (5, "U9", "3,1234567"),
    ]
    assert SurveiSkm.objects.count() == 1


def test_another_agencys_unit_is_not_found(binjai: Instansi) -> None:
    other = Instansi.objects.create(kode="LAIN", nama="Kabupaten Lain", jenis="KABUPATEN")
    UnitKerja(instansi=other, kode="DINAS-X", nama="Dinas X", jenis="OPD").save()
    batch = _import(binjai, _csv(["DINAS-X;2026;R1;3;3;3;3;3;3;3;3;3"]))
    assert _errors(batch) == [(2, "unit_kerja", "DINAS-X")]


def test_a_year_without_its_own_survey_pools_its_semesters(binjai: Instansi) -> None:
    lines = [
        "DUKCAPIL;2026-S1;R1;4;4;4;4;4;4;4;4;4",
        "DUKCAPIL;2026-S2;R1;2;2;2;2;2;2;2;2;2",
        "DUKCAPIL;2026-S2;R2;3;3;3;3;3;3;3;3;3",
        "RSUD;2026-S1;R1;3;3;3;3;3;3;3;3;3",
        "RSUD;2026;R1;4;4;4;4;4;4;4;4;4",
    ]
    _import(binjai, _csv(lines))
    # DUKCAPIL: (36 + 18 + 27) / 27 = 3 -> 75.00; RSUD has its own yearly survey
    assert _results(binjai, "2026") == {"DUKCAPIL": (3, "75.00", "C"), "RSUD": (1, "100.00", "A")}
    rows = selectors.skm_results(instansi=binjai, periode=Periode(2026))
    assert {r.unit.kode: r.gabungan for r in rows} == {"DUKCAPIL": ("2026-S1", "2026-S2"), "RSUD": ()}


def test_skm_hasil_prints_json_and_a_table(binjai: Instansi) -> None:
    _import(binjai, _csv(GOOD))
    out = io.StringIO()
    call_command("skm", "hasil", periode="2026-S1", json=True, stdout=out)
    data = json.loads(out.getvalue())
    assert [d["unit_kerja"] for d in data] == [
        "Dinas Kependudukan dan Pencatatan Sipil",
        "Kelurahan Jati Makmur",
    ]
    jati = data[1]
    assert jati["periode"] == "2026-S1"
    assert jati["responden"] == 3
    assert jati["nrr"] == [3.667, 3.333, 3.333, 3.667, 3.333, 3.333, 3.333, 3.333, 3.333]
    assert jati["ikm_konversi"] == "85.19"
    assert jati["mutu"] == "B"
    table = io.StringIO()
    call_command("skm", "hasil", periode="2026-S1", stdout=table, lang="en")
    text = table.getvalue()
    assert "Kelurahan Jati Makmur" in text and "85.19" in text and "B Good" in text


def test_skm_hasil_refuses_a_bad_period(binjai: Instansi) -> None:
    with pytest.raises(CommandError, match="2026-S1"):
        call_command("skm", "hasil", periode="2026-S9", stdout=io.StringIO())


def test_the_import_command_knows_skm(binjai: Instansi, tmp_path: Path) -> None:
    path = tmp_path / "skm.csv"
    path.write_bytes(_csv(GOOD))
    out = io.StringIO()
    call_command("import", "skm", str(path), stdout=out, stderr=io.StringIO())
    assert JawabanSkm.objects.count() == 4
