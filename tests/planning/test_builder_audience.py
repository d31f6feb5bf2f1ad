"""Targeted pairs: the builder offers an activity only to its audience, a performance gap only to coaching
mapped to the job, JP filler only from audience-matching activities; it counts the pairs it offers."""

from __future__ import annotations

from decimal import Decimal

from django.template.loader import render_to_string
from django.utils import translation

from sibina.catalogue.models import Kegiatan
from sibina.needs.models import Kebutuhan
from sibina.optimiser import Problem
from sibina.people.models import Pegawai
from sibina.planning.builder import KINERJA, build_problem, pair_ineligible
from sibina.planning.models import SolverRun
from sibina.planning.selectors.runs import RunFigures
from tests.planning.conftest import Tiny, _kegiatan


def _set(k: Kegiatan, **fields: object) -> None:
    for name, value in fields.items():
        setattr(k, name, value)
    k.full_clean()
    k.save()


def _family(tiny: Tiny, rumpun: str) -> None:
    job = tiny.pns[0].jabatan
    assert job is not None
    job.rumpun = rumpun
    job.save()


def _eligible(problem: Problem, p: Pegawai) -> tuple[str, ...]:
    return next(e.eligible for e in problem.employees if e.id == p.nip)


def test_an_activity_is_offered_only_to_its_audience(tiny: Tiny) -> None:
    _family(tiny, "ADMINISTRASI")
    _set(tiny.course, sasaran_rumpun=["KESEHATAN"])
    problem, _ = build_problem(cycle=tiny.cycle)
    assert "KURSUS-INT" not in _eligible(problem, tiny.pns[0])  # closes their gap, but is not for them
    assert pair_ineligible(pegawai=tiny.pns[0], kegiatan=tiny.course) == "sasaran"
    _family(tiny, "KESEHATAN")
    problem, _ = build_problem(cycle=tiny.cycle)
    assert "KURSUS-INT" in _eligible(problem, tiny.pns[0])
    assert pair_ineligible(pegawai=tiny.pns[0], kegiatan=tiny.course) is None
    _set(tiny.course, sasaran_opd=["BPKPAD"])  # the employees work in Dinas Kesehatan
    problem, _ = build_problem(cycle=tiny.cycle)
    assert "KURSUS-INT" not in _eligible(problem, tiny.pns[0])


def test_jp_filler_comes_only_from_activities_for_the_employee(tiny: Tiny) -> None:
    _family(tiny, "ADMINISTRASI")
    problem, _ = build_problem(cycle=tiny.cycle)
    assert "ELEARN" in _eligible(problem, tiny.pns[0])  # free e-learning for everyone: JP filler
    _set(tiny.elearning, sasaran_rumpun=["PENDIDIKAN"])
    problem, _ = build_problem(cycle=tiny.cycle)
    assert "ELEARN" not in _eligible(problem, tiny.pns[0])


def test_a_performance_gap_is_served_only_by_coaching_mapped_to_the_job(tiny: Tiny) -> None:
    _family(tiny, "ADMINISTRASI")
    Kebutuhan.objects.create(
        pegawai=tiny.pns[0],
        tahun=2027,
        sumber=Kebutuhan.Sumber.GAP_KINERJA,
        gap=1,
        prioritas=Decimal(70),
        alasan="SKP butuh perbaikan",
    )
    coaching = _kegiatan(
        tiny.instansi,
        "COACH",
        "NKL01",
        sesi=4,
        bulan=2,
        kapasitas_kelas=8,
        pola_pendanaan="GRATIS",
        triwulan=[1, 2, 3, 4],
    )
    problem, _ = build_problem(cycle=tiny.cycle)
    gains = {a.id: dict(a.gains) for a in problem.activities}
    assert KINERJA not in gains["COACH"]  # generic coaching for everyone closes no performance gap
    # mapped to the job: its audience is the employee's job family
    _set(coaching, sasaran_rumpun=["ADMINISTRASI"])
    problem, _ = build_problem(cycle=tiny.cycle)
    assert dict(next(a.gains for a in problem.activities if a.id == "COACH"))[KINERJA] == 1.0
    assert "COACH" in _eligible(problem, tiny.pns[0])
    # job-targeted coaching for another family: neither offered nor a performance remedy for this employee
    _set(coaching, sasaran_rumpun=["KESEHATAN"])
    problem, _ = build_problem(cycle=tiny.cycle)
    assert "COACH" not in _eligible(problem, tiny.pns[0])
    # the employee's own supervisor's coaching serves anyone's performance gap
    _set(coaching, sasaran_rumpun=[], oleh_atasan=True)
    problem, _ = build_problem(cycle=tiny.cycle)
    assert dict(next(a.gains for a in problem.activities if a.id == "COACH"))[KINERJA] == 1.0
    assert "COACH" in _eligible(problem, tiny.pns[0])


def test_the_pair_counts_say_which_set_the_bound_covers(tiny: Tiny) -> None:
    _family(tiny, "ADMINISTRASI")
    _set(tiny.course, sasaran_rumpun=["ADMINISTRASI"])
    problem, index = build_problem(cycle=tiny.cycle)
    assert index.pairs is not None
    assert index.pairs.offered == sum(len(e.eligible) for e in problem.employees)
    people = Pegawai.objects.filter(instansi=tiny.instansi).select_related(
        "jabatan__tingkat", "golongan", "unit"
    )
    activities = Kegiatan.objects.filter(instansi=tiny.instansi, aktif=True)
    allowed = sum(1 for p in people for k in activities if pair_ineligible(pegawai=p, kegiatan=k) is None)
    assert index.pairs.allowed == allowed
    # the other PNS share the job (so the family): the course is for them too; LATSAR only for the CPNS
    assert allowed == 5 * 2 + 1
    assert index.pairs.as_json() == {"allowed": allowed, "offered": index.pairs.offered}


def test_the_quality_block_says_which_pair_set_the_bound_covers(tiny: Tiny) -> None:
    run = SolverRun(
        cycle=tiny.cycle,
        objective=10.0,
        bound=10.0,
        gap=0.0,
        parameters={"pairs": {"allowed": 77_000, "offered": 12_000}},
    )
    with translation.override("en"):
        html = render_to_string("web/plan_quality.html", {"rf": RunFigures(run), "full": True})
        short = render_to_string("web/plan_quality.html", {"rf": RunFigures(run)})
    assert "The bound covers the 12,000 employee–activity pairs offered to the optimiser" in html
    assert "out of 77,000 pairs" in html
    assert "over the 12,000 of 77,000 allowed pairs offered" in short  # a table cell: the short form
    run.parameters = {}
    with translation.override("en"):
        assert "The bound covers" not in render_to_string("web/plan_quality.html", {"rf": RunFigures(run)})
