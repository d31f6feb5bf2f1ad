from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    name = "sibina.demo"
    verbose_name = _("Synthetic demo city")

    def ready(self) -> None:
        from sibina.demo_clock import install

        install()
