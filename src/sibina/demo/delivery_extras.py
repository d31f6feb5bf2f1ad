"""What else happens in the demo's first half of the plan year, beside classes being held (`demo/delivery.py`):
substitutes for some who declined, change projects of leadership participants, the actual cost of each class
held, and the demo logins' own development claims. Each through the service a person would use, on its day."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError

from sibina.delivery import aksi, claims, money, substitutes
from sibina.delivery import services as delivery
from sibina.delivery.models import Kelas, Peserta
from sibina.demo.delivery_clock import house_day
from sibina.demo.users import DEMO_USERS
from sibina.reference.models import BentukPengembangan

SUBSTITUTES_MAX = (
    12  # proposals are computed per drop-out (about 1.5 s each on the full city): a few are enough
)

AKSI_JUDUL = (
    "Digitalisasi antrean layanan dengan nomor daring",
    "Standar pelayanan terbuka di ruang tunggu",
    "Dasbor kinerja bulanan bidang",
    "Penyederhanaan alur persetujuan surat masuk",
    "Forum konsultasi publik setiap triwulan",
)
TONGGAK = ("Rancangan disetujui mentor", "Uji coba di satu unit", "Evaluasi dan laporan akhir")

# The smallest PDF a file sniffer accepts: what a scanned certificate would be in the demo.
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Count 0/Kids[]>>endobj\n%%EOF\n"


def substitute(kelas: Kelas, admin: User, day: dt.date, budget: list[int]) -> list[Peserta]:
    """BKPSDM replaces people who declined with the first proposed substitute, while a few are left."""
    added: list[Peserta] = []
    for keluar in substitutes.dropouts(kelas):
        if budget[0] <= 0:
            break
        with house_day(day):
            offers = substitutes.proposals(kelas=kelas, keluar=keluar, limit=1)
            if not offers:
                continue
            budget[0] -= 1
            added.append(
                substitutes.substitute_confirm(
                    kelas=kelas, keluar=keluar, pegawai=offers[0].pegawai, by=admin, version=keluar.version
                )
            )
    if added:
        with house_day(day):
            kelas.refresh_from_db()
            delivery.kelas_invite(kelas=kelas, by=admin, version=kelas.version)
    return added


def change_projects(kelas: Kelas, admin: User, rng: random.Random) -> int:
    """Leadership participants who accepted get a change project (mentor: their atasan) with three milestones,
    recorded by BKPSDM on the class's first day."""
    if not aksi.is_leadership(kelas.kegiatan):
        return 0
    made = 0
    with house_day(kelas.mulai):
        for p in kelas.peserta.select_related("pegawai__atasan", "kelas__kegiatan").filter(
            status=Peserta.Status.DITERIMA
        ):
            if p.pegawai.atasan_id is None:
                continue
            project = aksi.aksi_save(peserta=p, by=admin, judul=rng.choice(AKSI_JUDUL))
            for n, judul in enumerate(TONGGAK, start=1):
                project.refresh_from_db()
                aksi.tonggak_add(
                    aksi=project,
                    by=admin,
                    version=project.version,
                    judul=judul,
                    batas=kelas.mulai + dt.timedelta(days=30 * n),
                )
            made += 1
    return made


def actual_cost(kelas: Kelas, admin: User, rng: random.Random, day: dt.date) -> None:
    """The class's bills a week after it ends: 82–104 % of what was planned, in thousands of rupiah."""
    planned, _actual = money.kelas_cost_summary(kelas)
    if planned <= 0:
        return
    spent = (planned * Decimal(str(rng.uniform(0.82, 1.04))) / 1000).quantize(Decimal(1)) * 1000
    with house_day(day):
        kelas.refresh_from_db()
        money.kelas_cost(kelas=kelas, biaya=spent, by=admin, version=kelas.version)


def own_claims(admin: User, sampai: dt.date) -> int:
    """The demo logins with an employee record claim a seminar each in February; BKPSDM approves the first,
    rejects the second (an unreadable certificate) and leaves the rest waiting."""
    seminar = BentukPengembangan.objects.filter(kode="KL06").order_by("-berlaku_mulai").first()
    if seminar is None or sampai < dt.date(sampai.year, 3, 1):
        return 0
    users = User.objects.filter(
        username__in=[u.username for u in DEMO_USERS], pegawai__isnull=False
    ).order_by("username")
    made = []
    for n, user in enumerate(users):
        day = dt.date(sampai.year, 2, 3 + 2 * n)
        with house_day(day + dt.timedelta(days=3)):
            try:
                made.append(
                    claims.klaim_submit(
                        by=user,
                        bentuk=seminar,
                        judul="Seminar Nasional Inovasi Pelayanan Publik",
                        penyelenggara="Universitas Sumatera Utara",
                        mulai=day,
                        selesai=day + dt.timedelta(days=1),
                        jp_diminta=Decimal(10),
                        name="sertifikat-seminar.pdf",
                        data=PDF,
                    )
                )
            except ValidationError:
                continue  # e.g. a login whose employee record the rules do not let claim
    with house_day(dt.date(sampai.year, 2, 28)):
        if made:
            claims.klaim_approve(klaim=made[0], by=admin, version=made[0].version)
        if len(made) > 1:
            claims.klaim_reject(
                klaim=made[1],
                by=admin,
                version=made[1].version,
                alasan="Sertifikat tidak terbaca; unggah ulang.",
            )
    return len(made)
