"""Names of the actions planning writes, for the audit trail (see ``sibina.audit.actions``)."""

from django.utils.translation import gettext_lazy as _

from sibina.audit.actions import job_end_action, register
from sibina.planning.services import MARGINAL_JOB, OPTIMISE, OPTIMISE_JOB

# What ``plan_optimise_start`` records of a start (on the cycle, or on the object of its purpose).
START_KEYS = {
    "run": _("Optimisation run"),
    "skenario": _("Scenario"),
    "options": _("Solver options"),
    "locked": _("Locked pairs"),
    "excluded": _("Excluded pairs"),
}

register(
    {
        OPTIMISE.action: _("Optimisation started"),
        job_end_action(OPTIMISE_JOB, done=True): _("Optimisation finished"),
        job_end_action(OPTIMISE_JOB, done=False): _("Optimisation failed"),
        job_end_action(MARGINAL_JOB, done=True): _("Measurement of more budget finished"),
        job_end_action(MARGINAL_JOB, done=False): _("Measurement of more budget failed"),
    },
    keys={OPTIMISE.action: START_KEYS},
)
