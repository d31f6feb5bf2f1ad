"""Names of the actions the audit app itself writes (logins, admin edits, refusals, exports); see ``actions``."""

from django.utils.translation import gettext_lazy as _

from sibina.audit.actions import register

register(
    {
        "auth.login": _("Logged in"),
        "auth.logout": _("Logged out"),
        "auth.login_failed": _("Failed login"),
        "admin.add": _("Added in the admin"),
        "admin.change": _("Changed in the admin"),
        "admin.delete": _("Deleted in the admin"),
        # Written by sibina.access and the web views (neither is an app with modules of its own to discover).
        "access.denied": _("Access refused"),
        "audit.export": _("Audit trail downloaded"),
        "audit.backfill": _("Earlier events given their agency and OPD"),
    },
    keys={
        "access.denied": {"status": _("Answer (HTTP status)"), "asked": _("Asked for")},
        "audit.backfill": {
            "examined": _("Events examined"),
            "instansi": _("Given their agency"),
            "opd": _("Given their OPD"),
        },
    },
)
