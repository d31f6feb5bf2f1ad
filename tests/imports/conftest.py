"""Builders for SIASN-style files: valid employee rows with consistent NIP/NIK, written as CSV or XLSX."""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterable, Sequence
from pathlib import Path

import pytest

from sibina.imports import domain
from sibina.people import domain as people_domain
from sibina.reference.seed import DATA_DIR

HEADER = (
    "NIP BARU",
    "NAMA",
    "GELAR DEPAN",
    "GELAR BELAKANG",
    "TEMPAT LAHIR NAMA",
    "TANGGAL LAHIR",
    "JENIS KELAMIN",
    "NIK",
    "JENIS PEGAWAI NAMA",
    "STATUS CPNS PNS",
    "KEDUDUKAN HUKUM NAMA",
    "TMT CPNS",
    "GOL AKHIR NAMA",
    "TMT GOLONGAN",
    "JENIS JABATAN NAMA",
    "JABATAN NAMA",
    "TINGKAT PENDIDIKAN NAMA",
    "PENDIDIKAN NAMA",
    "UNOR NAMA",
    "UNOR INDUK NAMA",
    "NIP ATASAN",
)


def person(
    n: int,
    *,
    nama: str | None = None,
    lahir: dt.date | None = None,
    sex: str = "L",
    jenis: str = "PNS",
    unor: str = "Dinas Komunikasi dan Informatika",
    induk: str = "",
    jabatan: str = "Pengelola Sistem Informasi",
    jenis_jabatan: str = "Pelaksana",
    golongan: str | None = None,
    atasan: str = "",
    **overrides: str,
) -> dict[str, str]:
    """A valid SIASN export row for employee number ``n`` (NIP, NIK, dates all consistent)."""
    lahir = lahir or dt.date(1970 + n % 30, 1 + n % 12, 1 + n % 28)
    pppk = jenis.startswith("PPPK")
    # The PPPK "21" NIP pattern is used from 2025.
    tmt = dt.date(2025 if pppk else lahir.year + 24, 1 + (n * 5) % 12, 1)
    nip = people_domain.make_nip(
        tanggal_lahir=lahir, tmt=tmt, jenis_kelamin=sex, urut=n % 1000, pppk_2025=pppk
    )
    row = {
        "NIP BARU": nip,
        "NAMA": nama or f"Pegawai Nomor {n}",
        "GELAR DEPAN": "",
        "GELAR BELAKANG": "S.Kom.",
        "TEMPAT LAHIR NAMA": "Binjai",
        "TANGGAL LAHIR": lahir.strftime("%d-%m-%Y"),
        "JENIS KELAMIN": "M" if sex == "L" else "F",
        "NIK": people_domain.make_nik(
            kode_wilayah="127501", tanggal_lahir=lahir, jenis_kelamin=sex, urut=n % 10000
        ),
        "JENIS PEGAWAI NAMA": {"PNS": "PNS Daerah Kabupaten/Kota", "CPNS": "PNS Daerah Kabupaten/Kota"}.get(
            jenis, jenis
        ),
        "STATUS CPNS PNS": {"PNS": "P", "CPNS": "C"}.get(jenis, ""),
        "KEDUDUKAN HUKUM NAMA": "Aktif",
        "TMT CPNS": "" if pppk else tmt.strftime("%d-%m-%Y"),
        "GOL AKHIR NAMA": golongan or ("IX" if pppk else "III/b"),
        "TMT GOLONGAN": dt.date(tmt.year + 4, 4, 1).strftime("%d-%m-%Y"),
        "JENIS JABATAN NAMA": jenis_jabatan,
        "JABATAN NAMA": jabatan,
        "TINGKAT PENDIDIKAN NAMA": "S-1/Sarjana",
        "PENDIDIKAN NAMA": "S-1 Teknik Informatika",
        "UNOR NAMA": unor,
        "UNOR INDUK NAMA": induk,
        "NIP ATASAN": atasan,
    }
    row.update(overrides)
    return row


def write_csv(
    path: Path,
    rows: Iterable[dict[str, str]],
    *,
    header: Sequence[str] = HEADER,
    delimiter: str = ";",
    encoding: str = "utf-8",
) -> Path:
    with path.open("w", encoding=encoding, newline="") as out:
        writer = csv.writer(out, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows([row.get(h, "") for h in header] for row in rows)
    return path


def csv_bytes(
    rows: Iterable[dict[str, str]], *, header: Sequence[str] = HEADER, delimiter: str = ";"
) -> bytes:
    lines = [delimiter.join(header)] + [delimiter.join(row.get(h, "") for h in header) for row in rows]
    return ("\n".join(lines) + "\n").encode()


def _json(name: str) -> list[dict[str, object]]:
    data: list[dict[str, object]] = json.loads((DATA_DIR / name).read_text(encoding="utf-8"))
    return data


def reference_lookups() -> domain.Lookups:
    """The parser's lookups built from the bundled reference files, without a database."""
    return domain.build_lookups(
        golongan=[
            (str(g["jenis_asn"]), str(g["kode"]), str(g["label"]), str(g["pangkat"]))
            for g in _json("golongan.json")
        ],
        pendidikan=[(str(p["kode"]), str(p["nama"])) for p in _json("pendidikan.json")],
        jenis_jabatan=[int(str(j["kode"])) for j in _json("jenis_jabatan.json")],
        jenis_diklat=[int(str(b["siasn_jenis_diklat_id"])) for b in _json("bentuk_pengembangan.json")],
    )


@pytest.fixture(scope="session")
def lookups() -> domain.Lookups:
    return reference_lookups()
