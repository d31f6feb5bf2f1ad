"""Files into typed rows and row errors: encodings, separators, spreadsheets, headers, identity rules."""

from __future__ import annotations

import codecs
import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sibina.imports import domain, parsers
from sibina.imports.parsers import ImportFileError, PegawaiRow, RowError, Table
from sibina.people import domain as people_domain
from sibina.people.models import Pegawai, RiwayatPengembangan, UnitKerja
from tests.imports.conftest import HEADER, csv_bytes, person, reference_lookups

LOOKUPS = reference_lookups()


def parse(data: bytes, filename: str = "pegawai.csv") -> parsers.Parsed[PegawaiRow]:
    return parsers.parse_pegawai(parsers.read_table(data, filename), LOOKUPS)


# --- reading files -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_csv_separator_is_sniffed_from_the_header(delimiter: str) -> None:
    table = parsers.read_table(
        f"NIP BARU{delimiter}NAMA\n1{delimiter}Budi, S.Kom.\n".replace(
            "Budi, S.Kom.", '"Budi, S.Kom."'
        ).encode()
    )
    assert table == Table(header=("NIP BARU", "NAMA"), rows=((2, ("1", "Budi, S.Kom.")),))


def test_utf8_bom_is_not_part_of_the_first_header() -> None:
    table = parsers.read_table(codecs.BOM_UTF8 + "NIP BARU;NAMA\n1;Ömer\n".encode())
    assert table.header == ("NIP BARU", "NAMA") and table.rows[0][1] == ("1", "Ömer")


def test_windows_1252_file_keeps_accented_names() -> None:
    table = parsers.read_table("NIP BARU;NAMA\n1;José Müller – Siregar\n".encode("cp1252"))
    assert table.rows == ((2, ("1", "José Müller – Siregar")),)


def test_utf16_file_from_excel_unicode_text() -> None:
    table = parsers.read_table("NIP BARU\tNAMA\n1\tSiti\n".encode("utf-16"))
    assert table.rows == ((2, ("1", "Siti")),)


def test_line_numbers_count_physical_lines_with_blank_lines_and_quoted_newlines() -> None:
    text = 'NIP BARU,NAMA\n\n1,Budi\n2,"Siti\nAminah"\n\n3,Rina\n'
    table = parsers.read_table(text.encode())
    assert [(line, cells[0]) for line, cells in table.rows] == [(3, "1"), (4, "2"), (7, "3")]


def test_empty_file_is_a_file_error() -> None:
    with pytest.raises(ImportFileError, match="empty"):
        parsers.read_table(b"\n \n", "pegawai.csv")


def test_damaged_spreadsheet_is_a_file_error() -> None:
    with pytest.raises(ImportFileError, match="spreadsheet cannot be read"):
        parsers.read_table(b"PK\x03\x04 not really a workbook", "pegawai.xlsx")


def _xlsx(rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_xlsx_with_real_dates_text_nips_and_a_blank_row() -> None:
    good = person(1)
    header = [
        "NIP BARU",
        "NAMA",
        "TANGGAL LAHIR",
        "JENIS KELAMIN",
        "JENIS PEGAWAI NAMA",
        "UNOR NAMA",
        "TMT CPNS",
    ]
    lahir = dt.datetime.strptime(good["TANGGAL LAHIR"], "%d-%m-%Y")
    tmt = dt.datetime.strptime(good["TMT CPNS"], "%d-%m-%Y")
    data = _xlsx(
        [
            header,
            [good["NIP BARU"], "Budi", lahir, "L", "PNS", "Dinas Pendidikan", tmt],
            [None] * 7,
            [float(good["NIP BARU"]), "Angka", lahir, "L", "PNS", "Dinas Pendidikan", tmt],
        ]
    )
    parsed = parse(data, "siasn.xlsx")
    assert [(r.baris, r.nip, r.tanggal_lahir, r.tmt_cpns) for r in parsed.rows] == [
        (2, good["NIP BARU"], lahir.date(), tmt.date())
    ]
    assert [(e.baris, e.kolom) for e in parsed.errors] == [(4, "NIP BARU")]
    assert "first 15 digits" in parsed.errors[0].pesan


def test_excel_day_numbers_are_dates() -> None:
    good = person(2)
    lahir = dt.datetime.strptime(good["TANGGAL LAHIR"], "%d-%m-%Y").date()
    serial = (lahir - dt.date(1899, 12, 30)).days
    header = ["NIP BARU", "NAMA", "TANGGAL LAHIR", "JENIS KELAMIN", "JENIS PEGAWAI NAMA", "UNOR NAMA"]
    parsed = parse(_xlsx([header, [good["NIP BARU"], "Budi", serial, "L", "PPPK", "Disdik"]]), "a.xlsx")
    assert parsed.errors == () and parsed.rows[0].tanggal_lahir == lahir


# --- headers -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("NIP BARU", "nip_baru"),
        ("nip_baru", "nip_baru"),
        ("nipBaru", "nip_baru"),
        (" Nip Baru ", "nip_baru"),
        ("\ufeffGOL AKHIR NAMA", "gol_akhir_nama"),
        ("jenisDiklatId", "jenis_diklat_id"),
        ("TMT-CPNS", "tmt_cpns"),
    ],
)
def test_header_key(header: str, expected: str) -> None:
    assert parsers.header_key(header) == expected


