"""The whole approval walked in a browser on the synthetic city: BKPSDM sends the plan, the head of Dinkes locks
and excludes and approves, the head of Disdik returns it with a comment, BKPSDM follows up the comment and consolidates by re-optimising (nothing changes outside the employees the
decisions touch), the PPK sets it by decree (not without a reason while parts are unreviewed). The set plan must
honour the lock, the exclusion and the comment."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db.models import Count
from pytest_django.fixtures import Settings as SettingsWrapper

from sibina.approvals.models import Keputusan, Persetujuan, ReviewOpd
from sibina.approvals.tasks import consolidate
from sibina.catalogue.models import AturanWajib
from sibina.optimiser import SolveOptions
from sibina.people.scope import scope_for
from sibina.planning.models import PlanCycle, PlanItem, SolverRun
from sibina.planning.services import plan_optimise
from tests.browser.conftest import login

# serialized_rollback: the flush at the end then leaves the migrated reference data to be restored for the
# transactional tests after this one (without it, the flush re-creates the role groups and the restore collides).
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _review_item(username: str) -> PlanItem:
    """Items of this head's OPD that no rule makes mandatory (a mandatory one cannot be excluded), of activities
    without a minimum class size, so excluding one never leaves a class too small to run (that case, which widens
    the consolidation, is tests/approvals/test_workflow.py's)."""
    opd = scope_for(User.objects.get(username=username)).opd
    assert opd is not None
    p = Persetujuan.objects.get()
    mandatory = AturanWajib.objects.values_list("kegiatan_id", flat=True)
    return (
        PlanItem.objects.filter(plan=p.plan, pegawai__unit__path__startswith=opd.path)
        .exclude(kegiatan_id__in=mandatory)
        .filter(kegiatan__min_peserta__lte=1)
        .select_related("pegawai", "kegiatan")
        .order_by("pegawai__nip", "kegiatan__kode")[0:2]
    )


def test_bkpsdm_sends_opds_review_bkpsdm_consolidates_ppk_sets(
    live_server: Any, browser: Any, settings: SettingsWrapper
) -> None:
    # The test plays the job worker: the consolidation queued by the browser is run here, as Celery would.
    settings.SIBINA_JOBS = "queued"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("demo", size=400, seed=11, verbosity=0)
    cycle = PlanCycle.objects.get()
    assert plan_optimise(cycle=cycle, options=SolveOptions(time_limit=60), marginal=False) is not None
    base = live_server.url

    # BKPSDM puts the plan up for approval and sends it to the OPDs.
    admin = login(browser, base, "admin.bkpsdm")
    admin.goto(f"{base}/persetujuan/")
    admin.click("button[name=start]")
    admin.click("button[name=send]")
    p = Persetujuan.objects.get()
    assert p.tahap == "DIKIRIM" and p.reviews.count() >= 2

    # The head of Dinkes locks one assignment, excludes another, and approves.
    keep, drop = _review_item("kepala.dinkes")
    dinkes = login(browser, base, "kepala.dinkes")
    dinkes.goto(f"{base}/persetujuan/")
    dinkes.click("#my-review")
    review_url = dinkes.url.split("?")[0]
    for item, action in ((keep, "KUNCI"), (drop, "KECUALI")):
        dinkes.goto(f"{review_url}?q={item.pegawai.nip}")
        row = dinkes.locator(f"tr[data-item='{item.pk}']")
        row.locator(f"button[name=jenis][value={action}]").click()
        dinkes.wait_for_load_state()
        assert dinkes.locator(f"tr[data-item='{item.pk}'] .badge").count() == 1
    dinkes.fill("#komentar", "Sudah sesuai kebutuhan puskesmas.")
    dinkes.click("button[name=keputusan][value=setuju]")
    dinkes.wait_for_load_state()
    # Approving first shows the summary of the part and the decisions, and asks to confirm.
    assert dinkes.locator("#sum-locks").inner_text().strip() == "1"
    assert dinkes.locator("#sum-exclusions").inner_text().strip().startswith("1")
    assert ReviewOpd.objects.get(unit__kode="DINKES").status == "MENUNGGU"
    dinkes.click("button[name=confirm]")
    dinkes.wait_for_load_state()

    # The head of Disdik returns the plan with a comment.
    disdik = login(browser, base, "kepala.disdik")
    disdik.goto(f"{base}/persetujuan/")
    disdik.click("#my-review")
    disdik.fill("#komentar", "Kuota guru untuk PKB perlu ditambah.")
    disdik.click("button[name=keputusan][value=kembali]")
    disdik.wait_for_load_state()
    statuses = dict(ReviewOpd.objects.values_list("unit__kode", "status"))
    assert (statuses["DINKES"], statuses["DISDIK"]) == ("DISETUJUI", "DIKEMBALIKAN")

    # BKPSDM cannot consolidate before following up Disdik's comment: it excludes, for Disdik's teachers, the
    # activity they are most often planned for, as the comment asks.
    admin.goto(f"{base}/persetujuan/")
    assert admin.locator("#follow-ups-open").count() == 1
    disdik_review = ReviewOpd.objects.get(unit__kode="DISDIK")
    top = (
        PlanItem.objects.filter(
            plan=p.plan,
            pegawai__unit__path__startswith=disdik_review.unit.path,
            pegawai__jabatan__rumpun="PENDIDIKAN",
            kegiatan__min_peserta__lte=1,  # as above: no class left too small by the exclusion
        )
        .values("kegiatan_id")
        .annotate(n=Count("id"))
        .order_by("-n", "kegiatan_id")
        .first()
    )
    assert top is not None
    form = admin.locator("#follow-up-DISDIK form")
    form.locator("select[name=kegiatan]").select_option(str(top["kegiatan_id"]))
    form.locator("select[name=rumpun]").select_option("PENDIDIKAN")
    form.locator("textarea[name=tindak_lanjut]").fill("Kegiatan ini dikecualikan untuk guru sesuai komentar.")
    form.locator("button[name=follow_up]").click()
    admin.wait_for_load_state()
    assert admin.locator("#follow-ups-open").count() == 0
    follow_ups = set(Keputusan.objects.filter(tindak_lanjut=True).values_list("pegawai_id", "kegiatan_id"))
    assert follow_ups and {k for _p, k in follow_ups} == {top["kegiatan_id"]}

    # BKPSDM consolidates (the other OPDs have not answered: it does so explicitly) and sees what changed.
    before = set(
        PlanItem.objects.filter(plan=p.plan).values_list("pegawai_id", "kegiatan_id", "kelas", "triwulan")
    )
    admin.check("input[name=force]")
    admin.click("button[name=consolidate]")
    admin.wait_for_load_state()
    run = SolverRun.objects.get(parameters__persetujuan=p.pk)
    assert run.status == "QUEUED"
    run = consolidate.run(run.pk)
    assert run.status == "DONE", run.pesan
    admin.reload()
    assert admin.locator(".progress-bar, .badge").count() >= 1
    admin.goto(f"{base}/persetujuan/")
    admin.click("#diff-link")
    assert admin.locator("#diff-summary li").count() >= 1
    p.refresh_from_db()
    assert p.tahap == "KONSOLIDASI"
    # Stable: outside the employees the decisions touch nothing changed, not even a class or a quarter.
    after = set(
        PlanItem.objects.filter(plan=p.plan).values_list("pegawai_id", "kegiatan_id", "kelas", "triwulan")
    )
    touched = {keep.pegawai_id, drop.pegawai_id} | {e for e, _k in follow_ups}
    elsewhere = {row for row in before ^ after if row[0] not in touched}
    assert len(elsewhere) == 0, (run.parameters.get("stabil"), sorted(elsewhere)[:10])
    assert run.parameters["stabil"]["percobaan"] == 1
    assert not follow_ups & {(e, k) for e, k, _c, _t in after}  # Disdik's comment honoured
    assert (
        ReviewOpd.objects.get(unit__kode="DINKES").status == "DISETUJUI"
    )  # its part changed only as it asked

    # The PPK sets the plan by decree; it is frozen.
    ppk = login(browser, base, "ppk")
    ppk.goto(f"{base}/persetujuan/")
    # What is being set: Dinkes approved, Disdik returned, the others not reviewed; setting needs a reason.
    coverage = ppk.locator("#coverage").inner_text()
    assert "1 " in coverage and ppk.locator("#coverage-open li").count() == p.reviews.count() - 1
    assert ppk.locator("#decree-ceilings tbody tr").count() >= 1
    ppk.fill("#nomor", "800/1234/BKPSDM/2026")
    # Without the reason the server refuses too (the browser's own "required" check taken away).
    ppk.evaluate("document.querySelector('#alasan_tanpa_telaah').removeAttribute('required')")
    ppk.click("button[name=set]")
    ppk.wait_for_load_state()
    assert ppk.locator(".message-error").count() == 1
    assert Persetujuan.objects.get().tahap == "KONSOLIDASI"
    ppk.fill("#nomor", "800/1234/BKPSDM/2026")
    ppk.fill("#alasan_tanpa_telaah", "Tenggat penetapan APBD; OPD lain menyusul lewat amandemen.")
    ppk.click("button[name=set]")
    ppk.wait_for_load_state()
    assert "800/1234/BKPSDM/2026" in ppk.locator("#decree").inner_text()
    assert "Tenggat penetapan APBD" in ppk.locator("#decree-override").inner_text()
    # Every plan page now shows the decree, and the plan year offers only an amendment, not an optimisation.
    admin.goto(f"{base}/rencana/")
    assert "800/1234/BKPSDM/2026" in admin.locator("#decree-banner").inner_text()
    assert admin.locator("#amend-link").count() == 1
    assert admin.locator("form[action*='optimasi'], form[action*='optimise']").count() == 0

    p.refresh_from_db()
    assert (p.tahap, p.nomor_keputusan) == ("DITETAPKAN", "800/1234/BKPSDM/2026")
    final = set(PlanItem.objects.filter(plan=p.plan).values_list("pegawai_id", "kegiatan_id"))
    assert (keep.pegawai_id, keep.kegiatan_id) in final
    assert (drop.pegawai_id, drop.kegiatan_id) not in final
    assert set(Keputusan.objects.values_list("jenis", flat=True)) == {"KUNCI", "KECUALI"}
    assert not follow_ups & final
