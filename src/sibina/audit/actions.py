"""The human names of audit actions: one registry, filled by each app for the actions it writes.

An event stores its action as a short code ("approval.decision.kecuali"); pages show its name in the reader's
language and keep the code for hover and the CSV.

**How an app names its actions**: a module ``audit_actions`` in the app's package calls :func:`register` at
import with ``{code: gettext_lazy(name)}``. The registry imports every installed app's ``audit_actions`` module
the first time a name is asked for (Django's ``autodiscover_modules``, as the job runner does with ``tasks``), so
the audit app imports no other app and an app's names live beside the code that writes its events. A job kind's
ends ("<kind>.done", "<kind>.failed", written by the job runner) are named by the app that registers the kind.
An action nobody named is shown by its code.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.functional import Promise
from django.utils.module_loading import autodiscover_modules

_NAMES: dict[str, Promise] = {}
_discovered = False


def register(names: Mapping[str, Promise]) -> None:
    """Name actions (lazy translations, read in the reader's language); naming one code twice differently is an
    error, so two apps cannot quietly disagree about what an action is."""
    for code, name in names.items():
        known = _NAMES.get(code)
        if known is not None and str(known) != str(name):
            raise ValueError(f"audit action {code!r} is named twice: {known!s} / {name!s}")
        _NAMES[code] = name


def job_end_action(kind: str, *, done: bool) -> str:
    """The action the job runner records when a job of ``kind`` ends: "<kind>.done" or "<kind>.failed"."""
    return f"{kind}.{'done' if done else 'failed'}"


def _discover() -> None:
    global _discovered
    if not _discovered:
        _discovered = True
        autodiscover_modules("audit_actions")


def action_label(code: str) -> str:
    """The action's name in the active language, else its code."""
    _discover()
    name = _NAMES.get(code)
    return str(name) if name is not None else code


def is_named(code: str) -> bool:
    _discover()
    return code in _NAMES


def named_actions() -> dict[str, Promise]:
    """Every named action (code → lazy name)."""
    _discover()
    return dict(_NAMES)
