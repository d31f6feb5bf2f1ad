from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "sibina.evaluation"
    verbose_name = _("Evaluation")

    def ready(self) -> None:
        # SKM files go through the import kernel (models are needed: loaded once ready).
        from sibina.evaluation import skm_import
        from sibina.imports import registry

        registry.register(skm_import.SKM)
