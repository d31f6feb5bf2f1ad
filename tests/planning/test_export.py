"""`sibina plan export`: the plan's assignments with who they are for (default), or the problem (--problem)."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from sibina.planning.services import plan_optimise
from tests.planning.conftest import Tiny


def test_the_plan_export_names_family_unit_type_and_audience(tiny: Tiny, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="no plan for 2027"):
        call_command("plan", "export", "--year", "2027", stdout=StringIO())
    job = tiny.pns[0].jabatan
    assert job is not None
    job.rumpun = "KESEHATAN"
    job.save()
    tiny.course.sasaran_rumpun = ["KESEHATAN"]
    tiny.course.save()
    plan = plan_optimise(cycle=tiny.cycle, marginal=False)
    assert plan is not None
    out = tmp_path / "plan.json"
    call_command("plan", "export", "--year", "2027", "--output", str(out), stdout=StringIO())
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["schema"] == "sibina.plan-assignments/1"
    assert len(data["assignments"]) == plan.items.count()
    course = [r for r in data["assignments"] if r["kegiatan"] == "KURSUS-INT"]
    assert course and {r["rumpun_jabatan"] for r in course} == {"KESEHATAN"}
    first = course[0]
    assert first["sasaran"] == {"rumpun": ["KESEHATAN"], "jenis_unit": [], "jabatan": [], "opd": []}
    assert (first["opd"], first["jenis_unit"], first["tidak_memenuhi"]) == ("DINKES", "OPD", None)
    assert data["run"]["pairs"]["offered"] <= data["run"]["pairs"]["allowed"]
    # Why, as parts and in words (the command's language, Indonesian by default): the course closes M01.
    assert {p["jenis"] for p in first["alasan_data"]} >= {"gap"}
    assert first["alasan"].startswith("Menutup kesenjangan") and "M01" not in first["alasan"]


def test_the_problem_export_stays_available(tiny: Tiny, tmp_path: Path) -> None:
    out = StringIO()
    call_command(
        "plan", "export", "--year", "2027", "--problem", "--output", str(tmp_path / "p.json"), stdout=out
    )
    assert "sha256" in out.getvalue()
    problem = json.loads((tmp_path / "p.json").read_text(encoding="utf-8"))
    assert problem["format"] == "sibina-plan-problem" and len(problem["employees"]) == 5
    call_command(
        "plan", "export", "--year", "2027", "--format", "mps", "--output", str(tmp_path / "p.mps"), stdout=out
    )
    assert (tmp_path / "p.mps").read_text().startswith("NAME")
