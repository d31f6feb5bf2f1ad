from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeliveryConfig(AppConfig):
    name = "sibina.delivery"
    verbose_name = _("Delivery of the plan")

    def ready(self) -> None:
        # Attendance files go through the import kernel (models are needed: loaded once ready).
        from sibina.delivery import attendance_import
        from sibina.imports import registry

        registry.register(attendance_import.KEHADIRAN)
