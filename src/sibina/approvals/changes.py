"""What consolidation (or an amendment) changed against the plan before it, for the change list and its download:
every change within the reader's scope, filtered by OPD, kind and reason, each with its reason in words naming who
decided. ``domain.plan_diff`` stays the pure diff; this module reads what it needs with one query per table (the
two plans' items, the employees, the activities, the OPD names, the decisions), never one per row. Which
employees a reader may see is the caller's (``sibina.access``): it passes the filter in."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace

from django.db.models import Q
from django.utils.translation import gettext as _

from sibina.approvals import domain, selectors, services
from sibina.approvals.models import Keputusan, Persetujuan
from sibina.catalogue.models import Kegiatan
from sibina.formats import QUARTERS, quarter_label
from sibina.people.models import Pegawai, UnitKerja
from sibina.planning.models import PlanItem
from sibina.planning.reasons import item_reason
from sibina.planning.selectors import plan_reason_names

KINDS = ("added", "removed", "moved")
WHYS = tuple(w.value for w in domain.Why)
COMMENT_SHOWN = 120  # characters of a returned comment quoted in a reason


def place_label(row: domain.Row | None) -> str:
    """Where an item sits: "Class 2, Q2" ("" when the item is not in that plan)."""
    if row is None:
        return ""
    if row.triwulan in QUARTERS:
        return _("Class %(n)s, %(q)s") % {"n": row.kelas, "q": quarter_label(row.triwulan)}
    return _("Class %(n)s") % {"n": row.kelas}


def kind_label(kind: str) -> str:
    return {"added": _("Added"), "removed": _("Removed"), "moved": _("Moved")}.get(kind, kind)


def why_label(why: str) -> str:
    """A kind of reason, for the filter and the summary."""
    labels: dict[str, str] = {
        domain.Why.LOCKED: _("locked or swapped in by an OPD head"),
        domain.Why.EXCLUDED: _("excluded or swapped out by an OPD head"),
        domain.Why.COMMENT: _("excluded by BKPSDM acting on an OPD's returned comment"),
        domain.Why.OPTIMISER: _("the re-optimisation moved the money or places freed by those decisions"),
    }
    return labels.get(why, why)


@dataclass(frozen=True)
class ChangeFilter:
    opd: int | None = None  # a top-level unit's id
    kind: str = ""  # one of KINDS, or all
    why: str = ""  # one of WHYS, or all

    def as_params(self) -> dict[str, str]:
        """The query string of the filter (page links and the download keep it)."""
        out = {"opd": str(self.opd) if self.opd is not None else "", "jenis": self.kind, "alasan": self.why}
        return {k: v for k, v in out.items() if v}


@dataclass(frozen=True)
class ChangeRow:
    change: domain.Change
    nama: str
    nip: str
    jabatan: str
    unit: str
    opd_id: int | None
    opd: str
    kegiatan_kode: str
    kegiatan: str
    reason: str = ""

    @property
    def kind(self) -> str:
        return self.change.kind

    @property
    def before(self) -> domain.Row | None:
        return self.change.before

    @property
    def after(self) -> domain.Row | None:
        return self.change.after


@dataclass(frozen=True)
class OpdCount:
    """One line of the summary: an OPD and how many of its items were added, removed and moved."""

    opd_id: int | None
    opd: str
    added: int = 0
    removed: int = 0
    moved: int = 0

    @property
    def total(self) -> int:
        return self.added + self.removed + self.moved


@dataclass
class ChangeList:
    before_id: int | None  # the plan compared against; None: nothing to compare yet
    rows: list[ChangeRow]  # the filtered changes, worded, in reading order
    total: int  # every change the reader may see, before the filter
    summary: list[OpdCount]  # per OPD, of every change the reader may see
    by_reason: list[tuple[str, str, int]] = field(
        default_factory=list
    )  # (kind, why, count), the same changes

    @property
    def opds(self) -> list[tuple[int, str]]:
        """The OPD filter's choices: the OPDs with changes the reader may see."""
        return [(c.opd_id, c.opd) for c in self.summary if c.opd_id is not None]


def plan_before(persetujuan: Persetujuan) -> int | None:
    """The plan this version is compared against: before consolidation, or the version it amends."""
    if persetujuan.plan_sebelum_id is not None:
        return persetujuan.plan_sebelum_id
    return persetujuan.amandemen_dari.plan_id if persetujuan.amandemen_dari is not None else None


