"""Load everything the needs analysis reads, in a fixed handful of queries, into plain facts."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db.models import Max

from sibina.competency.domain import PriorityWeights
from sibina.competency.models import (
    Asesmen,
    Kinerja,
    Kompetensi,
    NilaiKompetensi,
    NominasiSuksesi,
    ProfilTalenta,
    StandarKompetensi,
)
from sibina.needs.domain import Context, EmployeeFacts, Proposal, UnitFactor
from sibina.needs.models import FaktorUnit, Usulan
from sibina.people.models import Instansi, Pegawai, RiwayatPengembangan, StatusPegawai, UnitKerja
from sibina.reference.domain import rules_date
from sibina.reference.models import KelompokJabatan, KotakTalenta, Predikat
from sibina.reference.selectors import KetentuanTable

SUCCESSION_BOXES_FALLBACK = frozenset({7, 8, 9})


GAP_TAK_DIUKUR_KODE = "PRIORITAS_FAKTOR_GAP_TAK_DIUKUR"


PRIORITAS_FACTORS = ("GAP", "KRITIKALITAS", "TALENTA", "KINERJA", "SKM", "LAMA", "KOMITMEN")


def priority_weights(*, on: dt.date) -> PriorityWeights:
    """The priority score's settings in force on ``on``, read in one query."""
    kodes = [f"PRIORITAS_BOBOT_{f}" for f in PRIORITAS_FACTORS]
    table = KetentuanTable([*kodes, GAP_TAK_DIUKUR_KODE])
    gap, kritikalitas, talenta, kinerja, skm, lama, komitmen = (table.value(k, on=on) for k in kodes)
    return PriorityWeights(
        gap,
        kritikalitas,
        talenta,
        kinerja,
        skm,
        lama,
        gap_tak_diukur=table.value(GAP_TAK_DIUKUR_KODE, on=on),
        komitmen=komitmen,
    )


def unit_factors(
    *, instansi: Instansi, tahun: int, jenis: str
) -> tuple[dict[int, UnitFactor], UnitFactor | None]:
    """The figures a later stage stored for ``tahun`` (``FaktorUnit`` of kind ``jenis``): per OPD id, and the
    whole instansi's (None when none was stored)."""
    per_unit: dict[int, UnitFactor] = {}
    whole: UnitFactor | None = None
    for unit_id, nilai, dasar in FaktorUnit.objects.filter(
        instansi=instansi, tahun=tahun, jenis=jenis
    ).values_list("unit_kerja_id", "nilai", "dasar"):
        found = UnitFactor(
            nilai=nilai,
            persen=Decimal(str(dasar.get("persen", nilai * 100))),
            n=int(dasar.get("hadir", 0)),
            d=int(dasar.get("sesi", 0)),
        )
        if unit_id is None:
            whole = found
        else:
            per_unit[unit_id] = found
    return per_unit, whole


def analysis_context(*, tahun: int, instansi: Instansi | None = None) -> Context:
    """What every employee's needs are judged with: the plan year's rules, and (for an instansi) the commitment
    of its OPDs in the year before, stored by delivery (``FaktorUnit``, kind KOMITMEN)."""
    on = rules_date(tahun)  # the rules of the plan year; the data are read as of the end of N-1
    komitmen, kota = (
        unit_factors(instansi=instansi, tahun=tahun - 1, jenis=FaktorUnit.Jenis.KOMITMEN)
        if instansi is not None
        else ({}, None)
    )
    skm: dict[int, Decimal] = (
        dict(
            FaktorUnit.objects.filter(
                instansi=instansi, tahun=tahun - 1, jenis=FaktorUnit.Jenis.SKM, unit_kerja__isnull=False
            ).values_list("unit_kerja_id", "nilai")
        )
        if instansi is not None
        else {}
    )
    boxes = {b.kotak: b for b in KotakTalenta.objects.filter(berlaku_mulai__lte=on).order_by("berlaku_mulai")}
    return Context(
        tahun=tahun,
        weights=priority_weights(on=on),
        development_boxes=frozenset(k for k, b in boxes.items() if b.pengembangan_kompetensi),
        kompetensi_names=dict(Kompetensi.objects.values_list("id", "nama")),
        # Scored once evaluation stored the service units' SKM shortfall of the year before (FaktorUnit SKM).
        skm_tersedia=bool(skm),
        skm=skm,
        predikat_labels={c.value: str(c.label) for c in Predikat},
        kelompok_labels={c.value: str(c.label) for c in KelompokJabatan},
        komitmen=komitmen,
        komitmen_kota=kota,
    )


def succession_boxes(*, tahun: int) -> frozenset[int]:
    on = rules_date(tahun)
    boxes = {b.kotak: b for b in KotakTalenta.objects.filter(berlaku_mulai__lte=on).order_by("berlaku_mulai")}
    return frozenset(k for k, b in boxes.items() if b.kelompok_suksesi) or SUCCESSION_BOXES_FALLBACK


