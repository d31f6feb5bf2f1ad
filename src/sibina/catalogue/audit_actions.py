"""Names of the actions the catalogue writes, for the audit trail (see ``sibina.audit.actions``)."""

from django.utils.translation import gettext_lazy as _

from sibina.audit.actions import register

register(
    {
        "kegiatan.create": _("Development activity added"),
        "kegiatan.update": _("Development activity changed"),
    }
)
