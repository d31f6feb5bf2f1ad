"""The Indonesian catalogue is complete and its compiled .mo matches it; the UI defaults to Indonesian."""

from __future__ import annotations

from pathlib import Path

import polib
from django.utils import translation

LOCALE = Path(__file__).resolve().parent.parent / "src" / "sibina" / "locale" / "id" / "LC_MESSAGES"


def _po() -> polib.POFile:
    return polib.pofile(str(LOCALE / "django.po"))


def test_every_message_is_translated() -> None:
    untranslated = [e.msgid for e in _po() if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)]
    assert untranslated == []


def test_compiled_catalogue_matches_the_po_file() -> None:
    po = {e.msgid: (e.msgstr or e.msgstr_plural.get(0, "")) for e in _po() if not e.obsolete}
    mo = {e.msgid: (e.msgstr or e.msgstr_plural.get(0, "")) for e in polib.mofile(str(LOCALE / "django.mo"))}
    assert mo == po, "run `make messages` to recompile src/sibina/locale"


def test_indonesian_by_default_english_available() -> None:
    with translation.override("id"):
        assert translation.gettext("Employees") != "Employees"
    with translation.override("en"):
        assert translation.gettext("Employees") == "Employees"


def test_import_errors_speak_indonesian_by_default(settings: object, client: object) -> None:
    from sibina.people import domain

    settings.LANGUAGE_CODE = "id"  # type: ignore[attr-defined]
    (finding,) = domain.check_nip("12345", jenis_asn="PNS")
    assert finding.message == "NIP harus 18 digit (ditemukan 5)."
    with translation.override("en"):
        (english,) = domain.check_nip("12345", jenis_asn="PNS")
    assert english.message == "NIP must be 18 digits (found 5)."


def test_login_page_is_indonesian_by_default(settings: object, client: object, db: None) -> None:
    settings.LANGUAGE_CODE = "id"  # type: ignore[attr-defined]
    page = client.get("/login/").content.decode()  # type: ignore[attr-defined]
    assert 'lang="id"' in page
