"""Latency of a Kepala OPD's review page on a large part: prints ONE JSON line.

    python bench/review_page_bench.py [--items 3000] [--repeat 5] [--database-url URL]

Builds, in a fresh database (a new SQLite file in a temporary directory unless --database-url names an empty
database, which is migrated), one OPD with ``--items`` employees spread over 20 units and 40 positions, a plan
with one or two assignments each (about 1.1 × items), a mandatory activity for the CPNS among them, and an
approval sent for review with some locks and exclusions already made. Then it times, as the OPD's head, the
review page (first page, a filtered, a sorted, a searched and the last page), the swap candidates of an item,
the approval's confirmation, and the bulk lock and restore of the whole part.
Fields: items, per page {ms_median, ms_max, queries} and bulk {ms, changed}.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))


def setup(database_url: str | None) -> None:
    os.environ.setdefault("SIBINA_VAR", tempfile.mkdtemp(prefix="sibina-review-bench-"))
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sibina.config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build(n: int) -> dict[str, object]:
    from django.contrib.auth.models import Group, User

    from sibina.approvals.models import Keputusan, Persetujuan, ReviewOpd
    from sibina.catalogue.models import AturanWajib, Kegiatan
    from sibina.catalogue.services import kegiatan_save
    from sibina.people.models import Jabatan, Pegawai, UnitKerja
    from sibina.people.services import instansi_data_path, instansi_load_file
    from sibina.planning.models import Plan, PlanCycle, PlanItem, SolverRun
    from sibina.reference.models import BentukPengembangan, TingkatJabatan
    from sibina.roles import Role

    instansi = instansi_load_file(path=instansi_data_path("binjai"))
    opd = UnitKerja.objects.get(instansi=instansi, kode="DISDIK")
    units = [opd] + [
        UnitKerja.objects.create(
            instansi=instansi,
            parent=opd,
            kode=f"BENCH-SD-{i:02d}",
            nama=f"SD Negeri Bench {i:02d}",
            jenis="UPTD",
        )
        for i in range(19)
    ]
    pelaksana = TingkatJabatan.objects.get(kode="PELAKSANA")
    jobs = [
        Jabatan.objects.create(instansi=instansi, unit=opd, nama=f"Jabatan Bench {i:02d}", tingkat=pelaksana)
        for i in range(40)
    ]
    people = Pegawai.objects.bulk_create(
        Pegawai(
            instansi=instansi,
            unit=units[i % len(units)],
            jabatan=jobs[i % len(jobs)],
            nip=str(198001012010010000 + i),
            nama=f"Pegawai Bench {i:05d}",
            tanggal_lahir=dt.date(1980, 1, 1),
            jenis_kelamin="L" if i % 2 else "P",
            jenis_asn="CPNS" if i % 25 == 0 else "PNS",
        )
        for i in range(n)
    )
    bentuk = BentukPengembangan.objects.get(kode="KL03")
    kegiatan = [
        kegiatan_save(
            kegiatan=Kegiatan(
                instansi=instansi,
                kode=f"BENCH-{i:02d}",
                judul=f"Kegiatan Bench {i:02d}",
                bentuk=bentuk,
                jenis_penyelenggara="BKPSDM",
                penyelenggara="BKPSDM",
                jp=Decimal(0),
                jp_program=Decimal(24),
                hari=3,
                hari_klasikal=3,
                biaya_per_peserta=Decimal(1_500_000 + 50_000 * i),
                kapasitas_kelas=40,
                maks_kelas=200,
                pola_pendanaan="KONTRIBUSI",
                triwulan=[1 + i % 4],
            )
        )
        for i in range(20)
    ]
    AturanWajib.objects.create(kegiatan=kegiatan[0], sasaran=AturanWajib.Sasaran.CPNS)
    cycle = PlanCycle.objects.create(instansi=instansi, tahun=2027, nama="Bench 2027")
    run = SolverRun.objects.create(cycle=cycle, status=SolverRun.Status.DONE)
    plan = Plan.objects.create(cycle=cycle, solver_run=run)
    rows = []
    for i, p in enumerate(people):
        first = kegiatan[0] if p.jenis_asn == "CPNS" else kegiatan[1 + i % 19]
        rows.append((p, first))
        if i % 10 == 0:
            rows.append((p, kegiatan[1 + (i + 7) % 19]))
    PlanItem.objects.bulk_create(
        [
            PlanItem(
                plan=plan,
                pegawai=p,
                kegiatan=k,
                kelas=1 + i // 40,
                triwulan=k.triwulan[0],
                biaya=k.biaya_per_peserta,
                jp=Decimal(24),
                alasan="Menutup kesenjangan",
            )
            for i, (p, k) in enumerate(rows)
        ],
        batch_size=1000,
    )
    head = Pegawai.objects.create(
        instansi=instansi,
        unit=opd,
        nip="197001012000011001",
        nama="Kepala Dinas Bench",
        tanggal_lahir=dt.date(1970, 1, 1),
        jenis_kelamin="L",
        jenis_asn="PNS",
    )
    user = User.objects.create_user(username="kepala.bench", password="bench-only-password-2027")
    user.groups.add(Group.objects.get_or_create(name=Role.KEPALA_OPD.value)[0])
    Pegawai.objects.filter(pk=head.pk).update(user=user)
    p = Persetujuan.objects.create(cycle=cycle, plan=plan, tahap=Persetujuan.Tahap.DIKIRIM)
    review = ReviewOpd.objects.create(persetujuan=p, unit=opd, batas=dt.date.today() + dt.timedelta(days=14))
    Keputusan.objects.bulk_create(
        Keputusan(
            persetujuan=p,
            review=review,
            pegawai=pp,
            kegiatan=k,
            jenis="KUNCI" if j % 3 else "KECUALI",
            oleh=user,
        )
        for j, (pp, k) in enumerate(rows[5:1500:5])
        if k.pk != kegiatan[0].pk
    )
    item = PlanItem.objects.filter(plan=plan, kegiatan=kegiatan[3]).order_by("pk").first()
    assert item is not None
    return {
        "user": user,
        "review": review,
        "item": item,
        "items": len(rows),
        "unit": units[3].pk,
        "job": jobs[5].pk,
        "kegiatan": kegiatan[4].pk,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--items", type=int, default=3000, help="employees of the OPD (items ≈ 1.1 × this)")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--database-url", default=None)
    args = ap.parse_args(argv)
    setup(args.database_url)

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from sibina.approvals import decisions, selectors
    from sibina.approvals.models import ReviewOpd

    t0 = time.perf_counter()
    w = build(args.items)
    build_s = time.perf_counter() - t0
    review = w["review"]
    assert isinstance(review, ReviewOpd)
    c = Client()
    c.force_login(w["user"])  # type: ignore[arg-type]
    base = reverse("web:approval_review", args=[review.pk])
    last = (int(str(w["items"])) + 49) // 50
    pages = {
        "first_page": (base, {}),
        "filter_unit_job": (base, {"unit": w["unit"], "jabatan": w["job"]}),
        "filter_activity_quarter_decision": (base, {"kegiatan": w["kegiatan"], "keputusan": "NONE"}),
        "sort_cost_desc": (base, {"sort": "-biaya"}),
        "search": (base, {"q": "Bench 012"}),
        "last_page": (base, {"page": last}),
        "swap_candidates": (
            reverse("web:approval_review_swap_pick", args=[review.pk]),
            {"item": w["item"].pk},  # type: ignore[attr-defined]
        ),
    }
    out: dict[str, object] = {"items": w["items"], "build_s": round(build_s, 1)}
    for name, (url, query) in pages.items():
        times = []
        queries = 0
        for k in range(args.repeat + 1):
            with CaptureQueriesContext(connection) as ctx:
                t = time.perf_counter()
                r = c.get(url, query)
                ms = (time.perf_counter() - t) * 1000
            assert r.status_code == 200, (name, r.status_code)
            if k:  # the first is a warm-up
                times.append(ms)
            queries = len(ctx.captured_queries)
        out[name] = {
            "ms_median": round(statistics.median(times), 1),
            "ms_max": round(max(times), 1),
            "queries": queries,
        }

    t = time.perf_counter()
    r = c.post(
        reverse("web:approval_review_decide", args=[review.pk]), {"version": "1", "keputusan": "setuju"}
    )
    assert r.status_code == 200
    out["approve_confirmation"] = {"ms": round((time.perf_counter() - t) * 1000, 1)}

    from django.contrib.auth.models import User

    user = w["user"]
    assert isinstance(user, User)
    everything = selectors.ReviewFilter()
    total = selectors.review_items(review=review, flt=everything).count()
    for aksi in ("KUNCI", "PULIHKAN"):
        review.refresh_from_db()
        t = time.perf_counter()
        o = decisions.items_bulk_decide(
            review=review, by=user, version=review.version, aksi=aksi, selection=everything, expected=total
        )
        out[f"bulk_{aksi.lower()}_all"] = {
            "ms": round((time.perf_counter() - t) * 1000, 1),
            "changed": o.changed,
        }
    out["database"] = connection.vendor
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
