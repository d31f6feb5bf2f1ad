"""Names of the actions the approval writes, for the audit trail (see ``sibina.audit.actions``)."""

from django.utils.translation import gettext_lazy as _

from sibina.approvals.tasks import CONSOLIDATE_JOB
from sibina.audit.actions import job_end_action, register
from sibina.planning.audit_actions import START_KEYS

# What items_bulk_decide records of a decision on many pairs at once.
BULK_KEYS = {
    "aksi": _("Action"),
    "count": _("Pairs changed"),
    "selected": _("Pairs selected"),
    "mandatory_kept": _("Mandatory pairs kept"),
    "swaps_undone": _("Swaps taken back"),
    "filter": _("Selection"),
}

register(
    {
        "approval.start": _("Approval started"),
        "approval.draft_replace": _("Draft replaced by a new plan"),
        "approval.send": _("Plan sent to the OPDs for review"),
        "approval.review.approve": _("OPD review approved"),
        "approval.review.return": _("OPD review returned"),
        "approval.review.remind": _("Review reminder sent"),
        # decisions.py writes "approval.decision.<jenis>" and "approval.decision.bulk_<aksi>"
        "approval.decision.kunci": _("Pair locked"),
        "approval.decision.kecuali": _("Pair excluded"),
        "approval.decision.catatan": _("Priority note"),
        "approval.decision.withdraw": _("Decision withdrawn"),
        "approval.decision.bulk_kunci": _("Pairs locked together"),
        "approval.decision.bulk_kecuali": _("Pairs excluded together"),
        "approval.decision.bulk_pulihkan": _("Decisions taken back together"),
        "approval.consolidate_start": _("Consolidation started"),
        job_end_action(CONSOLIDATE_JOB, done=True): _("Consolidation finished"),
        job_end_action(CONSOLIDATE_JOB, done=False): _("Consolidation failed"),
        "approval.follow_up": _("Returned comment followed up"),
        "approval.consolidate": _("Plan consolidated"),
        "approval.set": _("Plan set by decree"),
        "approval.set.remind": _("Decree reminder sent"),
        "approval.amend": _("Amendment started"),
        "approval.superseded": _("Plan replaced by an amendment"),
    },
    keys={
        "approval.consolidate_start": START_KEYS,
        "approval.consolidate": {"telaah_ulang": _("Parts back for a new look")},
        "approval.follow_up": {
            "kegiatan_id": _("Activity excluded"),
            "rumpun": _("Job family"),
            "dikecualikan": _("Items excluded"),
        },
        **{f"approval.decision.bulk_{a}": BULK_KEYS for a in ("kunci", "kecuali", "pulihkan")},
    },
)
