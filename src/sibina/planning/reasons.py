"""Reasons in words, in the reader's language: the one renderer of a plan's stored reasons (pure: no ORM).

A plan stores *why* as data (``PlanItem.alasan_data``, ``KebutuhanTakTerlayani.alasan_data``, ``Plan.marginal``)
and every reader sees it worded here, at display time, in the active language: pages (through the template
tags in ``web/templatetags/sibina_tags.py``), downloads and the API. Names (competencies, activities, rules,
OPDs) come in through :class:`Names`, read once per page by ``planning.selectors.reason_names``; a code is shown
only when its name is unknown. Rows stored before the data existed fall back to their stored text.

Item parts (a list, worded in order and joined by "; "):
``{"jenis": "wajib", "aturan": "CPNS", "kegiatan": "LATSAR"}`` a mandatory rule (AturanWajib.Sasaran);
``{"jenis": "kunci"}`` kept by a leader's lock; ``{"jenis": "gap", "kompetensi": "M07", "dari": 2, "ke": 3,
"standar": 3, "sumber": "GAP"}`` a competency gap closed (or ``"naik": 1`` when the levels are unknown);
``{"jenis": "kinerja", "naik": 1}`` a performance (SKP) gap; ``{"jenis": "jp", "jp": 12, "target": 20}`` JP
towards the minimum (the JP filler when nothing else is said); ``{"jenis": "kelas"}`` nothing left to close.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sibina.optimiser import source_opd


@dataclass(frozen=True)
class Names:
    """What codes are called: competency code -> name, activity code -> title, mandatory rule -> label, OPD
    code -> name."""

    kompetensi: Mapping[str, str] = field(default_factory=dict)
    kegiatan: Mapping[str, str] = field(default_factory=dict)
    aturan: Mapping[str, str] = field(default_factory=dict)
    opd: Mapping[str, str] = field(default_factory=dict)


def number(x: object) -> str:
    """A level, JP or count in the reader's notation: ``2``, ``1,5`` (Indonesian) / ``1.5``; at most 2 decimals."""
    try:
        v = round(float(str(x)), 2)
    except ValueError:
        return str(x)
    return formats.number_format(int(v) if v == int(v) else v, use_l10n=True)


def _float(x: object) -> float:
    try:
        return float(str(x))
    except ValueError:
        return 0.0


def rupiah_juta(millions: object) -> str:
    """Rp millions (the optimiser's unit) as whole rupiah with the reader's grouping: ``Rp 1.250.000``."""
    try:
        value = round(float(str(millions)) * 1_000_000)
    except ValueError:
        return str(millions)
    return "Rp " + formats.number_format(value, use_l10n=True, force_grouping=True)


# --- why an activity was planned for an employee ------------------------------------------------------------

GAP_SOURCES_STANDARD = frozenset(
    {"GAP", ""}
)  # needs.Kebutuhan.Sumber whose target is the position's standard


def item_reason(parts: object, names: Names, *, fallback: str = "") -> str:
    """Why one employee is planned for one activity, as a sentence (``fallback``: the stored text of a row from
    before reasons were data)."""
    if not isinstance(parts, list) or not parts:
        return fallback
    words = [w for w in (_part(p, names, alone=len(parts) == 1) for p in parts if isinstance(p, dict)) if w]
    # one sentence: the parts after the first start in lower case ("…; closes the gap in …")
    return "; ".join([words[0], *(w[:1].lower() + w[1:] for w in words[1:])]) if words else fallback


def _part(p: Mapping[str, object], names: Names, *, alone: bool) -> str:
    kind = p.get("jenis")
    if kind == "gap":
        return _gap(p, names)
    if kind == "kinerja":
        return _("Closes a performance (SKP) gap")
    if kind == "wajib":
        rule = str(p.get("aturan", ""))
        label = names.aturan.get(rule, rule)
        code = str(p.get("kegiatan", ""))
        title = names.kegiatan.get(code)
        if title:
            return _("Mandatory: %(activity)s (%(rule)s)") % {"activity": title, "rule": label}
        return _("Mandatory (%(rule)s)") % {"rule": label}
    if kind == "kunci":
        return _("Kept by the head of the OPD (locked)")
    if kind == "jp":
        values = {"jp": number(p.get("jp", 0)), "target": number(p.get("target", 0))}
        if alone:
            return _("Adds %(jp)s JP (still short of %(target)s JP after the other activities)") % values
        return _("counts %(jp)s JP for the %(target)s-JP minimum") % values
    if kind == "kelas":
        return _("Fills the class; no remaining gap of this employee")
    return ""


