"""Load the reference tables from the JSON files under ``reference/data/``.

Used by the data migration (first version) and by ``sibina reference load`` for a later version directory.
Loading is idempotent: a row whose natural key and ``berlaku_mulai`` exist already is left alone, so an
admin's edits survive a re-run.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data"

# file -> (model name, natural key fields)
TABLES: dict[str, tuple[str, tuple[str, ...]]] = {
    "golongan.json": ("Golongan", ("jenis_asn", "kode")),
    "pendidikan.json": ("TingkatPendidikan", ("kode",)),
    "jenis_jabatan.json": ("JenisJabatan", ("kode",)),
    "tingkat_jabatan.json": ("TingkatJabatan", ("kode",)),
    "bentuk_pengembangan.json": ("BentukPengembangan", ("kode",)),
    "konversi_jp.json": ("KonversiJp", ("bentuk_kode",)),
    "ketentuan.json": ("Ketentuan", ("kode",)),
    "predikat_kinerja.json": ("PredikatKinerja", ("hasil_kerja", "perilaku_kerja")),
    "kotak_talenta.json": ("KotakTalenta", ("kotak",)),
    "predikat_sumbu_kinerja.json": ("PredikatSumbuKinerja", ("predikat",)),
    "wilayah.json": ("KodeWilayah", ("kode",)),
}
DECIMAL_FIELDS = {"jp_per_satuan", "jp_per_satuan_internasional", "faktor_internasional", "batas_jp", "nilai"}


def _clean(row: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in row.items():
        if key in DECIMAL_FIELDS and value is not None:
            value = Decimal(str(value))
        if key == "batas_per" and value is None:
            value = ""
        out[key] = value
    return out


def load_reference(get_model: Any, data_dir: Path = DATA_DIR) -> dict[str, int]:
    """Insert the rows of every table file; returns rows created per model."""
    created: dict[str, int] = {}
    for filename, (model_name, key_fields) in TABLES.items():
        path = data_dir / filename
        if not path.exists():
            continue
        try:
            model = get_model("reference", model_name)
        except LookupError:  # an early migration runs before this table exists
            continue
        count = 0
        # A historical model (in a migration) may lack fields the current data file has: skip those.
        fields = {f.name for f in model._meta.get_fields()}
        for raw in json.loads(path.read_text(encoding="utf-8")):
            row = {k: v for k, v in _clean(raw).items() if k in fields}
            lookup = {k: row[k] for k in (*key_fields, "berlaku_mulai")}
            _, was_created = model.objects.get_or_create(**lookup, defaults=row)
            count += int(was_created)
        created[model_name] = count
    return created
