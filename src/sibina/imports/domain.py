"""Pure rules for reading SIASN/SIMPEG values, and for guessing what a file leaves unsaid.

What "Laki-laki", "PNS Daerah Kabupaten/Kota", "Penata Tk. I" or "S-1/Sarjana" mean; and the type and level a
position name most likely has ("Kepala Bidang Anggaran", "Guru Ahli Pertama"), because SIASN names a position
but not its level: a position created by an import gets that best guess, which an admin can correct and the
import never changes afterwards. Regulatory tables come in as :class:`Lookups`, built by the services from the
reference tables; the only codes written here are SIASN's own format codes.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from sibina.people.domain import ASN_PPPK, IdentityRules

# Values of the people models' choices (plain strings: pure code imports no models).
PNS, CPNS, PPPK, PPPK_PW = "PNS", "CPNS", "PPPK", "PPPK_PW"
AKTIF, PENSIUN, PINDAH, BERHENTI = "AKTIF", "PENSIUN", "PINDAH", "BERHENTI"
KURSUS, DIKLAT = "KURSUS", "DIKLAT"
MIN_YEAR, MAX_YEAR = 1900, 2100

# SIASN jenis_jabatan codes (DOMAIN.md §4).
JENIS_STRUKTURAL = 1
JENIS_FUNGSIONAL_TERTENTU = 2
JENIS_PELAKSANA = 4


@dataclass(frozen=True)
class Lookups:
    """Reference data the parser matches against, keyed by normalised text."""

    golongan: Mapping[str, tuple[str, str]]  # key -> (ASN kind of the rank "PNS"/"PPPK", kode)
    golongan_label: Mapping[tuple[str, str], str]  # (kind, kode) -> "III/d", for messages
    pendidikan: Mapping[str, str]  # key -> BKN education code
    jenis_jabatan: frozenset[int]  # SIASN jenis_jabatan codes
    jenis_diklat: frozenset[int]  # SIASN jenisDiklatId values
    identitas: IdentityRules | None = None  # the identity settings in force (None: shape checks only)


_DMY = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?:[ T]\d{1,2}[:.]\d{2}(?:[:.]\d{2})?)?")
_YMD = re.compile(
    r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
)
_D_MONTH_Y = re.compile(r"(\d{1,2})[ -]([a-z]+)\.?[ -](\d{4})")
_MONTHS: Mapping[str, int] = {
    **dict.fromkeys(("januari", "january", "jan"), 1),
    **dict.fromkeys(("februari", "pebruari", "february", "feb", "peb"), 2),
    **dict.fromkeys(("maret", "march", "mar"), 3),
    **dict.fromkeys(("april", "apr"), 4),
    **dict.fromkeys(("mei", "may"), 5),
    **dict.fromkeys(("juni", "june", "jun"), 6),
    **dict.fromkeys(("juli", "july", "jul"), 7),
    **dict.fromkeys(("agustus", "august", "agu", "agt", "aug", "ags"), 8),
    **dict.fromkeys(("september", "sep", "sept"), 9),
    **dict.fromkeys(("oktober", "october", "okt", "oct"), 10),
    **dict.fromkeys(("november", "nopember", "nov", "nop"), 11),
    **dict.fromkeys(("desember", "december", "des", "dec"), 12),
}


@lru_cache(maxsize=8192)
def parse_date_text(text: str) -> dt.date | None:
    """dd-mm-yyyy, dd/mm/yyyy, dd.mm.yyyy, yyyy-mm-dd (optionally with a time), '26 September 1986'."""
    text = text.strip()
    parts: tuple[int, int, int] | None = None
    if m := _DMY.fullmatch(text):
        parts = (int(m[3]), int(m[2]), int(m[1]))
    elif m := _YMD.fullmatch(text):
        parts = (int(m[1]), int(m[2]), int(m[3]))
    elif (m := _D_MONTH_Y.fullmatch(text.casefold())) and m[2] in _MONTHS:
        parts = (int(m[3]), _MONTHS[m[2]], int(m[1]))
    if parts is None or not MIN_YEAR <= parts[0] <= MAX_YEAR:
        return None
    try:
        return dt.date(*parts)
    except ValueError:
        return None


_SEX: Mapping[str, str] = {
    **dict.fromkeys(("l", "m", "1", "lakilaki", "laki", "pria", "male"), "L"),
    **dict.fromkeys(("p", "f", "w", "2", "perempuan", "wanita", "female"), "P"),
}
_ALNUM = re.compile(r"[^a-z0-9]")


def parse_sex(text: str) -> str | None:
    """M/F, L/P, Laki-laki/Perempuan, Pria/Wanita, 1/2 -> 'L' or 'P'."""
    return _SEX.get(_ALNUM.sub("", text.casefold()))


def parse_jenis_asn(jenis_pegawai: str | None, status_cpns_pns: str | None) -> str | None:
    """PNS, CPNS, PPPK or PPPK_PW from SIASN's JENIS PEGAWAI NAMA and STATUS CPNS PNS; None if unclear."""
    jenis = (jenis_pegawai or "").casefold()
    status = _ALNUM.sub("", (status_cpns_pns or "").casefold())
    if any(w in jenis for w in ("pppk", "p3k", "perjanjian kerja")) or status.startswith(("pppk", "p3k")):
        paruh = (
            "paruh waktu" in jenis
            or re.search(r"\bpw\b", jenis) is not None
            or status.endswith(("pw", "waktu"))
        )
        return PPPK_PW if paruh else PPPK
    if status in ("c", "cpns"):
        return CPNS
    if status in ("p", "pns"):
        return PNS
    if "cpns" in jenis or "calon" in jenis:
        return CPNS
    if "pns" in jenis or "pegawai negeri" in jenis:
        return PNS
    return None


