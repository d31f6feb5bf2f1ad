"""What waits for an account: the tasks its home page lists first, each with its due date and one link to it.

One small function per source (a review to make, a decree to set, a returned part to follow up, proposals to
endorse or verify, imports with errors, a plan to optimise or send); each is one or two bounded queries, whatever
the number of rows. ``tasks_for`` picks the sources by role; the account's scope (``sibina.access.user_scope``)
decides whose records they read. Labels are rendered here, in the active language.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sibina.approvals.models import Persetujuan, ReviewOpd
from sibina.coaching.models import PenugasanPembimbing
from sibina.dashboards.evaluation_tasks import feedback_to_give, ratings_to_give
from sibina.dashboards.task_base import TASKS_PER_SOURCE, Task, _task
from sibina.delivery.commitment_models import TonggakAksi
from sibina.delivery.models import KlaimPengembangan, Peserta
from sibina.imports.models import ImportBatch
from sibina.needs.models import Usulan
from sibina.people.scope import Scope
from sibina.planning.models import PlanCycle
from sibina.roles import Role

IMPORT_DAYS = 30  # imports with errors stay a task this long
COACHING_QUIET_DAYS = 30  # a coach is reminded of an active assignment with no session logged this long
IMPORTS_SHOWN = 5
MILESTONE_AHEAD_DAYS = 7  # a milestone becomes a task this many days before it is due
Tahap = Persetujuan.Tahap


def _approvals(scope: Scope, *stages: str) -> list[Persetujuan]:
    return list(
        Persetujuan.objects.filter(scope.instansi_q("cycle__instansi_id"), tahap__in=stages)
        .select_related("cycle")
        .order_by("cycle__tahun", "versi")
    )


# --- Kepala OPD -----------------------------------------------------------------------------------------------


def reviews_to_make(scope: Scope, today: dt.date) -> list[Task]:
    """The head's own OPD part of a plan sent for review, not yet decided (or back for a new look)."""
    if scope.opd is None:
        return []
    rows = ReviewOpd.objects.filter(
        scope.instansi_q("persetujuan__cycle__instansi_id"),
        unit=scope.opd,
        persetujuan__tahap=Tahap.DIKIRIM,
        status=ReviewOpd.Status.MENUNGGU,
    ).select_related("persetujuan__cycle", "unit")
    return [
        _task(
            "review",
            _("Review the %(year)s plan for %(unit)s")
            % {"year": r.persetujuan.cycle.tahun, "unit": r.unit.nama},
            reverse("web:approval_review", args=[r.pk]),
            r.batas,
            today,
        )
        for r in rows
    ]


# --- PPK ----------------------------------------------------------------------------------------------------


def decrees_to_set(scope: Scope, today: dt.date) -> list[Task]:
    return [
        _task(
            "decree",
            _("Set the consolidated %(year)s plan by decree") % {"year": p.cycle.tahun},
            reverse("web:approval_cycle", args=[p.cycle.tahun]),
            p.batas_penetapan,
            today,
        )
        for p in _approvals(scope, Tahap.DIKONSOLIDASI)
    ]


# --- BKPSDM -------------------------------------------------------------------------------------------------


def follow_ups(scope: Scope, today: dt.date) -> list[Task]:
    """Returned parts whose comment BKPSDM has not followed up yet (consolidating needs it)."""
    rows = ReviewOpd.objects.filter(
        scope.instansi_q("persetujuan__cycle__instansi_id"),
        persetujuan__tahap=Tahap.DIKIRIM,
        status=ReviewOpd.Status.DIKEMBALIKAN,
        tindak_lanjut="",
    ).select_related("persetujuan__cycle", "unit")
    return [
        _task(
            "follow_up",
            _("Follow up the comment of %(unit)s on the %(year)s plan")
            % {"unit": r.unit.nama, "year": r.persetujuan.cycle.tahun},
            reverse("web:approval_cycle", args=[r.persetujuan.cycle.tahun]) + f"#follow-up-{r.unit.kode}",
            None,
            today,
        )
        for r in rows
    ]


