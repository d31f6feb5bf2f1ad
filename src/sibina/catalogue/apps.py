from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    name = "sibina.catalogue"
    verbose_name = _("Development catalogue")

    def ready(self) -> None:
        # The catalogue workbook imports through the import kernel (models are needed: loaded once ready).
        from sibina.catalogue import xlsx_import
        from sibina.imports import registry

        registry.register(xlsx_import.KATALOG)
