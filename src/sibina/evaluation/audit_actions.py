"""Names of the actions evaluation writes, for the audit trail (see ``sibina.audit.actions``)."""

from django.utils.translation import gettext_lazy as _

from sibina.audit.actions import register

register(
    {
        "evaluation.efek.start": _("Program effect evaluation started"),
        "evaluation.efek": _("Program effects and verdicts computed"),
        "evaluation.efek.done": _("Program effect evaluation finished"),
        "evaluation.efek.failed": _("Program effect evaluation failed"),
        "evaluation.skm_faktor": _("SKM shortfall of the service units stored for the needs priority"),
        "evaluation.reaction": _("Class questionnaire (L1) filled in"),
        "evaluation.test": _("Pre/post test scores (L2) recorded"),
        "evaluation.behaviour": _("Behaviour change (L3) rated"),
    }
)
