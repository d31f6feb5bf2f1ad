"""Reading one catalogue row is pure: every cell either parses or is reported, and nothing else escapes."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from sibina.catalogue.xlsx import HEADERS, CellError, Known, parse_row
from sibina.imports.readers import Cell

KNOWN = Known(
    bentuk=frozenset({"KL03", "KL07", "NKL03"}),
    tingkat=frozenset({"PENGAWAS", "ADMINISTRATOR"}),
    kompetensi=frozenset({"M01", "T-KEU-01"}),
    golongan_label={"III/A": 9, "III/B": 10, "IV/B": 14, "IV/E": 17},
)
GOOD: dict[str, Cell] = {
    "kode": "KEU-01",
    "judul": "Pelatihan Penyusunan RKA/DPA",
    "bentuk": "kl03",
    "jenis_penyelenggara": "BPSDM",
    "penyelenggara": "BPSDM Provinsi Sumatera Utara",
    "jp_program": "40",
    "biaya_per_peserta": "3.750.000",
    "kapasitas_kelas": 20.0,
    "min_peserta": "",
    "triwulan": "3; 2",
    "kompetensi": "T-KEU-01:+2; m01:1",
    "tingkat_jabatan": "pengawas",
    "jenis_asn": "CPNS; PNS",
    "golongan_min": "III/a",
    "golongan_max": 14,
    "wajib": "CPNS; GARIS_DEPAN:nonaktif",
    "dasar_wajib": "Peraturan LAN 1/2021 | Kebijakan Wali Kota",
    "aktif": "ya",
}


def test_a_good_row_becomes_typed_values() -> None:
    row, errors = parse_row(2, GOOD, KNOWN)
    assert errors == []
    assert row is not None
    assert row.kode == "KEU-01"
    assert row.fields["bentuk"] == "KL03"
    assert row.fields["jp_program"] == Decimal(40)
    assert row.fields["biaya_per_peserta"] == Decimal(3_750_000)
    assert (row.fields["kapasitas_kelas"], row.fields["min_peserta"]) == (20, 1)
    assert row.fields["triwulan"] == [2, 3]
    assert row.fields["jenis_asn"] == ["PNS", "CPNS"]
    assert (row.fields["golongan_min"], row.fields["golongan_max"]) == (9, 14)
    assert row.fields["aktif"] is True
    assert row.kompetensi == [("M01", 1), ("T-KEU-01", 2)]
    assert row.tingkat == ["PENGAWAS"]
    assert row.wajib == [
        ("CPNS", True, "Peraturan LAN 1/2021"),
        ("GARIS_DEPAN", False, "Kebijakan Wali Kota"),
    ]
    assert "deskripsi" not in row.fields  # a column left out of the file stays as it is


def test_each_bad_cell_is_reported_once_with_its_value() -> None:
    bad: dict[str, Cell] = {
        **GOOD,
        "kapasitas_kelas": "dua puluh",
        "triwulan": "5",
        "golongan_min": "IV/b",
        "golongan_max": "III/a",
        "aktif": "mungkin",
        "wajib": "KADANG",
    }
    row, errors = parse_row(7, bad, KNOWN)
    assert row is None
    assert [(e.baris, e.kolom, e.nilai) for e in errors] == [
        (7, "kapasitas_kelas", "dua puluh"),
        (7, "aktif", "mungkin"),
        (7, "triwulan", "5"),
        (7, "wajib", "KADANG"),
        (7, "golongan_max", "III/a"),
    ]
    assert errors[0].pesan == "Expected a whole number."


text = st.one_of(st.none(), st.text(max_size=12), st.integers(-(10**7), 10**7), st.floats(allow_nan=False))


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(HEADERS), text))
def test_any_cells_give_either_a_row_or_errors_naming_known_columns(cells: dict[str, Cell]) -> None:
    row, errors = parse_row(5, {**GOOD, **cells}, KNOWN)
    assert (row is None) == bool(errors)
    assert all(isinstance(e, CellError) and e.baris == 5 and e.kolom in HEADERS and e.pesan for e in errors)
    if row is not None:
        assert row.fields["kapasitas_kelas"] >= row.fields.get("min_peserta", 1) >= 1
        assert all(v >= 0 for k, v in row.fields.items() if k.startswith("biaya_"))
