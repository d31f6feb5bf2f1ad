"""Background jobs, one way for every kind: see :mod:`sibina.jobs.runner`."""

from sibina.jobs.runner import (
    MODES,
    JobError,
    JobKind,
    Listener,
    Mode,
    enqueue,
    kind,
    mode,
    progress,
    register,
    rerun,
    run,
)

__all__ = [
    "MODES",
    "JobError",
    "JobKind",
    "Listener",
    "Mode",
    "enqueue",
    "kind",
    "mode",
    "progress",
    "register",
    "rerun",
    "run",
]
