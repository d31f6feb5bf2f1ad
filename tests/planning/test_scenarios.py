"""A scenario's limits are checked: an unknown form code is refused (by the model and by the builder), and a
scenario that leaves out mandatory training says so on its plan."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import translation

from sibina.optimiser import SolveOptions
from sibina.planning.builder import Dropped, ScenarioError, build_problem
from sibina.planning.models import Plan, PlanCycle, Skenario, SolverRun
from sibina.planning.services import plan_optimise
from sibina.roles import Role
from tests.planning.conftest import Tiny


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_the_model_refuses_an_unknown_form_code_by_name(tiny: Tiny) -> None:
    s = Skenario(cycle=tiny.cycle, nama="Typo", hanya_bentuk=["NKL03", "ZZZ99"])
    with pytest.raises(ValidationError) as caught:
        s.full_clean()
    assert caught.value.message_dict == {"hanya_bentuk": ["Only these forms: unknown form code(s) ZZZ99."]}


@pytest.mark.parametrize("value", ["NKL03", [3], {"NKL03": 1}])
def test_the_model_wants_a_list_of_codes(tiny: Tiny, value: object) -> None:
    s = Skenario(cycle=tiny.cycle, nama="Shape", hanya_bentuk=value)
    with pytest.raises(ValidationError) as caught:
        s.full_clean()
    assert caught.value.message_dict == {
        "hanya_bentuk": ['Only these forms: a list of form codes, e.g. ["NKL03"].']
    }


def test_known_codes_and_no_limit_are_fine(tiny: Tiny) -> None:
    Skenario(cycle=tiny.cycle, nama="e-learning", hanya_bentuk=["NKL03"]).full_clean()
    Skenario(cycle=tiny.cycle, nama="all", hanya_bentuk=[]).full_clean()


@pytest.mark.parametrize(
    ("make", "field", "message"),
    [
        (
            lambda c: Skenario(cycle=c, nama="x", faktor_anggaran=Decimal("-0.3")),
            "faktor_anggaran",
            "The budget factor cannot be negative.",
        ),
        (
            lambda c: PlanCycle(
                instansi=c.instansi, tahun=2030, nama="x", penalti_kekurangan_jp=Decimal("-0.1")
            ),
            "penalti_kekurangan_jp",
            "The value of one JP cannot be negative.",
        ),
    ],
)
def test_negative_factors_name_their_field(tiny: Tiny, make, field: str, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        make(tiny.cycle).full_clean()
    assert caught.value.message_dict == {field: [message]}


def test_the_database_refuses_negative_factors(tiny: Tiny) -> None:
    s = Skenario.objects.create(cycle=tiny.cycle, nama="cut", faktor_anggaran=Decimal("0.7"))
    with pytest.raises(IntegrityError), transaction.atomic():
        Skenario.objects.filter(pk=s.pk).update(faktor_anggaran=Decimal("-0.7"))
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanCycle.objects.filter(pk=tiny.cycle.pk).update(penalti_kekurangan_jp=Decimal("-1"))
    s.refresh_from_db()
    tiny.cycle.refresh_from_db()
    assert (s.faktor_anggaran, tiny.cycle.penalti_kekurangan_jp) == (Decimal("0.7"), Decimal("0.5"))


def test_the_builder_refuses_a_stored_scenario_with_an_unknown_form(tiny: Tiny) -> None:
    """A scenario saved past the model (an old row, a bulk write) still cannot optimise to an empty plan."""
    s = Skenario.objects.create(cycle=tiny.cycle, nama="Typo", hanya_bentuk=["ZZZ99"])
    with pytest.raises(ScenarioError, match=r"^Typo: Only these forms: unknown form code\(s\) ZZZ99\.$"):
        build_problem(cycle=tiny.cycle, skenario=s)
    # the run says why, as for any input the optimiser refuses
    assert (
        plan_optimise(cycle=tiny.cycle, skenario=s, options=SolveOptions(time_limit=10), marginal=False)
        is None
    )
    run = SolverRun.objects.get(skenario=s)
    assert run.status == SolverRun.Status.FAILED
    assert "ZZZ99" in run.pesan
    assert not Plan.objects.exists()


def test_a_scenario_that_leaves_out_latsar_says_so(tiny: Tiny) -> None:
    _base, base_index = build_problem(cycle=tiny.cycle)
    assert base_index.wajib_terlewat == ()
    s = Skenario.objects.create(cycle=tiny.cycle, nama="Hanya e-learning", hanya_bentuk=["NKL03"])
    problem, index = build_problem(cycle=tiny.cycle, skenario=s)
    assert [a.id for a in problem.activities] == ["ELEARN"]
    assert index.wajib_terlewat == (Dropped("LATSAR", "LATSAR", 1),)  # mandatory for the one CPNS


def test_a_scenario_that_keeps_the_mandatory_forms_says_nothing(tiny: Tiny) -> None:
    s = Skenario.objects.create(cycle=tiny.cycle, nama="Klasikal", hanya_bentuk=["KL01", "NKL03"])
    _problem, index = build_problem(cycle=tiny.cycle, skenario=s)
    assert index.wajib_terlewat == ()


def test_the_plan_page_shows_the_mandatory_training_left_out(tiny: Tiny) -> None:
    s = Skenario.objects.create(cycle=tiny.cycle, nama="Hanya e-learning", hanya_bentuk=["NKL03"])
    plan = plan_optimise(cycle=tiny.cycle, skenario=s, options=SolveOptions(time_limit=10), marginal=False)
    assert plan is not None
    assert plan.wajib_terlewat == [{"kode": "LATSAR", "judul": "LATSAR", "pegawai": 1}]
    assert not plan.items.filter(kegiatan=tiny.latsar).exists()
    user = User.objects.create_user(username="analis")
    user.groups.add(Group.objects.get(name=Role.BKPSDM.value))
    client = Client()
    client.force_login(user)
    page = client.get(f"/rencana/plan/{plan.pk}/").content.decode()
    assert "leave out mandatory training" in page
    assert "LATSAR LATSAR: mandatory for 1 employee<" in page
    base = plan_optimise(cycle=tiny.cycle, options=SolveOptions(time_limit=10), marginal=False)
    assert base is not None and base.wajib_terlewat == []
    assert "leave out mandatory training" not in client.get(f"/rencana/plan/{base.pk}/").content.decode()
