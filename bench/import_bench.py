"""Import throughput: a SIASN-style employee CSV of N rows into a fresh database, then the same file again.

    python bench/import_bench.py [--rows 100000] [--database-url URL]

Prints one JSON line: rows, first_s (first import), rows_per_s, reimport_s, changed_on_reimport (employees
created or updated plus change records written by the second run; 0 means the re-import was idempotent).
By default the database is a new SQLite file in a temporary directory; a --database-url must name an empty
database (it is migrated, not dropped).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import random
import sys
import tempfile
import time
from pathlib import Path

from bench_django import start_django

HEADER = (
    "PNS ID",
    "NIP BARU",
    "NAMA",
    "GELAR DEPAN",
    "GELAR BELAKANG",
    "TEMPAT LAHIR NAMA",
    "TANGGAL LAHIR",
    "JENIS KELAMIN",
    "AGAMA NAMA",
    "NIK",
    "JENIS PEGAWAI NAMA",
    "STATUS CPNS PNS",
    "KEDUDUKAN HUKUM NAMA",
    "TMT CPNS",
    "TMT PNS",
    "GOL AKHIR NAMA",
    "TMT GOLONGAN",
    "JENIS JABATAN NAMA",
    "JABATAN NAMA",
    "TMT JABATAN",
    "TINGKAT PENDIDIKAN NAMA",
    "PENDIDIKAN NAMA",
    "UNOR NAMA",
    "UNOR INDUK NAMA",
    "NIP ATASAN",
)
OPD = (
    "Sekretariat Daerah",
    "Inspektorat",
    "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
    "Dinas Pendidikan",
    "Dinas Kesehatan",
    "Rumah Sakit Umum Daerah Dr. R.M. Djoelham",
    "Dinas Pekerjaan Umum dan Tata Ruang",
    "Dinas Lingkungan Hidup",
    "Dinas Komunikasi dan Informatika",
    "Satuan Polisi Pamong Praja",
    "Dinas Perhubungan",
    "Dinas Sosial",
    "Dinas Kependudukan dan Pencatatan Sipil",
    "Kecamatan Binjai Kota",
    "Kecamatan Binjai Utara",
)
# Units SIASN names that the organisation file does not have: the import, confirmed, creates them under their parent.
NEW_UNITS = tuple(
    [(f"SD Negeri {20250 + i} Binjai", "Dinas Pendidikan") for i in range(12)]
    + [(f"SMP Negeri {i} Binjai", "Dinas Pendidikan") for i in range(1, 5)]
    + [
        (f"UPTD Puskesmas {name}", "Dinas Kesehatan")
        for name in ("Kebun Lada", "Tanah Tinggi", "Sentosa Baru")
    ]
    + [(f"Bidang {name}", "Dinas Pekerjaan Umum dan Tata Ruang") for name in ("Bina Marga", "Cipta Karya")]
    + [("Bagian Umum", "Sekretariat Daerah"), ("Bagian Organisasi", "Sekretariat Daerah")]
)
UNITS = tuple((name, "Pemerintah Kota Binjai") for name in OPD) + NEW_UNITS
FUNCTIONAL = (
    "Guru",
    "Perawat",
    "Bidan",
    "Analis Kebijakan",
    "Pranata Komputer",
    "Arsiparis",
    "Auditor",
    "Dokter",
)
LEVELS = ("Ahli Pertama", "Ahli Muda", "Ahli Madya", "Terampil", "Mahir", "Penyelia")
PELAKSANA = (
    "Pengadministrasi Umum",
    "Pengelola Data",
    "Pengelola Keuangan",
    "Pengemudi",
    "Caraka",
    "Operator",
)
NAMES = (
    "Ahmad",
    "Siti",
    "Budi",
    "Rina",
    "Dedi",
    "Nur",
    "Hendra",
    "Wahyuni",
    "Rizky",
    "Dewi",
    "Fajar",
    "Maya",
)
SURNAMES = ("Siregar", "Nasution", "Lubis", "Harahap", "Sembiring", "Ginting", "Tarigan", "Saragih", "Pane")
PNS_RANKS = ("II/a", "II/c", "III/a", "III/b", "III/c", "III/d", "IV/a", "IV/b")
EDUCATION = ("SLTA", "D-III", "S-1/Sarjana", "S-2", "D-IV")


def _d(day: dt.date) -> str:
    return day.strftime("%d-%m-%Y")


def generate(path: Path, rows: int, seed: int = 2026) -> Path:
    """A deterministic SIASN-style export: valid NIPs/NIKs, ~40 units, hundreds of positions, supervisors."""
    from sibina.people.domain import make_nik, make_nip

    rnd = random.Random(seed)
    heads: dict[str, str] = {}
    seen: set[str] = set()
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, delimiter=";")
        writer.writerow(HEADER)
        for i in range(rows):
            unor, induk = UNITS[i % len(UNITS)]
            sex = rnd.choice("LP")
            lahir = dt.date(1965, 1, 1) + dt.timedelta(days=rnd.randrange(13000))
            kind = rnd.choices(("PNS", "CPNS", "PPPK"), weights=(70, 5, 25))[0]
            tmt = dt.date(min(lahir.year + rnd.randint(21, 35), 2024), rnd.randint(1, 12), 1)
            pppk = kind == "PPPK"
            urut = rnd.randrange(1, 1000)
            nip = make_nip(tanggal_lahir=lahir, tmt=tmt, jenis_kelamin=sex, urut=urut, pppk_2025=pppk)
            while nip in seen:
                urut = urut % 999 + 1
                nip = make_nip(tanggal_lahir=lahir, tmt=tmt, jenis_kelamin=sex, urut=urut, pppk_2025=pppk)
            seen.add(nip)
            if unor not in heads:
                jenis_jabatan, jabatan = "Struktural", f"Kepala {unor}"
                atasan = heads.get("Sekretariat Daerah", "")
                heads[unor] = nip
            elif rnd.random() < 0.5:
                jenis_jabatan, jabatan = (
                    "Fungsional Tertentu",
                    f"{rnd.choice(FUNCTIONAL)} {rnd.choice(LEVELS)}",
                )
                atasan = heads[unor]
            else:
                jenis_jabatan, jabatan = "Fungsional Umum", f"{rnd.choice(PELAKSANA)} {rnd.randint(1, 12)}"
                atasan = heads[unor]
            shown_nip = f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}" if i % 10 == 0 else nip
            writer.writerow(
                (
                    f"A8ACA7{i:026X}",
                    shown_nip,
                    f"{rnd.choice(NAMES)} {rnd.choice(NAMES)} {rnd.choice(SURNAMES)}",
                    rnd.choice(("", "", "", "Dr.", "drs.")),
                    rnd.choice(("", "S.Pd.", "S.Kom.", "S.E.", "S.Kep., Ns.", "M.Si.")),
                    "Binjai",
                    _d(lahir),
                    "M" if sex == "L" else "F",
                    rnd.choice(("Islam", "Kristen", "Katholik", "Buddha")),
                    make_nik(kode_wilayah="127501", tanggal_lahir=lahir, jenis_kelamin=sex, urut=i % 10000),
                    "PPPK" if pppk else "PNS Daerah Kabupaten/Kota",
                    "" if pppk else ("C" if kind == "CPNS" else "P"),
                    "Aktif",
                    "" if pppk else _d(tmt),
                    "" if kind != "PNS" else _d(dt.date(tmt.year + 1, tmt.month, 1)),
                    rnd.choice(("V", "VII", "IX", "X")) if pppk else rnd.choice(PNS_RANKS),
                    _d(dt.date(min(tmt.year + 4, 2025), 4, 1)),
                    jenis_jabatan,
                    jabatan,
                    _d(dt.date(min(tmt.year + 2, 2025), 1, 2)),
                    rnd.choice(EDUCATION),
                    "S-1 Pendidikan",
                    unor,
                    induk,
                    atasan,
                )
            )
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--database-url", help="an empty database; default: a new SQLite file")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="sibina-bench-") as tmp:
        print(json.dumps(run(Path(tmp), args.rows, args.database_url)))


def run(tmp: Path, rows: int, database_url: str | None) -> dict[str, float | int]:
    start_django(tmp, database_url)
    from django.db import connections

    from sibina.imports.kernel import import_file
    from sibina.people.services import instansi_data_path, instansi_load_file

    instansi = instansi_load_file(path=instansi_data_path("binjai"))
    path = generate(tmp / "siasn_pegawai.csv", rows)

    start = time.perf_counter()
    # NEW_UNITS are not in the tree: the first import is confirmed to create them (as `--create-units` does).
    first = import_file(jenis="pegawai", instansi=instansi, path=path, buat_unit=True)
    first_s = time.perf_counter() - start
    if (first.status, first.jumlah_baru, first.jumlah_galat) != ("DONE", rows, 0):
        sys.exit(
            f"first import did not create every row: {first.status} {first.pesan} "
            f"created={first.jumlah_baru} errors={first.jumlah_galat}"
        )

    start = time.perf_counter()
    again = import_file(jenis="pegawai", instansi=instansi, path=path)
    reimport_s = time.perf_counter() - start
    changed = again.jumlah_baru + again.jumlah_diubah + again.perubahan.count()
    connections.close_all()
    return {
        "rows": rows,
        "first_s": round(first_s, 2),
        "rows_per_s": round(rows / first_s),
        "reimport_s": round(reimport_s, 2),
        "changed_on_reimport": changed,
    }


if __name__ == "__main__":
    main()