def approvals_to_move(scope: Scope, today: dt.date) -> list[Task]:
    """A draft to send to the OPDs; a plan sent whose reviews are all in (or past their deadline) to consolidate."""
    tasks: list[Task] = []
    open_reviews = Count("reviews", filter=Q(reviews__status=ReviewOpd.Status.MENUNGGU))
    rows = (
        Persetujuan.objects.filter(
            scope.instansi_q("cycle__instansi_id"), tahap__in=(Tahap.DRAF, Tahap.DIKIRIM)
        )
        .select_related("cycle")
        .annotate(open_reviews=open_reviews)
        .order_by("cycle__tahun", "versi")
    )
    for p in rows:
        url = reverse("web:approval_cycle", args=[p.cycle.tahun])
        year = p.cycle.tahun
        if p.tahap == Tahap.DRAF:
            tasks.append(
                _task(
                    "send",
                    _("Send the %(year)s plan to the OPDs for review") % {"year": year},
                    url,
                    None,
                    today,
                )
            )
        elif p.open_reviews == 0 or (p.batas_review is not None and p.batas_review < today):
            label = (
                _("Every OPD has reviewed the %(year)s plan: consolidate it")
                if p.open_reviews == 0
                else _("The review deadline of the %(year)s plan has passed: consolidate it")
            )
            tasks.append(_task("consolidate", label % {"year": year}, url, p.batas_review, today))
    return tasks


def plans_to_optimise(scope: Scope, today: dt.date) -> list[Task]:
    """A plan cycle of this year or later with no optimised base plan yet, or one not yet put up for approval."""
    cycles = (
        PlanCycle.objects.filter(scope.instansi_q(), tahun__gte=today.year)
        .annotate(
            base=Count("plans", filter=Q(plans__skenario__isnull=True), distinct=True),
            approvals=Count("persetujuan", distinct=True),
        )
        .order_by("tahun")
    )
    tasks: list[Task] = []
    for c in cycles:
        if not c.base:
            label = _("The %(year)s plan is not optimised yet: optimise it") % {"year": c.tahun}
            tasks.append(_task("optimise", label, reverse("web:plan_cycle", args=[c.tahun]), None, today))
        elif not c.approvals:
            label = _("Put the optimised %(year)s plan up for approval") % {"year": c.tahun}
            tasks.append(_task("send", label, reverse("web:approval_cycle", args=[c.tahun]), None, today))
    return tasks


def proposals_to_verify(scope: Scope, today: dt.date) -> list[Task]:
    n = Usulan.objects.filter(
        scope.instansi_q("pegawai__instansi_id"), status=Usulan.Status.DISETUJUI_ATASAN
    ).count()
    if not n:
        return []
    label = ngettext(
        "%(n)s proposal endorsed by a supervisor waits for verification",
        "%(n)s proposals endorsed by supervisors wait for verification",
        n,
    ) % {"n": n}
    return [_task("verify", label, reverse("web:usulan_bkpsdm"), None, today)]


def imports_with_errors(scope: Scope, today: dt.date) -> list[Task]:
    since = timezone.now() - dt.timedelta(days=IMPORT_DAYS)
    rows = (
        ImportBatch.objects.filter(scope.instansi_q(), jumlah_galat__gt=0, mulai__gte=since)
        .only("pk", "nama_file", "jumlah_galat")
        .order_by("-mulai", "-id")[:IMPORTS_SHOWN]
    )
    return [
        _task(
            "import",
            ngettext(
                "Import %(file)s has %(n)s row with errors",
                "Import %(file)s has %(n)s rows with errors",
                b.jumlah_galat,
            )
            % {"file": b.nama_file, "n": b.jumlah_galat},
            reverse("web:batch_detail", args=[b.pk]),
            None,
            today,
        )
        for b in rows
    ]


