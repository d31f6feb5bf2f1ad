"""The effect of each program and its verdict, stored per plan year (``EfekProgram``), computed as a background
job (``EvaluasiRun``, job kind ``evaluation.efek``) — see docs/evaluation.md, "The effect of each program".

For plan year *N* the data are every semester survey before *N* and the completions up to the end of *N − 1*.
Per program with any completion among front-line staff, three outcomes are estimated: converted IKM, and the
elements Kompetensi Pelaksana (U6) and Perilaku Pelaksana (U7) on the same ×25 scale. The verdict is decided on
the converted IKM.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sibina import jobs
from sibina.audit.services import audit_record
from sibina.evaluation import estimator, treatment, verdict
from sibina.evaluation.domain import Periode
from sibina.evaluation.models import EfekProgram, EvaluasiRun, SurveiSkm
from sibina.evaluation.selectors import Bands, results_of, survey_list
from sibina.evaluation.skm_factor import skm_faktor_store
from sibina.people.models import Instansi
from sibina.reference.selectors import KetentuanTable

EFFECT_JOB = "evaluation.efek"
AMBANG_KODES = (
    "EVALUASI_EFEK_MIN",
    "EVALUASI_MIN_UNIT_DILATIH",
    "EVALUASI_MIN_UNIT_KONTROL",
    "EVALUASI_MIN_PERIODE_SEBELUM",
    "EVALUASI_AMBANG_CAKUPAN",
)
OUTCOMES = (EfekProgram.Hasil.IKM, EfekProgram.Hasil.KOMPETENSI, EfekProgram.Hasil.PERILAKU)


def ambang(*, tahun: int) -> verdict.Ambang:
    """The verdict rule's settings in force on 1 January of the plan year."""
    table = KetentuanTable(AMBANG_KODES)
    on = dt.date(tahun, 1, 1)
    efek, dilatih, kontrol, sebelum, cakupan = (table.value(k, on=on) for k in AMBANG_KODES)
    return verdict.Ambang(
        efek_min=efek,
        min_dilatih=int(dilatih),
        min_kontrol=int(kontrol),
        min_sebelum=int(sebelum),
        cakupan=cakupan,
    )


@dataclass(frozen=True)
class Outcomes:
    periods: list[Periode]
    values: dict[str, dict[tuple[int, int], float]]  # outcome code -> (unit id, semester index) -> value


def outcomes(*, instansi: Instansi, tahun: int) -> Outcomes:
    """Every service unit's semester results before the plan year: converted IKM, U6 × 25, U7 × 25."""
    surveys = [s for s in survey_list(instansi=instansi) if s.tahun < tahun and s.semester is not None]
    periods = sorted({Periode(s.tahun, s.semester) for s in surveys}, key=lambda p: p.urutan)
    bands = Bands()
    values: dict[str, dict[tuple[int, int], float]] = {o.value: {} for o in OUTCOMES}
    for i, p in enumerate(periods):
        for row in results_of([s for s in surveys if s.tahun == p.tahun], p, bands):
            key = (row.unit.pk, i)
            values[EfekProgram.Hasil.IKM][key] = float(row.hasil.ikm * 25)
            values[EfekProgram.Hasil.KOMPETENSI][key] = float(row.hasil.nrr[5] * 25)
            values[EfekProgram.Hasil.PERILAKU][key] = float(row.hasil.nrr[6] * 25)
    return Outcomes(periods=periods, values=values)


@dataclass(frozen=True)
class Hasil:
    """One program's effect on one outcome, with its verdict (what is stored and printed)."""

    kode: str
    kegiatan_id: int
    judul: str
    hasil: str
    est: estimator.Estimasi
    verdict: str
    peringatan: list[str]


