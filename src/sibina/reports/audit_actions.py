"""Names of the actions reports writes, for the audit trail (see ``sibina.audit.actions``)."""

from django.utils.translation import gettext_lazy as _

from sibina.audit.actions import job_end_action, register
from sibina.reports.services import DOCUMENT_JOB, START_ACTION

register(
    {
        START_ACTION: _("Plan document requested"),
        job_end_action(DOCUMENT_JOB, done=True): _("Plan document written"),
        job_end_action(DOCUMENT_JOB, done=False): _("Plan document failed"),
    },
    keys={
        START_ACTION: {
            "plan": _("Plan"),
            "unit": _("OPD"),
            "format": _("Format"),
            "bahasa": _("Language"),
        }
    },
)