def change_list(*, persetujuan: Persetujuan, pegawai_q: Q, flt: ChangeFilter | None = None) -> ChangeList:
    """Every change of ``persetujuan`` to employees matching ``pegawai_q`` (the reader's scope), with the summary
    over all of them and the rows that pass ``flt``, each with its reason in the reader's language."""
    flt = flt or ChangeFilter()
    before_id = plan_before(persetujuan)
    if before_id is None:
        return ChangeList(None, [], 0, [])
    pins = services.pins_of(persetujuan)
    decisions = _decisions(persetujuan)
    follow_up = frozenset(
        pair for (pair, jenis), d in decisions.items() if jenis == "KECUALI" and d.follow_up
    )
    changes = domain.plan_diff(
        selectors.rows_of(before_id),
        selectors.rows_of(persetujuan.plan_id),
        locked=set(pins.locked),
        excluded=set(pins.excluded),
        follow_up=follow_up & pins.excluded,
    )
    pegawai = (
        Pegawai.objects.filter(pegawai_q)
        .select_related("unit", "jabatan")
        .only("nama", "nip", "unit__nama", "unit__path", "jabatan__nama")
        .in_bulk({c.pair[0] for c in changes})
    )
    visible = [c for c in changes if c.pair[0] in pegawai]
    kegiatan = Kegiatan.objects.only("kode", "judul").in_bulk({c.pair[1] for c in visible})
    roots = {p.pk: _root(p.unit.path if p.unit is not None else "") for p in pegawai.values()}
    opd_names = dict(
        UnitKerja.objects.filter(pk__in={r for r in roots.values() if r is not None}).values_list(
            "pk", "nama"
        )
    )
    rows = [_row(c, pegawai[c.pair[0]], kegiatan[c.pair[1]], roots, opd_names) for c in visible]
    rows.sort(key=lambda r: (r.opd, r.nama, r.nip, r.kegiatan, KINDS.index(r.kind)))
    picked = [
        r
        for r in rows
        if (flt.opd is None or r.opd_id == flt.opd)
        and (not flt.kind or r.kind == flt.kind)
        and (not flt.why or r.change.why == flt.why)
    ]
    why_added = _added_reasons(persetujuan.plan_id, [r.change for r in picked])
    chosen = [_worded(r, decisions, why_added) for r in picked]
    reasons = Counter((c.kind, c.why.value) for c in visible)
    return ChangeList(
        before_id=before_id,
        rows=chosen,
        total=len(visible),
        summary=_summary(rows),
        by_reason=[(k, w, reasons[(k, w)]) for k in KINDS for w in WHYS if reasons[(k, w)]],
    )


# --- reading ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Decision:
    """A lock or an exclusion of a pair, with what its reason says: who, a note, a swap, a comment followed up."""

    by: str
    note: str
    swapped: bool  # a lock swapping this pair in, or an exclusion that a swap took out
    follow_up: bool  # an exclusion BKPSDM made acting on a returned comment
    opd: str  # the OPD of the review it was made in
    comment: str  # that review's returned comment


def _decisions(persetujuan: Persetujuan) -> dict[tuple[domain.Pair, str], Decision]:
    """The locks and exclusions of this version and of the versions it amends (they all still bind, as in
    ``services.pins_of``), by (pair, jenis); the latest one of a pair wins. One query, with the decision-maker's
    name and the review's comment joined in."""
    chain: list[int] = []
    node: Persetujuan | None = persetujuan
    while node is not None:
        chain.append(node.pk)
        node = node.amandemen_dari
    rows = list(
        Keputusan.objects.filter(
            persetujuan_id__in=chain, jenis__in=[Keputusan.Jenis.KUNCI, Keputusan.Jenis.KECUALI]
        )
        .order_by("waktu", "id")
        .values(
            "jenis",
            "pegawai_id",
            "kegiatan_id",
            "catatan",
            "tukar_id",
            "tindak_lanjut",
            "review__unit__nama",
            "review__komentar",
            "oleh__username",
            "oleh__first_name",
            "oleh__last_name",
            "oleh__pegawai__nama",
            "id",
        )
    )
    swapped_out = {r["tukar_id"] for r in rows if r["tukar_id"] is not None}
    out: dict[tuple[domain.Pair, str], Decision] = {}
    for r in rows:
        swapped = r["tukar_id"] is not None if r["jenis"] == Keputusan.Jenis.KUNCI else r["id"] in swapped_out
        out[((r["pegawai_id"], r["kegiatan_id"]), r["jenis"])] = Decision(
            by=r["oleh__pegawai__nama"]
            or f"{r['oleh__first_name']} {r['oleh__last_name']}".strip()
            or r["oleh__username"],
            note=r["catatan"],
            swapped=swapped,
            follow_up=r["tindak_lanjut"],
            opd=r["review__unit__nama"],
            comment=r["review__komentar"],
        )
    return out


