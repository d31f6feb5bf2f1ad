from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApprovalsConfig(AppConfig):
    name = "sibina.approvals"
    verbose_name = _("Plan approval")

    def ready(self) -> None:
        from sibina.approvals.guards import decree_refuses_optimise
        from sibina.planning.services import start_guard_register

        start_guard_register(decree_refuses_optimise)