def _gap(p: Mapping[str, object], names: Names) -> str:
    code = str(p.get("kompetensi", ""))
    name = names.kompetensi.get(code, code)
    if p.get("dari") is None or p.get("ke") is None:
        levels = _float(p.get("naik", 1))
        return ngettext(
            "Closes the gap in %(competency)s by %(levels)s level",
            "Closes the gap in %(competency)s by %(levels)s levels",
            int(levels) if levels == int(levels) else 2,
        ) % {"levels": number(levels), "competency": name}
    values = {"competency": name, "from": number(p["dari"]), "to": number(p["ke"])}
    standard = p.get("standar")
    if standard is None:
        return _("Closes the gap in %(competency)s from level %(from)s to %(to)s") % values
    values["standard"] = number(standard)
    source = str(p.get("sumber", ""))
    if source in GAP_SOURCES_STANDARD:
        return (
            _(
                "Closes the gap in %(competency)s from level %(from)s to %(to)s (position standard: %(standard)s)"
            )
            % values
        )
    if source == "SUKSESI":
        return (
            _(
                "Closes the gap in %(competency)s from level %(from)s to %(to)s (next position's standard: %(standard)s)"
            )
            % values
        )
    return _("Closes the gap in %(competency)s from level %(from)s to %(to)s (target: %(standard)s)") % values


# --- why a need stays open -----------------------------------------------------------------------------------


def unserved_reason(facts: object, names: Names, *, fallback: str = "") -> str:
    """Why a need is left open, from the optimiser's facts (``fallback``: the stored text of an older row)."""
    if not isinstance(facts, dict) or not facts.get("why"):
        return fallback
    why = facts["why"]
    if why == "no_candidate":
        return _("no other eligible activity develops this competency")
    if why == "partly":
        return _("the planned activities close only part of it and no other eligible activity develops it")
    if why == "all_excluded":
        return _("every eligible activity for it is excluded for this employee")
    if why == "max_activities":
        return _("already has %(n)s activities, the most allowed per person") % {
            "n": number(facts.get("limit"))
        }
    if why == "personal_rules":
        return _(
            "every activity for it would break a personal limit (JP cap, classical days or prerequisite)"
        )
    if why == "full":
        return _("every class of the activities for it is full")
    if why == "min_class":
        return _(
            "%(activity)s cannot open a class: it needs %(min)s participants and only %(n)s employees are eligible"
        ) % {
            "activity": _activity(facts, names),
            "min": number(facts.get("min_class")),
            "n": number(facts.get("eligible")),
        }
    if why == "budget_left":
        return _("%(budget)s is used up: %(left)s left, %(activity)s needs %(needs)s") % {
            "budget": budget_label(str(facts.get("budget", "")), names),
            "left": rupiah_juta(facts.get("left", 0)),
            "activity": _activity(facts, names),
            "needs": rupiah_juta(facts.get("needs", 0)),
        }
    if why == "value":
        return _("the money closes more gap elsewhere (less value per rupiah than what was planned)")
    return fallback


def _activity(facts: Mapping[str, object], names: Names) -> str:
    code = str(facts.get("activity", ""))
    return names.kegiatan.get(code, code)


def budget_label(budget: str, names: Names) -> str:
    """A budget ceiling of the optimiser (``BKPSDM``, ``TOTAL``, ``opd:<code>``) in words."""
    if budget == "BKPSDM":
        return _("the DPA of BKPSDM")
    if budget == "TOTAL":
        return _("the total ceiling")
    code = source_opd(budget)
    if code is not None:
        return _("the DPA of %(opd)s") % {"opd": names.opd.get(code, code)}
    return budget


# --- why an employee may not attend an activity ---------------------------------------------------------------

INELIGIBLE = {
    "jenis_asn": lambda: _("not open to this type of ASN"),
    "tingkat_jabatan": lambda: _("not open to this position level"),
    "golongan": lambda: _("outside the activity's rank range"),
    "garis_depan": lambda: _("only for front-line staff"),
    "sasaran": lambda: _("outside the activity's target audience"),
}


def ineligible_reason(code: str | None) -> str:
    """A code of ``catalogue.domain.why_not_eligible`` in words ("" when eligible)."""
    if not code:
        return ""
    word = INELIGIBLE.get(code)
    return word() if word is not None else _("not eligible for this activity")


# --- the value of more budget -----------------------------------------------------------------------------------


def marginal_text(data: object, names: Names | None = None) -> str:
    """What more budget would buy, from the figures stored on the plan ("" when it was not measured)."""
    if not isinstance(data, dict):
        return ""
    if (
        data.get("extra_juta") is None
        or data.get("gap_levels") is None
        or data.get("employees_to_min") is None
    ):
        return ""
    values = {
        "extra": number(data["extra_juta"]),
        "levels": number(data["gap_levels"]),
        "people": number(data["employees_to_min"]),
    }
    text = (
        _(
            "Rp %(extra)s million more would close %(levels)s more gap-levels and bring %(people)s more PNS to the JP "
            "minimum."
        )
        % values
    )
    budgets: Sequence[object] = data.get("budgets") or ()
    if budgets:
        where = ", ".join(budget_label(str(b), names or Names()) for b in budgets)
        text += " " + _("(added to: %(budgets)s)") % {"budgets": where}
    return text