def parse_status(text: str) -> str | None:
    """SIASN KEDUDUKAN HUKUM NAMA -> AKTIF / PENSIUN / PINDAH / BERHENTI; None if not recognised."""
    k = " ".join(text.casefold().split())
    if "tidak aktif" in k or "non aktif" in k or "nonaktif" in k:
        return None
    if "persiapan pensiun" in k or re.search(r"\bmpp\b", k):
        return AKTIF
    if "pensiun" in k:
        return PENSIUN
    if "pindah" in k or "mutasi keluar" in k:
        return PINDAH
    if "sementara" in k:  # pemberhentian sementara: still an employee
        return AKTIF
    if any(w in k for w in ("meninggal", "wafat", "tewas", "berhenti", "pemberhentian", "mengundurkan")):
        return BERHENTI
    active = (
        "aktif",
        "cltn",
        "tugas belajar",
        "hukuman",
        "hukdis",
        "cuti",
        "dpk",
        "dipekerjakan",
        "diperbantukan",
        "uang tunggu",
        "pejabat negara",
        "kepala desa",
        "banding",
        "prajurit wajib",
    )
    if any(w in k for w in active):
        return AKTIF
    return None


def parse_jenis_jabatan(text: str) -> int | None:
    """SIASN jenis jabatan (id or name) -> 1 struktural, 2 fungsional tertentu, 4 pelaksana."""
    k = text.casefold()
    if k.isascii() and k.isdigit():
        return int(k)
    if "umum" in k or "pelaksana" in k:
        return JENIS_PELAKSANA
    if "tertentu" in k or "fungsional" in k:
        return JENIS_FUNGSIONAL_TERTENTU
    if "struktural" in k:
        return JENIS_STRUKTURAL
    return None


def golongan_key(text: str) -> str:
    t = re.sub(r"\btk\b\.?", "tingkat", text.casefold())
    return re.sub(r"[^a-z0-9/]", "", t)


_GOL_LABEL = re.compile(r"\b(iv|iii|ii|i)\s*/\s*([a-e])\b")


def parse_golongan(text: str, lookups: Lookups) -> tuple[str, str] | None:
    """'III/d', 'Penata Tingkat I', '34', 'IX', 'Penata Tk. I (III/d)' -> (rank kind, kode)."""
    found = lookups.golongan.get(golongan_key(text))
    if found is None and (m := _GOL_LABEL.search(text.casefold())):
        found = lookups.golongan.get(f"{m[1]}/{m[2]}")
    return found


_ROMAN_LEVEL = {"i": "1", "ii": "2", "iii": "3", "iv": "4"}
_PENDIDIKAN_ALIAS: Mapping[str, str] = {
    **dict.fromkeys(("sekolahdasar", "mi"), "sd"),
    **dict.fromkeys(("smp", "mts", "sltpumum"), "sltp"),
    **dict.fromkeys(("sma", "smu", "ma", "sltaumum"), "slta"),
    **dict.fromkeys(("smk", "stm", "smea", "smkk"), "sltakejuruan"),
    **dict.fromkeys(("spg", "sgo"), "sltakeguruan"),
    "sarjana": "s1",
    "sarjanamuda": "d3",
    **dict.fromkeys(("magister", "master", "pascasarjana"), "s2"),
    "doktor": "s3",
}