# --- supervisors (atasan, and a Kepala OPD or BKPSDM officer with subordinates) ---------------------------


def proposals_to_endorse(scope: Scope, today: dt.date) -> list[Task]:
    if scope.pegawai_id is None:
        return []
    n = Usulan.objects.filter(
        scope.instansi_q("pegawai__instansi_id"),
        pegawai__atasan_id=scope.pegawai_id,
        status=Usulan.Status.DIAJUKAN,
    ).count()
    if not n:
        return []
    label = ngettext(
        "%(n)s proposal of your team waits for your endorsement",
        "%(n)s proposals of your team wait for your endorsement",
        n,
    ) % {"n": n}
    return [_task("endorse", label, reverse("web:usulan_atasan"), None, today)]


# --- every employee (their own record) -----------------------------------------------------------------------


def own_proposals_to_make(scope: Scope, today: dt.date) -> list[Task]:
    """A plan year still being drawn up (no plan put up for approval yet) for which the employee has proposed
    nothing: their needs count in the plan only if proposed before it goes to the OPDs."""
    if scope.pegawai_id is None:
        return []
    cycles = (
        PlanCycle.objects.filter(scope.instansi_q(), tahun__gte=today.year)
        .annotate(
            approvals=Count("persetujuan", distinct=True),
        )
        .filter(approvals=0)
        .exclude(tahun__in=Usulan.objects.filter(pegawai_id=scope.pegawai_id).values("tahun"))
        .order_by("tahun")
    )
    return [
        _task(
            "propose",
            _("Propose what you need to develop in %(year)s") % {"year": c.tahun},
            reverse("web:usulan"),
            None,
            today,
        )
        for c in cycles
    ]


def mentees_to_coach(scope: Scope, today: dt.date) -> list[Task]:
    """Active coaching or mentoring the account gives with no session logged in the last 30 days."""
    if scope.pegawai_id is None:
        return []
    since = today - dt.timedelta(days=COACHING_QUIET_DAYS)
    rows = (
        PenugasanPembimbing.objects.filter(pembimbing_id=scope.pegawai_id, aktif=True, mulai__lte=today)
        .filter(Q(selesai__isnull=True) | Q(selesai__gte=today))
        .exclude(sesi__tanggal__gte=since)
        .select_related("pegawai")
        .order_by("pegawai__nama", "id")
    )
    return [
        _task(
            "coach",
            _("Log a %(form)s session with %(name)s: none in the last %(days)s days")
            % {"form": p.get_jenis_display().lower(), "name": p.pegawai.nama, "days": COACHING_QUIET_DAYS},
            reverse("web:coaching_detail", args=[p.pk]),
            None,
            today,
        )
        for p in rows
    ]


def invitations_to_answer(scope: Scope, today: dt.date) -> list[Task]:
    """The account's own class invitations not answered yet, due when the class starts."""
    if scope.pegawai_id is None:
        return []
    rows = (
        Peserta.objects.filter(
            scope.instansi_q("pegawai__instansi_id"),
            pegawai_id=scope.pegawai_id,
            status=Peserta.Status.DIUNDANG,
            kelas__mulai__gt=today,
        )
        .select_related("kelas__kegiatan")
        .order_by("kelas__mulai")
    )
    return [
        _task(
            "invitation",
            _("Answer the invitation to %(activity)s") % {"activity": p.kelas.kegiatan.judul},
            reverse("web:my_development"),
            p.kelas.mulai,
            today,
        )
        for p in rows
    ]


def claims_to_verify(scope: Scope, today: dt.date) -> list[Task]:
    """BKPSDM: employees' development claims waiting for verification (one count, due with none)."""
    n = KlaimPengembangan.objects.filter(
        scope.instansi_q("pegawai__instansi_id"), status=KlaimPengembangan.Status.DIAJUKAN
    ).count()
    if not n:
        return []
    label = ngettext(
        "Verify %(n)s development claim of an employee",
        "Verify %(n)s development claims of employees",
        n,
    ) % {"n": n}
    return [_task("claim", label, reverse("web:claim_queue"), None, today)]


