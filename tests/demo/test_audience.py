"""The synthetic city reads sensibly to a Kepala OPD: every position has its job family, each field's courses
are for that field, and the optimised plan puts nobody outside an activity's target audience."""

from __future__ import annotations

import json
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command

from sibina.catalogue.models import Kegiatan
from sibina.people.models import Jabatan, Pegawai
from sibina.planning.models import PlanCycle, SolverRun
from sibina.planning.services import plan_optimise

pytestmark = pytest.mark.django_db


def test_every_position_has_a_job_family_that_fits_its_holders(city: list[Pegawai]) -> None:
    assert not Jabatan.objects.filter(rumpun="").exists()
    teachers = [p for p in city if p.jabatan and p.jabatan.nama.startswith("Guru")]
    nurses = [p for p in city if p.jabatan and p.jabatan.nama.startswith(("Perawat", "Bidan"))]
    assert teachers and nurses
    assert {p.jabatan.rumpun for p in teachers if p.jabatan} == {"PENDIDIKAN"}
    assert {p.jabatan.rumpun for p in nurses if p.jabatan} == {"KESEHATAN"}
    families = Counter(p.jabatan.rumpun for p in city if p.jabatan)
    assert {"STRUKTURAL", "PENDIDIKAN", "KESEHATAN", "ADMINISTRASI"} <= set(families)


def test_field_courses_target_their_field(city: list[Pegawai]) -> None:
    catalogue = {k.kode: k for k in Kegiatan.objects.filter(instansi__kode="1275")}
    assert {tuple(k.sasaran_rumpun) for c, k in catalogue.items() if c.startswith("KES-")} <= {("KESEHATAN",)}
    assert {tuple(k.sasaran_rumpun) for c, k in catalogue.items() if c.startswith("PEN-")} == {
        ("PENDIDIKAN",)
    }
    assert catalogue["KES-05"].sasaran_jenis_unit == ["PUSKESMAS"]
    assert catalogue["KEU-PB"].sasaran_opd == ["BPKPAD"]
    assert catalogue["HUK-BTK"].sasaran_rumpun == ["KETERTIBAN"]
    assert catalogue["COA-01"].oleh_atasan and catalogue["COA-01"].untuk_semua
    assert catalogue["MAN-01"].untuk_semua  # managerial courses stay open (their level rules apply)


def test_the_optimised_plan_keeps_everyone_inside_the_audiences(city: list[Pegawai]) -> None:
    cycle = PlanCycle.objects.get(instansi__kode="1275", tahun=2027)
    plan = plan_optimise(cycle=cycle, marginal=False)
    assert plan is not None
    out = StringIO()
    call_command("plan", "export", "--year", "2027", stdout=out)
    data = json.loads(out.getvalue())
    rows = data["assignments"]
    assert len(rows) == plan.items.count() > 100
    assert [r for r in rows if r["tidak_memenuhi"] is not None] == []
    for r in rows:  # checked again from the file alone, as an outsider would
        s = r["sasaran"]
        assert not s["rumpun"] or r["rumpun_jabatan"] in s["rumpun"]
        assert not s["jenis_unit"] or r["jenis_unit"] in s["jenis_unit"]
        assert not s["opd"] or r["opd"] in s["opd"]
        assert not s["jabatan"] or any(r["jabatan"].lower().startswith(j.lower()) for j in s["jabatan"])
    teachers_in_health = [
        r for r in rows if r["rumpun_jabatan"] == "PENDIDIKAN" and r["kegiatan"].startswith("KES-")
    ]
    health_in_teaching = [
        r for r in rows if r["rumpun_jabatan"] == "KESEHATAN" and r["kegiatan"].startswith("PEN-")
    ]
    assert (teachers_in_health, health_in_teaching) == ([], [])
    assert {r["rumpun_jabatan"] for r in rows if r["kegiatan"].startswith("PEN-")} == {"PENDIDIKAN"}
    run = SolverRun.objects.get(pk=plan.solver_run_id)
    pairs = run.parameters["pairs"]
    assert 0 < pairs["offered"] < pairs["allowed"]
    assert data["run"]["pairs"] == pairs
    assert str(pairs["offered"]) in data["run"]["bound_covers"]