def test_siasn_snake_and_camel_headers_give_the_same_row() -> None:
    row = person(3, unor="Dinas Pendidikan")
    upper = parse(csv_bytes([row]))
    snake_header = [h.lower().replace(" ", "_") for h in HEADER]
    snake = parse(csv_bytes([{k.lower().replace(" ", "_"): v for k, v in row.items()}], header=snake_header))
    camel_header = [
        "nipBaru",
        "nama",
        "tanggalLahir",
        "jenisKelamin",
        "jenisPegawaiNama",
        "unorNama",
        "tmtCpns",
    ]
    keys = [
        "NIP BARU",
        "NAMA",
        "TANGGAL LAHIR",
        "JENIS KELAMIN",
        "JENIS PEGAWAI NAMA",
        "UNOR NAMA",
        "TMT CPNS",
    ]
    camel = parse(
        csv_bytes([dict(zip(camel_header, (row[k] for k in keys), strict=True))], header=camel_header)
    )
    assert upper.errors == snake.errors == camel.errors == ()
    assert upper.rows == snake.rows
    assert (camel.rows[0].nip, camel.rows[0].tanggal_lahir, camel.rows[0].unor_nama) == (
        upper.rows[0].nip,
        upper.rows[0].tanggal_lahir,
        "Dinas Pendidikan",
    )


def test_unknown_columns_are_ignored() -> None:
    row = person(4)
    parsed = parse(csv_bytes([{**row, "WARNA FAVORIT": "biru"}], header=[*HEADER, "WARNA FAVORIT"]))
    assert parsed.errors == () and len(parsed.rows) == 1


def test_a_missing_required_column_is_one_file_error_naming_it() -> None:
    header = [h for h in HEADER if h != "UNOR NAMA"]
    with pytest.raises(ImportFileError) as caught:
        parse(csv_bytes([person(5)], header=header))
    assert "Required column(s) missing: UNOR NAMA." in str(caught.value)


def test_the_employee_type_needs_one_of_two_columns() -> None:
    header = [h for h in HEADER if h not in ("JENIS PEGAWAI NAMA", "STATUS CPNS PNS")]
    with pytest.raises(ImportFileError, match="JENIS PEGAWAI NAMA / STATUS CPNS PNS"):
        parse(csv_bytes([person(5)], header=header))


# --- rows --------------------------------------------------------------------------------------------------