def milestones_to_confirm(scope: Scope, today: dt.date) -> list[Task]:
    """Milestones of the change projects the account mentors, reported done and waiting for confirmation."""
    if scope.pegawai_id is None:
        return []
    rows = (
        TonggakAksi.objects.filter(
            scope.instansi_q("aksi__peserta__pegawai__instansi_id"),
            aksi__mentor_id=scope.pegawai_id,
            status=TonggakAksi.Status.LAPOR,
        )
        .select_related("aksi__peserta__pegawai")
        .order_by("selesai_pada", "id")[:TASKS_PER_SOURCE]
    )
    return [
        _task(
            "milestone",
            _("Confirm the milestone “%(milestone)s” of %(name)s's change project")
            % {"milestone": t.judul, "name": t.aksi.peserta.pegawai.nama},
            reverse("web:aksi_mentor") + f"#tonggak-{t.pk}",
            None,
            today,
        )
        for t in rows
    ]


def milestones_to_report(scope: Scope, today: dt.date) -> list[Task]:
    """The account's own change-project milestones still planned, due within a week or overdue."""
    if scope.pegawai_id is None:
        return []
    rows = TonggakAksi.objects.filter(
        scope.instansi_q("aksi__peserta__pegawai__instansi_id"),
        aksi__peserta__pegawai_id=scope.pegawai_id,
        status=TonggakAksi.Status.RENCANA,
        batas__lte=today + dt.timedelta(days=MILESTONE_AHEAD_DAYS),
    ).order_by("batas", "id")[:TASKS_PER_SOURCE]
    return [
        _task(
            "milestone",
            _("Report the milestone “%(milestone)s” of your change project") % {"milestone": t.judul},
            reverse("web:my_development") + "#aksi-perubahan",
            t.batas,
            today,
        )
        for t in rows
    ]


EVALUATION: tuple[Callable[[Scope, dt.date], list[Task]], ...] = (feedback_to_give, ratings_to_give)
Source = Callable[[Scope, dt.date], list[Task]]
SOURCES: dict[Role, tuple[Source, ...]] = {
    Role.BKPSDM: (
        plans_to_optimise,
        approvals_to_move,
        follow_ups,
        proposals_to_verify,
        imports_with_errors,
        proposals_to_endorse,
        mentees_to_coach,
        claims_to_verify,
        invitations_to_answer,
        milestones_to_confirm,
        milestones_to_report,
    ),
    Role.PPK: (decrees_to_set, invitations_to_answer),
    Role.KEPALA_OPD: (
        reviews_to_make,
        proposals_to_endorse,
        mentees_to_coach,
        invitations_to_answer,
        milestones_to_confirm,
        milestones_to_report,
    ),
    Role.ATASAN: (
        proposals_to_endorse,
        mentees_to_coach,
        own_proposals_to_make,
        invitations_to_answer,
        milestones_to_confirm,
        milestones_to_report,
    ),
    Role.AUDITOR: (invitations_to_answer,),
    Role.PEGAWAI: (
        invitations_to_answer,
        own_proposals_to_make,
        mentees_to_coach,
        milestones_to_confirm,
        milestones_to_report,
    ),
}


def tasks_for(scope: Scope, today: dt.date | None = None) -> list[Task]:
    """The account's tasks: overdue first, then by due date (undated last), in the order of the sources."""
    if scope.role is None or scope.instansi_id is None:
        return []
    day = today or timezone.localdate()
    found = [t for source in (*SOURCES[scope.role], *EVALUATION) for t in source(scope, day)]
    # sorted() is stable: tasks with the same key keep the order of their sources.
    return sorted(found, key=lambda t: (not t.overdue, t.due is None, t.due or day))
