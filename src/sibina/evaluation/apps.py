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

        from sibina.delivery import reminders
        from sibina.evaluation import instrument_reminders, tes_import

        registry.register(tes_import.TES)
        if instrument_reminders.remind not in reminders.EXTRA:
            reminders.EXTRA.append(instrument_reminders.remind)
