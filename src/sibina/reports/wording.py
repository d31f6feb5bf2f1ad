"""The document's words, in the active language (Indonesian by default): titles, the seven item headings, and each
item of an activity line written out. Shared by the PDF and the XLSX renderer, so both say the same thing."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sibina.approvals.models import ReviewOpd
from sibina.formats import angka, jp, quarter_label, rupiah, tanggal
from sibina.planning.models import Anggaran
from sibina.reports.builders import POSITIONS_SHOWN, ActivityLine, BudgetLine, RencanaDoc

ITEM_KEYS = ("a", "b", "c", "d", "e", "f", "g")


def item_headings() -> list[str]:
    """The seven items of PP 11/2017 Art. 207, short enough to head a table column."""
    return [
        _("(a) Competencies"),
        _("(b) Target employees"),
        _("(c) Type and route"),
        _("(d) Provider"),
        _("(e) Schedule"),
        _("(f) Curriculum standard"),
        _("(g) Budget"),
    ]


def item_meanings() -> list[str]:
    """What each item means, in full (the legal-basis page)."""
    return [
        _("(a) the types of competency to develop"),
        _("(b) the target employees"),
        _("(c) the type and route of development (jenis dan jalur)"),
        _("(d) the provider (penyelenggara)"),
        _("(e) the schedule"),
        _("(f) fit with the curriculum standard of the competency's instansi pembina"),
        _("(g) the budget required"),
    ]


def title(doc: RencanaDoc) -> str:
    return _("Competency Development Needs and Plan of the ASN")


def subtitle(doc: RencanaDoc) -> str:
    return _("%(agency)s, Budget Year %(year)s") % {
        "agency": doc.plan.cycle.instansi.nama,
        "year": doc.plan.cycle.tahun,
    }


def part(doc: RencanaDoc) -> str:
    return doc.unit.nama if doc.unit is not None else _("The whole agency (all OPDs)")


def status(doc: RencanaDoc) -> str:
    """Where the plan stands: set by decree (number and date), or a draft at its approval stage."""
    p = doc.persetujuan
    if doc.ditetapkan and p is not None:
        return _("Set by the PPK: decree %(number)s of %(date)s") % {
            "number": p.nomor_keputusan,
            "date": tanggal(p.tanggal_keputusan),
        }
    if p is None:
        return _("Draft: not yet put up for approval")
    return _("Draft: %(stage)s") % {"stage": p.get_tahap_display()}


def legal_basis() -> list[str]:
    return [
        _("Law 20/2023 on the ASN, Art. 49: every ASN develops competency continuously."),
        _(
            "Government Regulation 11/2017 as amended by Government Regulation 17/2020, Art. 203(4): every PNS "
            "gets at least 20 JP of competency development a year."
        ),
        _(
            "Government Regulation 11/2017, Art. 205 and 207: the needs and plan cover one year and state the "
            "items below for each development."
        ),
        _("LAN Regulation 10/2018 on the forms (classical and non-classical) and the JP conversion."),
        _("BKN Circular 3/2022: coaching, mentoring and the 10:20:70 learning model."),
    ]


def item_a(line: ActivityLine) -> str:
    if not line.kompetensi:
        return "—"
    return "; ".join(f"{name} (+{levels})" for name, levels in line.kompetensi)


def item_b(line: ActivityLine) -> str:
    head = ngettext("%(n)s employee", "%(n)s employees", line.peserta) % {"n": angka(line.peserta)}
    shown = [f"{name or '—'} ({angka(n)})" for name, n in line.jabatan[:POSITIONS_SHOWN]]
    more = len(line.jabatan) - POSITIONS_SHOWN
    if more > 0:
        shown.append(ngettext("%(n)s other position", "%(n)s other positions", more) % {"n": more})
    return f"{head}: " + "; ".join(shown)


def item_c(line: ActivityLine) -> str:
    route = _("classical") if line.klasikal else _("non-classical")
    return f"{line.bentuk} ({route}), {jp(line.jp)}"


def item_d(line: ActivityLine) -> str:
    return line.penyelenggara


def item_e(line: ActivityLine) -> str:
    quarters = ", ".join(quarter_label(q) for q in line.triwulan) or "—"
    classes = ngettext("%(n)s class", "%(n)s classes", line.kelas) % {"n": line.kelas}
    return f"{quarters} ({classes})"


def item_f(line: ActivityLine) -> str:
    if not line.standar_pembina:
        return _("no curriculum standard yet")
    if not line.standar_kurikulum:
        return line.standar_pembina
    return f"{line.standar_pembina}: {line.standar_kurikulum}"


def item_g(line: ActivityLine) -> str:
    return f"{rupiah(line.biaya)} ({source(line.sumber)})"


def items(line: ActivityLine) -> list[str]:
    return [item_a(line), item_b(line), item_c(line), item_d(line), item_e(line), item_f(line), item_g(line)]


def source(sumber: str) -> str:
    return _("DPA BKPSDM") if sumber == "BKPSDM" else _("DPA of the OPD")


def budget_label(line: BudgetLine) -> str:
    if line.sumber == Anggaran.Sumber.TOTAL:
        return _("Total")
    if line.sumber == Anggaran.Sumber.BKPSDM:
        return _("DPA BKPSDM")
    return _("DPA %(opd)s") % {"opd": line.unit.nama if line.unit is not None else "?"}


def mix_labels() -> dict[str, str]:
    return {
        "klasikal": _("Classical (10)"),
        "sosial": _("From others: coaching, mentoring, communities (20)"),
        "pengalaman": _("On the job and self-directed (70)"),
    }


def share(part_value: Decimal, whole: Decimal) -> Decimal:
    return (part_value * 100 / whole).quantize(Decimal("0.1")) if whole else Decimal(0)


def review_status(doc: RencanaDoc, review: ReviewOpd | None) -> str:
    if review is not None:
        return review.status_label
    return _("not under review") if doc.persetujuan is None else _("not in the review")
