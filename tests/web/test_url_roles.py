"""Every URL pattern of ``sibina.web.urls`` × every role (an account with no role and anonymous visitors too),
GET and, for write endpoints, POST, compared with the access table below (the rules: ``sibina.access``).

The patterns are read from the URL conf and their path parameters filled with real objects of a small city, so a
new page fails this test until its rule is written in ``EXPECTED``. Statuses: 200 page, 302 redirect (after a
write, to the login page, or a Kepala OPD to their OPD's part), 400 a form refused, 403 role refused, 404 out of
scope. Every 403/404 here is an attempt on a real object and is logged as ``access.denied``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from django.test import Client
from django.urls import URLPattern, reverse
from tests.module_db import built_once
from tests.web.world import ROLES, YEAR, BigWorld, build_world

from sibina.audit.models import AuditEvent
from sibina.evaluation.models import EvaluasiRun
from sibina.web import urls

OK, MOVED, BAD, FORBID, GONE = 200, 302, 400, 403, 404
W = (MOVED,) * 7  # a write that is taken (or refused with a message) and redirects, for every role
Row = tuple[int, int, int, int, int, int, int]  # bkpsdm, auditor, ppk, kepala, atasan, pegawai, no role

ALL_OK: Row = (OK, OK, OK, OK, OK, OK, FORBID)
WIDE: Row = (OK, OK, OK, FORBID, FORBID, FORBID, FORBID)
BKPSDM_ONLY_MOVED: Row = (MOVED, FORBID, FORBID, FORBID, FORBID, FORBID, FORBID)
UNITS: Row = (OK, OK, OK, OK, FORBID, FORBID, FORBID)
BKPSDM_POST: Row = (MOVED, FORBID, FORBID, FORBID, FORBID, FORBID, FORBID)
KEPALA_POST: Row = (FORBID, FORBID, FORBID, MOVED, FORBID, FORBID, FORBID)

# route name -> method -> expected status per role (ROLES order)
EXPECTED: dict[str, dict[str, Row]] = {
    "home": {"GET": (OK, OK, OK, OK, OK, OK, OK)},
    "notifications": {"GET": (OK, OK, OK, OK, OK, OK, OK)},  # only the account's own
    "pegawai_list": {"GET": ALL_OK},
    "pegawai_detail": {"GET": (OK, OK, OK, OK, GONE, OK, FORBID)},  # the perawat: not the lurah's team
    "unit_tree": {"GET": ALL_OK},
    "batch_list": {"GET": WIDE},
    "import_upload": {
        "GET": (OK, FORBID, FORBID, FORBID, FORBID, FORBID, FORBID),
        "POST": (OK,) + (FORBID,) * 6,
    },
    "batch_detail": {"GET": WIDE},
    "batch_status": {"GET": WIDE},
    "batch_errors_csv": {"GET": WIDE},
    "batch_create_units": {"POST": BKPSDM_POST},  # unticked: a message on the batch page
    "unit_mapping": {
        "GET": (OK, FORBID, FORBID, FORBID, FORBID, FORBID, FORBID),
        "POST": (OK,) + (FORBID,) * 6,  # empty: the form again, with its errors
    },
    "needs_overview": {"GET": (OK, OK, OK, MOVED, FORBID, FORBID, FORBID)},
    "needs_unit": {"GET": UNITS},
    "needs_run": {"POST": BKPSDM_POST},
    "jp_ledger": {"GET": UNITS},
    "usulan": {"GET": ALL_OK, "POST": (BAD, FORBID, FORBID, BAD, BAD, BAD, FORBID)},
    "usulan_atasan": {"GET": ALL_OK},
    "usulan_bkpsdm": {"GET": WIDE},
    "usulan_decide_atasan": {"POST": (GONE, FORBID, FORBID, MOVED, GONE, FORBID, FORBID)},
    "usulan_decide_bkpsdm": {"POST": BKPSDM_POST},
    "catalogue_list": {"GET": ALL_OK},
    "catalogue_export": {"GET": (OK, FORBID, FORBID, FORBID, FORBID, FORBID, FORBID)},
    "catalogue_detail": {"GET": ALL_OK},
    "plan_cycle_current": {"GET": (OK, OK, OK, MOVED, FORBID, FORBID, FORBID)},
    "plan_cycle": {"GET": (OK, OK, OK, MOVED, FORBID, FORBID, FORBID)},
    "plan_optimise": {"POST": BKPSDM_POST},
    "plan_compare": {"GET": UNITS},
    "plan_run": {"GET": WIDE},
    "plan_run_status": {"GET": WIDE},
    "plan_detail": {"GET": (OK, OK, OK, MOVED, FORBID, FORBID, FORBID)},
    "plan_opd": {"GET": UNITS},
    "plan_xlsx": {"GET": UNITS},  # a Kepala OPD gets their OPD's part
    # the plan document: a Kepala OPD their OPD's part; the wide roles are taken to the plan (no OPD named)
    "plan_document_pdf": {"GET": (MOVED, MOVED, MOVED, OK, FORBID, FORBID, FORBID)},
    "plan_document_xlsx": {"GET": (MOVED, MOVED, MOVED, OK, FORBID, FORBID, FORBID)},
    "plan_document_start": {
        "POST": (MOVED, MOVED, MOVED, FORBID, FORBID, FORBID, FORBID)
    },  # a read, as a job
    "document_job": {"GET": WIDE},
    "document_job_status": {"GET": WIDE},
    "document_download": {"GET": WIDE},
    "plan_kegiatan": {"GET": ALL_OK},
    "plan_pegawai": {"GET": (OK, OK, OK, OK, GONE, OK, FORBID)},
    "plan_pegawai_xlsx": {"GET": (OK, OK, OK, OK, GONE, OK, FORBID)},
    "audit_list": {"GET": (OK, OK, FORBID, FORBID, FORBID, FORBID, FORBID)},
    "audit_export": {"GET": (OK, OK, FORBID, FORBID, FORBID, FORBID, FORBID)},
    "approval_current": {"GET": (MOVED,) * 6 + (FORBID,)},
    "approval_cycle": {"GET": ALL_OK},
    "approval_start": {"POST": BKPSDM_POST},
    "approval_send": {"POST": BKPSDM_POST},
    "approval_consolidate": {"POST": BKPSDM_POST},
    "approval_set": {"POST": (FORBID, FORBID, MOVED, FORBID, FORBID, FORBID, FORBID)},
    "approval_amend": {"POST": BKPSDM_POST},
    "approval_diff": {"GET": ALL_OK},
    "approval_diff_xlsx": {"GET": ALL_OK},  # like the page: each reader gets the changes in their scope
    "approval_review": {"GET": UNITS},
    "approval_review_item": {"POST": KEPALA_POST},
    "approval_review_swap": {"POST": KEPALA_POST},
    "approval_review_withdraw": {"POST": KEPALA_POST},
    "approval_review_swap_pick": {"GET": (FORBID, FORBID, FORBID, BAD, FORBID, FORBID, FORBID)},  # no item
    "approval_review_bulk": {"POST": KEPALA_POST},
    "approval_review_decide": {"POST": KEPALA_POST},
    "approval_follow_up": {"POST": BKPSDM_POST},
    "coaching_list": {"GET": ALL_OK},
    "coaching_assign": {"POST": (BAD, FORBID, FORBID, BAD, BAD, FORBID, FORBID)},
    "coaching_log": {"POST": (BAD, FORBID, FORBID, BAD, BAD, BAD, FORBID)},
    "coaching_detail": {"GET": (OK, OK, OK, OK, GONE, OK, FORBID)},
    "coaching_log_detail": {"POST": (BAD, FORBID, FORBID, BAD, GONE, FORBID, FORBID)},
    "coaching_end": {"POST": (BAD, FORBID, FORBID, BAD, GONE, FORBID, FORBID)},
    "delivery_list": {"GET": WIDE},
    "delivery_create": {"POST": BKPSDM_POST},  # the plan is not decreed: a message, nothing opened
    "delivery_team": {"GET": (OK, OK, OK, OK, OK, FORBID, FORBID)},
    "delivery_detail": {"GET": WIDE},
    "delivery_enrol": {"POST": BKPSDM_POST},
    "delivery_invite": {"POST": BKPSDM_POST},
    "delivery_cancel": {"POST": BKPSDM_POST},  # the reason is too short: a message
    "delivery_move": {"POST": BKPSDM_POST},  # no other class: a message
    "delivery_attendance": {"POST": BKPSDM_POST},  # no session chosen: a message
    "delivery_complete": {"POST": BKPSDM_POST},  # no participant chosen: a message
    "delivery_evidence": {"POST": BKPSDM_POST},  # no file: a message
    "delivery_cost": {"POST": BKPSDM_POST},  # cleared
    "delivery_substitute": {"POST": BKPSDM_POST},  # nobody dropped out: a message
    "delivery_absorption": {"GET": UNITS},  # the Kepala OPD: their OPD's part
    "delivery_absorption_download": {"GET": UNITS},
    "my_claim": {"POST": (MOVED, FORBID, FORBID, MOVED, MOVED, MOVED, FORBID)},  # no file: a message
    "claim_queue": {"GET": (OK, OK, OK, OK, OK, FORBID, FORBID)},  # each their people's
    "claim_approve": {"POST": BKPSDM_POST},
    "claim_reject": {"POST": BKPSDM_POST},  # no reason: a message
    "claim_evidence": {"GET": (OK, OK, OK, OK, GONE, OK, FORBID)},  # the perawat's: not the lurah's team
    "evidence_file": {"GET": (OK, OK, OK, OK, GONE, OK, FORBID)},  # the perawat's: not the lurah's team
    "my_evidence": {"POST": (GONE, FORBID, FORBID, GONE, GONE, MOVED, FORBID)},  # no file: a message
    "my_development": {"GET": ALL_OK},  # each their own
    "my_answer": {"POST": (GONE, FORBID, FORBID, GONE, GONE, MOVED, FORBID)},  # the perawat's own invitation
    # The change project: the perawat's own (the e-learning is no leadership class: a message), the kepala mentors.
    "aksi_save": {"POST": (GONE, FORBID, FORBID, GONE, GONE, MOVED, FORBID)},
    "tonggak_add": {"POST": (GONE, FORBID, FORBID, GONE, GONE, MOVED, FORBID)},
    "tonggak_report": {"POST": (GONE, FORBID, FORBID, GONE, GONE, MOVED, FORBID)},
    "aksi_mentor": {"GET": ALL_OK},  # each the projects they mentor
    "tonggak_confirm": {"POST": (GONE, FORBID, FORBID, MOVED, GONE, GONE, FORBID)},
    "kelas_aksi": {"GET": WIDE},
    "leader_dashboard": {"GET": (OK, OK, OK, OK, OK, FORBID, FORBID)},
    "leader_engagement": {"GET": UNITS},
    "skm_list": {"GET": UNITS},
    "skm_unit": {"GET": UNITS},  # Dinas Kesehatan: the kepala's own OPD
    "evaluation_list": {"GET": UNITS},  # a Kepala OPD reads
    "evaluation_run": {
        "POST": BKPSDM_ONLY_MOVED
    },  # a computation (verdicts, next year's SKM factor), as a job
    "evaluation_job": {"GET": WIDE},
    "evaluation_job_status": {"GET": WIDE},
    "kelas_evaluasi": {"GET": WIDE},
    "kelas_tes": {"POST": BKPSDM_POST},  # no participant chosen: a message
    # The perawat's own questionnaire (the class has not ended: a message); anyone else's: not found.
    "reaksi_form": {
        "GET": (GONE, FORBID, FORBID, GONE, GONE, OK, FORBID),
        "POST": (GONE, FORBID, FORBID, GONE, GONE, MOVED, FORBID),
    },
    # The perawat's behaviour: rated by her atasan (the kepala) and herself (not open yet: a message).
    "perilaku_form": {
        "GET": (GONE, FORBID, FORBID, OK, GONE, OK, FORBID),
        "POST": (GONE, FORBID, FORBID, MOVED, GONE, MOVED, FORBID),
    },
    "monitoring": {"GET": UNITS},  # the Kepala OPD: their OPD
    # the big world has no decree: nothing to download, the readers are sent to the page that says so
    "monitoring_download": {"GET": (MOVED, MOVED, MOVED, MOVED, FORBID, FORBID, FORBID)},
}


def _args(bw: BigWorld) -> dict[str, object]:
    w = bw.w
    return {
        "nip": w.city.perawat.nip,
        "batch_id": w.batch.pk,
        "unit_id": w.city.dinkes.pk,
        "kegiatan_id": w.cat.elearning.pk,
        "tahun": YEAR,
        "run_id": w.run.pk,
        "plan_id": w.plan.pk,
        "persetujuan_id": bw.persetujuan.pk,
        "review_id": bw.review.pk,
        "penugasan_id": bw.penugasan.pk,
        "kelas_id": bw.kelas.pk,
        "peserta_id": bw.peserta.pk,
        "dokumen_id": bw.dokumen.pk,
        "klaim_id": bw.klaim.pk,
        "aksi_id": bw.aksi.pk,
        "tonggak_id": bw.tonggak.pk,
        "evaluasi_id": EvaluasiRun.objects.get_or_create(instansi=w.city.instansi, tahun=YEAR)[0].pk,
    }


# The usulan a route is about: the perawat's (waiting for her supervisor) or the bidan's (waiting for BKPSDM).
USULAN = {"usulan_decide_atasan": "usulan", "usulan_decide_bkpsdm": "endorsed"}


def url_of(bw: BigWorld, pattern: URLPattern) -> str:
    args = _args(bw)
    kwargs = {name: args[name] for name in pattern.pattern.converters if name != "usulan_id"}
    if "usulan_id" in pattern.pattern.converters:
        kwargs["usulan_id"] = getattr(bw.w, USULAN[str(pattern.name)]).pk
    return reverse(f"web:{pattern.name}", kwargs=kwargs)


def post_data(bw: BigWorld, name: str) -> dict[str, str]:
    """A well-formed POST for each write (which role gets through is the point, not the write itself)."""
    w, today = bw.w, dt.date.today().isoformat()
    data = {
        "approval_start": {"plan": str(w.plan.pk), "instansi": w.city.instansi.kode},
        "approval_send": {"version": str(bw.persetujuan.version), "batas": today},
        "approval_consolidate": {"version": str(bw.persetujuan.version)},
        "approval_set": {"version": str(bw.persetujuan.version), "nomor": "1/2027", "tanggal": today},
        "approval_amend": {"version": str(bw.persetujuan.version), "alasan": "uji"},
        "approval_review_item": {
            "item": str(bw.item.pk),
            "version": str(bw.item.version),
            "jenis": "CATATAN",
        },
        "approval_review_swap": {"item": str(bw.item.pk), "version": str(bw.item.version)},
        "approval_review_withdraw": {"keputusan": str(bw.keputusan.pk)},
        "approval_review_decide": {
            "version": str(bw.review.version),
            "keputusan": "setuju",
            "konfirmasi": "1",
        },
        "approval_review_bulk": {"version": str(bw.review.version), "expected": "1", "aksi": "KUNCI"},
        "approval_follow_up": {"version": str(bw.review.version), "tindak_lanjut": "Ditindaklanjuti."},
        "usulan_decide_atasan": {"version": "1", "keputusan": "setuju"},
        "delivery_create": {
            "cycle": str(w.cycle.pk),
            "kegiatan": str(w.cat.elearning.pk),
            "mulai": f"{YEAR}-02-01",
            "selesai": f"{YEAR}-02-02",
            "tempat": "Aula BKPSDM",
        },
        "delivery_enrol": {"version": str(bw.kelas.version)},
        "delivery_invite": {"version": str(bw.kelas.version)},
        "delivery_cancel": {"version": str(bw.kelas.version), "alasan": "uji"},
        "delivery_move": {"peserta": f"{bw.peserta.pk}:{bw.peserta.version}"},
        "delivery_attendance": {},
        "delivery_complete": {"version": str(bw.peserta.version)},
        "delivery_evidence": {"peserta": str(bw.peserta.pk), "version": str(bw.peserta.version)},
        "my_evidence": {"version": str(bw.peserta.version)},
        "delivery_cost": {"version": str(bw.kelas.version), "biaya": ""},
        "delivery_substitute": {"version": "1"},
        "claim_approve": {"version": str(bw.klaim.version)},
        "claim_reject": {"version": str(bw.klaim.version)},
        "my_answer": {"version": str(bw.peserta.version), "jawaban": "TERIMA", "ikrar": "1"},
        "usulan_decide_bkpsdm": {"version": "1", "keputusan": "setuju"},
        "plan_document_start": {"format": "xlsx"},
        "evaluation_run": {"tahun": str(YEAR)},
        "aksi_save": {"judul": "Layanan posyandu digital"},
        "tonggak_add": {
            "version": str(bw.aksi.version),
            "judul": "Uji coba di satu posyandu",
            "batas": today,
        },
        "tonggak_report": {"version": str(bw.tonggak.version), "catatan": "Sudah dilaksanakan."},
        "tonggak_confirm": {"version": str(bw.tonggak.version), "keputusan": "setuju"},
    }
    return data.get(name, {})


def patterns() -> list[URLPattern]:
    found = [p for p in urls.urlpatterns if isinstance(p, URLPattern)]
    assert len(found) == len(urls.urlpatterns), "a nested URL conf: walk it here too"
    return found


PATTERNS = patterns()
CELLS = [
    (str(p.name), method, role)
    for p in PATTERNS
    for method in ("GET", "POST")
    if method in EXPECTED.get(str(p.name), {"GET": ()})
    for role in ROLES
]


@pytest.fixture(scope="module")
def bw(django_db_setup: None, django_db_blocker) -> Iterator[BigWorld]:  # type: ignore[no-untyped-def]
    with built_once(django_db_blocker):
        yield build_world()


def test_every_url_pattern_has_a_rule() -> None:
    names = {str(p.name) for p in PATTERNS}
    assert names - set(EXPECTED) == set(), "declare the role rule of the new page in EXPECTED"
    assert set(EXPECTED) - names == set(), "a rule for a page that no longer exists"
    assert len(PATTERNS) == 111 and len(CELLS) == 7 * 116


@pytest.mark.parametrize(("name", "method", "role"), CELLS, ids=[f"{n}-{m}-{r}" for n, m, r in CELLS])
def test_url_role_method(bw: BigWorld, db: None, name: str, method: str, role: str) -> None:
    pattern = next(p for p in PATTERNS if p.name == name)
    url = url_of(bw, pattern)
    client = Client()
    client.force_login(bw.users[role])
    before = AuditEvent.objects.filter(aksi="access.denied").count()
    call = client.get if method == "GET" else client.post
    response = call(url, post_data(bw, name)) if method == "POST" else call(url)
    expected = EXPECTED[name][method][ROLES.index(role)]
    assert response.status_code == expected, f"{method} {url} as {role}"
    denied = AuditEvent.objects.filter(aksi="access.denied").count() - before
    assert denied == (1 if expected in (FORBID, GONE) else 0)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_anonymous_is_sent_to_login_and_other_methods_are_405(bw: BigWorld, db: None, name: str) -> None:
    pattern = next(p for p in PATTERNS if p.name == name)
    url = url_of(bw, pattern)
    for method in EXPECTED[name]:
        response = Client().generic(method, url)
        assert response.status_code == MOVED and response["Location"].startswith("/login/?next="), url
    client = Client()
    client.force_login(bw.users["bkpsdm"])
    for method in {"GET", "POST"} - set(EXPECTED[name]):
        assert client.generic(method, url).status_code == 405, f"{method} {url}"


WIDE_ROWS = {
    "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
    "Dinas Kesehatan",
    "Kecamatan Binjai Utara",
}


@pytest.mark.parametrize(
    ("role", "units"),
    [
        ("bkpsdm", WIDE_ROWS),
        ("auditor", WIDE_ROWS),
        ("ppk", WIDE_ROWS),
        ("kepala", {"Dinas Kesehatan"}),
        ("atasan", set()),
        ("pegawai", set()),
    ],
)
def test_approval_cycle_shows_per_opd_figures_to_wide_roles_and_own_row_to_kepala(
    bw: BigWorld, db: None, role: str, units: set[str]
) -> None:
    client = Client()
    client.force_login(bw.users[role])
    response = client.get(f"/persetujuan/{YEAR}/")
    assert response.status_code == OK
    assert {r.review.unit.nama for r in response.context["rows"]} == units
    assert (b'id="reviews"' in response.content) == bool(units)
