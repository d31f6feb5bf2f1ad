"""The state the synthetic city's stages share while it is being built."""

from __future__ import annotations

import datetime as dt
import random
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TextIO, TypeVar

from tqdm import tqdm

from sibina.people.models import Instansi, Jabatan, Pegawai, UnitKerja

T = TypeVar("T")

# The demo city lives at a fixed moment so that a seed always gives the same data, whatever today is.
TANGGAL_ACUAN = dt.date(2026, 11, 30)
TAHUN_RENCANA = 2027
TAHUN_RIWAYAT = (2025, 2026)


@dataclass(frozen=True)
class UnitSpec:
    """What the generator knows about a unit beyond its row: who heads it and whom it employs."""

    kode: str
    parent_kode: str | None
    opd_kode: str  # the top-level unit (OPD, kecamatan, RSUD) it belongs to
    jabatan_kepala: str  # title of its head, e.g. "Kepala Bidang Anggaran"
    kepala: str  # key of templates.HEAD_RANKS
    profil: str  # key of templates.PROFIL
    kategori: str  # guru | puskesmas | rsud | lain: which share of the city it draws staff from
    bobot: float  # relative staff size within its category


@dataclass(frozen=True)
class Slot:
    """One filled post: the position and the kind of person the people stage must put in it."""

    unit_kode: str
    jabatan_key: tuple[str, str]  # key into DemoContext.jabatan
    kepala: bool
    keluarga: str  # templates.KELUARGA key, or "" for a structural head
    tingkat_kode: str
    golongan_range: tuple[str, str]  # PNS range for the post
    jenis_asn: str
    pendidikan: str = ""  # forced education code ("" = chosen from the family)


@dataclass
class DemoContext:
    seed: int
    size: int
    verbosity: int = 1
    stderr: TextIO = field(default_factory=lambda: sys.stderr)
    tanggal_acuan: dt.date = TANGGAL_ACUAN
    tahun_rencana: int = TAHUN_RENCANA
    tahun_riwayat: tuple[int, ...] = TAHUN_RIWAYAT
    instansi: Instansi | None = None
    units: dict[str, UnitKerja] = field(default_factory=dict)
    specs: dict[str, UnitSpec] = field(default_factory=dict)
    jabatan: dict[tuple[str, str], Jabatan] = field(default_factory=dict)
    slots: list[Slot] = field(default_factory=list)
    pegawai: list[Pegawai] = field(default_factory=list)
    kepala: dict[str, Pegawai] = field(default_factory=dict)  # unit kode -> its head
    counts: dict[str, int] = field(default_factory=dict)
    # Later stages (competencies, plans, evaluation) keep what they need to share here, under their own key.
    extra: dict[str, object] = field(default_factory=dict)

    def rng(self, stage: str) -> random.Random:
        """A generator of its own per stage: adding a stage never changes what the earlier ones produce."""
        return random.Random(f"sibina-demo:{self.seed}:{stage}")

    def track(self, items: Iterable[T], *, desc: str, total: int | None = None) -> Iterator[T]:
        """Iterate with a progress bar on stderr (silent at verbosity 0)."""
        yield from tqdm(
            items, desc=desc, total=total, file=self.stderr, disable=self.verbosity < 1, leave=True, unit=""
        )

    def require_instansi(self) -> Instansi:
        if self.instansi is None:
            raise RuntimeError("The org stage must run before this one.")
        return self.instansi
