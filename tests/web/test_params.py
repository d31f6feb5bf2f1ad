"""Strict parameter parsing (``sibina.web.params``) and the pages that were answering junk with a 500: junk is now a
400 whose message names the parameter, nothing changes, and the role check still comes first."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import QueryDict
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from tests.approvals.conftest import Actors, actors, base_plan  # noqa: F401  (fixture re-export)
from tests.planning.conftest import Tiny, tiny  # noqa: F401  (fixture re-export)
from tests.web.conftest import role_client

from sibina.approvals import decisions, services
from sibina.approvals.models import Keputusan, Persetujuan
from sibina.people.models import Instansi
from sibina.planning.models import Plan, PlanItem
from sibina.roles import Role
from sibina.web import params
from sibina.web.periods import current_year

# --- the readers ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw", ["", "abc", "²", "١٢", "٣", "-1", " 7", "7 ", "1_0", "1.0", "1e3", "+5", "9" * 19, "\x00"]
)
def test_only_ascii_digits_are_a_whole_number(raw: str) -> None:
    with pytest.raises(params.BadParameter) as caught:
        params.parse_int(raw, "unit")
    assert caught.value.name == "unit"
    assert str(caught.value) == "The parameter “unit” must be a whole number."


def test_a_whole_number_within_bounds() -> None:
    assert params.parse_int("007", "page") == 7
    assert params.parse_int("9" * 18, "id") == 999_999_999_999_999_999
    with pytest.raises(params.BadParameter, match="“tahun” must be a whole number from 2016 to 2026"):
        params.parse_int("2027", "tahun", min_value=2016, max_value=2026)
    with pytest.raises(params.BadParameter, match="“menit” must be a whole number of at least 5"):
        params.parse_int("4", "menit", min_value=5)


def test_readers_of_a_query() -> None:
    q = QueryDict("plan=12&tahun=2024&blank=&aktif=0&q=ok&d=2026-11-30")
    assert params.integer(q, "plan") == 12
    assert params.optional_integer(q, "blank") is None
    assert params.optional_integer(q, "absent") is None
    assert params.year(q, "tahun", default=2026, first=2016, last=2026) == 2024
    assert params.year(q, "blank", default=2026, first=2016, last=2026) == 2026
    assert params.choice(q, "aktif", {"1", "0", "semua"}, default="1") == "0"
    assert params.choice(q, "absent", {"1", "0"}, default="1") == "1"
    assert params.text(q, "q") == "ok"
    assert params.text(q, "absent") == ""
    assert params.date(q, "d") == dt.date(2026, 11, 30)
    assert params.optional_date(q, "blank") is None
    with pytest.raises(params.BadParameter, match=r"^The parameter “plan” is required\.$"):
        params.integer(QueryDict("plan="), "plan")
    with pytest.raises(params.BadParameter, match=r"^The parameter “aktif” must be one of: 0, 1, semua\.$"):
        params.choice(QueryDict("aktif=ya"), "aktif", {"1", "0", "semua"}, default="1")


@pytest.mark.parametrize(
    "raw", ["30-11-2026", "2026-13-01", "2026-02-30", "2026-11-3", "２０２６-11-30", "x" * 99]
)
def test_a_date_is_written_as_yyyy_mm_dd(raw: str) -> None:
    with pytest.raises(
        params.BadParameter, match=r"^The parameter “batas” must be a date written as YYYY-MM-DD\.$"
    ):
        params.parse_date(raw, "batas")


def test_text_without_nul_and_within_its_length() -> None:
    assert params.parse_text("Rahmat ✓", "q") == "Rahmat ✓"
    with pytest.raises(params.BadParameter, match="“q” contains a character that is not allowed"):
        params.parse_text("a\x00b", "q")
    with pytest.raises(params.BadParameter, match="“nomor” is too long: at most 100 characters"):
        params.parse_text("x" * 101, "nomor", max_length=100)


# --- the pages that gave 500 -----------------------------------------------------------------------------------


def _client(user: object) -> Client:
    c = Client()
    c.force_login(user)  # type: ignore[arg-type]
    return c


def _bad_request(response: object, parameter: str) -> str:
    """The app's own 400 page naming the parameter."""
    assert response.status_code == 400  # type: ignore[attr-defined]
    body = response.content.decode()  # type: ignore[attr-defined]
    assert 'id="bad-request"' in body and 'class="topbar"' in body
    assert f"The parameter “{parameter}”" in body
    return body


