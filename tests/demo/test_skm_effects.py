"""The demo's known true program effects and the verdicts `sibina evaluate` reaches on them.

Two seeds (the module's city, seed 11, and its SKM stage rebuilt with seed 12): programs built with a true effect
get Perluas or Lanjutkan with a positive estimate, programs without one never get Perluas. Deterministic per seed.
"""

from __future__ import annotations

import io
import json

from django.core.management import call_command

from sibina.audit.models import AuditEvent
from sibina.demo.context import DemoContext
from sibina.demo.skm import build_skm, reset_skm
from sibina.demo.skm_effects import EFFECTS, truth
from sibina.evaluation import effects
from sibina.evaluation.models import EfekProgram, EfekSintetis, EvaluasiRun
from sibina.people.models import Instansi, Pegawai, RiwayatPengembangan, UnitKerja

from .conftest import SEED


def _json(*args: str, **options: object) -> list[dict[str, object]]:
    out = io.StringIO()
    call_command(*args, stdout=out, **options)
    found = json.loads(out.getvalue())
    assert isinstance(found, list)
    return found


def _check(estimates: dict[str, tuple[float, str]], true: dict[str, float]) -> None:
    assert len(true) == len(EFFECTS)
    for kode, effect in true.items():
        estimate, verdict = estimates[kode]
        if effect > 0:
            assert verdict in ("PERLUAS", "LANJUTKAN"), (kode, effect, estimate, verdict)
            assert estimate > 0, (kode, effect, estimate)
        else:
            assert verdict != "PERLUAS", (kode, effect, estimate, verdict)


def test_truth_and_the_evaluate_command_agree_on_the_demo_city(city: list[Pegawai]) -> None:
    true = {str(r["program"]): float(str(r["effect"])) for r in _json("demo", "truth", json=True)}
    assert sorted(true.values()) == [0.0, 0.0, 0.0, 2.5, 4.0]
    found = _json("evaluate", year=2027, json=True)
    assert {"program", "estimate", "ci_low", "ci_high", "n_treated", "n_control", "verdict"} <= set(found[0])
    assert all(r["verdict"] in ("PERLUAS", "LANJUTKAN", "TINJAU_ULANG", "DATA_KURANG") for r in found)
    by_code = {str(r["program"]): r for r in found}
    _check({k: (float(str(r["estimate"])), str(r["verdict"])) for k, r in by_code.items()}, true)
    for kode in true:
        r = by_code[kode]
        assert float(str(r["ci_low"])) < float(str(r["estimate"])) < float(str(r["ci_high"]))
        assert int(str(r["n_treated"])) >= 3 and int(str(r["n_control"])) >= 5
    # Stored per year with the three outcomes, the run audited.
    assert EfekProgram.objects.filter(tahun=2027, hasil="U6").count() == len(found)
    run = EvaluasiRun.objects.get()
    assert run.status == "DONE" and len(run.inputs_hash) == 64
    assert AuditEvent.objects.filter(aksi="evaluation.efek").count() == 1


def test_a_second_seed_reaches_the_same_kind_of_verdicts(city: list[Pegawai]) -> None:
    instansi = Instansi.objects.get(kode="1275")
    ctx = DemoContext(seed=SEED + 1, size=400, verbosity=0)
    ctx.instansi = instansi
    ctx.units = {u.kode: u for u in UnitKerja.objects.filter(instansi=instansi)}
    titles = list(EfekSintetis.objects.values_list("kegiatan__judul", flat=True))
    written = RiwayatPengembangan.objects.filter(penyelenggara="BKPSDM Kota Binjai", nama_kegiatan__in=titles)
    assert written.exists()
    reset_skm()
    assert not EfekSintetis.objects.exists()
    assert not written.exists()
    build_skm(ctx)
    true = {str(r["program"]): float(str(r["effect"])) for r in truth()}
    found, _ = effects.compute(instansi=instansi, tahun=2027, only=(EfekProgram.Hasil.IKM,))
    _check({h.kode: (h.est.estimate or 0.0, h.verdict) for h in found}, true)


def test_truth_without_a_demo_says_so(db: None) -> None:
    out = io.StringIO()
    EfekSintetis.objects.all().delete()
    call_command("demo", "truth", stdout=out)
    assert "No true program effects" in out.getvalue()
