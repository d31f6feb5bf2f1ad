"""Writes for the organisation: loading an instansi's unit tree from its data file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.db import transaction

from sibina.people.models import Instansi, UnitKerja

DATA_DIR = Path(__file__).resolve().parent / "data"


def instansi_data_path(name: str) -> Path:
    """A bundled organisation file by short name ('binjai') or a path to one."""
    bundled = DATA_DIR / f"{name}.json"
    return bundled if bundled.exists() else Path(name)


@transaction.atomic
def instansi_load(*, data: dict[str, Any]) -> Instansi:
    """Create or update an instansi and its unit tree; idempotent, matched by codes."""
    info = data["instansi"]
    instansi, _ = Instansi.objects.update_or_create(
        kode=info["kode"],
        defaults={k: info.get(k, "") for k in ("nama", "jenis", "provinsi", "kode_wilayah", "catatan")},
    )
    for node in data.get("units", []):
        _load_unit(instansi, None, node)
    return instansi


def _load_unit(instansi: Instansi, parent: UnitKerja | None, node: dict[str, Any]) -> None:
    defaults = {
        "parent": parent,
        "nama": node["nama"],
        "nama_singkat": node.get("nama_singkat", ""),
        "jenis": node["jenis"],
        "melayani_publik": bool(node.get("melayani_publik", False)),
        "terkonfirmasi": bool(node.get("terkonfirmasi", True)),
        "catatan": node.get("catatan", ""),
    }
    unit = UnitKerja.objects.filter(instansi=instansi, kode=node["kode"]).first()
    if unit is None:
        unit = UnitKerja(instansi=instansi, kode=node["kode"], **defaults)
        unit.full_clean()
        unit.save()
    elif any(getattr(unit, k) != v for k, v in defaults.items()):
        for k, v in defaults.items():
            setattr(unit, k, v)
        unit.full_clean()
        unit.save()
    for child in node.get("children", []):
        _load_unit(instansi, unit, child)


def instansi_load_file(*, path: Path) -> Instansi:
    return instansi_load(data=json.loads(path.read_text(encoding="utf-8")))
