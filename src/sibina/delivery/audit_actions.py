"""Names of the actions delivery writes, for the audit trail (see ``sibina.audit.actions``)."""

from django.utils.translation import gettext_lazy as _

from sibina.audit.actions import register

register(
    {
        "delivery.class.create": _("Class opened"),
        "delivery.class.enrol": _("Planned participants enrolled"),
        "delivery.class.invite": _("Class invitations sent"),
        "delivery.class.cancel": _("Class cancelled"),
        "delivery.participant.move": _("Participant moved to another class"),
        "delivery.invitation.accept": _("Invitation accepted"),
        "delivery.invitation.decline": _("Invitation declined"),
        "delivery.attendance": _("Attendance recorded"),
        "delivery.completion": _("Completion recorded"),
        "delivery.siasn_export": _("Development exported for SIASN"),
        "delivery.remind": _("Delivery reminders sent"),
        "delivery.remind.done": _("Reminder run finished"),
        "delivery.remind.failed": _("Reminder run failed"),
        "delivery.evidence": _("Completion evidence attached"),
        "delivery.substitute": _("Substitute confirmed for a participant who dropped out"),
        "delivery.class.cost": _("Actual cost of a class entered"),
        "delivery.claim.submit": _("Development claimed by the employee"),
        "delivery.claim.approve": _("Development claim approved"),
        "delivery.claim.reject": _("Development claim rejected"),
    }
)

# Commitment: the change project of leadership training, the escalation ladders, the figures fed to priorities.
register(
    {
        "delivery.aksi.create": _("Change project written"),
        "delivery.aksi.update": _("Change project changed"),
        "delivery.aksi.milestone": _("Milestone of a change project added"),
        "delivery.aksi.report": _("Milestone reported done"),
        "delivery.aksi.confirm": _("Milestone confirmed by the mentor"),
        "delivery.aksi.return": _("Milestone returned by the mentor"),
        "delivery.komitmen": _("Commitment figures stored for next year's priorities"),
    }
)
