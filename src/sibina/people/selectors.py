"""Reads of the organisation and its people, shaped for pages: few queries, the rest in Python.

Functions listing employees or units take ``within``, a filter on the rows the reader may see (the caller's
scope, built by ``sibina.access``); ``None`` means no limit (commands, tests).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, QuerySet

from sibina.people import domain
from sibina.people.models import Instansi, Pegawai, RiwayatPengembangan, StatusPegawai, UnitKerja
from sibina.reference.models import JenisAsn

PEGAWAI_SORTS: dict[str, tuple[str, ...]] = {
    "nama": ("nama", "nip"),
    "-nama": ("-nama", "-nip"),
    "nip": ("nip",),
    "-nip": ("-nip",),
}


def pegawai_search(
    *,
    q: str = "",
    unit: UnitKerja | None = None,
    jenis_asn: str = "",
    golongan_label: str = "",
    status: str = "",
    sort: str = "nama",
    instansi: Instansi | None = None,
    within: Q | None = None,
) -> QuerySet[Pegawai]:
    """Employees matching a free-text search (NIP or name) and filters; ``unit`` includes its subtree."""
    rows = Pegawai.objects.select_related("unit", "jabatan", "golongan")
    if within is not None:
        rows = rows.filter(within)
    if instansi is not None:
        rows = rows.filter(instansi=instansi)
    q = q.strip()
    if q:
        digits = domain.normalise_nip(q)
        if digits.isdigit():
            # NIPs are pasted with spaces ("19860926 201505 1 001"): match the digits, or the old 9-digit NIP.
            rows = rows.filter(Q(nip__startswith=digits) | Q(nip_lama=digits))
        else:
            rows = rows.filter(nama__icontains=q)
    if unit is not None:
        rows = rows.filter(unit__path__startswith=unit.path)
    if jenis_asn:
        rows = rows.filter(jenis_asn=jenis_asn)
    if golongan_label:
        rows = rows.filter(golongan__label=golongan_label)
    if status:
        rows = rows.filter(status=status)
    return rows.order_by(*PEGAWAI_SORTS.get(sort, PEGAWAI_SORTS["nama"]))


def pegawai_get(*, nip: str) -> Pegawai | None:
    """One employee by NIP (spaces and dots ignored) with what the profile page shows."""
    return (
        Pegawai.objects.select_related(
            "instansi", "unit", "jabatan", "jabatan__tingkat", "golongan", "pendidikan", "atasan"
        )
        .filter(nip=domain.normalise_nip(nip))
        .first()
    )


def pegawai_bawahan(*, pegawai: Pegawai, within: Q | None = None) -> QuerySet[Pegawai]:
    rows = pegawai.bawahan.select_related("jabatan", "golongan")
    if within is not None:
        rows = rows.filter(within)
    return rows.order_by("nama", "nip")


@dataclass(frozen=True)
class RiwayatTahun:
    tahun: int
    items: list[RiwayatPengembangan]
    total_jp: Decimal


def riwayat_per_tahun(*, pegawai: Pegawai) -> list[RiwayatTahun]:
    """Development history, newest year first, with the JP total of each year."""
    rows = (
        RiwayatPengembangan.objects.filter(pegawai=pegawai)
        .select_related("bentuk")
        .order_by("-tahun", "-tanggal_mulai", "-id")
    )
    years = []
    for tahun, group in itertools.groupby(rows, key=lambda r: r.tahun):
        items = list(group)
        years.append(RiwayatTahun(tahun, items, sum((r.jp for r in items), Decimal(0))))
    return years


def unit_list(*, instansi: Instansi | None = None, within: Q | None = None) -> list[UnitKerja]:
    """All units (or those ``within``) in tree order (parents before their children)."""
    rows = UnitKerja.objects.select_related("instansi").order_by("instansi__nama", "path")
    if instansi is not None:
        rows = rows.filter(instansi=instansi)
    if within is not None:
        rows = rows.filter(within)
    return list(rows)


def unit_ancestors(*, unit: UnitKerja) -> list[UnitKerja]:
    """The chain from the top-level unit down to ``unit`` itself, read from its materialised path."""
    ids = [int(part) for part in unit.path.strip("/").split("/") if part]
    by_id = UnitKerja.objects.in_bulk(ids)
    return [by_id[i] for i in ids if i in by_id]


@dataclass
class UnitNode:
    unit: UnitKerja
    jumlah: int  # active employees placed directly in this unit
    children: list[UnitNode] = field(default_factory=list)
    total: int = 0  # active employees in this unit and everything under it
    depth: int = 0


def unit_tree(*, instansi_id: int | None) -> list[UnitNode]:
    """The unit forest of one instansi (none: no units) with direct and subtree counts of active employees,
    from one query. The instansi is required so a page cannot forget it."""
    if instansi_id is None:
        return []
    rows = (
        UnitKerja.objects.filter(instansi_id=instansi_id)
        .select_related("instansi")
        .annotate(jumlah=Count("pegawai", filter=Q(pegawai__status=StatusPegawai.AKTIF)))
    )
    return _build_tree(rows.order_by("instansi__nama", "id"))


def _build_tree(units: Iterable[UnitKerja]) -> list[UnitNode]:
    nodes: dict[int, UnitNode] = {}
    for unit in units:  # ordered by id, so siblings keep the order they were loaded in
        nodes[unit.pk] = UnitNode(unit, getattr(unit, "jumlah", 0))
    roots: list[UnitNode] = []
    for node in nodes.values():
        parent = nodes.get(node.unit.parent_id) if node.unit.parent_id else None
        (parent.children if parent else roots).append(node)
    for root in roots:
        _fill_totals(root, 0)
    return roots


def _fill_totals(node: UnitNode, depth: int) -> int:
    # Iterative would avoid recursion limits, but unit trees are a handful of levels deep.
    node.depth = depth
    node.total = node.jumlah + sum(_fill_totals(child, depth + 1) for child in node.children)
    return node.total


def flatten_tree(roots: list[UnitNode]) -> list[UnitNode]:
    """Nodes in display order (each parent followed by its subtree)."""
    out: list[UnitNode] = []
    stack = list(reversed(roots))
    while stack:
        node = stack.pop()
        out.append(node)
        stack.extend(reversed(node.children))
    return out


@dataclass(frozen=True)
class JenisCount:
    jenis_asn: str
    label: str
    jumlah: int


def pegawai_count_by_jenis(*, instansi: Instansi | None = None, within: Q | None = None) -> list[JenisCount]:
    """Active employees per ASN type, in the order of :class:`JenisAsn` (zero rows included)."""
    rows = Pegawai.objects.filter(status=StatusPegawai.AKTIF)
    if instansi is not None:
        rows = rows.filter(instansi=instansi)
    if within is not None:
        rows = rows.filter(within)
    counts = dict(rows.values_list("jenis_asn").annotate(n=Count("id")).order_by())
    return [JenisCount(value, str(label), counts.get(value, 0)) for value, label in JenisAsn.choices]


def synthetic_data_present() -> bool:
    return Pegawai.objects.filter(sintetis=True).exists()
