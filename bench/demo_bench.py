"""The demo build: the synthetic city of N employees (default: the full city of `make run`) into a fresh database.

    python bench/demo_bench.py [--size 5500] [--seed S] [--database-url URL]

Prints one JSON line: size, seed, seconds (the `sibina demo` command alone, after migrating), employees and
history records written. Target: the full city in under 60 s on this machine, so that `make run`'s first start
stays short. By default the database is a new SQLite file in a temporary directory; a --database-url must name an
empty database (it is migrated, not dropped).
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from bench_django import start_django


def run(tmp: Path, size: int | None, seed: int | None, database_url: str | None) -> dict[str, float | int]:
    start_django(tmp, database_url)
    from django.core.management import call_command
    from django.db import connections

    from sibina.demo.services import DEFAULT_SEED, DEFAULT_SIZE
    from sibina.people.models import Pegawai, RiwayatPengembangan

    seed = DEFAULT_SEED if seed is None else seed
    options = {"verbosity": 0, "seed": seed, **({"size": size} if size else {})}
    start = time.perf_counter()
    call_command("demo", **options)
    seconds = time.perf_counter() - start
    result = {
        "size": size or DEFAULT_SIZE,
        "seed": seed,
        "seconds": round(seconds, 1),
        "employees": Pegawai.objects.count(),
        "history_records": RiwayatPengembangan.objects.count(),
    }
    connections.close_all()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=None, help="employees (default: the demo's own size)")
    parser.add_argument("--seed", type=int, default=None, help="default: the demo's own seed")
    parser.add_argument("--database-url", help="an empty database; default: a new SQLite file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sibina-bench-") as tmp:
        print(json.dumps(run(Path(tmp), args.size, args.seed, args.database_url)))


if __name__ == "__main__":
    main()