def pendidikan_key(text: str) -> str:
    """'S-1', 'S1', 'Strata 1', 'D-III', 'Diploma III', 'SMA' -> one key per level."""
    k = re.sub(r"[^a-z0-9]", "", text.casefold())
    k = re.sub(r"^diploma", "d", re.sub(r"^strata", "s", k))
    if (m := re.fullmatch(r"([ds])(iv|iii|ii|i)", k)) is not None:
        k = m[1] + _ROMAN_LEVEL[m[2]]
    return _PENDIDIKAN_ALIAS.get(k, k)


def parse_pendidikan(text: str, lookups: Lookups) -> str | None:
    """An education level by name or BKN code; SIASN's 'S-1/Sarjana' style is tried part by part."""
    for part in (text, *text.split("/")):
        kode = lookups.pendidikan.get(pendidikan_key(part))
        if kode is not None:
            return kode
    return None


def build_lookups(
    *,
    golongan: Iterable[tuple[str, str, str, str]],
    pendidikan: Iterable[tuple[str, str]],
    jenis_jabatan: Iterable[int],
    jenis_diklat: Iterable[int],
    identitas: IdentityRules | None = None,
) -> Lookups:
    """From reference rows: golongan (kind, kode, label, pangkat), pendidikan (kode, nama), SIASN codes."""
    gol: dict[str, tuple[str, str]] = {}
    labels: dict[tuple[str, str], str] = {}
    for kind, kode, label, pangkat in golongan:
        labels[(kind, kode)] = label
        for text in (kode, label, pangkat):
            if text:
                gol.setdefault(golongan_key(text), (kind, kode))
    pend: dict[str, str] = {}
    for kode, nama in pendidikan:
        pend.setdefault(pendidikan_key(kode), kode)
        pend.setdefault(pendidikan_key(nama), kode)
        if kode.isdigit():
            pend.setdefault(str(int(kode)), kode)  # '5' for '05' after a spreadsheet dropped the zero
    return Lookups(
        golongan=gol,
        golongan_label=labels,
        pendidikan=pend,
        jenis_jabatan=frozenset(jenis_jabatan),
        jenis_diklat=frozenset(jenis_diklat),
        identitas=identitas,
    )


def rank_kind(jenis_asn: str) -> str:
    """The kind of golongan an employee type holds: PPPK ranks for PPPK, PNS ranks for PNS and CPNS."""
    return PPPK if jenis_asn in ASN_PPPK else PNS


_PREFIX = re.compile(r"^(plt|plh|pj|pjs)(\.\s*|\s+)")
_FUNGSIONAL = (
    (re.compile(r"\bahli utama\b"), "JF_AHLI_UTAMA"),
    (re.compile(r"\bahli madya\b"), "JF_AHLI_MADYA"),
    (re.compile(r"\bahli muda\b"), "JF_AHLI_MUDA"),
    (re.compile(r"\bahli pertama\b"), "JF_AHLI_PERTAMA"),
    (re.compile(r"\bpenyelia\b"), "JF_PENYELIA"),
    (re.compile(r"\bmahir\b"), "JF_MAHIR"),
    (re.compile(r"\bterampil\b"), "JF_TERAMPIL"),
    (re.compile(r"\bpemula\b"), "JF_PEMULA"),
)
# Functional names before the 2019 renaming ("Guru Pertama", "Dokter Muda"): the last word is the level.
_FUNGSIONAL_LAMA = (
    (re.compile(r"\butama$"), "JF_AHLI_UTAMA"),
    (re.compile(r"\bmadya$"), "JF_AHLI_MADYA"),
    (re.compile(r"\bmuda$"), "JF_AHLI_MUDA"),
    (re.compile(r"\bpertama$"), "JF_AHLI_PERTAMA"),
)
# Order matters: the more specific pattern first ("sekretaris kelurahan" before "sekretaris").
_STRUKTURAL = (
    (re.compile(r"^(sekretaris daerah|sekda)\b"), "JPT_PRATAMA"),
    (re.compile(r"^(sekretaris (kelurahan|lurah)|lurah|kepala kelurahan)\b"), "PENGAWAS"),
    (
        re.compile(
            r"^(kepala (sub ?bagian|sub ?bidang|seksi|uptd|unit pelaksana teknis)|kasubbag|kasubbid|kasi)\b"
        ),
        "PENGAWAS",
    ),
    (re.compile(r"^(kepala (bidang|bagian)|kabid|kabag|camat|inspektur pembantu|irban)\b"), "ADMINISTRATOR"),
    (re.compile(r"^sekretaris\b"), "ADMINISTRATOR"),
    (
        re.compile(
            r"^(kepala (dinas|badan|satuan polisi|pelaksana)|inspektur\b|asisten\b|staf ahli\b|direktur\b)"
        ),
        "JPT_PRATAMA",
    ),
)