def compute(
    *,
    instansi: Instansi,
    tahun: int,
    progress: Callable[[int, str], None] | None = None,
    only: tuple[EfekProgram.Hasil, ...] = OUTCOMES,
) -> tuple[list[Hasil], str]:
    """Every program's effects for plan year ``tahun`` and the hash of the inputs they were computed from."""
    rule = ambang(tahun=tahun)
    data = outcomes(instansi=instansi, tahun=tahun)
    treated = treatment.treatment(instansi=instansi, until=dt.date(tahun - 1, 12, 31))
    adopt: dict[str, dict[int, int | None]] = {}
    for kode, units in treated.items():
        adopt[kode] = {
            u: treatment.adoption(p.reached(float(rule.cakupan)), data.periods) for u, p in units.items()
        }
    adopt = {k: a for k, a in adopt.items() if any(v is not None for v in a.values())}
    progs = {p.kode: p for p in treatment.programs(instansi=instansi)}
    digest = hashlib.sha256(
        json.dumps(
            {
                "y": {
                    o: sorted((f"{u}:{t}", round(v, 9)) for (u, t), v in d.items())
                    for o, d in data.values.items()
                },
                "adopt": {k: sorted((str(u), v) for u, v in a.items()) for k, a in sorted(adopt.items())},
                "rule": [str(v) for v in vars(rule).values()],
            },
            sort_keys=True,
        ).encode()
    ).hexdigest()
    out: list[Hasil] = []
    kodes = sorted(k for k in adopt if k in progs)
    for n, kode in enumerate(kodes):
        if progress is not None:
            progress(5 + 90 * n // max(1, len(kodes)), kode)
        others = {k: a for k, a in adopt.items() if k != kode}
        for o in only:
            est = estimator.estimate(estimator.Panel(y=data.values[o], adopt=adopt[kode], others=others))
            bukti = verdict.Bukti(
                est.estimate,
                est.ci_low,
                est.ci_high,
                est.n_treated,
                est.n_control,
                est.n_pre,
                est.pretrend_p,
                est.always_treated,
            )
            out.append(
                Hasil(
                    kode=kode,
                    kegiatan_id=progs[kode].id,
                    judul=progs[kode].judul,
                    hasil=o.value,
                    est=est,
                    verdict=verdict.verdict(bukti, rule),
                    peringatan=verdict.warnings_for(bukti, rule),
                )
            )
    return out, digest


@transaction.atomic
def evaluation_start(*, instansi: Instansi, tahun: int, by: User | None, enqueue: bool = True) -> EvaluasiRun:
    """Queue the year's computation as a background job (handed on at commit)."""
    row = EvaluasiRun.objects.create(instansi=instansi, tahun=tahun, oleh=by if by and by.pk else None)
    audit_record(
        by=by, action="evaluation.efek.start", obj=row, after={"tahun": tahun}, instansi_id=instansi.pk
    )
    if enqueue:
        jobs.enqueue(EFFECT_JOB, row.pk)
    return row


def evaluation_job(*, row: EvaluasiRun, listener: jobs.Listener | None = None) -> None:
    """The job body: compute every program's effect and replace the year's stored rows."""

    def tell(pct: int, stage: str) -> None:
        jobs.progress(row, pct, stage)
        if listener is not None:
            listener(pct, stage)

    tell(1, _("Reading surveys and completions"))
    found, digest = compute(instansi=row.instansi, tahun=row.tahun, progress=tell)
    now = timezone.now()
    with transaction.atomic():
        EfekProgram.objects.filter(instansi=row.instansi, tahun=row.tahun).delete()
        EfekProgram.objects.bulk_create(
            EfekProgram(
                run=row,
                instansi=row.instansi,
                tahun=row.tahun,
                kegiatan_id=h.kegiatan_id,
                hasil=h.hasil,
                estimate=h.est.estimate,
                ci_low=h.est.ci_low,
                ci_high=h.est.ci_high,
                se=h.est.se,
                n_treated=h.est.n_treated,
                n_control=h.est.n_control,
                n_periods=h.est.n_periods,
                n_pre=h.est.n_pre,
                pretrend_p=h.est.pretrend_p,
                peringatan=h.peringatan,
                verdict=h.verdict,
                computed_at=now,
                inputs_hash=digest,
            )
            for h in found
        )
        EvaluasiRun.objects.filter(pk=row.pk).update(inputs_hash=digest)
        # The SKM factor of next year's needs priority, from the year before the plan year.
        skm_faktor_store(instansi=row.instansi, tahun=row.tahun - 1, by=row.oleh)
        audit_record(
            by=row.oleh,
            action="evaluation.efek",
            obj=row,
            after={
                "tahun": row.tahun,
                "program": len({h.kode for h in found}),
                "verdict": {h.kode: h.verdict for h in found if h.hasil == EfekProgram.Hasil.IKM},
                "inputs_hash": digest,
            },
            instansi_id=row.instansi_id,
        )


def evaluation_run(
    *, instansi: Instansi, tahun: int, by: User | None, listener: jobs.Listener | None = None
) -> EvaluasiRun:
    """Compute now, through the job runner (the CLI): the row as it ended (DONE, or FAILED with its reason)."""
    row = evaluation_start(instansi=instansi, tahun=tahun, by=by, enqueue=False)
    ended: EvaluasiRun = jobs.kind(EFFECT_JOB).run(row.pk, listener=listener, log_failure=False)
    return ended


def latest(*, instansi: Instansi, tahun: int) -> list[EfekProgram]:
    return list(
        EfekProgram.objects.filter(instansi=instansi, tahun=tahun)
        .select_related("kegiatan")
        .order_by("kegiatan__kode", "hasil")
    )


def has_surveys(*, instansi: Instansi) -> bool:
    return SurveiSkm.objects.filter(instansi=instansi).exists()


def warning_words() -> dict[str, str]:
    """Each warning code in the reader's language (words at display time, never stored)."""
    return {
        verdict.W_NOT_ESTIMATED: _("No estimate: the data do not allow a comparison."),
        verdict.W_FEW_TREATED: _("Too few trained units to conclude."),
        verdict.W_FEW_CONTROLS: _("Too few units not yet trained to compare with."),
        verdict.W_NO_PRE: _("No survey before the training: nothing to compare the after with."),
        verdict.W_NO_PRETREND_TEST: _(
            "Too few trained units were surveyed two semesters or more before their training to check an earlier "
            "trend."
        ),
        verdict.W_PRETREND: _(
            "Trained units were already changing differently before the training: read with care."
        ),
        verdict.W_ALWAYS_TREATED: _("Some units were trained before their first survey and are left out."),
    }


def as_json(e: EfekProgram) -> dict[str, object]:
    """One stored effect as the command prints it."""
    return {
        "program": e.kegiatan.kode,
        "judul": e.kegiatan.judul,
        "hasil": e.hasil,
        "estimate": e.estimate,
        "ci_low": e.ci_low,
        "ci_high": e.ci_high,
        "se": e.se,
        "n_treated": e.n_treated,
        "n_control": e.n_control,
        "n_periods": e.n_periods,
        "n_pre": e.n_pre,
        "pretrend_p": e.pretrend_p,
        "warnings": list(e.peringatan),
        "verdict": e.verdict,
    }
