"""Start-up check: the optimiser's solver must be importable, or planning cannot work at all."""

from __future__ import annotations

from typing import Any

from django.core.checks import Error, register


@register()
def solver_available(app_configs: Any, **kwargs: Any) -> list[Error]:
    from sibina.optimiser import available

    if available():
        return []
    return [
        Error(
            "The HiGHS solver (highspy) is not installed or cannot be loaded.",
            hint="Install the project's dependencies: `make run` or `pip install -e .`",
            id="sibina.E001",
        )
    ]
