"""Build and remove the synthetic city of Binjai."""

from __future__ import annotations

import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TextIO

from django.db import transaction
from django.utils.translation import gettext as _

from sibina.demo.context import DemoContext
from sibina.demo.positions import DemoSizeError
from sibina.demo.steps import STAGES
from sibina.demo.templates import FULL_SIZE
from sibina.people.models import Pegawai

DEFAULT_SIZE = FULL_SIZE
DEFAULT_SEED = 1275  # Binjai's region code; any integer gives another, equally valid city
MIN_SIZE = 300  # below this the real structure (OPDs, kecamatan, 37 kelurahan) cannot be staffed


class DemoExistsError(RuntimeError):
    """Synthetic data is already there and the caller did not ask to replace it."""


@dataclass(frozen=True)
class DemoSummary:
    seed: int
    size: int
    seconds: float
    counts: Mapping[str, int]


def demo_build(
    *,
    size: int = DEFAULT_SIZE,
    seed: int = DEFAULT_SEED,
    reset: bool = False,
    verbosity: int = 1,
    stderr: TextIO | None = None,
) -> DemoSummary:
    """Build the whole city in one transaction: a failure or a kill leaves the database as it was."""
    if size < MIN_SIZE:
        raise DemoSizeError(_("The demo city needs at least %(min)d employees.") % {"min": MIN_SIZE})
    started = time.perf_counter()
    with transaction.atomic():
        if reset:
            demo_reset()
        elif Pegawai.objects.filter(sintetis=True).exists():
            raise DemoExistsError(_("Synthetic demo data already exists; run with --reset to rebuild it."))
        ctx = DemoContext(seed=seed, size=size, verbosity=verbosity, stderr=stderr or sys.stderr)
        for stage in STAGES:
            if stage.build is not None:
                stage.build(ctx)
    return DemoSummary(seed=seed, size=size, seconds=time.perf_counter() - started, counts=dict(ctx.counts))


@transaction.atomic
def demo_reset() -> None:
    """Remove everything the demo built (stages in reverse order); real units and imported employees stay."""
    for stage in reversed(STAGES):
        if stage.reset is not None:
            stage.reset()
