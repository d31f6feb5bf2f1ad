from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "sibina.imports"
    verbose_name = _("Imports")

    def ready(self) -> None:
        # Importers use models, so they load once the apps are ready (Django's rule for apps.py), and register
        # themselves with the kernel's registry, which imports none of them.
        from sibina.imports import competency_services, people_import, registry

        for importer in (
            people_import.PEGAWAI,
            people_import.RIWAYAT,
            competency_services.SKJ,
            competency_services.ASESMEN,
            competency_services.SKP,
        ):
            registry.register(importer)
