from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "sibina.planning"
    verbose_name = _("Annual plan")

    def ready(self) -> None:
        from sibina.planning import checks  # noqa: F401  (registers the solver check)