def employee_facts(*, instansi: Instansi, tahun: int) -> list[EmployeeFacts]:
    asof = dt.date(tahun - 1, 12, 31)
    employees = list(
        Pegawai.objects.filter(instansi=instansi, status=StatusPegawai.AKTIF)
        .select_related("jabatan__tingkat", "unit", "atasan")
        .order_by("id")
    )
    standards = _standards(instansi)
    technical = set(
        Kompetensi.objects.filter(kelompok=Kompetensi.Kelompok.TEKNIS).values_list("id", flat=True)
    )
    levels = _assessed_levels(instansi, asof)
    skp = _latest_skp(instansi, tahun)
    boxes = dict(
        ProfilTalenta.objects.filter(pegawai__instansi=instansi, tahun=tahun - 1).values_list(
            "pegawai_id", "kotak"
        )
    )
    nominations = dict(
        NominasiSuksesi.objects.filter(pegawai__instansi=instansi, tahun=tahun).values_list(
            "pegawai_id", "jabatan_target_id"
        )
    )
    last_dev = dict(
        RiwayatPengembangan.objects.filter(pegawai__instansi=instansi, tahun__lt=tahun)
        .values("pegawai_id")
        .annotate(last=Max("tahun"))
        .values_list("pegawai_id", "last")
    )
    has_pkp = set(
        RiwayatPengembangan.objects.filter(pegawai__instansi=instansi, bentuk__kode="KL01").values_list(
            "pegawai_id", flat=True
        )
    )
    proposals: dict[int, list[Proposal]] = defaultdict(list)
    for u in Usulan.objects.filter(
        pegawai__instansi=instansi, tahun=tahun, status=Usulan.Status.DIVERIFIKASI
    ):
        proposals[u.pegawai_id].append(Proposal(u.id, u.kompetensi_id, u.level_target))
    succession = succession_boxes(tahun=tahun)
    public = set(
        UnitKerja.objects.filter(instansi=instansi, melayani_publik=True).values_list("id", flat=True)
    )

    facts = []
    for p in employees:
        kelompok = p.jabatan.tingkat.kelompok if p.jabatan and p.jabatan.tingkat else ""
        target = nominations.get(p.id)
        if target is None and boxes.get(p.id) in succession and p.atasan and p.atasan.jabatan_id:
            target = p.atasan.jabatan_id  # the natural next position is the supervisor's
        mandatory = []
        if p.jenis_asn == "CPNS":
            mandatory.append("LATSAR")
        new_pengawas = (
            kelompok == "PENGAWAS" and p.tmt_jabatan and p.tmt_jabatan > asof - dt.timedelta(days=365)
        )
        if new_pengawas and p.id not in has_pkp:
            mandatory.append("PKP")
        predikat = skp.get(p.id)
        facts.append(
            EmployeeFacts(
                id=p.id,
                jenis_asn=p.jenis_asn,
                kelompok_jabatan=kelompok,
                front_line=p.unit.melayani_publik,
                standar=standards.get(p.jabatan_id or 0, {}),
                levels=levels.get(p.id),
                predikat=predikat[1] if predikat else None,
                predikat_tahun=predikat[0] if predikat else None,
                kotak=boxes.get(p.id),
                target_jabatan_id=target,
                target_standar=_non_technical(standards.get(target, {}), technical) if target else {},
                last_development_year=last_dev.get(p.id),
                mandatory=tuple(mandatory),
                proposals=tuple(proposals.get(p.id, ())),
                opd_id=int(p.unit.path.strip("/").split("/")[0]),
                skm_unit_id=_serving_unit(p.unit.path, public),
            )
        )
    return facts


def _serving_unit(path: str, public: set[int]) -> int | None:
    """The deepest public-service unit on a unit's path (the unit itself or an ancestor), if any."""
    for part in reversed(path.strip("/").split("/")):
        if part.isdigit() and int(part) in public:
            return int(part)
    return None


def _non_technical(standar: dict[int, int], technical: set[int]) -> dict[int, int]:
    """A next position is prepared for through its managerial and socio-cultural standard."""
    return {k: v for k, v in standar.items() if k not in technical}


def _standards(instansi: Instansi) -> dict[int, dict[int, int]]:
    out: dict[int, dict[int, int]] = defaultdict(dict)
    rows = StandarKompetensi.objects.filter(jabatan__instansi=instansi).values_list(
        "jabatan_id", "kompetensi_id", "level"
    )
    for jabatan_id, kompetensi_id, level in rows:
        out[jabatan_id][kompetensi_id] = level
    return out


def _assessed_levels(instansi: Instansi, asof: dt.date) -> dict[int, dict[int, int]]:
    """The most recent assessment valid on ``asof`` per employee."""
    latest: dict[int, int] = {}
    for asesmen_id, pegawai_id in (
        Asesmen.objects.filter(pegawai__instansi=instansi, tanggal__lte=asof, berlaku_sampai__gte=asof)
        .order_by("pegawai_id", "tanggal", "id")
        .values_list("id", "pegawai_id")
    ):
        latest[pegawai_id] = asesmen_id  # ordered by date: the last one wins
    by_asesmen: dict[int, dict[int, int]] = defaultdict(dict)

    wanted = set(latest.values())
    # Filter by the same conditions rather than an id list, which would hit SQLite's variable limit at scale.
    for asesmen_id, kompetensi_id, level in NilaiKompetensi.objects.filter(
        asesmen__pegawai__instansi=instansi, asesmen__tanggal__lte=asof, asesmen__berlaku_sampai__gte=asof
    ).values_list("asesmen_id", "kompetensi_id", "level"):
        if asesmen_id in wanted:
            by_asesmen[asesmen_id][kompetensi_id] = level
    return {pegawai_id: dict(by_asesmen.get(a, {})) for pegawai_id, a in latest.items()}


def _latest_skp(instansi: Instansi, tahun: int) -> dict[int, tuple[int, str]]:
    out: dict[int, tuple[int, str]] = {}
    for pegawai_id, year, predikat in (
        Kinerja.objects.filter(pegawai__instansi=instansi, tahun__lt=tahun)
        .order_by("pegawai_id", "tahun")
        .values_list("pegawai_id", "tahun", "predikat")
    ):
        out[pegawai_id] = (year, predikat)
    return out
