"""Names of the actions the development proposals write, for the audit trail (see ``sibina.audit.actions``)."""

from django.utils.translation import gettext_lazy as _

from sibina.audit.actions import register

register(
    {
        "usulan.submit": _("Proposal submitted"),
        "usulan.decide": _("Proposal decided by the supervisor"),
        "usulan.verify": _("Proposal verified by BKPSDM"),
    }
)