def normalise_name(text: str) -> str:
    """Case- and whitespace-insensitive form of a unit or position name, for matching."""
    return " ".join(text.casefold().split())


# Unit names as SIASN and the tree spell them differently: "UPT Puskesmas Binjai Estate" and "Puskesmas Binjai
# Estate", "Kec. Binjai Kota" and "Kecamatan Binjai Kota", "SDN 020254" and "SD Negeri 020254".
_UNIT_PUNCT = re.compile(r"[^\w\s]|_")
_UNIT_PREFIX = re.compile(r"^(?:(?:upt|uptd|unit pelaksana teknis(?: daerah)?)\s+)+")
_UNIT_WORDS: Mapping[str, str] = {
    "kec": "kecamatan",
    "kel": "kelurahan",
    "pkm": "puskesmas",
    "sdn": "sd negeri",
    "smpn": "smp negeri",
    "sman": "sma negeri",
    "smkn": "smk negeri",
    "rsud": "rumah sakit umum daerah",
    "bag": "bagian",
    "bid": "bidang",
    "subbag": "subbagian",
    "subbid": "subbidang",
    "sekre": "sekretariat",
}
_UNIT_JOINED = ((re.compile(r"\bsub (bagian|bidang)\b"), r"sub\1"),)


def unit_key(nama: str) -> str:
    """The form of a work unit's name that imports match on, and that the unit-mapping table stores.

    Case, punctuation and spacing do not count; "&" is "dan"; known abbreviations are spelled out; a leading
    "UPT"/"UPTD"/"Unit Pelaksana Teknis (Daerah)" is dropped (a technical unit is named either way).
    """
    text = _UNIT_PUNCT.sub(" ", nama.casefold().replace("&", " dan "))
    words = " ".join(_UNIT_WORDS.get(w, w) for w in text.split())
    for pattern, joined in _UNIT_JOINED:
        words = pattern.sub(joined, words)
    return _UNIT_PREFIX.sub("", words) or words


_UNIT_KINDS: tuple[tuple[re.Pattern[str], str], ...] = (  # matched on unit_key(name)
    (re.compile(r"^subbagian\b"), "SUBBAGIAN"),
    (re.compile(r"^(seksi|subbidang)\b"), "SEKSI"),
    (re.compile(r"^bagian\b"), "BAGIAN"),
    (re.compile(r"^bidang\b"), "BIDANG"),
    (re.compile(r"^sekretariat\b(?! daerah)"), "SEKRETARIAT"),
    (re.compile(r"^puskesmas\b"), "PUSKESMAS"),
    (re.compile(r"^(rumah sakit|rsu)\b"), "RUMAH_SAKIT"),
    (re.compile(r"^(sd|smp|sma|smk|tk|paud|sekolah)\b"), "SEKOLAH"),
    (re.compile(r"^kelurahan\b"), "KELURAHAN"),
    (re.compile(r"^kecamatan\b"), "KECAMATAN"),
)


def guess_unit_jenis(nama: str, *, top_level: bool) -> str:
    """The UnitKerja kind a name most likely has (BKPSDM confirms it); a top-level unit is otherwise an OPD."""
    key = unit_key(nama)
    for pattern, kind in _UNIT_KINDS:
        if pattern.search(key):
            return kind
    if _UNIT_PREFIX.match(" ".join(_UNIT_PUNCT.sub(" ", nama.casefold()).split()) + " "):
        return "UPTD"
    return "OPD" if top_level else "LAINNYA"


def guess_tingkat(nama: str, jenis_jabatan: int | None) -> str | None:
    """The TingkatJabatan code a position name most likely has, or None when the name does not say.

    ``jenis_jabatan`` is SIASN's code when the file gives it: 4 (pelaksana) settles it; 2 (fungsional
    tertentu) allows the pre-2019 level names; 1 (struktural) or unknown tries the structural titles.
    """
    if jenis_jabatan == JENIS_PELAKSANA:
        return "PELAKSANA"
    name = _PREFIX.sub("", normalise_name(nama))
    for pattern, kode in _FUNGSIONAL:
        if pattern.search(name):
            return kode
    if jenis_jabatan == JENIS_FUNGSIONAL_TERTENTU:
        for pattern, kode in _FUNGSIONAL_LAMA:
            if pattern.search(name):
                return kode
        return None
    for pattern, kode in _STRUKTURAL:
        if pattern.search(name):
            return kode
    if "pelaksana" in name or "fungsional umum" in name:
        return "PELAKSANA"
    return None
