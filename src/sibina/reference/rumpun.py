"""The job family (rumpun jabatan) of a position, derived from what SIASN gives: the position kind and name.

One home for the rule: the people importer, the demo and the tests all call ``rumpun_jabatan``. An explicit
``rumpun_jabatan`` column of an import wins over this derivation. Codes are those of
``reference.models.RumpunJabatan`` (kept as plain strings here so that the function stays pure).
"""

from __future__ import annotations

import re

RUMPUN_CODES = (
    "STRUKTURAL",
    "PENDIDIKAN",
    "KESEHATAN",
    "PENYULUHAN",
    "TEKNIS",
    "KETERTIBAN",
    "PENGAWASAN",
    "ADMINISTRASI",
)  # the same, in the same order, as reference.models.RumpunJabatan (a test checks)


def parse_rumpun(text: str) -> str | None:
    """A job family code from a file cell ("kesehatan", "Kesehatan", "KESEHATAN"); None when unknown."""
    code = "_".join(text.strip().upper().split())
    return code if code in RUMPUN_CODES else None


STRUKTURAL_TINGKAT = frozenset({"JPT_UTAMA", "JPT_MADYA", "JPT_PRATAMA", "ADMINISTRATOR", "PENGAWAS"})
STRUKTURAL_KODE = 1  # SIASN jenis_jabatan: 1 struktural, 2 fungsional tertentu, 4 fungsional umum (pelaksana)

# (family, keywords): the first family one of whose keywords starts a word of the position name wins. The
# order matters: "Pengawas Sekolah" is education before "pengawas" could mean anything else; "Penyuluh
# Kesehatan Masyarakat" is health (its standard is the health one), before the other extension workers.
KATA_KUNCI: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "PENDIDIKAN",
        ("guru", "pengawas sekolah", "penilik", "pamong belajar", "kepala sekolah", "tenaga pendidik"),
    ),
    (
        "KESEHATAN",
        (
            "perawat",
            "bidan",
            "dokter",
            "apoteker",
            "asisten apoteker",
            "tenaga teknis kefarmasian",
            "pranata laboratorium kesehatan",
            "nutrisionis",
            "sanitasi",
            "sanitarian",
            "penyuluh kesehatan",
            "epidemiolog",
            "administrator kesehatan",
            "radiografer",
            "fisioterapis",
            "perekam medis",
            "terapis",
            "kesehatan",
            "puskesmas",
            "rumah sakit",
        ),
    ),
    ("PENYULUHAN", ("penyuluh", "pekerja sosial", "pendamping")),
    ("KETERTIBAN", ("polisi pamong praja", "satpol", "pemadam kebakaran")),
    ("PENGAWASAN", ("auditor", "pengawas penyelenggaraan urusan")),
    ("TEKNIS", ("teknik", "pengendali dampak", "penguji kendaraan", "penata ruang", "pengawas lingkungan")),
)


def _starts_word(name: str, keyword: str) -> bool:
    return re.search(r"(?:^|[\s/(-])" + re.escape(keyword), name) is not None


def rumpun_jabatan(
    *, nama: str, jenis_jabatan_kode: int | None, tingkat_kode: str = "", jenis_unit: str = ""
) -> str:
    """The job family of a position (``jenis_unit``: the UnitKerja.Jenis of the position's unit, if known).

    The head of a school is a teacher with an additional task (PENDIDIKAN) and the head of a puskesmas a health
    worker (KESEHATAN); any other structural post (SIASN kind 1, or a JPT/administrator/pengawas level) is
    STRUKTURAL; otherwise the name's keywords decide; a position no keyword matches is ADMINISTRASI (general
    and administrative staff).
    """
    name = " ".join(nama.casefold().split())
    head = name.startswith("kepala ")
    if _starts_word(name, "kepala sekolah") or (head and jenis_unit == "SEKOLAH"):
        return "PENDIDIKAN"
    if _starts_word(name, "kepala puskesmas") or (head and jenis_unit == "PUSKESMAS"):
        return "KESEHATAN"
    if jenis_jabatan_kode == STRUKTURAL_KODE or tingkat_kode in STRUKTURAL_TINGKAT:
        return "STRUKTURAL"
    for family, keywords in KATA_KUNCI:
        if any(_starts_word(name, k) for k in keywords):
            return family
    return "ADMINISTRASI"