def _root(path: str) -> int | None:
    """The OPD (top unit) of a unit's materialised path ("/12/40/" -> 12)."""
    first = path.strip("/").split("/", 1)[0]
    return int(first) if first.isdigit() else None


def _row(
    c: domain.Change,
    p: Pegawai,
    k: Kegiatan,
    roots: dict[int, int | None],
    opd_names: dict[int, str],
) -> ChangeRow:
    root = roots.get(p.pk)
    return ChangeRow(
        change=c,
        nama=p.nama,
        nip=p.nip,
        jabatan=p.jabatan.nama if p.jabatan is not None else "",
        unit=p.unit.nama if p.unit is not None else "",
        opd_id=root,
        opd=opd_names.get(root, "") if root is not None else "",
        kegiatan_kode=k.kode,
        kegiatan=k.judul,
    )


def _summary(rows: list[ChangeRow]) -> list[OpdCount]:
    counts: dict[int | None, Counter[str]] = {}
    names: dict[int | None, str] = {}
    for r in rows:
        counts.setdefault(r.opd_id, Counter())[r.kind] += 1
        names[r.opd_id] = r.opd
    return sorted(
        (OpdCount(o, names[o], n["added"], n["removed"], n["moved"]) for o, n in counts.items()),
        key=lambda c: (c.opd_id is None, c.opd),
    )


# --- the reason in words ------------------------------------------------------------------------------------


def _added_reasons(plan_id: int, changes: list[domain.Change]) -> dict[domain.Pair, str]:
    """Why the re-optimisation planned each item it added: the item's own reason, worded (one query)."""
    added = {c.pair for c in changes if c.kind == "added" and c.why == domain.Why.OPTIMISER}
    if not added:
        return {}
    names = plan_reason_names(plan_id=plan_id)
    rows = PlanItem.objects.filter(plan_id=plan_id, pegawai_id__in={p for p, _k in added}).values_list(
        "pegawai_id", "kegiatan_id", "alasan_data"
    )
    return {(p, k): item_reason(data, names) for p, k, data in rows if (p, k) in added}


def _worded(
    row: ChangeRow, decisions: dict[tuple[domain.Pair, str], Decision], why_added: dict[domain.Pair, str]
) -> ChangeRow:
    c = row.change
    jenis = Keputusan.Jenis.KUNCI if c.why == domain.Why.LOCKED else Keputusan.Jenis.KECUALI
    reason = reason_text(c, decisions.get((c.pair, jenis)))
    if why_added.get(c.pair):
        reason = _("%(how)s. Planned because: %(why)s") % {"how": reason, "why": why_added[c.pair]}
    return replace(row, reason=reason)


def reason_text(change: domain.Change, decision: Decision | None) -> str:
    """Why an item changed, in the reader's language, naming who decided (and their note, or the comment)."""
    why = change.why
    if why == domain.Why.LOCKED:
        if decision is None:
            return _("Locked by the OPD head")
        if decision.swapped:
            return _("Swapped in by the OPD head (%(name)s)") % {"name": decision.by}
        return _("Locked by the OPD head (%(name)s)") % {"name": decision.by}
    if why == domain.Why.EXCLUDED:
        if decision is None:
            return _("Excluded by the OPD head")
        if decision.swapped:
            text = _("Swapped out by the OPD head (%(name)s)") % {"name": decision.by}
        else:
            text = _("Excluded by the OPD head (%(name)s)") % {"name": decision.by}
        return f"{text}: {decision.note}" if decision.note else text
    if why == domain.Why.COMMENT:
        comment = decision.comment if decision is not None else ""
        if len(comment) > COMMENT_SHOWN:
            comment = comment[:COMMENT_SHOWN].rstrip() + "…"
        return _("Excluded by BKPSDM following up the comment of %(opd)s: «%(comment)s»") % {
            "opd": decision.opd if decision is not None else _("the OPD"),
            "comment": comment,
        }
    if change.kind == "moved":
        return _("Moved to another class or quarter: %(before)s → %(after)s") % {
            "before": place_label(change.before),
            "after": place_label(change.after),
        }
    return _("Re-optimised: budget or class places freed or needed by other decisions")
