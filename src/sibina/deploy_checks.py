"""Deployment checks of SiBina's own settings (``sibina check --deploy``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

from sibina.secret_key import DEV_SECRET_KEY, KEY_FILE


@register(Tags.security, deploy=True)
def secret_key_not_builtin(app_configs: Any, **kwargs: Any) -> list[Error]:
    """The built-in development key is public: sessions signed with it can be forged."""
    if settings.SECRET_KEY != DEV_SECRET_KEY:
        return []
    return [
        Error(
            "SECRET_KEY is SiBina's built-in development key.",
            hint=(
                f"Set SIBINA_SECRET_KEY, or run `sibina secret_key` once to keep a generated key in "
                f"{settings.VAR_DIR / KEY_FILE}."
            ),
            id="sibina.E010",
        )
    ]


@register(Tags.security, deploy=True)
def demo_clock_off(app_configs: Any, **kwargs: Any) -> list[Warning]:
    """A shifted clock dates every record wrongly: for a demo or a training room, never for real work."""
    if not getattr(settings, "SIBINA_DEMO_TODAY", ""):
        return []
    return [
        Warning(
            f"SIBINA_DEMO_TODAY={settings.SIBINA_DEMO_TODAY} shifts the clock of the whole app.",
            hint="Unset it outside a demo or a training room.",
            id="sibina.W011",
        )
    ]
