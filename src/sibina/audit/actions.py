"""The human names of audit actions: one registry, filled by each app for the actions it writes.

An event stores its action as a short code ("approval.decision.kecuali"); pages show its name in the reader's
language and keep the code for hover and the CSV.

**How an app names its actions**: a module ``audit_actions`` in the app's package calls :func:`register` at
import with ``{code: gettext_lazy(name)}``. The registry imports every installed app's ``audit_actions`` module
the first time a name is asked for (Django's ``autodiscover_modules``, as the job runner does with ``tasks``), so
the audit app imports no other app and an app's names live beside the code that writes its events. A job kind's
ends ("<kind>.done", "<kind>.failed", written by the job runner) are named by the app that registers the kind.
An action nobody named is shown by its code.

The keys of an event's before/after are named by the object's model fields (``readable``); an action whose
before/after holds keys that are not fields of its object (an optimisation start's "run" on a plan cycle) names
them too: ``register(..., keys={code: {key: name}})``.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.functional import Promise
from django.utils.module_loading import autodiscover_modules

_NAMES: dict[str, Promise] = {}
_KEYS: dict[str, dict[str, Promise]] = {}
_discovered = False


def _put(into: dict[str, Promise], code: str, name: Promise, what: str) -> None:
    known = into.get(code)
    if known is not None and str(known) != str(name):
        raise ValueError(f"{what} {code!r} is named twice: {known!s} / {name!s}")
    into[code] = name


def register(
    names: Mapping[str, Promise], *, keys: Mapping[str, Mapping[str, Promise]] | None = None
) -> None:
    """Name actions (lazy translations, read in the reader's language) and, per action, the before/after keys
    that are not fields of its object. Naming one code twice differently is an error, so two apps cannot quietly
    disagree about what an action is."""
    for code, name in names.items():
        _put(_NAMES, code, name, "audit action")
    for code, key_names in (keys or {}).items():
        for key, name in key_names.items():
            _put(_KEYS.setdefault(code, {}), key, name, f"key of audit action {code!r}")


def job_end_action(kind: str, *, done: bool) -> str:
    """The action the job runner records when a job of ``kind`` ends: "<kind>.done" or "<kind>.failed"."""
    return f"{kind}.{'done' if done else 'failed'}"


def _discover() -> None:
    global _discovered
    if not _discovered:
        autodiscover_modules(
            "audit_actions"
        )  # a module that fails to import fails here, every time, not silently
        _discovered = True


def action_label(code: str) -> str:
    """The action's name in the active language, else its code."""
    _discover()
    name = _NAMES.get(code)
    return str(name) if name is not None else code


def key_label(code: str, key: str) -> str | None:
    """The name an action gave a key of its before/after, if it gave one."""
    _discover()
    name = _KEYS.get(code, {}).get(key)
    return str(name) if name is not None else None


def is_named(code: str) -> bool:
    _discover()
    return code in _NAMES


def named_actions() -> dict[str, Promise]:
    """Every named action (code → lazy name)."""
    _discover()
    return dict(_NAMES)
