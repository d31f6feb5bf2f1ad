"""Junk input never gives a 5xx: every URL pattern of ``sibina.web.urls``, for every role (and an account with no
role), gets junk query strings (GET) and junk bodies (POST) — missing fields, non-digits, unicode digits ("²"
passes ``str.isdigit`` yet ``int`` refuses it; "١٢" is 12 to ``int``), huge numbers, NUL, overlong text, wrong
choices, empty values. Path parameters are real ids of a small city with a plan under approval, a decision, a
coaching assignment, proposals and an import batch, plus one run with huge ids. The set is fixed (no
randomness), so a failure reproduces; the counts of URLs, roles and requests are printed.

Background work that a junk-free POST might start (an optimisation, a consolidation) is not run.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import URLPattern, reverse
from django.utils import timezone
from tests.module_db import built_once
from tests.planning.test_selectors import YEAR, Catalogue
from tests.web.conftest import City
from tests.web.test_permissions import ROLE_OF
from tests.web.world import build_world

from sibina.approvals.models import Keputusan, Persetujuan, ReviewOpd
from sibina.coaching.models import JenisBimbingan, PenugasanPembimbing
from sibina.delivery.models import AksiPerubahan, Kelas, KlaimPengembangan, Peserta, TonggakAksi
from sibina.imports.models import ImportBatch
from sibina.needs.models import Usulan
from sibina.planning.models import Plan, PlanItem, SolverRun
from sibina.web import urls as web_urls

HUGE = "9" * 30
# Each kind of junk once: a word (a non-number, a wrong choice), a unicode digit, Arabic-Indic digits, a huge
# number, NUL, overlong text. Empty and missing values are sent too (the composite query, the empty body).
JUNK_A = ("²", "abc", HUGE)  # the likeliest to break a parser: every role gets these
JUNK_B = ("١٢", "\x00", "x" * 4100)  # the first role that may use a page gets these too
JUNK = (*JUNK_A, *JUNK_B)
# Every query parameter a page reads (filters, paging, search, pickers).
GET_PARAMS = (
    "unit", "tahun", "page", "q", "instansi", "heat", "sumber", "status", "opd", "jenis_asn", "golongan",
    "sort", "jalur", "bentuk", "penyelenggara", "kompetensi", "aktif", "cari", "pegawai", "dari", "sampai",
    "user", "peran", "aksi", "objek",
)  # fmt: skip
HUGE_ROLES = ("bkpsdm", "kepala")  # loaders answer a missing row alike for every role
# SIBINA_FUZZ_ONLY=name,name walks only those URL names (to reproduce a failure quickly).
ONLY = {n for n in os.environ.get("SIBINA_FUZZ_ONLY", "").split(",") if n}
COMPOSITE = {"unit": "²", "tahun": "abc", "page": "-1", "q": "\x00", "instansi": "", "pegawai": HUGE}


@dataclass
class World:
    city: City
    cat: Catalogue
    plan: Plan
    run: SolverRun
    batch: ImportBatch
    usulan: Usulan  # waiting for the perawat's supervisor (the kepala)
    endorsed: Usulan  # waiting for BKPSDM
    persetujuan: Persetujuan
    review: ReviewOpd  # Dinas Kesehatan's
    plan_item: PlanItem  # the perawat's, in Dinas Kesehatan's part
    keputusan: Keputusan  # the kepala's note on that item
    penugasan: PenugasanPembimbing
    users: dict[str, User]
    kelas: Kelas
    peserta: Peserta
    klaim: KlaimPengembangan
    aksi: AksiPerubahan
    tonggak: TonggakAksi
    dokumen: Any  # a plan document job (tests/web/world.py)


def _build() -> World:
    """The shared city of the access tests (tests/web/world.py): one approval in OPD review, a decision on an
    item, a coaching assignment, proposals and an import batch, with one account per role."""
    b = build_world()
    w = b.w
    return World(
        w.city,
        w.cat,
        w.plan,
        w.run,
        w.batch,
        w.usulan,
        w.endorsed,
        b.persetujuan,
        b.review,
        b.item,
        b.keputusan,
        b.penugasan,
        w.users,
        b.kelas,
        b.peserta,
        b.klaim,
        b.aksi,
        b.tonggak,
        b.dokumen,
    )


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any) -> Iterator[World]:
    with built_once(django_db_blocker):
        yield _build()


# --- the URLs and bodies -------------------------------------------------------------------------------------


def _path_values(w: World, name: str) -> dict[str, object]:
    """Real ids for each path parameter (per pattern where one name means different rows)."""
    usulan = w.endorsed if name == "usulan_decide_bkpsdm" else w.usulan
    return {
        "nip": w.city.perawat.nip,
        "batch_id": w.batch.pk,
        "unit_id": w.city.dinkes.pk,
        "usulan_id": usulan.pk,
        "kegiatan_id": w.cat.elearning.pk,
        "tahun": YEAR,
        "run_id": w.run.pk,
        "plan_id": w.plan.pk,
        "persetujuan_id": w.persetujuan.pk,
        "review_id": w.review.pk,
        "penugasan_id": w.penugasan.pk,
        "kelas_id": w.kelas.pk,
        "peserta_id": w.peserta.pk,
        "klaim_id": w.klaim.pk,
        "aksi_id": w.aksi.pk,
        "tonggak_id": w.tonggak.pk,
        "dokumen_id": w.dokumen.pk,
    }


def _patterns() -> list[URLPattern]:
    return [p for p in web_urls.urlpatterns if isinstance(p, URLPattern)]


def _urls(w: World, pattern: URLPattern) -> list[str]:
    """The pattern with real ids and, when it has parameters, once more with junk (huge ids, a NUL in a NIP)."""
    assert pattern.name is not None
    converters = pattern.pattern.converters  # type: ignore[attr-defined]
    values = _path_values(w, pattern.name)
    real = reverse(f"web:{pattern.name}", kwargs={k: values[k] for k in converters})
    if not converters:
        return [real]
    junk = {k: (HUGE if conv.regex == "[0-9]+" else "\x00abc") for k, conv in converters.items()}
    return [real, reverse(f"web:{pattern.name}", kwargs=junk)]


def _valid_bodies(w: World) -> dict[str, dict[str, object]]:
    """A plausible body per POST endpoint: junk then replaces one field at a time, to reach deep parsing."""
    today = timezone.localdate()
    p, it, pen = w.persetujuan, w.plan_item, w.penugasan
    return {
        "approval_start": {"plan": w.plan.pk, "instansi": w.city.instansi.kode},
        "approval_send": {"version": p.version, "batas": (today + dt.timedelta(days=7)).isoformat()},
        "approval_consolidate": {"version": p.version, "force": "0"},
        "approval_set": {"version": p.version, "nomor": "800/1/2027", "tanggal": today.isoformat()},
        "approval_amend": {"version": p.version, "alasan": "Revisi"},
        "approval_review_item": {"item": it.pk, "version": it.version, "jenis": "CATATAN", "catatan": "n"},
        "approval_review_swap": {
            "item": it.pk,
            "version": it.version,
            "nip": w.city.kepala.nip,
            "kegiatan": w.cat.teknis.kode,
            "catatan": "tukar",
        },
        "approval_review_withdraw": {"keputusan": w.keputusan.pk},
        "approval_review_decide": {"version": w.review.version, "keputusan": "setuju", "komentar": ""},
        "usulan": {"pegawai": w.city.perawat.pk, "kompetensi": "M01", "level_target": "3", "uraian": "x"},
        "usulan_decide_atasan": {"version": w.usulan.version, "keputusan": "tolak", "catatan": "x"},
        "usulan_decide_bkpsdm": {"version": w.endorsed.version, "keputusan": "tolak", "catatan": "x"},
        "coaching_assign": {
            "pegawai": f"{w.city.bidan.pk}:{w.city.bidan.version}",
            "pembimbing": w.city.kepala.nip,
            "jenis": JenisBimbingan.MENTORING,
            "mulai": today.isoformat(),
            "tujuan": "x",
        },
        "coaching_log": {
            "penugasan": f"{pen.pk}:{pen.version}",
            "tanggal": today.isoformat(),
            "menit": "60",
            "topik": "t",
        },
        "coaching_log_detail": {
            "penugasan": f"{pen.pk}:{pen.version}",
            "tanggal": today.isoformat(),
            "menit": "60",
            "topik": "t",
        },
        "coaching_end": {"version": pen.version, "selesai": today.isoformat()},
        "needs_run": {"instansi": w.city.instansi.kode},
        "plan_optimise": {"skenario": "", "time_limit": "30", "instansi": w.city.instansi.kode},
        "import_upload": {"jenis": "PEGAWAI", "instansi": w.city.instansi.pk, "dry_run": "on"},
        "delivery_cost": {"version": w.kelas.version, "biaya": "12.500.000"},
        "delivery_substitute": {
            "keluar": w.peserta.pk,
            "pegawai": w.city.bidan.pk,
            "version": w.peserta.version,
        },
        "my_claim": {
            "bentuk": "KL06",
            "judul": "Seminar",
            "penyelenggara": "PPNI",
            "mulai": today.isoformat(),
            "selesai": today.isoformat(),
            "jp": "8",
        },
        "claim_approve": {"version": w.klaim.version},
        "claim_reject": {"version": w.klaim.version, "alasan": "Sertifikat tidak terbaca"},
        "aksi_save": {"judul": "Layanan posyandu digital", "mentor_nip": w.city.kepala.nip, "version": ""},
        "tonggak_add": {"version": w.aksi.version, "judul": "Uji coba", "batas": today.isoformat()},
        "tonggak_report": {"version": w.tonggak.version, "catatan": "Sudah dilaksanakan."},
        "tonggak_confirm": {"version": w.tonggak.version, "keputusan": "kembalikan", "catatan_mentor": "x"},
    }


def _post_names(bodies: dict[str, dict[str, object]]) -> list[str]:
    return sorted({name for body in bodies.values() for name in body})


def _rotations(names: list[str] | tuple[str, ...], kinds: tuple[str, ...]) -> list[dict[str, object]]:
    """Every name with junk, len(kinds) times, shifted so that each name meets each kind once."""
    return [{name: kinds[(i + k) % len(kinds)] for i, name in enumerate(names)} for k in range(len(kinds))]


def _one_off(base: dict[str, object]) -> list[dict[str, object]]:
    """The plausible body with one field replaced by junk (the kind rotating from field to field)."""
    return [{**base, name: JUNK[i % len(JUNK)]} for i, name in enumerate(base)]


# --- the walk -------------------------------------------------------------------------------------------------


@dataclass
class Tally:
    requests: int = 0
    urls: set[str] = field(default_factory=set)
    roles: set[str] = field(default_factory=set)
    statuses: dict[int, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def record(self, role: str, method: str, url: str, sent: dict[str, Any], status: int) -> None:
        self.requests += 1
        self.roles.add(role)
        self.statuses[status] = self.statuses.get(status, 0) + 1
        if status >= 500:
            shown = {
                k: (v if len(str(v)) < 40 else f"{str(v)[:10]}…({len(str(v))})") for k, v in sent.items()
            }
            self.errors.append(f"{role} {method} {url} {shown!r} -> {status}")


def _methods(client: Client, url: str) -> set[str]:
    """The methods a view accepts, from the Allow header of its 405 answer to OPTIONS."""
    response = client.options(url)
    assert response.status_code == 405, url
    return {m.strip() for m in response["Allow"].split(",")}


def test_junk_input_never_gives_a_server_error(
    world: World, db: None, settings: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.ERROR, logger="django.request")  # hundreds of expected 4xx need no traceback
    settings.SIBINA_JOBS = "queued"  # an optimisation or consolidation a junk POST starts stays queued
    valid = _valid_bodies(world)
    post_names = _post_names(valid)
    clients = {}
    for role, user in world.users.items():
        clients[role] = Client(raise_request_exception=False)
        clients[role].force_login(user)
    tally = Tally()
    patterns = [p for p in _patterns() if not ONLY or p.name in ONLY]
    for pattern in patterns:
        assert pattern.name is not None
        real, *huge = _urls(world, pattern)
        methods = _methods(clients["bkpsdm"], real)
        base = valid.get(pattern.name, {})
        first_get = first_post = True  # the first role allowed in gets every kind of junk
        for role, client in clients.items():
            tally.urls.add(pattern.name)
            if "GET" in methods:
                plain = client.get(real)
                tally.record(role, "GET", real, {}, plain.status_code)
                # Junk queries where the role may look; where it may not, only the composite one (refused as
                # the plain request was, before any parsing).
                queries: list[dict[str, object]] = [COMPOSITE]
                if plain.status_code == 200:
                    queries += _rotations(GET_PARAMS, JUNK if first_get else JUNK_A)
                    first_get = False
                for query in queries:
                    tally.record(role, "GET", real, query, client.get(real, query).status_code)
            if "POST" in methods:
                answer = client.post(real, base)
                tally.record(role, "POST", real, base, answer.status_code)
                bodies: list[dict[str, object]] = [{}]
                if answer.status_code in (403, 404, 405):
                    bodies += _rotations(post_names, JUNK_A)[:1]  # refused before any parsing
                else:
                    bodies += [*_rotations(post_names, JUNK if first_post else JUNK_A), *_one_off(base)]
                    first_post = False
                for body in bodies:
                    tally.record(role, "POST", real, body, client.post(real, body).status_code)
            for url in huge if role in HUGE_ROLES else []:
                for method in sorted(methods & {"GET", "POST"}):
                    sent = COMPOSITE if method == "GET" else base
                    answer = client.get(url, sent) if method == "GET" else client.post(url, sent)
                    tally.record(role, method, url, sent, answer.status_code)
    print(
        f"\njunk fuzz: {len(tally.urls)} URL patterns × {len(tally.roles)} roles, {tally.requests} requests; "
        f"statuses {dict(sorted(tally.statuses.items()))}"
    )
    assert tally.errors == []
    assert tally.roles == set(ROLE_OF)
    if not ONLY:
        assert len(tally.urls) == len(patterns) == len({p.name for p in patterns})
        assert tally.statuses.get(400, 0) > 100  # junk reached the parsers, and they answered 400
        assert tally.requests > 1000
