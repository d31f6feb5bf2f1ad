"""Load the competency dictionary (PermenPANRB 38/2017 managerial and socio-cultural, plus technical by field).

Idempotent by code, so an admin's later edits survive a re-run. Takes ``get_model`` so a migration can use it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

DICTIONARY = Path(__file__).resolve().parent / "data" / "kamus.json"


def load_dictionary(get_model: Any, path: Path = DICTIONARY) -> int:
    kompetensi_model = get_model("competency", "Kompetensi")
    level_model = get_model("competency", "KompetensiLevel")
    created = 0
    for entry in json.loads(path.read_text(encoding="utf-8")):
        k, was_created = kompetensi_model.objects.get_or_create(
            kode=entry["kode"],
            defaults={
                "nama": entry["nama"],
                "kelompok": entry["kelompok"],
                "bidang": entry.get("bidang", ""),
                "deskripsi": entry.get("deskripsi", ""),
            },
        )
        created += int(was_created)
        for lv in entry.get("levels", []):
            level_model.objects.get_or_create(
                kompetensi=k, level=lv["level"], defaults={"deskripsi": lv["deskripsi"]}
            )
    return created
