"""Django for a benchmark script: a fresh database (a new SQLite file in ``tmp`` unless a URL is given) and
SIBINA_VAR in ``tmp``, chosen before Django starts, since settings read the environment once."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def start_django(tmp: Path, database_url: str | None) -> None:
    os.environ["DATABASE_URL"] = database_url or f"sqlite:///{tmp / 'bench.sqlite3'}"
    os.environ["SIBINA_VAR"] = str(tmp)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sibina.config.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
