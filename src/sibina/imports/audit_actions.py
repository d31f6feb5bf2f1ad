"""Names of the actions imports write, for the audit trail (see ``sibina.audit.actions``)."""

from django.utils.translation import gettext_lazy as _

from sibina.audit.actions import job_end_action, register
from sibina.imports.tasks import import_run

register(
    {
        "import.apply": _("Import applied"),
        "import.unit_mapping.save": _("Unit mapping saved"),
        "import.unit_mapping.delete": _("Unit mapping deleted"),
        job_end_action(import_run.name, done=True): _("Import finished"),
        job_end_action(import_run.name, done=False): _("Import failed"),
    }
)
