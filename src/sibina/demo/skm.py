"""Stage "skm": two years of public-satisfaction surveys (SKM) of every public-service unit (synthetic).

Every unit marked as serving the public (``melayani_publik``: RSUD, DPMPTSP, Dukcapil, the kecamatan and
kelurahan offices, schools, puskesmas) holds a survey each semester of 2025 and 2026, as individual
questionnaires (nine answers 1–4). Each unit has its own level (converted IKM about 72–90, by kind of unit and
by chance), elements differ as they do in real reports (fees score high since most services are free; time,
facilities and complaint handling lower), the level drifts a little from semester to semester, and answers
scatter around it. The unit's level per period is kept in ``ctx.extra["skm_level"]`` so that a later stage
(program effects on service quality) can add to it. Deterministic per seed.
"""

from __future__ import annotations

import random

from sibina.demo.context import DemoContext
from sibina.demo.skm_effects import plan_effects, reset_effects
from sibina.evaluation.domain import UNSUR_FIELDS, Periode
from sibina.evaluation.models import JawabanSkm, SurveiSkm
from sibina.people.models import UnitKerja

TAHUN = (2025, 2026)
# Kind of unit -> (mean level on the converted scale, respondents per semester)
PROFIL: dict[str, tuple[float, tuple[int, int]]] = {
    UnitKerja.Jenis.OPD: (83.0, (120, 220)),  # DPMPTSP, Dukcapil
    UnitKerja.Jenis.RUMAH_SAKIT: (79.0, (150, 250)),
    UnitKerja.Jenis.KECAMATAN: (80.0, (50, 90)),
    UnitKerja.Jenis.KELURAHAN: (79.0, (30, 60)),
    UnitKerja.Jenis.PUSKESMAS: (80.5, (60, 110)),
    UnitKerja.Jenis.SEKOLAH: (82.0, (25, 45)),
}
PROFIL_LAIN = (80.0, (30, 60))
UNIT_SPREAD = 4.5  # standard deviation of units' levels around their kind's mean
LEVEL_MIN, LEVEL_MAX = 70.0, 92.0
DRIFT = 1.2  # standard deviation of the change from one semester to the next
# How far each element sits from the unit's level, in converted points (Biaya/Tarif high, Waktu, Sarana and
# Penanganan Pengaduan low), in the order of UNSUR.
ELEMENT_OFFSET = (1.5, 0.0, -3.5, 6.0, 0.5, 0.5, 1.0, -4.0, -2.0)
SCATTER = 0.15  # share of answers one step away from what the respondent would otherwise give


def build_skm(ctx: DemoContext) -> None:
    rng = ctx.rng("skm")
    units = sorted(
        (u for u in ctx.units.values() if u.melayani_publik),
        key=lambda u: u.kode,
    )
    periods = [Periode(tahun, semester) for tahun in TAHUN for semester in (1, 2)]
    levels: dict[tuple[str, str], float] = {}
    surveys: list[SurveiSkm] = []
    plans: list[tuple[int, str, str]] = []  # respondents, unit code and period per survey
    for unit in ctx.track(units, desc="skm", total=len(units)):
        mean, (lo, hi) = PROFIL.get(unit.jenis, PROFIL_LAIN)
        level = _clamp(rng.gauss(mean, UNIT_SPREAD))
        for periode in periods:
            level = _clamp(level + rng.gauss(0.3, DRIFT))
            levels[(unit.kode, periode.label)] = level
            surveys.append(
                SurveiSkm(
                    instansi=ctx.require_instansi(),
                    unit=unit,
                    periode=periode.label,
                    tahun=periode.tahun,
                    semester=periode.semester,
                    bentuk=SurveiSkm.Bentuk.JAWABAN,
                    sintetis=True,
                )
            )
            plans.append((rng.randint(lo, hi), unit.kode, periode.label))
    SurveiSkm.objects.bulk_create(surveys, batch_size=1000)
    # Programs with a known true effect raise the level of the units trained, from the semester after.
    for key, shift in plan_effects(ctx, [u.kode for u in units], periods).items():
        levels[key] += shift
    answers: list[JawabanSkm] = []
    for survei, (n, kode, label) in zip(surveys, plans, strict=True):
        level = levels[(kode, label)]
        targets = [_nrr(level + offset) for offset in ELEMENT_OFFSET]
        for i in range(1, n + 1):
            values = [_answer(rng, t) for t in targets]
            answers.append(
                JawabanSkm(
                    survei=survei, responden=f"R{i:03d}", **dict(zip(UNSUR_FIELDS, values, strict=True))
                )
            )
    JawabanSkm.objects.bulk_create(answers, batch_size=2000)
    ctx.extra["skm_level"] = levels
    ctx.counts["skm_survei"] = len(surveys)
    ctx.counts["skm_kuesioner"] = len(answers)


def reset_skm() -> None:
    """Remove the demo's surveys (their questionnaires go with them)."""
    reset_effects()
    SurveiSkm.objects.filter(sintetis=True).delete()


def _clamp(level: float) -> float:
    return min(LEVEL_MAX, max(LEVEL_MIN, level))


def _nrr(converted: float) -> float:
    """The mean answer (1–4) of a converted level (25–100)."""
    return min(4.0, max(1.0, converted / 25))


def _answer(rng: random.Random, mean: float) -> int:
    """An answer 1–4 around ``mean``: the two neighbouring values mixed to hit it, sometimes one step off."""
    low = int(mean)
    value = low + (rng.random() < mean - low)
    if rng.random() < SCATTER:
        value += rng.choice((-1, 1))
    return min(4, max(1, value))
