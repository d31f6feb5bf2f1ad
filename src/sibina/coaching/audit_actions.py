"""Names of the actions coaching writes, for the audit trail (see ``sibina.audit.actions``)."""

from django.utils.translation import gettext_lazy as _

from sibina.audit.actions import register

register(
    {
        "coaching.assign": _("Coach assigned"),
        "coaching.end": _("Coaching ended"),
        "coaching.session": _("Coaching session recorded"),
    }
)
