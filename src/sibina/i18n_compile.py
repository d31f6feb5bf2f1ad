"""Compile the .po catalogues under src/sibina/locale into .mo files with polib (no GNU gettext needed).

Run by ``make messages`` after ``makemessages``; the .mo files are committed so a fresh machine needs no
gettext tools, and tests/test_i18n.py checks they are complete and in step with the .po files.
"""

from __future__ import annotations

from pathlib import Path

import polib  # type: ignore[import-untyped]

LOCALE_DIR = Path(__file__).resolve().parent / "locale"


def compile_all() -> list[Path]:
    written = []
    for po_path in sorted(LOCALE_DIR.glob("*/LC_MESSAGES/*.po")):
        mo_path = po_path.with_suffix(".mo")
        polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
        written.append(mo_path)
    return written


if __name__ == "__main__":
    for path in compile_all():
        print(path)
