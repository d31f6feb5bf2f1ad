"""How to solve: the one typed set of solve options that travels from a page, the CLI or a job to ``solve``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Literal, get_args

MethodArg = Literal["auto", "greedy", "lp_round", "milp", "colgen", "decomposed"]
METHODS: tuple[MethodArg, ...] = get_args(MethodArg)


class OptionsError(ValueError):
    """Solve options that make no sense (unknown method, non-positive time limit, gap outside [0, 1))."""


@dataclass(frozen=True, slots=True)
class SolveOptions:
    """``method`` (``auto`` picks by size), ``time_limit`` in wall-clock seconds for the whole solve,
    ``mip_gap`` the relative gap at which a plan counts as optimal, ``threads`` for HiGHS."""

    method: MethodArg = "auto"
    time_limit: float = 60.0
    mip_gap: float = 0.005
    threads: int = 1

    def __post_init__(self) -> None:
        if self.method not in METHODS:
            raise OptionsError(f"unknown method {self.method!r}; one of {', '.join(METHODS)}")
        if not self.time_limit > 0:
            raise OptionsError(f"time_limit must be positive, not {self.time_limit!r}")
        if not 0 <= self.mip_gap < 1:
            raise OptionsError(f"mip_gap must be in [0, 1), not {self.mip_gap!r}")
        if self.threads < 1:
            raise OptionsError(f"threads must be at least 1, not {self.threads!r}")

    def to_json(self) -> dict[str, str | float | int]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: Mapping[str, object] | None) -> SolveOptions:
        """Options stored as JSON (e.g. on a SolverRun); missing keys take the defaults, wrong types refuse."""
        data = data or {}
        d = cls()
        method = data.get("method", d.method)
        time_limit = data.get("time_limit", d.time_limit)
        mip_gap = data.get("mip_gap", d.mip_gap)
        threads = data.get("threads", d.threads)
        if not isinstance(method, str) or method not in METHODS:
            raise OptionsError(f"unknown method {method!r}")
        if isinstance(time_limit, bool) or not isinstance(time_limit, int | float):
            raise OptionsError(f"time_limit must be a number, not {time_limit!r}")
        if isinstance(mip_gap, bool) or not isinstance(mip_gap, int | float):
            raise OptionsError(f"mip_gap must be a number, not {mip_gap!r}")
        if isinstance(threads, bool) or not isinstance(threads, int):
            raise OptionsError(f"threads must be an integer, not {threads!r}")
        m: MethodArg = next(x for x in METHODS if x == method)
        return cls(method=m, time_limit=float(time_limit), mip_gap=float(mip_gap), threads=threads)
