"""Known true effects of programs on service quality, for the demo's SKM stage (synthetic).

Five catalogue programs for front-line staff are chosen; two have a true effect on the converted IKM of the
units whose staff completed them (``EFFECTS``: +4 and +2.5 points), three have none. About 15 % of the service units
per program has most of its front-line staff complete it in one semester of 2025-S1…2026-S1 (staggered),
written as development records named after the activity (as history imported from SIMPEG would be); from the
next semester on, the unit's SKM level is raised by the program's true effect before its answers are drawn.
Other units see a stray completion now and then (one employee of a larger unit: below the treated share). The
true effects are stored (``EfekSintetis``) and printed by ``sibina demo truth --json``. Deterministic per seed.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import defaultdict
from decimal import Decimal

from sibina.catalogue.models import Kegiatan
from sibina.demo.context import DemoContext
from sibina.evaluation.domain import Periode
from sibina.evaluation.models import EfekSintetis
from sibina.evaluation.treatment import front_line_staff
from sibina.people.models import Pegawai, RiwayatPengembangan

EFFECTS = (Decimal("4.0"), Decimal("2.5"), Decimal("0"), Decimal("0"), Decimal("0"))
SHARE_OF_UNITS = 0.15  # of the units with front-line staff, per program
COMPLETING = (0.7, 1.0)  # share of a treated unit's front-line staff who complete
TREATED_SHARE = 0.5  # EVALUASI_AMBANG_CAKUPAN: a unit below it is not trained (no effect written)
STRAY = 0.25  # chance that an untreated unit has one stray completion
PENYELENGGARA = "BKPSDM Kota Binjai"


def plan_effects(ctx: DemoContext, units: list[str], periods: list[Periode]) -> dict[tuple[str, str], float]:
    """Choose programs and treated units, write the completions and the true effects; return the shift of each
    (unit code, period label) on the converted scale."""
    rng = ctx.rng("skm_efek")
    instansi = ctx.require_instansi()
    kegiatan = list(Kegiatan.objects.filter(instansi=instansi, hanya_garis_depan=True).order_by("kode"))
    kegiatan += list(Kegiatan.objects.filter(instansi=instansi, hanya_garis_depan=False).order_by("kode"))
    chosen = kegiatan[: len(EFFECTS)]
    if not chosen:
        return {}
    by_id = {u.pk: u.kode for u in ctx.units.values()}
    staff: dict[str, list[int]] = defaultdict(list)
    for pid, unit_id in sorted(front_line_staff(instansi=instansi).items()):
        if by_id.get(unit_id) in set(units):
            staff[by_id[unit_id]].append(pid)
    eligible = sorted(staff)
    rng.shuffle(eligible)
    per_program = max(3, round(len(eligible) * SHARE_OF_UNITS))
    cohorts = periods[:-1]  # completed in one of these semesters: treated from the next one
    shifts: dict[tuple[str, str], float] = {}
    records: list[RiwayatPengembangan] = []
    taken = 0
    appointed = {
        pid: cpns or gol or ctx.tanggal_acuan
        for pid, cpns, gol in Pegawai.objects.filter(instansi=instansi).values_list(
            "id", "tmt_cpns", "tmt_golongan"
        )
    }
    for k, (keg, effect) in enumerate(zip(chosen, EFFECTS, strict=False)):
        treated = eligible[taken : taken + per_program]
        taken += len(treated)
        for j, unit in enumerate(treated):
            c = j % len(cohorts)
            people = staff[unit]
            start = dt.date(cohorts[c].tahun, 1 if cohorts[c].semester == 1 else 7, 1)
            able = [pid for pid in people if appointed[pid] < start]  # no training before appointment
            n = min(len(able), max(1, math.ceil(rng.uniform(*COMPLETING) * len(people))))
            for pid in rng.sample(able, n):
                records.append(_record(pid, keg, _day(rng, cohorts[c])))
            if n / len(people) >= TREATED_SHARE:  # the unit counts as trained: its service improves
                for p in periods[c + 1 :]:
                    shifts[(unit, p.label)] = float(effect)
        EfekSintetis.objects.create(instansi=instansi, kegiatan=keg, efek=effect)
        ctx.counts[f"efek_{k}"] = len(treated)
    for unit in eligible[taken:]:
        if len(staff[unit]) >= 3 and rng.random() < STRAY:
            keg = rng.choice(chosen)
            day = _day(rng, rng.choice(periods))
            able = [pid for pid in staff[unit] if appointed[pid] < day - dt.timedelta(days=40)]
            if able:
                records.append(_record(rng.choice(able), keg, day))
    RiwayatPengembangan.objects.bulk_create(records, batch_size=1000)
    ctx.counts["skm_efek_riwayat"] = len(records)
    return shifts


def _day(rng: random.Random, p: Periode) -> dt.date:
    start = dt.date(p.tahun, 2 if p.semester == 1 else 8, 1)
    return start + dt.timedelta(days=rng.randint(0, 110))


def _record(pid: int, keg: Kegiatan, selesai: dt.date) -> RiwayatPengembangan:
    days = max(1, keg.hari or 1)
    return RiwayatPengembangan(
        pegawai_id=pid,
        jenis=RiwayatPengembangan.Jenis.KURSUS,
        bentuk_id=keg.bentuk_id,
        nama_kegiatan=keg.judul,
        penyelenggara=PENYELENGGARA,
        tanggal_mulai=selesai - dt.timedelta(days=days - 1),
        tanggal_selesai=selesai,
        tahun=(selesai - dt.timedelta(days=days - 1)).year,
        jp=keg.jp or Decimal(8),
        sumber=RiwayatPengembangan.Sumber.DEMO,
    )


def reset_effects() -> None:
    """Remove the true effects and the completions written for them."""
    found = EfekSintetis.objects.filter(sintetis=True)
    RiwayatPengembangan.objects.filter(
        sumber=RiwayatPengembangan.Sumber.DEMO,
        penyelenggara=PENYELENGGARA,
        pegawai__sintetis=True,
        nama_kegiatan__in=list(found.values_list("kegiatan__judul", flat=True)),
    ).delete()
    found.delete()


def truth() -> list[dict[str, object]]:
    """The demo's true effects: ``[{"program": code, "effect": points}, …]``."""
    return [
        {"program": e.kegiatan.kode, "effect": float(e.efek)}
        for e in EfekSintetis.objects.select_related("kegiatan").order_by("kegiatan__kode")
    ]