@pytest.mark.parametrize("plan", ["abc", "²", "9" * 30, ""])
def test_starting_an_approval_with_junk_for_the_plan_is_400(tiny: Tiny, actors: Actors, plan: str) -> None:  # noqa: F811
    url = reverse("web:approval_start", args=[tiny.cycle.tahun])
    r = _client(actors.bkpsdm).post(url, {"plan": plan, "instansi": tiny.instansi.kode})
    _bad_request(r, "plan")
    assert Persetujuan.objects.count() == 0


def test_starting_an_approval_without_a_plan_is_400(tiny: Tiny, actors: Actors) -> None:  # noqa: F811
    r = _client(actors.bkpsdm).post(reverse("web:approval_start", args=[tiny.cycle.tahun]))
    assert "The parameter “plan” is required." in _bad_request(r, "plan")
    assert Persetujuan.objects.count() == 0


@pytest.mark.parametrize("keputusan", ["abc", "²", ""])
def test_withdrawing_a_decision_named_by_junk_is_400(
    actors: Actors,  # noqa: F811
    base_plan: Plan,  # noqa: F811
    keputusan: str,
) -> None:
    p = services.persetujuan_start(plan=base_plan, by=actors.bkpsdm)
    services.persetujuan_send(
        persetujuan=p, by=actors.bkpsdm, version=p.version, batas=timezone.localdate() + dt.timedelta(days=3)
    )
    review = p.reviews.get(unit__kode="DINKES")
    item = PlanItem.objects.filter(plan=base_plan, pegawai__unit__kode="DINKES").first()
    assert item is not None
    kept = decisions.item_decide(
        review=review, item=item, by=actors.kepala, version=item.version, jenis="KUNCI"
    )
    url = reverse("web:approval_review_withdraw", args=[review.pk])
    _bad_request(_client(actors.kepala).post(url, {"keputusan": keputusan}), "keputusan")
    assert list(Keputusan.objects.values_list("pk", flat=True)) == [kept.pk]


@pytest.mark.parametrize(
    ("url", "parameter"), [("/pimpinan/?unit=²", "unit"), ("/pimpinan/keterlibatan/?tahun=²", "tahun")]
)
def test_leader_pages_answer_unicode_digits_with_400(binjai: Instansi, url: str, parameter: str) -> None:
    _bad_request(role_client(Role.BKPSDM).get(url), parameter)


def test_a_year_the_engagement_page_does_not_offer_is_400(binjai: Instansi) -> None:
    client = role_client(Role.BKPSDM)
    assert client.get(f"/pimpinan/keterlibatan/?tahun={current_year()}").status_code == 200
    body = _bad_request(client.get(f"/pimpinan/keterlibatan/?tahun={current_year() + 1}"), "tahun")
    assert f"from {current_year() - 10} to {current_year()}" in body


@pytest.mark.parametrize("role", [Role.PEGAWAI, None])
def test_the_role_check_comes_before_the_parameters(binjai: Instansi, role: Role | None) -> None:
    for url in ("/pimpinan/?unit=²", "/pimpinan/keterlibatan/?tahun=²"):
        assert role_client(role).get(url).status_code == 403


def test_a_nul_in_a_nip_is_400_not_a_database_error(binjai: Instansi) -> None:
    # PostgreSQL refuses a NUL in a text value: without the check this was a 500 there.
    client = role_client(Role.BKPSDM)
    for url in ("/pegawai/%00/", "/rencana/pegawai/%00/"):
        _bad_request(client.get(url), "nip")