def test_a_full_siasn_row_becomes_a_typed_row() -> None:
    row = person(
        6,
        sex="P",
        nama="Siti Aminah",
        golongan="Penata Tk. I",
        jabatan="Kepala Seksi Data",
        jenis_jabatan="Struktural",
        induk="Dinas Komunikasi dan Informatika",
    )
    nip = row["NIP BARU"]
    row["NIP BARU"] = f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"
    parsed = parse(csv_bytes([row]))
    assert parsed.errors == ()
    (got,) = parsed.rows
    lahir = dt.datetime.strptime(row["TANGGAL LAHIR"], "%d-%m-%Y").date()
    assert got == PegawaiRow(
        baris=2,
        nip=nip,
        nama="Siti Aminah",
        tanggal_lahir=lahir,
        jenis_kelamin="P",
        jenis_asn="PNS",
        unor_nama="Dinas Komunikasi dan Informatika",
        unor_induk_nama="Dinas Komunikasi dan Informatika",
        nik=row["NIK"],
        gelar_belakang="S.Kom.",
        tempat_lahir="Binjai",
        golongan="34",
        tmt_golongan=dt.datetime.strptime(row["TMT GOLONGAN"], "%d-%m-%Y").date(),
        jenis_jabatan=1,
        jabatan="Kepala Seksi Data",
        pendidikan="40",
        jurusan="S-1 Teknik Informatika",
        tmt_cpns=dt.datetime.strptime(row["TMT CPNS"], "%d-%m-%Y").date(),
        status="AKTIF",
    )


def _errors(row: dict[str, str]) -> list[tuple[int, str, str]]:
    parsed = parse(csv_bytes([row]))
    assert parsed.rows == ()
    return [(e.baris, e.kolom, e.nilai) for e in parsed.errors]


def test_birth_date_disagreeing_with_the_nip_is_reported_not_fixed() -> None:
    row = person(7)
    lahir = dt.datetime.strptime(row["TANGGAL LAHIR"], "%d-%m-%Y").date() + dt.timedelta(days=1)
    row["TANGGAL LAHIR"] = lahir.strftime("%d-%m-%Y")
    row["NIK"] = people_domain.make_nik(kode_wilayah="127501", tanggal_lahir=lahir, jenis_kelamin="L", urut=7)
    assert _errors(row) == [(2, "TANGGAL LAHIR", row["TANGGAL LAHIR"])]


def test_sex_disagreeing_with_the_nip_and_nik_is_reported_on_both_columns() -> None:
    row = person(8, JENIS_KELAMIN="")
    row["JENIS KELAMIN"] = "Perempuan"
    assert _errors(row) == [(2, "JENIS KELAMIN", "Perempuan"), (2, "NIK", row["NIK"])]


def test_tmt_cpns_disagreeing_with_the_nip_is_reported() -> None:
    row = person(9)
    row["TMT CPNS"] = "01-01-1999"
    assert _errors(row) == [(2, "TMT CPNS", "01-01-1999")]


def test_nik_day_plus_40_for_women_is_valid() -> None:
    row = person(10, sex="P")
    assert int(row["NIK"][6:8]) > 40
    assert parse(csv_bytes([row])).errors == ()


def test_pppk_nip_with_21_in_place_of_the_month_is_valid_only_for_pppk() -> None:
    pppk = person(11, jenis="PPPK")
    assert pppk["NIP BARU"][12:14] == "21"
    assert parse(csv_bytes([pppk])).errors == ()
    as_pns = {**pppk, "JENIS PEGAWAI NAMA": "PNS Daerah Kabupaten/Kota", "GOL AKHIR NAMA": "III/a"}
    assert _errors(as_pns) == [(2, "NIP BARU", pppk["NIP BARU"])]


def test_pppk_contract_dates_are_read_where_the_export_has_them() -> None:
    pppk = {**person(13, jenis="PPPK"), "TMT KONTRAK": "01-03-2025", "TANGGAL AKHIR KONTRAK": "28-02-2030"}
    header = (*HEADER, "TMT KONTRAK", "TANGGAL AKHIR KONTRAK")
    parsed = parse(csv_bytes([pppk], header=header))
    assert parsed.errors == ()
    assert (parsed.rows[0].kontrak_mulai, parsed.rows[0].kontrak_selesai) == (
        dt.date(2025, 3, 1),
        dt.date(2030, 2, 28),
    )
    assert (parse(csv_bytes([person(14, jenis="PPPK")])).rows[0].kontrak_mulai) is None  # not in the export
    backwards = parse(csv_bytes([{**pppk, "TANGGAL AKHIR KONTRAK": "28-02-2024"}], header=header))
    assert [(e.baris, e.kolom, e.nilai) for e in backwards.errors] == [
        (2, "TANGGAL AKHIR KONTRAK", "28-02-2024")
    ]


