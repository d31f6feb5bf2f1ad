"""Names of the actions the notifications write, for the audit trail (see ``sibina.audit.actions``)."""

from django.utils.translation import gettext_lazy as _

from sibina.audit.actions import job_end_action, register
from sibina.notifications.services import EMAIL_JOB

register(
    {
        job_end_action(EMAIL_JOB, done=True): _("Notification e-mails sent"),
        job_end_action(EMAIL_JOB, done=False): _("Notification e-mails failed"),
    }
)
