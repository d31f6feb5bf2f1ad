"""Read SIASN/SIMPEG export files into typed rows and row errors. Pure: no ORM, no settings.

A file becomes a :class:`Table` (header + rows with their line numbers, header = line 1 in a normal file),
then each row becomes either a frozen :class:`PegawaiRow` / :class:`RiwayatRow` or a list of
:class:`RowError` naming the column as the file spells it. A row is never half-parsed: one bad cell rejects
the whole row, and nothing is "corrected" (a NIP that disagrees with the birth date is reported, because which
side is wrong cannot be known from the file).

An empty cell means "the file does not say": the services keep what SiBina already knows for that field.
What a single value means ("Laki-laki", "III/d", "S-1/Sarjana") is decided in :mod:`sibina.imports.domain`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from sibina.imports.domain import (
    DIKLAT,
    KURSUS,
    MAX_YEAR,
    MIN_YEAR,
    Lookups,
    parse_golongan,
    parse_jenis_asn,
    parse_jenis_jabatan,
    parse_pendidikan,
    parse_sex,
    parse_status,
    rank_kind,
)
from sibina.imports.readers import Cell, ImportFileError, Table, cell_text, read_table, sniff_delimiter
from sibina.imports.rows import (
    MAX_LENGTH,
    SIASN_HEADER,
    Parsed,
    Progress,
    RowError,
    RowReader,
    check_nip_shape,
    column_name,
    header_key,
    map_columns,
    parse_rows,
    parsed,
    read_date,
    read_identifier,
    read_int,
    read_str,
    require_columns,
)
from sibina.people import domain as people_domain
from sibina.reference.rumpun import RUMPUN_CODES, parse_rumpun

__all__ = [  # re-exported: what callers of the SIASN parsers need
    "MAX_LENGTH",
    "Cell",
    "ImportFileError",
    "Parsed",
    "RowError",
    "Table",
    "cell_text",
    "header_key",
    "read_table",
    "sniff_delimiter",
]


@dataclass(frozen=True, kw_only=True)
class PegawaiRow:
    """One employee as the file states it; ``None`` means the file does not say."""

    baris: int = field(compare=False)
    nip: str
    nama: str
    tanggal_lahir: dt.date
    jenis_kelamin: str
    jenis_asn: str
    unor_nama: str
    unor_id: str | None = None
    unor_induk_nama: str | None = None
    nip_lama: str | None = None
    pns_id: str | None = None
    nik: str | None = None
    gelar_depan: str | None = None
    gelar_belakang: str | None = None
    tempat_lahir: str | None = None
    agama: str | None = None
    email: str | None = None
    nomor_hp: str | None = None
    golongan: str | None = None  # BKN code: "34" (PNS) or "IX" (PPPK)
    tmt_golongan: dt.date | None = None
    jenis_jabatan: int | None = None
    jabatan: str | None = None
    tmt_jabatan: dt.date | None = None
    pendidikan: str | None = None  # BKN education code
    jurusan: str | None = None
    tahun_lulus: int | None = None
    tmt_cpns: dt.date | None = None
    tmt_pns: dt.date | None = None
    kontrak_mulai: dt.date | None = None  # PPPK contract period, where the export has it
    kontrak_selesai: dt.date | None = None
    status: str | None = None
    nip_atasan: str | None = None
    rumpun_jabatan: str | None = (
        None  # explicit job family; None: derived from the position (reference.rumpun)
    )


@dataclass(frozen=True, kw_only=True)
class RiwayatRow:
    """One completed development activity (rw_kursus or rw_diklat)."""

    baris: int = field(compare=False)
    nip: str
    jenis: str  # KURSUS or DIKLAT
    nama_kegiatan: str
    tanggal_mulai: dt.date
    tahun: int
    jp: Decimal
    tanggal_selesai: dt.date | None = None
    penyelenggara: str | None = None
    nomor_sertifikat: str | None = None
    jenis_diklat_id: int | None = None

    @property
    def natural_key(self) -> tuple[str, str, str, dt.date]:
        return (self.nip, self.jenis, self.nama_kegiatan, self.tanggal_mulai)


# --- columns -----------------------------------------------------------------------------------------------

# canonical field -> header keys, most specific first
PEGAWAI_COLUMNS: Mapping[str, tuple[str, ...]] = {
    "nip": ("nip_baru", "nip", "nip_18"),
    "nip_lama": ("nip_lama",),
    "pns_id": ("pns_id", "id_pns"),
    "nik": ("nik", "no_ktp", "nomor_ktp"),
    "gelar_depan": ("gelar_depan",),
    "nama": ("nama", "nama_pegawai", "nama_lengkap"),
    "gelar_belakang": ("gelar_belakang",),
    "tempat_lahir": ("tempat_lahir_nama", "tempat_lahir"),
    "tanggal_lahir": ("tanggal_lahir", "tgl_lahir"),
    "jenis_kelamin": ("jenis_kelamin", "jk", "kelamin"),
    "agama": ("agama_nama", "agama"),
    "email": ("email", "email_gov"),
    "nomor_hp": ("nomor_hp", "no_hp", "hp"),
    "jenis_pegawai": ("jenis_pegawai_nama", "jenis_pegawai", "jenis_asn"),
    "status_cpns_pns": ("status_cpns_pns", "status_pegawai"),
    "kedudukan_hukum": ("kedudukan_hukum_nama", "kedudukan_hukum", "kedudukan"),
    "tmt_cpns": ("tmt_cpns",),
    "tmt_pns": ("tmt_pns",),
    "kontrak_mulai": (
        "tmt_kontrak",
        "tmt_awal_kontrak",
        "tanggal_mulai_kontrak",
        "awal_kontrak",
        "kontrak_mulai",
    ),
    "kontrak_selesai": (
        "tmt_akhir_kontrak",
        "tanggal_akhir_kontrak",
        "tanggal_selesai_kontrak",
        "akhir_kontrak",
        "kontrak_selesai",
    ),
    "golongan": (
        "gol_akhir_nama",
        "gol_akhir_id",
        "golongan_akhir",
        "gol_akhir",
        "golongan",
        "pangkat_golongan",
    ),
    "tmt_golongan": ("tmt_golongan", "tmt_gol_akhir", "tmt_gol"),
    "jenis_jabatan": ("jenis_jabatan_nama", "jenis_jabatan_id", "jenis_jabatan"),
    "jabatan": ("jabatan_nama", "nama_jabatan", "jabatan"),
    "tmt_jabatan": ("tmt_jabatan",),
    "pendidikan": (
        "tingkat_pendidikan_nama",
        "tingkat_pendidikan_id",
        "tingkat_pendidikan",
        "pendidikan_terakhir",
    ),
    "jurusan": ("pendidikan_nama", "jurusan"),
    "tahun_lulus": ("tahun_lulus",),
    "unor_id": ("unor_id",),
    "unor_nama": ("unor_nama", "unit_kerja", "unor"),
    "unor_induk_nama": ("unor_induk_nama", "unor_induk"),
    "nip_atasan": ("nip_atasan", "atasan_nip", "nip_atasan_langsung"),
    "rumpun_jabatan": ("rumpun_jabatan", "rumpun"),
}
PEGAWAI_REQUIRED = ("nip", "nama", "tanggal_lahir", "jenis_kelamin", "unor_nama")

RIWAYAT_COLUMNS: Mapping[str, tuple[str, ...]] = {
    "nip": ("nip_baru", "nip"),
    "nama_kursus": ("nama_kursus",),
    "latihan_struktural_nama": ("latihan_struktural_nama", "nama_diklat"),
    "penyelenggara": ("institusi_penyelenggara", "penyelenggara"),
    "jumlah_jam": ("jumlah_jam", "jp"),
    "tahun": ("tahun_kursus", "tahun"),
    "tanggal_mulai": ("tanggal_kursus", "tanggal", "tanggal_mulai"),
    "tanggal_selesai": ("tanggal_selesai_kursus", "tanggal_selesai"),
    "nomor_sertifikat": ("no_sertipikat", "no_sertifikat", "nomor_sertipikat", "nomor_sertifikat", "nomor"),
    "jenis_diklat_id": ("jenis_diklat_id",),
}
# --- employees ---------------------------------------------------------------------------------------------


def parse_pegawai(table: Table, lookups: Lookups, progress: Progress | None = None) -> Parsed[PegawaiRow]:
    """Every data row of an employee file as a PegawaiRow or errors; conflicting duplicate NIPs rejected."""
    cols = map_columns(table.header, PEGAWAI_COLUMNS)
    require_columns(table.header, cols, (*PEGAWAI_REQUIRED, ("jenis_pegawai", "status_cpns_pns")))
    rows, errors = parse_rows(table, cols, lambda row: pegawai_row(row, lookups), progress)
    kolom = column_name(table, cols, "nip", SIASN_HEADER)
    return parsed(
        table,
        cols,
        rows,
        errors,
        key=lambda r: r.nip,
        conflict=lambda r, lines: RowError(
            r.baris,
            kolom,
            r.nip,
            _("NIP %(nip)s appears on lines %(lines)s with different data; none of them was imported.")
            % {"nip": r.nip, "lines": lines},
        ),
    )


def pegawai_row(row: RowReader, lookups: Lookups) -> PegawaiRow | None:
    nip = read_identifier(row, "nip", required=True)
    nama = read_str(row, "nama", required=True)
    tanggal_lahir = read_date(row, "tanggal_lahir", required=True)
    jenis_kelamin = _sex(row)
    jenis_asn = _jenis_asn(row)
    unor_nama = read_str(row, "unor_nama", required=True)
    tmt_cpns = read_date(row, "tmt_cpns")
    nik = read_identifier(row, "nik")
    nip_lama = read_identifier(row, "nip_lama")
    if nip_lama is not None and (len(nip_lama) != 9 or not (nip_lama.isascii() and nip_lama.isdigit())):
        row.error("nip_lama", _("The old NIP must be 9 digits."))
    golongan = _golongan(row, lookups, jenis_asn)
    pendidikan = _lookup(
        row, "pendidikan", lambda t: parse_pendidikan(t, lookups), lambda: _("Unknown education level.")
    )
    jenis_jabatan = _jenis_jabatan(row, lookups)
    status = _lookup(
        row, "kedudukan_hukum", parse_status, lambda: _("Unknown legal status (kedudukan hukum).")
    )
    email = read_str(row, "email")
    if email is not None and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
        row.error("email", _("Not an e-mail address."))
    nomor_hp = read_str(row, "nomor_hp")
    if nomor_hp is not None and not re.fullmatch(r"[0-9+()\-. ]+", nomor_hp):
        row.error("nomor_hp", _("A phone number may contain only digits, spaces and + - ( ) ."))
    nip_atasan = read_identifier(row, "nip_atasan")
    if nip_atasan is not None and check_nip_shape(row, "nip_atasan", nip_atasan) and nip_atasan == nip:
        row.error("nip_atasan", _("An employee cannot be their own supervisor."))
    if nip is not None:
        _check_identity(row, nip, nik, jenis_asn, tanggal_lahir, jenis_kelamin, tmt_cpns, lookups.identitas)
    pns_id = read_str(row, "pns_id")
    gelar_depan, gelar_belakang = read_str(row, "gelar_depan"), read_str(row, "gelar_belakang")
    tempat_lahir, agama, jurusan = (
        read_str(row, "tempat_lahir"),
        read_str(row, "agama"),
        read_str(row, "jurusan"),
    )
    unor_id, unor_induk_nama = read_str(row, "unor_id"), read_str(row, "unor_induk_nama")
    jabatan = read_str(row, "jabatan")
    tmt_pns, tmt_golongan, tmt_jabatan = (
        read_date(row, "tmt_pns"),
        read_date(row, "tmt_golongan"),
        read_date(row, "tmt_jabatan"),
    )
    tahun_lulus = read_int(row, "tahun_lulus", lo=MIN_YEAR, hi=MAX_YEAR)
    kontrak_mulai, kontrak_selesai = read_date(row, "kontrak_mulai"), read_date(row, "kontrak_selesai")
    if kontrak_mulai and kontrak_selesai and kontrak_selesai < kontrak_mulai:
        row.error("kontrak_selesai", _("The contract cannot end before it starts."))
    rumpun = _rumpun(row)
    if row.errors:
        return None
    assert nip and nama and tanggal_lahir and jenis_kelamin and jenis_asn and unor_nama  # no errors: all set
    return PegawaiRow(
        baris=row.baris,
        nip=nip,
        nama=nama,
        tanggal_lahir=tanggal_lahir,
        jenis_kelamin=jenis_kelamin,
        jenis_asn=jenis_asn,
        unor_nama=unor_nama,
        unor_id=unor_id,
        unor_induk_nama=unor_induk_nama,
        nip_lama=nip_lama,
        pns_id=pns_id,
        nik=nik,
        gelar_depan=gelar_depan,
        gelar_belakang=gelar_belakang,
        tempat_lahir=tempat_lahir,
        agama=agama,
        email=email,
        nomor_hp=nomor_hp,
        golongan=golongan,
        tmt_golongan=tmt_golongan,
        jenis_jabatan=jenis_jabatan,
        jabatan=jabatan,
        tmt_jabatan=tmt_jabatan,
        pendidikan=pendidikan,
        jurusan=jurusan,
        tahun_lulus=tahun_lulus,
        tmt_cpns=tmt_cpns,
        tmt_pns=tmt_pns,
        kontrak_mulai=kontrak_mulai,
        kontrak_selesai=kontrak_selesai,
        status=status,
        nip_atasan=nip_atasan,
        rumpun_jabatan=rumpun,
    )


def _rumpun(row: RowReader) -> str | None:
    value = row.text("rumpun_jabatan")
    if value is None:
        return None
    code = parse_rumpun(value)
    if code is None:
        row.error(
            "rumpun_jabatan",
            _("Unknown job family (rumpun jabatan): expected one of %(codes)s.")
            % {"codes": ", ".join(RUMPUN_CODES)},
        )
    return code


def _sex(row: RowReader) -> str | None:
    value = row.text("jenis_kelamin")
    if value is None:
        row.required("jenis_kelamin")
        return None
    sex = parse_sex(value)
    if sex is None:
        row.error("jenis_kelamin", _("Unknown sex: use L/P, M/F, Laki-laki/Perempuan or 1/2."))
    return sex


def _jenis_asn(row: RowReader) -> str | None:
    """From JENIS PEGAWAI NAMA and STATUS CPNS PNS; a value in either that means nothing is an error."""
    jenis, status = row.text("jenis_pegawai"), row.text("status_cpns_pns")
    for name, known in (
        ("jenis_pegawai", jenis is None or parse_jenis_asn(jenis, None) is not None),
        ("status_cpns_pns", status is None or parse_jenis_asn(None, status) is not None),
    ):
        if not known:
            row.error(name, _("Unknown employee type: expected PNS, CPNS, PPPK or PPPK paruh waktu."))
            return None
    found = parse_jenis_asn(jenis, status)
    if found is None:
        row.required("jenis_pegawai" if "jenis_pegawai" in row.cols else "status_cpns_pns")
    return found


def _lookup(
    row: RowReader, name: str, parse: Callable[[str], str | None], message: Callable[[], str]
) -> str | None:
    value = row.text(name)
    if value is None:
        return None
    found = parse(value)
    if found is None:
        row.error(name, message())  # translated only when needed: most rows have no error
    return found


def _golongan(row: RowReader, lookups: Lookups, jenis_asn: str | None) -> str | None:
    value = row.text("golongan")
    if value is None:
        return None
    found = parse_golongan(value, lookups)
    if found is None:
        row.error("golongan", _("Unknown rank (golongan): expected e.g. III/d, Penata Tingkat I, 34 or IX."))
        return None
    kind, kode = found
    if jenis_asn is not None and kind != rank_kind(jenis_asn):
        row.error(
            "golongan",
            _("Rank %(golongan)s is a %(kind)s rank but the employee is %(jenis)s.")
            % {"golongan": lookups.golongan_label.get(found, kode), "kind": kind, "jenis": jenis_asn},
        )
        return None
    return kode


def _jenis_jabatan(row: RowReader, lookups: Lookups) -> int | None:
    value = row.text("jenis_jabatan")
    if value is None:
        return None
    kode = parse_jenis_jabatan(value)
    if kode is None or kode not in lookups.jenis_jabatan:
        row.error(
            "jenis_jabatan",
            _("Unknown position kind: expected Struktural, Fungsional Tertentu or Pelaksana."),
        )
        return None
    return kode


def _check_identity(
    row: RowReader,
    nip: str,
    nik: str | None,
    jenis_asn: str | None,
    tanggal_lahir: dt.date | None,
    jenis_kelamin: str | None,
    tmt_cpns: dt.date | None,
    rules: people_domain.IdentityRules | None,
) -> None:
    """NIP and NIK against the record (DOMAIN.md §4); each disagreement is an error on the column it names."""
    if jenis_asn is None:
        check_nip_shape(row, "nip", nip)
        findings: list[people_domain.Finding] = []
    else:
        findings = people_domain.check_nip(
            nip,
            jenis_asn=jenis_asn,
            tanggal_lahir=tanggal_lahir,
            jenis_kelamin=jenis_kelamin,
            tmt_cpns=tmt_cpns,
            rules=rules,
        )
    if nik is not None:
        findings += people_domain.check_nik(
            nik, tanggal_lahir=tanggal_lahir, jenis_kelamin=jenis_kelamin, rules=rules
        )
    for finding in findings:
        row.error(finding.field, finding.message)


# --- development history -----------------------------------------------------------------------------------


def parse_riwayat(table: Table, lookups: Lookups, progress: Progress | None = None) -> Parsed[RiwayatRow]:
    """A rw_kursus file (namaKursus, jenisDiklatId) or a rw_diklat file (latihanStrukturalNama)."""
    cols = map_columns(table.header, RIWAYAT_COLUMNS)
    kind = KURSUS if "nama_kursus" in cols else DIKLAT if "latihan_struktural_nama" in cols else ""
    name_field = "nama_kursus" if kind == KURSUS else "latihan_struktural_nama"
    require_columns(
        table.header, cols, ("nip", ("nama_kursus", "latihan_struktural_nama"), "jumlah_jam", "tanggal_mulai")
    )
    rows, errors = parse_rows(table, cols, lambda row: riwayat_row(row, lookups, kind), progress)
    kolom = column_name(table, cols, name_field, SIASN_HEADER)
    return parsed(
        table,
        cols,
        rows,
        errors,
        key=lambda r: r.natural_key,
        conflict=lambda r, lines: RowError(
            r.baris,
            kolom,
            r.nama_kegiatan,
            _(
                "The same activity for NIP %(nip)s starting %(date)s appears on lines %(lines)s with "
                "different data; none of them was imported."
            )
            % {"nip": r.nip, "date": r.tanggal_mulai.strftime("%d-%m-%Y"), "lines": lines},
        ),
        kind=kind,
    )


def riwayat_row(row: RowReader, lookups: Lookups, kind: str) -> RiwayatRow | None:
    nip = read_identifier(row, "nip", required=True)
    if nip is not None:
        check_nip_shape(row, "nip", nip)
    name_field = "nama_kursus" if kind == KURSUS else "latihan_struktural_nama"
    nama = read_str(row, name_field, required=True, max_length=MAX_LENGTH["nama_kegiatan"])
    mulai = read_date(row, "tanggal_mulai", required=True)
    selesai = read_date(row, "tanggal_selesai")
    if mulai is not None and selesai is not None and selesai < mulai:
        row.error("tanggal_selesai", _("The end date is before the start date."))
    tahun = read_int(row, "tahun", lo=MIN_YEAR, hi=MAX_YEAR)
    if tahun is not None and mulai is not None and tahun != mulai.year:
        row.error("tahun", _("The year does not match the start date (%(year)d).") % {"year": mulai.year})
    jp = _jp(row)
    jenis_diklat_id: int | None = None
    if kind == KURSUS:
        jenis_diklat_id = read_int(row, "jenis_diklat_id", lo=0, hi=10**6)
        if jenis_diklat_id is not None and jenis_diklat_id not in lookups.jenis_diklat:
            row.error("jenis_diklat_id", _("Unknown SIASN jenisDiklatId."))
    penyelenggara = read_str(row, "penyelenggara")
    nomor = read_str(row, "nomor_sertifikat")
    if row.errors:
        return None
    assert nip and nama and mulai and jp is not None  # no errors: all set
    return RiwayatRow(
        baris=row.baris,
        nip=nip,
        jenis=kind,
        nama_kegiatan=nama,
        tanggal_mulai=mulai,
        tanggal_selesai=selesai,
        tahun=mulai.year,
        jp=jp,
        penyelenggara=penyelenggara,
        nomor_sertifikat=nomor,
        jenis_diklat_id=jenis_diklat_id,
    )


JP_MAX = Decimal("99999.99")  # RiwayatPengembangan.jp: 7 digits, 2 decimals


def _jp(row: RowReader) -> Decimal | None:
    """SIASN's jumlahJam counts lesson hours, i.e. JP. '12', '12.5' and '12,5' are accepted."""
    value = row.text("jumlah_jam")
    if value is None:
        row.required("jumlah_jam")
        return None
    text = value.replace(",", ".") if value.count(",") == 1 and "." not in value else value
    try:
        jp = Decimal(text)
    except InvalidOperation:
        jp = None
    if jp is None or not jp.is_finite() or jp < 0 or jp > JP_MAX or jp != jp.quantize(Decimal("0.01")):
        row.error(
            "jumlah_jam",
            _("Expected a number of JP from 0 to %(max)s with at most 2 decimals.") % {"max": JP_MAX},
        )
        return None
    return jp