def test_a_pppk_rank_on_a_pns_is_reported() -> None:
    assert _errors(person(12, golongan="IX")) == [(2, "GOL AKHIR NAMA", "IX")]


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("NIP BARU", "1.98609E+17"),
        ("NIP BARU", "12345"),
        ("NAMA", ""),
        ("NAMA", "x" * 151),
        ("NAMA", "Bu\x00di"),
        ("TANGGAL LAHIR", "31-02-1990"),
        ("JENIS KELAMIN", "X"),
        ("JENIS PEGAWAI NAMA", "Honorer"),
        ("GOL AKHIR NAMA", "III/f"),
        ("TINGKAT PENDIDIKAN NAMA", "S-9"),
        ("KEDUDUKAN HUKUM NAMA", "Entah"),
        ("JENIS JABATAN NAMA", "Lainnya"),
        ("UNOR NAMA", " "),
        ("NIP ATASAN", "123"),
        ("NIK", "12750"),
    ],
)
def test_one_bad_cell_rejects_the_row_and_names_the_column(column: str, value: str) -> None:
    row = person(13, **{column: value})
    assert [(b, k) for b, k, _v in _errors(row)] == [(2, column)]


def test_own_nip_as_supervisor_is_an_error() -> None:
    row = person(14)
    row["NIP ATASAN"] = row["NIP BARU"]
    assert _errors(row) == [(2, "NIP ATASAN", row["NIP BARU"])]


def test_a_row_with_more_values_than_columns_is_rejected() -> None:
    data = csv_bytes([person(15)]).replace(b"\n", b";extra\n").replace(b";extra\n", b"\n", 1)
    parsed = parse(data)
    assert parsed.rows == () and [(e.baris, e.kolom) for e in parsed.errors] == [(2, "(whole row)")]


def test_identical_duplicate_rows_count_once() -> None:
    row = person(16)
    parsed = parse(csv_bytes([row, person(17), row]))
    assert [r.baris for r in parsed.rows] == [2, 3] and parsed.duplicates == 1 and parsed.errors == ()


def test_conflicting_duplicate_nips_are_all_reported_and_none_imported() -> None:
    row = person(18)
    parsed = parse(csv_bytes([row, person(19), {**row, "NAMA": "Nama Lain"}]))
    assert [r.baris for r in parsed.rows] == [3]
    assert [(e.baris, e.kolom, e.nilai) for e in parsed.errors] == [
        (2, "NIP BARU", row["NIP BARU"]),
        (4, "NIP BARU", row["NIP BARU"]),
    ]
    assert "lines 2, 4" in parsed.errors[0].pesan


def test_max_lengths_agree_with_the_models() -> None:
    fields = {
        **{
            f: (Pegawai, f)
            for f in (
                "pns_id",
                "nama",
                "gelar_depan",
                "gelar_belakang",
                "tempat_lahir",
                "agama",
                "email",
                "nomor_hp",
                "jurusan",
            )
        },
        "unor_id": (UnitKerja, "unor_id"),
        "unor_nama": (UnitKerja, "nama"),
        "unor_induk_nama": (UnitKerja, "nama"),
        "jabatan": (Pegawai._meta.get_field("jabatan").related_model, "nama"),
        "nama_kegiatan": (RiwayatPengembangan, "nama_kegiatan"),
        "penyelenggara": (RiwayatPengembangan, "penyelenggara"),
        "nomor_sertifikat": (RiwayatPengembangan, "nomor_sertifikat"),
    }
    assert set(fields) == set(parsers.MAX_LENGTH)
    for name, (model, field) in fields.items():
        assert parsers.MAX_LENGTH[name] == model._meta.get_field(field).max_length, name


# --- riwayat -----------------------------------------------------------------------------------------------

KURSUS_HEADER = (
    "nipBaru",
    "jenisKursusNama",
    "namaKursus",
    "institusiPenyelenggara",
    "jumlahJam",
    "tahunKursus",
    "tanggalKursus",
    "tanggalSelesaiKursus",
    "noSertipikat",
    "jenisDiklatId",
)


def parse_riwayat(data: bytes) -> parsers.Parsed[parsers.RiwayatRow]:
    return parsers.parse_riwayat(parsers.read_table(data, "rw_kursus.csv"), LOOKUPS)


