"""A guarded decree: the PPK sees what is being set, cannot set with reviews missing or returned without a written
reason (recorded on the approval, in the audit trail and on the plan pages), and a set plan is not offered for
optimising again, only for amendment."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sibina.approvals import decisions, selectors, services
from sibina.approvals.models import Persetujuan, ReviewOpd
from sibina.audit.models import AuditEvent
from sibina.planning.models import Plan
from tests.approvals.conftest import Actors
from tests.planning.conftest import Tiny


def today() -> dt.date:
    """Today in Binjai, read when asked: a module-level constant went stale when a run crossed midnight in
    Asia/Jakarta (17:00 UTC) and the services refused deadlines "in the past"."""
    return timezone.localdate()


def _client(user: object) -> Client:
    c = Client()
    c.force_login(user)  # type: ignore[arg-type]
    return c


def _consolidated(plan: Plan, actors: Actors, *, approve: tuple[str, ...] = ()) -> Persetujuan:
    """Sent to both OPDs; the heads of ``approve`` approve; adopted as consolidated (the same plan)."""
    p = services.persetujuan_start(plan=plan, by=actors.bkpsdm)
    services.persetujuan_send(
        persetujuan=p, by=actors.bkpsdm, version=p.version, batas=today() + dt.timedelta(days=7)
    )
    heads = {"DINKES": actors.kepala, "DISDIK": actors.kepala_other}
    for kode in approve:
        review = p.reviews.get(unit__kode=kode)
        decisions.review_decide(
            review=review, by=heads[kode], version=review.version, setuju=True, komentar=""
        )
    p.refresh_from_db()
    return services.persetujuan_consolidated(persetujuan=p, plan=plan, by=actors.bkpsdm)


def test_setting_with_a_review_missing_needs_a_written_reason(
    tiny: Tiny, actors: Actors, base_plan: Plan
) -> None:
    p = _consolidated(base_plan, actors, approve=("DINKES",))  # Disdik has not reviewed
    version = p.version
    for reason in ("", "   "):
        with pytest.raises(ValidationError) as refused:
            services.persetujuan_set(
                persetujuan=p,
                by=actors.ppk,
                version=version,
                nomor="800/1/2027",
                tanggal=today(),
                alasan_tanpa_telaah=reason,
            )
        assert "alasan_tanpa_telaah" in refused.value.message_dict
        assert "1 OPD reviews" in refused.value.message_dict["alasan_tanpa_telaah"][0]
    p.refresh_from_db()
    assert (p.tahap, p.version, p.nomor_keputusan, p.telaah_terbuka) == ("KONSOLIDASI", version, "", 0)
    assert not AuditEvent.objects.filter(aksi="approval.set").exists()

    services.persetujuan_set(
        persetujuan=p,
        by=actors.ppk,
        version=version,
        nomor="800/1/2027",
        tanggal=today(),
        alasan_tanpa_telaah="  Batas waktu APBD; Disdik menyusul.  ",
    )
    p.refresh_from_db()
    assert (p.tahap, p.telaah_terbuka, p.alasan_tanpa_telaah) == (
        "DITETAPKAN",
        1,
        "Batas waktu APBD; Disdik menyusul.",
    )
    event = AuditEvent.objects.get(aksi="approval.set")
    assert event.sesudah["telaah_terbuka"] == 1
    assert event.sesudah["alasan_tanpa_telaah"] == "Batas waktu APBD; Disdik menyusul."
    assert "Disdik menyusul" in event.keterangan


def test_a_returned_review_also_needs_the_override(tiny: Tiny, actors: Actors, base_plan: Plan) -> None:
    p = services.persetujuan_start(plan=base_plan, by=actors.bkpsdm)
    services.persetujuan_send(persetujuan=p, by=actors.bkpsdm, version=p.version, batas=today())
    dinkes, disdik = p.reviews.get(unit__kode="DINKES"), p.reviews.get(unit__kode="DISDIK")
    decisions.review_decide(review=dinkes, by=actors.kepala, version=dinkes.version, setuju=True, komentar="")
    decisions.review_decide(
        review=disdik, by=actors.kepala_other, version=disdik.version, setuju=False, komentar="Kurang guru"
    )
    p.refresh_from_db()
    p = services.persetujuan_consolidated(persetujuan=p, plan=base_plan, by=actors.bkpsdm)
    with pytest.raises(ValidationError):
        services.persetujuan_set(persetujuan=p, by=actors.ppk, version=p.version, nomor="1", tanggal=today())
    p.refresh_from_db()
    assert p.tahap == "KONSOLIDASI"


def test_every_review_approved_needs_no_reason_and_records_none(
    tiny: Tiny, actors: Actors, base_plan: Plan
) -> None:
    p = _consolidated(base_plan, actors, approve=("DINKES", "DISDIK"))
    services.persetujuan_set(
        persetujuan=p, by=actors.ppk, version=p.version, nomor="1", tanggal=today(), alasan_tanpa_telaah="x"
    )
    p.refresh_from_db()
    assert (p.tahap, p.telaah_terbuka, p.alasan_tanpa_telaah) == ("DITETAPKAN", 0, "")


def test_summary_counts_coverage_cost_jp_and_gaps(tiny: Tiny, actors: Actors, base_plan: Plan) -> None:
    p = _consolidated(base_plan, actors, approve=("DINKES",))
    s = selectors.decree_summary(persetujuan=p)
    assert [r.unit.kode for r in s.coverage.approved] == ["DINKES"]
    assert [r.unit.kode for r in s.coverage.not_reviewed] == ["DISDIK"]
    assert (s.coverage.returned, s.coverage.open) == ([], 1)
    assert s.cost == base_plan.biaya_total
    assert (s.capai_jp, s.wajib_jp) == (base_plan.pegawai_20jp, base_plan.pegawai_wajib_jp)
    assert [c.anggaran.sumber for c in s.ceilings] == ["BKPSDM"]
    assert s.ceilings[0].batas == 13_000_000
    assert len(s.gaps) == min(base_plan.tak_terlayani.count(), selectors.GAPS_SHOWN)
    assert [g.need.gap_sisa for g in s.gaps] == sorted((g.need.gap_sisa for g in s.gaps), reverse=True)
    assert s.gaps and all(g.kompetensi != g.need.kompetensi for g in s.gaps)  # a name, not the code


def test_ppk_page_shows_the_summary_and_refuses_without_reason(
    tiny: Tiny, actors: Actors, base_plan: Plan
) -> None:
    p = _consolidated(base_plan, actors, approve=("DINKES",))
    url = f"{reverse('web:approval_cycle', args=[2027])}?instansi={tiny.instansi.kode}"
    page = _client(actors.ppk).get(url).content.decode()
    assert 'id="decree-summary"' in page and 'id="alasan_tanpa_telaah"' in page
    assert "1 approved" in page and "1 not reviewed" in page and "0 returned" in page
    # Other roles do not get the PPK's form; the Kepala OPD does not get the city-wide summary.
    assert 'id="alasan_tanpa_telaah"' not in _client(actors.bkpsdm).get(url).content.decode()
    assert 'id="decree-summary"' not in _client(actors.kepala).get(url).content.decode()

    set_url = reverse("web:approval_set", args=[p.pk])
    r = _client(actors.ppk).post(
        set_url, {"version": p.version, "nomor": "800/9/2027", "tanggal": today().isoformat()}, follow=True
    )
    assert "write the reason" in r.content.decode()
    p.refresh_from_db()
    assert (p.tahap, p.nomor_keputusan) == ("KONSOLIDASI", "")

    _client(actors.ppk).post(
        set_url,
        {
            "version": p.version,
            "nomor": "800/9/2027",
            "tanggal": today().isoformat(),
            "alasan_tanpa_telaah": "Tenggat APBD",
        },
    )
    p.refresh_from_db()
    assert (p.tahap, p.alasan_tanpa_telaah) == ("DITETAPKAN", "Tenggat APBD")
    page = _client(actors.auditor).get(url).content.decode()
    assert 'id="decree-override"' in page and "Tenggat APBD" in page


def test_after_setting_plan_pages_show_the_decree_and_offer_only_amend(
    tiny: Tiny, actors: Actors, base_plan: Plan
) -> None:
    cycle_url = f"{reverse('web:plan_cycle', args=[2027])}?instansi={tiny.instansi.kode}"
    before = _client(actors.bkpsdm).get(cycle_url).content.decode()
    assert reverse("web:plan_optimise", args=[2027]) in before and 'id="decree-banner"' not in before

    p = _consolidated(base_plan, actors, approve=("DINKES", "DISDIK"))
    services.persetujuan_set(
        persetujuan=p, by=actors.ppk, version=p.version, nomor="800/7/2027", tanggal=today()
    )
    after = _client(actors.bkpsdm).get(cycle_url).content.decode()
    assert reverse("web:plan_optimise", args=[2027]) not in after
    assert 'id="optimise-closed"' in after and 'id="amend-link"' in after
    assert 'id="decree-banner"' in after and "800/7/2027" in after
    for name, args in (
        ("web:plan_detail", [base_plan.pk]),
        ("web:approval_diff", [p.pk]),
        ("web:approval_review", [p.reviews.get(unit__kode="DINKES").pk]),
    ):
        page = _client(actors.auditor).get(reverse(name, args=args)).content.decode()
        assert 'id="decree-banner"' in page and "800/7/2027" in page, name

    # An amendment open: the set version still stands on the pages, and optimising is still not offered.
    services.persetujuan_amend(persetujuan=p, by=actors.bkpsdm, version=p.version + 0, alasan="Refocusing")
    during = _client(actors.bkpsdm).get(cycle_url).content.decode()
    assert 'id="optimise-closed"' in during and "800/7/2027" in during
    assert ReviewOpd.objects.filter(persetujuan=p).count() == 2


def test_a_set_plan_is_refused_a_new_optimisation_by_service_page_and_command(
    tiny: Tiny, actors: Actors, base_plan: Plan
) -> None:
    from django.core.management import CommandError, call_command

    from sibina.optimiser import SolveOptions
    from sibina.planning.models import Skenario, SolverRun
    from sibina.planning.services import plan_optimise_start

    p = _consolidated(base_plan, actors, approve=("DINKES", "DISDIK"))
    services.persetujuan_set(
        persetujuan=p, by=actors.ppk, version=p.version, nomor="800/9/2027", tanggal=today()
    )
    runs = SolverRun.objects.count()
    cycle = base_plan.cycle

    with pytest.raises(ValidationError) as refused:
        plan_optimise_start(cycle=cycle, skenario=None, by=actors.bkpsdm, options=SolveOptions())
    assert "set by decree 800/9/2027" in refused.value.messages[0]

    url = reverse("web:plan_optimise", args=[2027]) + f"?instansi={tiny.instansi.kode}"
    response = _client(actors.bkpsdm).post(url, {"skenario": "", "time_limit": 30}, follow=True)
    assert response.status_code == 200 and "set by decree 800/9/2027" in response.content.decode()

    with pytest.raises(CommandError, match="set by decree 800/9/2027"):
        call_command("plan", "optimise", "--year", "2027", "--instansi", tiny.instansi.kode, "--lang", "en")
    assert SolverRun.objects.count() == runs
    assert not AuditEvent.objects.filter(aksi="plan.optimise_start").exists()

    # A scenario is a what-if beside the set plan: it may still be solved.
    skenario = Skenario.objects.create(cycle=cycle, nama="Hemat", faktor_anggaran=0.8)
    run = plan_optimise_start(cycle=cycle, skenario=skenario, by=actors.bkpsdm, options=SolveOptions())
    assert run.skenario_id == skenario.pk
