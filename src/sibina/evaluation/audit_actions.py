"""Names of the actions evaluation writes, for the audit trail (see ``sibina.audit.actions``)."""

from django.utils.translation import gettext_lazy as _

from sibina.audit.actions import register

register(
    {
        "evaluation.reaction": _("Class questionnaire (L1) filled in"),
        "evaluation.test": _("Pre/post test scores (L2) recorded"),
        "evaluation.behaviour": _("Behaviour change (L3) rated"),
    }
)