def test_rw_kursus_rows() -> None:
    nip = person(20)["NIP BARU"]
    data = "\n".join(
        [
            ",".join(KURSUS_HEADER),
            f'{nip},Teknis,Bimtek SIPD,BPSDM Sumut,"12,5",2024,05-03-2024,07-03-2024,123/BIMTEK,8',
            f"{nip},Teknis,Kursus Lama,LAN,8,2023,2023-06-01,,,",
            f"{nip},Teknis,Salah,LAN,-3,2024,01-01-2024,,,99",
            f"{nip},Teknis,Terbalik,LAN,4,2022,05-03-2024,01-03-2024,,3",
        ]
    ).encode()
    parsed = parse_riwayat(data)
    assert parsed.kind == domain.KURSUS
    assert parsed.rows == (
        parsers.RiwayatRow(
            baris=2,
            nip=nip,
            jenis="KURSUS",
            nama_kegiatan="Bimtek SIPD",
            tanggal_mulai=dt.date(2024, 3, 5),
            tanggal_selesai=dt.date(2024, 3, 7),
            tahun=2024,
            jp=Decimal("12.5"),
            penyelenggara="BPSDM Sumut",
            nomor_sertifikat="123/BIMTEK",
            jenis_diklat_id=8,
        ),
        parsers.RiwayatRow(
            baris=3,
            nip=nip,
            jenis="KURSUS",
            nama_kegiatan="Kursus Lama",
            tanggal_mulai=dt.date(2023, 6, 1),
            tahun=2023,
            jp=Decimal(8),
            penyelenggara="LAN",
        ),
    )
    assert [(e.baris, e.kolom) for e in parsed.errors] == [
        (4, "jumlahJam"),
        (4, "jenisDiklatId"),
        (5, "tanggalSelesaiKursus"),
        (5, "tahunKursus"),
    ]


def test_rw_diklat_rows_are_structural_training() -> None:
    nip = person(21)["NIP BARU"]
    header = (
        "nipBaru;latihanStrukturalNama;nomor;tanggal;tahun;jumlahJam;tanggalSelesai;institusiPenyelenggara"
    )
    data = f"{header}\n{nip};PKP;SERT-1;01-07-2023;2023;;;BPSDM\n{nip};PKA;SERT-2;01-07-2024;2024;250;;LAN\n"
    parsed = parse_riwayat(data.encode())
    assert parsed.kind == domain.DIKLAT
    assert [(r.baris, r.jenis, r.nama_kegiatan, r.jp, r.nomor_sertifikat) for r in parsed.rows] == [
        (3, "DIKLAT", "PKA", Decimal(250), "SERT-2")
    ]
    assert [(e.baris, e.kolom, e.pesan) for e in parsed.errors] == [(2, "jumlahJam", "A value is required.")]


def test_riwayat_duplicates_same_activity_and_start_identical_once_conflicting_never() -> None:
    nip = person(22)["NIP BARU"]
    head = "nipBaru,namaKursus,jumlahJam,tanggalKursus\n"
    data = head + f"{nip},A,4,01-02-2024\n{nip},A,4,01-02-2024\n{nip},B,4,01-02-2024\n{nip},B,6,01-02-2024\n"
    parsed = parse_riwayat(data.encode())
    assert [r.baris for r in parsed.rows] == [2] and parsed.duplicates == 1
    assert [(e.baris, e.kolom, e.nilai) for e in parsed.errors] == [
        (4, "namaKursus", "B"),
        (5, "namaKursus", "B"),
    ]


def test_riwayat_file_without_an_activity_name_column_is_a_file_error() -> None:
    with pytest.raises(ImportFileError, match="namaKursus / latihanStrukturalNama"):
        parse_riwayat(b"nipBaru,jumlahJam,tanggalKursus\n1,2,01-01-2024\n")


# --- properties --------------------------------------------------------------------------------------------

cells = st.one_of(
    st.text(max_size=30),
    st.text(alphabet="0123456789 .-/²١", max_size=25),
    st.sampled_from(
        ["L", "P", "PNS", "PPPK", "III/d", "IX", "S-1", "Aktif", "Pensiun", "-", "", "26-09-1986"]
    ),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(),
    st.booleans(),
    st.none(),
    st.dates(),
    st.datetimes(),
)


