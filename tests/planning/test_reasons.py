"""planning.reasons: stored reason data worded in the reader's language (pure: names come in, no queries)."""

from __future__ import annotations

import pytest
from django.utils import translation

from sibina.catalogue.domain import Peserta, Syarat, why_not_eligible
from sibina.optimiser import opd_source
from sibina.planning.reasons import (
    INELIGIBLE,
    Names,
    budget_label,
    ineligible_reason,
    item_reason,
    marginal_text,
    number,
    rupiah_juta,
    unserved_reason,
)

NAMES = Names(
    kompetensi={"M07": "Pelayanan Publik", "T-KES-02": "Asuhan Keperawatan"},
    kegiatan={"LATSAR": "Latsar CPNS", "KES-05": "Pelatihan Manajemen Puskesmas"},
    aturan={"CPNS": "Every CPNS"},
    opd={"DINKES": "Dinas Kesehatan"},
)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_a_gap_is_worded_with_its_name_and_levels() -> None:
    parts = [
        {"jenis": "gap", "kompetensi": "M07", "dari": 2, "ke": 3, "standar": 3, "sumber": "GAP"},
        {"jenis": "jp", "jp": 12, "target": 20},
    ]
    assert item_reason(parts, NAMES) == (
        "Closes the gap in Pelayanan Publik from level 2 to 3 (position standard: 3); "
        "counts 12 JP for the 20-JP minimum"
    )
    nxt = {"jenis": "gap", "kompetensi": "T-KES-02", "dari": 1, "ke": 2.5, "standar": 3, "sumber": "SUKSESI"}
    assert item_reason([nxt], NAMES) == (
        "Closes the gap in Asuhan Keperawatan from level 1 to 2.5 (next position's standard: 3)"
    )
    usulan = {"jenis": "gap", "kompetensi": "M07", "dari": 1, "ke": 2, "standar": 2, "sumber": "USULAN"}
    assert item_reason([usulan], NAMES).endswith("(target: 2)")
    assert item_reason([{"jenis": "gap", "kompetensi": "M07", "naik": 1}], NAMES) == (
        "Closes the gap in Pelayanan Publik by 1 level"
    )
    assert item_reason([{"jenis": "gap", "kompetensi": "M07", "naik": 1.5}], NAMES) == (
        "Closes the gap in Pelayanan Publik by 1.5 levels"
    )


def test_mandatory_lock_performance_and_the_jp_filler() -> None:
    assert item_reason([{"jenis": "wajib", "aturan": "CPNS", "kegiatan": "LATSAR"}], NAMES) == (
        "Mandatory: Latsar CPNS (Every CPNS)"
    )
    assert item_reason([{"jenis": "kunci"}, {"jenis": "kinerja", "naik": 1}], NAMES) == (
        "Kept by the head of the OPD (locked); closes a performance (SKP) gap"
    )
    # JP alone is the filler, and says so
    assert item_reason([{"jenis": "jp", "jp": 12, "target": 20}], NAMES) == (
        "Adds 12 JP (still short of 20 JP after the other activities)"
    )
    assert item_reason([{"jenis": "kelas"}], NAMES) == "Fills the class; no remaining gap of this employee"


def test_rows_from_before_the_data_fall_back_to_their_text() -> None:
    assert item_reason([], NAMES, fallback="Menutup: M07 +1") == "Menutup: M07 +1"
    assert item_reason(None, NAMES) == ""
    assert unserved_reason({}, NAMES, fallback="old text") == "old text"


def test_unserved_reasons_in_words() -> None:
    cases = {
        "max_activities": ({"limit": 3.0}, "already has 3 activities, the most allowed per person"),
        "full": ({}, "every class of the activities for it is full"),
        "no_candidate": ({}, "no other eligible activity develops this competency"),
        "value": ({}, "the money closes more gap elsewhere (less value per rupiah than what was planned)"),
        "min_class": (
            {"activity": "KES-05", "min_class": 10.0, "eligible": 4.0},
            "Pelatihan Manajemen Puskesmas cannot open a class: it needs 10 participants and only 4 employees "
            "are eligible",
        ),
        "budget_left": (
            {"budget": "opd:DINKES", "left": 0.25, "activity": "KES-05", "needs": 1.5},
            "the DPA of Dinas Kesehatan is used up: Rp 250,000 left, Pelatihan Manajemen Puskesmas needs "
            "Rp 1,500,000",
        ),
    }
    for why, (facts, words) in cases.items():
        assert unserved_reason({"why": why, **facts}, NAMES) == words, why


def test_indonesian_numbers_and_rupiah() -> None:
    with translation.override("id"):
        assert number(1.5) == "1,5"
        assert number(3.0) == "3"
        assert rupiah_juta(1.25) == "Rp 1.250.000"


def test_budgets_keep_the_optimisers_key() -> None:
    assert budget_label("BKPSDM", NAMES) == "the DPA of BKPSDM"
    assert budget_label("TOTAL", NAMES) == "the total ceiling"
    assert budget_label(opd_source("DINKES"), NAMES) == "the DPA of Dinas Kesehatan"


def test_every_eligibility_code_has_words() -> None:
    nobody = Peserta(jenis_asn="PPPK", tingkat_jabatan="", golongan_urutan=None, front_line=False)
    codes = {
        why_not_eligible(nobody, Syarat(jenis_asn={"PNS"})),
        why_not_eligible(nobody, Syarat(tingkat_jabatan={"PENGAWAS"})),
        why_not_eligible(nobody, Syarat(golongan_min=3)),
        why_not_eligible(nobody, Syarat(hanya_garis_depan=True)),
    }
    assert codes <= INELIGIBLE.keys()
    assert ineligible_reason("sasaran") == "outside the activity's target audience"
    assert ineligible_reason("jenis_asn") == "not open to this type of ASN"
    assert ineligible_reason(None) == ""
    assert ineligible_reason("unknown") == "not eligible for this activity"


def test_marginal_in_words_from_figures_only() -> None:
    data = {"extra_juta": 50.0, "gap_levels": 5.0, "employees_to_min": 2, "budgets": ["BKPSDM", "TOTAL"]}
    assert marginal_text(data, NAMES) == (
        "Rp 50 million more would close 5 more gap-levels and bring 2 more PNS to the JP minimum. "
        "(added to: the DPA of BKPSDM, the total ceiling)"
    )
    assert marginal_text({"text": "+Rp 50 juta on BKPSDM, TOTAL closes 5 more gap level(s)"}) == ""
