from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "sibina.audit"
    verbose_name = _("Audit trail")

    def ready(self) -> None:
        from django.contrib.auth import signals

        from sibina.audit import auth_events

        # Django's own hooks for authentication; the trail records who logged in, out, or failed to.
        signals.user_logged_in.connect(auth_events.on_logged_in, dispatch_uid="sibina_audit_login")
        signals.user_logged_out.connect(auth_events.on_logged_out, dispatch_uid="sibina_audit_logout")
        signals.user_login_failed.connect(
            auth_events.on_login_failed, dispatch_uid="sibina_audit_login_failed"
        )