def _check_outcome(table: Table, parsed: parsers.Parsed[PegawaiRow]) -> None:
    """Every data line ends up once: as a complete typed row, as errors, or dropped as an exact repeat."""
    good = {r.baris for r in parsed.rows}
    bad = {e.baris for e in parsed.errors}
    lines = {line for line, _cells in table.rows}
    assert not good & bad
    assert good | bad <= lines and len(lines - good - bad) == parsed.duplicates
    for r in parsed.rows:
        assert len(r.nip) == 18 and r.nip.isdigit()
        assert r.nama and r.unor_nama and isinstance(r.tanggal_lahir, dt.date)
        assert r.jenis_kelamin in ("L", "P") and r.jenis_asn in ("PNS", "CPNS", "PPPK", "PPPK_PW")
        assert (
            people_domain.check_nip(
                r.nip,
                jenis_asn=r.jenis_asn,
                tanggal_lahir=r.tanggal_lahir,
                jenis_kelamin=r.jenis_kelamin,
                tmt_cpns=r.tmt_cpns,
            )
            == []
        )
    for e in parsed.errors:
        assert isinstance(e, RowError) and e.pesan


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(cells, min_size=0, max_size=len(HEADER) + 2), max_size=8))
def test_random_rows_never_crash_and_are_all_or_nothing(rows: list[list[parsers.Cell]]) -> None:
    table = Table(header=HEADER, rows=tuple((i + 2, tuple(r)) for i, r in enumerate(rows)))
    _check_outcome(table, parsers.parse_pegawai(table, LOOKUPS))


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(min_value=1, max_value=5000),
            st.sampled_from(["PNS", "CPNS", "PPPK"]),
            st.sampled_from(["L", "P"]),
            st.dictionaries(st.sampled_from(HEADER), cells, max_size=4),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_garbled_valid_rows_never_crash_and_are_all_or_nothing(
    specs: list[tuple[int, str, str, dict[str, parsers.Cell]]],
) -> None:
    rows = []
    for n, jenis, sex, garble in specs:
        row: dict[str, parsers.Cell] = {**person(n, jenis=jenis, sex=sex), **garble}
        rows.append(tuple(row[h] for h in HEADER))
    table = Table(header=HEADER, rows=tuple((i + 2, r) for i, r in enumerate(rows)))
    parsed = parsers.parse_pegawai(table, LOOKUPS)
    _check_outcome(table, parsed)
    for (n, jenis, sex, garble), (line, _cells) in zip(specs, table.rows, strict=True):
        if not garble and line not in {e.baris for e in parsed.errors}:
            assert any(
                r.baris == line or r.nip == person(n, jenis=jenis, sex=sex)["NIP BARU"] for r in parsed.rows
            )


@settings(max_examples=60, deadline=None)
@given(
    st.integers(min_value=1, max_value=20000),
    st.sampled_from(["PNS", "CPNS", "PPPK", "PPPK Paruh Waktu"]),
    st.sampled_from(["L", "P"]),
    st.sampled_from([",", ";", "\t"]),
)
def test_valid_rows_always_parse_without_errors(n: int, jenis: str, sex: str, delimiter: str) -> None:
    row = person(n, jenis=jenis, sex=sex)
    parsed = parse(csv_bytes([row], delimiter=delimiter))
    assert parsed.errors == ()
    assert [(r.nip, r.jenis_kelamin) for r in parsed.rows] == [(row["NIP BARU"], sex)]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(cells, max_size=len(KURSUS_HEADER) + 1), max_size=8))
def test_random_riwayat_rows_never_crash_and_are_all_or_nothing(rows: list[list[parsers.Cell]]) -> None:
    table = Table(header=KURSUS_HEADER, rows=tuple((i + 2, tuple(r)) for i, r in enumerate(rows)))
    parsed = parsers.parse_riwayat(table, LOOKUPS)
    good = {r.baris for r in parsed.rows}
    bad = {e.baris for e in parsed.errors}
    assert not good & bad and len(set(range(2, len(rows) + 2)) - good - bad) == parsed.duplicates
    for r in parsed.rows:
        assert r.nama_kegiatan and r.tahun == r.tanggal_mulai.year and Decimal(0) <= r.jp <= parsers.JP_MAX
