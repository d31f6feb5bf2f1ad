"""The catalogue workbook's columns, and reading one of its rows. Pure: the reference codes come in as sets.

One row per activity, keyed by its code (upsert). Lists go in one cell separated by ";" (competencies as
"KODE:+N", eligible position levels, ASN types, quarters, prerequisite activity codes, mandatory rules). JP is
exported for reading but recomputed from the form's conversion rule on import. A column missing from the file
leaves that field of an existing activity as it is (a new activity gets the default); only the code, title,
form, provider and class size are required. Cells are read with the import kernel's row reader
(:class:`sibina.imports.rows.RowReader`), one error per bad cell.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import partial
from typing import Any

from django.db.models import CharField
from django.utils.translation import gettext as _

from sibina.catalogue.models import AturanWajib, Kegiatan
from sibina.imports.readers import Cell
from sibina.imports.rows import RowError, RowReader
from sibina.people.models import UnitKerja
from sibina.reference.models import JenisAsn, RumpunJabatan

CellError = RowError  # (baris, kolom, nilai, pesan): the kernel's typed cell error

SHEET = "Katalog"
HELP_SHEET = "Keterangan"
YA, TIDAK = "YA", "TIDAK"
NONAKTIF = "nonaktif"
_TRUE = frozenset({"YA", "Y", "TRUE", "BENAR", "1", "YES"})
_FALSE = frozenset({"TIDAK", "T", "FALSE", "SALAH", "0", "NO", "N"})
_GAIN = re.compile(r"^([A-Za-z0-9-]+)\s*:\s*\+?\s*(\d+)$")


@dataclass(frozen=True)
class Column:
    name: str
    required: bool
    keterangan: str  # meaning, in Indonesian (the file's documentation sheet)
    contoh: str = ""


# fmt: off
COLUMNS: tuple[Column, ...] = (
    Column("kode", True, "Kode unik kegiatan di instansi; kunci pembaruan (baris dengan kode yang sama diperbarui).", "KEU-01"),
    Column("judul", True, "Nama kegiatan.", "Pelatihan Penyusunan RKA/DPA"),
    Column("deskripsi", False, "Uraian singkat kegiatan."),
    Column("bentuk", True, "Kode bentuk pengembangan (Peraturan LAN 10/2018): KL01–KL12 atau NKL01–NKL13.", "KL03"),
    Column("jenis_penyelenggara", True, "LAN, BPSDM, BKPSDM, OPD, ELEARNING atau LAINNYA.", "BPSDM"),
    Column("penyelenggara", True, "Nama lembaga penyelenggara.", "BPSDM Provinsi Sumatera Utara"),
    Column("hari", False, "Jumlah hari pelaksanaan (dipakai aturan konversi JP per hari).", "5"),
    Column("sesi", False, "Jumlah sesi (coaching, mentoring, bimbingan di tempat kerja).", "6"),
    Column("menit", False, "Menit belajar sebenarnya (aturan JP = menit ÷ 45).", "180"),
    Column("bulan", False, "Lama kegiatan dalam bulan (batas sesi per bulan).", "1"),
    Column("jp_program", False, "JP program yang ditetapkan penyelenggara (pelatihan struktural, teknis, fungsional, e-learning).", "40"),
    Column("internasional", False, "YA bila bertaraf internasional (konversi JP internasional), selain itu TIDAK.", TIDAK),
    Column("jp", False, "JP hasil konversi (hanya dibaca; dihitung ulang dari aturan bentuknya saat impor).", "40"),
    Column("hari_klasikal", False, "Hari meninggalkan tempat kerja yang dihitung terhadap batas hari klasikal per orang.", "5"),
    Column("biaya_per_peserta", False, "Biaya per peserta dalam rupiah (bilangan bulat, tidak negatif).", "3750000"),
    Column("biaya_per_kelas", False, "Biaya tetap per kelas dalam rupiah (bilangan bulat, tidak negatif).", "0"),
    Column("kapasitas_kelas", True, "Jumlah peserta maksimum per kelas (paling sedikit 1).", "30"),
    Column("min_peserta", False, "Jumlah peserta minimum agar kelas dibuka (tidak lebih dari kapasitas).", "1"),
    Column("maks_kelas", False, "Jumlah kelas (angkatan) paling banyak dalam setahun.", "2"),
    Column("triwulan", False, "Triwulan pelaksanaan, dipisah titik koma.", "2; 3"),
    Column("pola_pendanaan", False, "KONTRIBUSI, FASILITASI atau GRATIS.", "KONTRIBUSI"),
    Column("sumber_dana", False, "BKPSDM (DPA BKPSDM) atau OPD (DPA OPD peserta).", "BKPSDM"),
    Column("kompetensi", False, "Kompetensi yang dikembangkan dan kenaikan levelnya, format KODE:+N dipisah titik koma.", "T-KEU-01:+2; M04:+1"),
    Column("tingkat_jabatan", False, "Kode tingkat jabatan yang boleh ikut, dipisah titik koma; kosong = semua.", "PENGAWAS; ADMINISTRATOR"),
    Column("jenis_asn", False, "Jenis ASN yang boleh ikut (PNS, CPNS, PPPK, PPPK_PW), dipisah titik koma; kosong = semua.", "PNS; CPNS"),
    Column("golongan_min", False, "Urutan golongan terendah (1–17; PNS: 9 = III/a, 13 = IV/a) atau label PNS seperti III/a; kosong = tanpa batas.", "9"),
    Column("golongan_max", False, "Urutan golongan tertinggi (1–17) atau label PNS seperti IV/b; kosong = tanpa batas.", "14"),
    Column("hanya_garis_depan", False, "YA bila hanya untuk pegawai unit layanan publik (garis depan).", TIDAK),
    Column("sasaran_rumpun", False, "Sasaran: rumpun jabatan peserta (STRUKTURAL, PENDIDIKAN, KESEHATAN, PENYULUHAN, TEKNIS, KETERTIBAN, PENGAWASAN, ADMINISTRASI), dipisah titik koma; kosong = semua.", "KESEHATAN"),
    Column("sasaran_jenis_unit", False, "Sasaran: jenis unit kerja peserta (SEKOLAH, PUSKESMAS, RUMAH_SAKIT, KELURAHAN, KECAMATAN, UPTD, SEKRETARIAT, …), dipisah titik koma; kosong = semua.", "PUSKESMAS"),
    Column("sasaran_jabatan", False, "Sasaran: nama jabatan (awal nama cukup, mis. Perawat untuk semua jenjang Perawat), dipisah titik koma; kosong = semua.", "Perawat; Bidan"),
    Column("sasaran_opd", False, "Sasaran: kode OPD (unit tingkat teratas) peserta, dipisah titik koma; kosong = semua.", "DINKES"),
    Column("oleh_atasan", False, "YA bila coaching/bimbingan diberikan oleh atasan langsung peserta (melayani kesenjangan kinerja).", TIDAK),
    Column("standar_pembina", False, "Instansi pembina yang menetapkan standar kurikulum kegiatan (mis. LAN, Kementerian Kesehatan); kosong = belum ada standar.", "LAN"),
    Column("standar_kurikulum", False, "Rujukan standar kurikulum (peraturan atau pedoman kurikulum); diisi hanya bila instansi pembina diisi.", "Peraturan LAN 15/2019 (PKP)"),
    Column("prasyarat", False, "Kode kegiatan yang harus sudah diikuti lebih dulu, dipisah titik koma.", "TIK-01"),
    Column("wajib", False, "Aturan wajib: CPNS, PENGAWAS_BARU, GARIS_DEPAN atau SEMUA; tambahkan :nonaktif bila belum berlaku.", "GARIS_DEPAN:nonaktif"),
    Column("dasar_wajib", False, "Dasar aturan wajib; beberapa aturan dipisah dengan tanda |.", "Peraturan LAN 1/2021"),
    Column("aktif", False, "YA bila kegiatan ditawarkan, TIDAK bila tidak lagi ditawarkan.", YA),
    Column("sintetis", False, "YA untuk data demo sintetis.", TIDAK),
)
# fmt: on
HEADERS = tuple(c.name for c in COLUMNS)
REQUIRED = frozenset(c.name for c in COLUMNS if c.required)


@dataclass(frozen=True)
class Known:
    """The codes a row may refer to, as in force on the import date."""

    bentuk: frozenset[str]
    tingkat: frozenset[str]
    kompetensi: frozenset[str]
    golongan_label: Mapping[str, int]  # "III/A" -> urutan (PNS labels, upper case)


@dataclass
class RowData:
    """One good row: field values for the columns present in the file, and the related lists."""

    baris: int
    kode: str
    fields: dict[str, Any] = field(default_factory=dict)
    kompetensi: list[tuple[str, int]] | None = None
    tingkat: list[str] | None = None
    prasyarat: list[str] | None = None
    wajib: list[tuple[str, bool, str]] | None = None


def _whole(text: str, *, minimum: int = 0) -> int:
    cleaned = text.replace(" ", "")
    if re.fullmatch(r"\d{1,3}([.,]\d{3})+", cleaned):  # 1.500.000 or 1,500,000
        cleaned = re.sub(r"[.,]", "", cleaned)
    elif re.fullmatch(r"-?\d+([.,]0+)?", cleaned):  # a spreadsheet number such as 40.0
        cleaned = re.split(r"[.,]", cleaned)[0]
    try:
        value = int(cleaned)
    except ValueError:
        raise ValueError(_("Expected a whole number.")) from None
    if value < minimum:
        raise ValueError(_("The value must be at least %(min)d.") % {"min": minimum})
    return value


def _rupiah(text: str) -> Decimal:
    cleaned = re.sub(r"(?i)^rp\.?\s*", "", text.strip())
    if cleaned.startswith("-") and re.fullmatch(r"-[\d.,\s]+", cleaned):
        raise ValueError(_("A cost cannot be negative."))
    return Decimal(_whole(cleaned) if cleaned else 0)


def _decimal(text: str) -> Decimal | None:
    if not text:
        return None
    try:
        value = Decimal(text.replace(",", "."))
        wrong = not value.is_finite() or value < 0 or value != value.quantize(Decimal("0.01"))
    except InvalidOperation:
        raise ValueError(_("Expected a number.")) from None
    if wrong:
        raise ValueError(_("Expected a number that is not negative, with at most two decimals."))
    return value


def _flag(text: str, default: bool) -> bool:
    if not text:
        return default
    upper = text.upper()
    if upper in _TRUE:
        return True
    if upper in _FALSE:
        return False
    raise ValueError(_("Expected YA or TIDAK."))


def _choice(choices: Iterable[str]) -> Callable[[str], str]:
    allowed = list(choices)

    def parse(text: str) -> str:
        if text.upper() not in allowed:
            raise ValueError(
                _("Unknown value; expected one of: %(choices)s.") % {"choices": ", ".join(allowed)}
            )
        return text.upper()

    return parse


def _items(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[;\n]", text) if part.strip()]


def parse_row(baris: int, cells: Mapping[str, Cell], known: Known) -> tuple[RowData | None, list[CellError]]:
    """One line of the sheet as field values, or the errors that keep it out. ``cells`` holds only the
    columns present in the file."""
    names = tuple(cells)
    row = RowReader(baris, tuple(cells.values()), {name: i for i, name in enumerate(names)}, names, {})
    data = row_data(row, known)
    return (None, row.errors) if row.errors else (data, [])


def row_data(row: RowReader, known: Known) -> RowData:
    """The field values of one row; each bad cell adds an error to ``row``."""
    data = RowData(baris=row.baris, kode=row.plain("kode"))
    f = data.fields
    if not data.kode:
        row.fail("kode", _("The activity code is required."))
    elif len(data.kode) > Kegiatan._meta.get_field("kode").max_length:  # type: ignore[operator]
        row.fail("kode", _("The activity code is too long."))
    for name in ("judul", "penyelenggara"):
        f[name] = row.plain(name)
        if not f[name]:
            row.fail(name, _("This column is required."))
    if row.has("deskripsi"):
        f["deskripsi"] = row.plain("deskripsi")
    for name in ("standar_pembina", "standar_kurikulum"):
        if row.has(name):
            f[name] = " ".join(row.plain(name).split())
            if len(f[name]) > _max_length(name):
                row.fail(name, _("The text is too long."))
    bentuk = row.plain("bentuk").upper()
    if bentuk not in known.bentuk:
        row.fail("bentuk", _("Unknown development form code; expected KL01–KL12 or NKL01–NKL13."))
    f["bentuk"] = bentuk
    f["jenis_penyelenggara"] = row.parse("jenis_penyelenggara", _choice(Kegiatan.JenisPenyelenggara.values))
    for name in ("hari", "sesi", "menit", "bulan", "hari_klasikal", "maks_kelas"):
        if row.has(name):
            minimum = 1 if name in ("bulan", "maks_kelas") else 0
            text = row.plain(name)
            f[name] = row.parse(name, partial(_whole, minimum=minimum)) if text else minimum
    f["kapasitas_kelas"] = row.parse("kapasitas_kelas", lambda t: _whole(t, minimum=1))
    if row.has("min_peserta"):
        f["min_peserta"] = row.parse("min_peserta", lambda t: _whole(t, minimum=1) if t else 1)
    if row.has("jp_program"):
        f["jp_program"] = row.parse("jp_program", _decimal)
    for name, default in (
        ("internasional", False),
        ("hanya_garis_depan", False),
        ("oleh_atasan", False),
        ("aktif", True),
        ("sintetis", False),
    ):
        if row.has(name):
            f[name] = row.parse(name, partial(_flag, default=default))
    for name in ("biaya_per_peserta", "biaya_per_kelas"):
        if row.has(name):
            f[name] = row.parse(name, _rupiah)
    if row.has("triwulan"):
        f["triwulan"] = row.parse("triwulan", _quarters)
    if row.has("pola_pendanaan"):
        f["pola_pendanaan"] = row.parse("pola_pendanaan", _choice(Kegiatan.PolaPendanaan.values))
    if row.has("sumber_dana"):
        text = row.plain("sumber_dana")
        f["sumber_dana"] = row.parse("sumber_dana", _choice(Kegiatan.SumberDana.values)) if text else "BKPSDM"
    if row.has("jenis_asn"):
        f["jenis_asn"] = row.parse("jenis_asn", _jenis_asn)
    # The audience lists keep the file's order (an exported list reads back unchanged), without repeats.
    if row.has("sasaran_rumpun"):
        f["sasaran_rumpun"] = row.parse(
            "sasaran_rumpun", lambda t: _listed(t, frozenset(RumpunJabatan.values), _("job family"))
        )
    if row.has("sasaran_jenis_unit"):
        f["sasaran_jenis_unit"] = row.parse(
            "sasaran_jenis_unit", lambda t: _listed(t, frozenset(UnitKerja.Jenis.values), _("unit type"))
        )
    if row.has("sasaran_jabatan"):
        names = (" ".join(part.split()) for part in _items(row.plain("sasaran_jabatan")))
        f["sasaran_jabatan"] = list(dict.fromkeys(names))
    if row.has("sasaran_opd"):  # the model checks the codes against the agency's OPDs
        f["sasaran_opd"] = list(dict.fromkeys(part.upper() for part in _items(row.plain("sasaran_opd"))))
    for name in ("golongan_min", "golongan_max"):
        if row.has(name):
            f[name] = row.parse(name, lambda t: _golongan(t, known))
    if row.has("kompetensi"):
        data.kompetensi = row.parse("kompetensi", lambda t: _gains(t, known))
    if row.has("tingkat_jabatan"):
        data.tingkat = row.parse("tingkat_jabatan", lambda t: _codes(t, known.tingkat, _("position level")))
    if row.has("prasyarat"):
        data.prasyarat = sorted(set(_items(row.plain("prasyarat"))))
    if row.has("wajib"):
        data.wajib = row.parse("wajib", lambda t: _rules(t, row.plain("dasar_wajib")))
    _cross_checks(row, f)
    return data


def _max_length(name: str) -> int:
    found = Kegiatan._meta.get_field(name)
    assert isinstance(found, CharField) and found.max_length is not None
    return int(found.max_length)


def _cross_checks(row: RowReader, f: Mapping[str, Any]) -> None:
    if f.get("standar_kurikulum") and not f.get("standar_pembina", "x"):
        row.fail("standar_pembina", _("Name the instansi pembina that set this curriculum standard."))
    cap, low = f.get("kapasitas_kelas"), f.get("min_peserta")
    if cap is not None and low is not None and low > cap:
        row.fail(
            "min_peserta",
            _("The minimum class size (%(min)d) is larger than the class size (%(max)d).")
            % {"min": low, "max": cap},
        )
    gmin, gmax = f.get("golongan_min"), f.get("golongan_max")
    if gmin is not None and gmax is not None and gmin > gmax:
        row.fail("golongan_max", _("The highest rank is below the lowest rank."))


def _quarters(text: str) -> list[int]:
    out = set()
    for part in _items(text.replace(",", ";")):
        if part not in {"1", "2", "3", "4"}:
            raise ValueError(_("Quarters are numbers 1 to 4, separated by semicolons."))
        out.add(int(part))
    return sorted(out)


def _jenis_asn(text: str) -> list[str]:
    order = list(JenisAsn.values)
    wanted = {part.upper() for part in _items(text)}
    unknown = sorted(wanted - set(order))
    if unknown:
        raise ValueError(_("Unknown ASN type: %(codes)s.") % {"codes": ", ".join(unknown)})
    return [v for v in order if v in wanted]


def _golongan(text: str, known: Known) -> int | None:
    if not text:
        return None
    if text.upper() in known.golongan_label:
        return known.golongan_label[text.upper()]
    value = _whole(text, minimum=1)
    if value > max(known.golongan_label.values(), default=17):
        raise ValueError(
            _("Rank order runs from 1 to %(max)d.") % {"max": max(known.golongan_label.values(), default=17)}
        )
    return value


def _gains(text: str, known: Known) -> list[tuple[str, int]]:
    gains: dict[str, int] = {}
    for part in _items(text):
        m = _GAIN.match(part)
        if m is None:
            raise ValueError(_('"%(part)s" is not of the form KODE:+N.') % {"part": part})
        code, level = m.group(1).upper(), int(m.group(2))
        if code not in known.kompetensi:
            raise ValueError(_("Unknown competency code %(code)s.") % {"code": code})
        if not 1 <= level <= 4:
            raise ValueError(_("A competency gain is 1 to 4 levels."))
        gains[code] = level
    return sorted(gains.items())


def _codes(text: str, allowed: frozenset[str], what: str) -> list[str]:
    codes = {part.upper() for part in _items(text)}
    unknown = sorted(codes - allowed)
    if unknown:
        raise ValueError(_("Unknown %(what)s code: %(codes)s.") % {"what": what, "codes": ", ".join(unknown)})
    return sorted(codes)


def _listed(text: str, allowed: frozenset[str], what: str) -> list[str]:
    codes = list(dict.fromkeys(part.upper() for part in _items(text)))
    unknown = [c for c in codes if c not in allowed]
    if unknown:
        raise ValueError(_("Unknown %(what)s code: %(codes)s.") % {"what": what, "codes": ", ".join(unknown)})
    return codes


def _rules(text: str, dasar_text: str) -> list[tuple[str, bool, str]]:
    parts = _items(text)
    bases = (
        [b.strip() for b in dasar_text.split("|")] if "|" in dasar_text else [dasar_text.strip()] * len(parts)
    )
    if len(bases) != len(parts):
        raise ValueError(_("Give one basis per rule in dasar_wajib, separated by |."))
    rules: list[tuple[str, bool, str]] = []
    for part, dasar in zip(parts, bases, strict=True):
        sasaran, _sep, state = part.partition(":")
        sasaran = sasaran.strip().upper()
        if sasaran not in AturanWajib.Sasaran.values:
            raise ValueError(
                _("Unknown mandatory rule %(rule)s; expected one of: %(choices)s.")
                % {"rule": sasaran, "choices": ", ".join(AturanWajib.Sasaran.values)}
            )
        if state.strip() and state.strip().lower() != NONAKTIF:
            raise ValueError(_('A rule is followed by nothing or by ":nonaktif".'))
        rules.append((sasaran, not state.strip(), dasar))
    return rules
