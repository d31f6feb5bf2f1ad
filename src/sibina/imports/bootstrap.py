"""Starting an agency from its SIASN export alone: the instansi named by the file (or by the caller), created
when the database has none, so that the employee import can then build the unit tree with ``buat_unit``.

Nothing here commits on its own: the caller runs it with the import in one transaction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from sibina.imports.readers import ImportFileError, cell_text, read_table
from sibina.imports.rows import map_columns
from sibina.people.models import Instansi

# SIASN's agency columns (DOMAIN.md §10); the id is BKN's agency code.
INSTANSI_COLUMNS = {
    "nama": ("instansi_kerja_nama", "instansi_induk_nama", "instansi_nama", "instansi"),
    "kode": ("instansi_kerja_kode", "instansi_kerja_id", "instansi_induk_id", "instansi_id"),
}
KODE_MAX = 20  # Instansi.kode
_WORDS = re.compile(r"[^A-Z0-9]+")


class InstansiUnknown(ValueError):
    """Neither the file nor the caller names the agency to create; the message says how to name it."""


@dataclass(frozen=True)
class InstansiNamed:
    kode: str
    nama: str
    jenis: str


def instansi_named(*, data: bytes, filename: str, kode: str | None, nama: str | None) -> InstansiNamed:
    """The agency the caller names (``kode``/``nama`` win) or, failing that, the one the file's rows name.

    Raises :class:`InstansiUnknown` when no name can be found, or the file names several agencies.
    """
    try:
        table = read_table(data, filename)
    except ImportFileError as exc:
        raise InstansiUnknown(str(exc)) from exc
    cols = map_columns(table.header, INSTANSI_COLUMNS)
    found: dict[str, set[str]] = {"nama": set(), "kode": set()}
    for _line, cells in table.rows:
        for name, index in cols.items():
            if index < len(cells) and (text := " ".join(cell_text(cells[index]).split())):
                found[name].add(text)
    if not nama and len(found["nama"]) > 1:
        raise InstansiUnknown(
            _(
                "The file names %(n)d agencies (%(names)s): import one agency's file, or name it with "
                "--instansi-kode and --instansi-nama."
            )
            % {"n": len(found["nama"]), "names": ", ".join(sorted(found["nama"])[:5])}
        )
    nama = nama or next(iter(found["nama"]), None)
    if not nama:
        raise InstansiUnknown(
            _(
                "The file has no agency column (INSTANSI KERJA NAMA): name the agency with --instansi-kode "
                "and --instansi-nama."
            )
        )
    # BKN's agency id is a code when it is short; SIASN's long hex ids would make a meaningless code.
    from_file = (
        next((k for k in found["kode"] if len(k) <= KODE_MAX), None) if len(found["kode"]) == 1 else None
    )
    kode = kode or from_file or _kode_from(nama)
    return InstansiNamed(kode=kode[:KODE_MAX], nama=nama[:200], jenis=_jenis_from(nama))


def instansi_create(named: InstansiNamed) -> Instansi:
    return Instansi.objects.create(
        kode=named.kode,
        nama=named.nama,
        jenis=named.jenis,
        catatan=_("Created from an import of a SIASN file, unconfirmed: check its code, name and kind."),
    )


def _kode_from(nama: str) -> str:
    """'Pemerintah Kota Binjai' -> 'KOTA-BINJAI'."""
    words = [w for w in _WORDS.split(nama.upper()) if w and w != "PEMERINTAH"]
    return "-".join(words)[:KODE_MAX].strip("-") or "INSTANSI"


def _jenis_from(nama: str) -> str:
    text = nama.casefold()
    if "provinsi" in text:
        return Instansi.Jenis.PROVINSI
    if "kabupaten" in text or re.search(r"\bkab\b", text):
        return Instansi.Jenis.KABUPATEN
    if "kota" in text:
        return Instansi.Jenis.KOTA
    return Instansi.Jenis.PUSAT
