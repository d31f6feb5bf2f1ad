"""The plan document as a PDF, typeset by Typst (the ``typst`` wheel: no system library, no network).

The layout is ``templates/reports/rencana.typ``; everything it prints comes in as one JSON value (``sys.inputs``)
of texts already worded in the reader's language and numbers already written the house way
(``sibina.formats``), so no text from the database is ever read as Typst markup. The fonts are the ones the
``typst`` wheel carries (Libertinus Serif), embedded as subsets in the PDF; system fonts are ignored, so the
document looks the same on every server, online or not. Why Typst: docs/decisions/0016-report-engine.md.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from importlib import resources
from typing import Any

import typst
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from sibina.formats import angka, jp, persen, quarter_label, rupiah, tanggal, waktu
from sibina.reports import wording
from sibina.reports.builders import RencanaDoc

TEMPLATE = "rencana.typ"
_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


def page_count(pdf: bytes) -> int:
    """Pages of a PDF Typst wrote (its page objects are never inside compressed object streams)."""
    return len(_PAGE.findall(pdf))


def render_pdf(doc: RencanaDoc) -> bytes:
    data = json.dumps(pdf_data(doc), ensure_ascii=False)
    template = resources.files("sibina.reports").joinpath("templates", "reports", TEMPLATE)
    with resources.as_file(template) as path:
        pdf: bytes = typst.compile(
            str(path),
            sys_inputs={"data": data},
            ignore_system_fonts=True,  # the wheel's own fonts: the same document on every machine
            pdf_tags=False,  # tagging every table cell made the city's PDF 20 times larger (see 0016)
        )
    return pdf


def pdf_data(doc: RencanaDoc) -> dict[str, Any]:
    """Everything the template prints, worded and written in the active language."""
    plan = doc.plan
    agency = plan.cycle.instansi.nama
    return {
        "t": {
            "legal": _("Legal basis"),
            "items_intro": _("For each development the plan states (PP 11/2017 Art. 207):"),
            "decree": _("Setting of the plan"),
            "reviews": _("Review by the OPDs"),
            "no_reviews": _("The plan has not been sent to the OPDs for review."),
            "opd": _("OPD"),
            "review_status": _("Review status"),
            "summary": _("Summary"),
            "activity": _("Activity"),
            "headings": wording.item_headings(),
            "section_total": _("Total of the OPD's participants' seats"),
            "no_items": _("No employee of this OPD is in the plan."),
            "budget": _("Budget recap per funding source"),
            "annex": _("Annex: participants per activity"),
            "annex_header": [
                _("No."),
                _("NIP"),
                _("Name"),
                _("Position"),
                _("Unit"),
                _("OPD"),
                _("Class"),
                _("Quarter"),
            ],
        },
        "meta": {
            "lang": (get_language() or "id")[:2],
            "title": wording.title(doc),
            "subtitle": wording.subtitle(doc),
            "agency": agency,
            "agency_upper": agency.upper(),
            "part": wording.part(doc),
            "status": wording.status(doc),
            "draft": not doc.ditetapkan,
            "watermark": _("DRAFT"),
            "generated": _("Written by SiBina on %(when)s from plan %(plan)s (optimised %(optimised)s)")
            % {"when": waktu(timezone.now()), "plan": plan.pk, "optimised": waktu(plan.created_at)},
            "footer": f"{wording.title(doc)} — {wording.subtitle(doc)} — {wording.part(doc)}",
        },
        "legal": wording.legal_basis(),
        "meanings": wording.item_meanings(),
        "decree": _decree_rows(doc),
        "reviews": [[r.unit.nama, wording.review_status(doc, r)] for r in doc.reviews],
        "cards": _cards(doc),
        "charts": _charts(doc),
        "sections": [
            {
                "title": s.unit.nama,
                "subtitle": _section_subtitle(doc, s),
                "rows": [[f"{line.kode} — {line.judul}", *wording.items(line)] for line in s.lines],
                "total": rupiah(s.biaya),
            }
            for s in doc.sections
        ],
        "budget": _budget(doc),
        "annex": [
            {
                "title": f"{a.kode} — {a.judul} ({angka(len(a.peserta))})",
                "rows": [
                    [str(i), x.nip, x.nama, x.jabatan, x.unit, x.opd, str(x.kelas), quarter_label(x.triwulan)]
                    for i, x in enumerate(a.peserta, start=1)
                ],
            }
            for a in doc.annex
        ],
    }


def _decree_rows(doc: RencanaDoc) -> list[list[str]]:
    p = doc.persetujuan
    rows = [[_("Status"), wording.status(doc)]]
    if p is not None:
        rows.append([_("Plan version"), str(p.versi)])
        rows.append([_("Decree number"), p.nomor_keputusan or "—"])
        rows.append([_("Decree date"), tanggal(p.tanggal_keputusan) or "—"])
        if p.alasan_tanpa_telaah:
            rows.append([_("Set without every OPD's approval"), p.alasan_tanpa_telaah])
    return rows


def _section_subtitle(doc: RencanaDoc, s: Any) -> str:
    c = s.coverage
    parts = [_("Review: %(status)s") % {"status": wording.review_status(doc, s.review)}]
    if c is not None:
        parts.append(
            _(
                "%(planned)s of %(people)s employees planned, %(seats)s seats; PNS at the JP minimum: %(reached)s of %(held)s"
            )
            % {
                "planned": angka(c.direncanakan),
                "people": angka(c.pegawai),
                "seats": angka(c.penugasan),
                "reached": angka(c.capai_jp),
                "held": angka(c.wajib_jp),
            }
        )
    return " · ".join(parts)


def _cards(doc: RencanaDoc) -> list[dict[str, str]]:
    c = doc.summary.coverage
    total = doc.budget[-1].terpakai
    return [
        {
            "value": f"{angka(c.capai_jp)} / {angka(c.wajib_jp)}",
            "label": _("PNS reaching the yearly JP minimum (%(pct)s)") % {"pct": persen(c.persen_jp)},
        },
        {
            "value": angka(c.gap_tertutup, 1),
            "label": _("gap-levels closed of %(all)s (%(pct)s)")
            % {"all": angka(c.gap, 1), "pct": persen(c.persen_gap)},
        },
        {
            "value": angka(doc.penugasan),
            "label": _("planned seats for %(n)s employees") % {"n": angka(c.direncanakan)},
        },
        {
            "value": rupiah(total),
            "label": _("cost of the plan") if doc.unit is None else _("cost of the OPD's seats"),
        },
    ]


def _charts(doc: RencanaDoc) -> list[dict[str, Any]]:
    s = doc.summary
    lines = doc.budget[:-1] if doc.unit is None else doc.budget
    biggest = max([*(line.terpakai for line in lines), *(line.batas or 0 for line in lines), Decimal(1)])
    budget = {
        "title": _("Cost per funding source against its ceiling"),
        "note": _("Outlined: the ceiling. Red: over the ceiling."),
        "bars": [
            {
                "label": wording.budget_label(line),
                "value": float(line.terpakai / biggest),
                "ceiling": float((line.batas or 0) / biggest),
                "over": line.batas is not None and line.terpakai > line.batas,
                "text": rupiah(line.terpakai)
                + (f" / {rupiah(line.batas)}" if line.batas is not None else ""),
            }
            for line in lines
            if line.terpakai or line.batas
        ],
    }
    most = max([n for n, _c in s.per_triwulan.values()] or [1])
    quarters = {
        "title": _("Seats per quarter"),
        "note": "",
        "bars": [
            {
                "label": quarter_label(q) or _("no quarter"),
                "value": n / most,
                "ceiling": 0,
                "over": False,
                "text": f"{angka(n)} · {rupiah(cost)}",
            }
            for q, (n, cost) in s.per_triwulan.items()
        ],
    }
    top = max([float(x[2]) for x in s.per_bentuk] or [1.0])
    forms = {
        "title": _("JP planned per form of development"),
        "note": "",
        "bars": [
            {
                "label": name,
                "value": float(j) / top,
                "ceiling": 0,
                "over": False,
                "text": f"{jp(j)} · {angka(n)}",
            }
            for name, n, j in s.per_bentuk[:10]
        ],
    }
    whole = sum(s.mix.values(), Decimal(0))
    labels = wording.mix_labels()
    mix = {
        "title": _("Classical and non-classical learning (the 10:20:70 model)"),
        "note": _("Share of the JP planned; the model's shares are 10, 20 and 70 %."),
        "bars": [
            {
                "label": labels[key],
                "value": float(value / whole) if whole else 0.0,
                "ceiling": 0,
                "over": False,
                "text": f"{persen(wording.share(value, whole))} · {jp(value)}",
            }
            for key, value in s.mix.items()
        ],
    }
    return [budget, quarters, forms, mix]


def _budget(doc: RencanaDoc) -> dict[str, Any]:
    def row(line: Any) -> list[str]:
        return [
            wording.budget_label(line),
            rupiah(line.batas) if line.batas is not None else "—",
            rupiah(line.terpakai),
            rupiah(line.sisa) if line.sisa is not None else "—",
            persen(wording.share(line.terpakai, line.batas)) if line.batas else "—",
        ]

    note = (
        _("Seats are paid from the activity's source; the classes' fixed costs from the DPA BKPSDM.")
        if doc.unit is None
        else _("The OPD's participants' seats only; the classes' fixed costs are shared and paid by BKPSDM.")
    )
    return {
        "header": [_("Funding source"), _("Ceiling"), _("Cost"), _("Left"), _("Used")],
        "rows": [row(line) for line in doc.budget[:-1]],
        "total": row(doc.budget[-1]),
        "note": note,
    }
