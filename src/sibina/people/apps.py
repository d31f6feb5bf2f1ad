from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "sibina.people"
    verbose_name = _("Organisation and people")

    def ready(self) -> None:
        from sibina.roles import ensure_role_groups

        # After migrate rather than in a data migration: permissions of every app exist only by then.
        post_migrate.connect(ensure_role_groups, dispatch_uid="sibina.ensure_role_groups")
