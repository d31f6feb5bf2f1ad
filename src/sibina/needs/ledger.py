"""The JP ledger: JP per employee per year from the development records, against the yearly JP rule
(``needs.domain.jp_target``: a minimum for PNS/CPNS, a maximum for PPPK)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, Sum

from sibina.needs.domain import PPPK_KINDS, JpLimits, JpStatus, contract_year, jp_status
from sibina.people.models import Instansi, Pegawai, RiwayatPengembangan, StatusPegawai, UnitKerja
from sibina.reference.domain import rules_date
from sibina.reference.selectors import KetentuanTable

JP_RULE_KODES = ("JP_MIN_PNS", "JP_MAX_PPPK")  # the settings of the JP rule (needs.domain.jp_target)
JP_KODES = (*JP_RULE_KODES, "IP_ASN_JP_TEKNIS")  # and the IP ASN threshold of technical JP


def jp_limits(*, on: dt.date, table: KetentuanTable | None = None) -> JpLimits:
    """The JP rule's settings in force on ``on``: one query, none when ``table`` already holds them."""
    table = table or KetentuanTable(JP_RULE_KODES)
    return JpLimits(minimum=table.value("JP_MIN_PNS", on=on), maximum=table.value("JP_MAX_PPPK", on=on))


@dataclass(frozen=True)
class LedgerRow:
    pegawai_id: int
    unit_id: int
    jenis_asn: str
    status: JpStatus
    # PPPK: the contract year judged; None with ``kalender`` when the contract dates are unknown (calendar year)
    kontrak: tuple[dt.date, dt.date] | None = None
    kalender: bool = False


@dataclass(frozen=True)
class Rate:
    unit_id: int | None  # None = the whole instansi
    wajib: int  # PNS/CPNS who must reach the minimum
    tercapai: int
    pppk_melebihi: int

    @property
    def persen(self) -> Decimal:
        if not self.wajib:
            return Decimal(0)
        return (Decimal(self.tercapai) * 100 / self.wajib).quantize(Decimal("0.1"))


def jp_totals(
    *, pegawai_ids: list[int] | None = None, instansi: Instansi | None = None, tahun: int
) -> dict[int, tuple[Decimal, Decimal]]:
    """pegawai id -> (all JP, technical JP) for a year."""
    qs = RiwayatPengembangan.objects.filter(tahun=tahun)
    if instansi is not None:
        qs = qs.filter(pegawai__instansi=instansi)
    if pegawai_ids is not None:
        qs = qs.filter(pegawai_id__in=pegawai_ids)
    rows = qs.values("pegawai_id").annotate(total=Sum("jp"), teknis=Sum("jp", filter=Q(bentuk__teknis=True)))
    return {r["pegawai_id"]: (r["total"] or Decimal(0), r["teknis"] or Decimal(0)) for r in rows}


def ledger(*, instansi: Instansi, tahun: int, unit: UnitKerja | None = None) -> list[LedgerRow]:
    """Every active employee's JP for the year against the rule: PNS/CPNS per calendar year, PPPK per contract
    year (``needs.domain.contract_year``), falling back to the calendar year when the dates are missing."""
    on = rules_date(tahun)
    table = KetentuanTable(JP_KODES)
    limits = jp_limits(on=on, table=table)
    teknis_min = table.value("IP_ASN_JP_TEKNIS", on=on)
    employees = Pegawai.objects.filter(instansi=instansi, status=StatusPegawai.AKTIF)
    if unit is not None:
        employees = employees.filter(unit__path__startswith=unit.path)
    listed = list(
        employees.values_list("id", "unit_id", "jenis_asn", "kontrak_mulai", "kontrak_selesai").order_by("id")
    )
    totals = jp_totals(instansi=instansi, tahun=tahun)
    windows = {
        pid: w
        for pid, _u, jenis, mulai, selesai in listed
        if jenis in PPPK_KINDS and (w := contract_year(mulai, selesai, tahun)) is not None
    }
    totals.update(contract_totals(instansi=instansi, windows=windows))
    zero = (Decimal(0), Decimal(0))
    return [
        LedgerRow(
            pid,
            unit_id,
            jenis,
            jp_status(jenis, *totals.get(pid, zero), limits=limits, jp_teknis_min=teknis_min),
            windows.get(pid),
            jenis in PPPK_KINDS and pid not in windows,
        )
        for pid, unit_id, jenis, _mulai, _selesai in listed
    ]


def contract_totals(
    *, instansi: Instansi, windows: dict[int, tuple[dt.date, dt.date]]
) -> dict[int, tuple[Decimal, Decimal]]:
    """pegawai id -> (all JP, technical JP) of the records that started within that employee's window."""
    if not windows:
        return {}
    first = min(start for start, _end in windows.values())
    last = max(end for _start, end in windows.values())
    sums: dict[int, list[Decimal]] = {pid: [Decimal(0), Decimal(0)] for pid in windows}
    for pid, mulai, jp, teknis in RiwayatPengembangan.objects.filter(
        pegawai__instansi=instansi,
        pegawai__jenis_asn__in=PPPK_KINDS,
        tanggal_mulai__range=(first, last),
    ).values_list("pegawai_id", "tanggal_mulai", "jp", "bentuk__teknis"):
        window = windows.get(pid)
        if window is not None and window[0] <= mulai <= window[1]:
            sums[pid][0] += jp
            sums[pid][1] += jp if teknis else Decimal(0)
    return {pid: (total, tech) for pid, (total, tech) in sums.items()}


def rates(rows: list[LedgerRow], *, top_units: dict[int, int] | None = None) -> dict[int | None, Rate]:
    """% of PNS/CPNS at the minimum, per top-level unit (via ``top_units``: unit id -> OPD id) and overall."""
    counts: dict[int | None, list[int]] = defaultdict(lambda: [0, 0, 0])
    for r in rows:
        keys: list[int | None] = [None]
        if top_units is not None:
            keys.append(top_units.get(r.unit_id))
        for key in keys:
            c = counts[key]
            if r.status.status in ("KURANG", "TERCAPAI"):
                c[0] += 1
                c[1] += r.status.status == "TERCAPAI"
            c[2] += r.status.status == "MELEBIHI"
    return {k: Rate(k, *v) for k, v in counts.items()}


def top_unit_map(*, instansi: Instansi) -> dict[int, int]:
    """unit id -> id of its top-level unit (the OPD, kecamatan or RSUD it belongs to)."""
    return {
        uid: int(path.strip("/").split("/")[0])
        for uid, path in UnitKerja.objects.filter(instansi=instansi).values_list("id", "path")
    }
