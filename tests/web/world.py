"""The small city of tests/web/test_permissions.py grown by one approval in OPD review (with a note on an item)
and one coaching assignment, one class (the perawat invited) and one development claim (hers), so every URL pattern of ``sibina.web.urls`` has a real object to point at; and a
second instansi (Kota Contoh) with its own accounts, for the tenant tests."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth.models import Group, User
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from tests.planning.test_selectors import YEAR
from tests.web.conftest import make_pegawai
from tests.web.test_permissions import ROLE_OF, ROLES, World, _build

from sibina.approvals import decisions
from sibina.approvals import services as approvals
from sibina.approvals.models import Keputusan, Persetujuan, ReviewOpd
from sibina.coaching.models import JenisBimbingan, PenugasanPembimbing
from sibina.delivery.models import AksiPerubahan, Kelas, KlaimPengembangan, Peserta, SesiKelas, TonggakAksi
from sibina.people.models import AkunInstansi, Instansi, Pegawai, UnitKerja
from sibina.planning.models import PlanItem
from sibina.reference.selectors import bentuk_map
from sibina.reports.models import Dokumen
from sibina.reports.services import rencana_render

WORLD_BUKTI = "bukti/uji/world.pdf"  # a small evidence file, so the evidence page has a real file to serve

__all__ = ["ROLES", "YEAR", "BigWorld", "Tenant", "build_tenant", "build_world"]


@dataclass
class BigWorld:
    w: World
    persetujuan: Persetujuan
    review: ReviewOpd  # Dinas Kesehatan's review, waiting
    item: PlanItem  # the perawat's e-learning, in that review
    keputusan: Keputusan  # the kepala's note on it
    penugasan: PenugasanPembimbing  # the kepala coaches the perawat
    kelas: Kelas  # a class of the e-learning, a month ahead
    peserta: Peserta  # the perawat, invited to it
    dokumen: Dokumen  # the whole city's plan document, written (XLSX: quick)
    klaim: KlaimPengembangan  # the perawat's seminar, claimed, waiting for BKPSDM
    aksi: AksiPerubahan  # the perawat's change project (mentor: the kepala), with one milestone reported done
    tonggak: TonggakAksi

    @property
    def users(self) -> dict[str, User]:
        return self.w.users


def build_world() -> BigWorld:
    w = _build()
    bkpsdm, kepala = w.users["bkpsdm"], w.users["kepala"]
    p = approvals.persetujuan_start(plan=w.plan, by=bkpsdm)
    approvals.persetujuan_send(
        persetujuan=p, by=bkpsdm, version=p.version, batas=timezone.localdate() + dt.timedelta(days=14)
    )
    p.refresh_from_db()
    review = ReviewOpd.objects.get(persetujuan=p, unit=w.city.dinkes)
    item = PlanItem.objects.get(plan=w.plan, pegawai=w.city.perawat, kegiatan=w.cat.elearning)
    keputusan = decisions.item_decide(
        review=review,
        item=item,
        by=kepala,
        version=item.version,
        jenis=Keputusan.Jenis.CATATAN,
        catatan="Sedang cuti sakit",
    )
    item.refresh_from_db()
    review.refresh_from_db()
    penugasan = PenugasanPembimbing.objects.create(
        pembimbing=w.city.kepala,
        pegawai=w.city.perawat,
        jenis=JenisBimbingan.COACHING,
        mulai=dt.date(2025, 1, 2),
    )
    start = timezone.localdate() + dt.timedelta(days=30)
    kelas = Kelas.objects.create(
        instansi=w.city.instansi,
        cycle=w.cycle,
        kegiatan=w.cat.elearning,
        nomor=1,
        penyelenggara="BKPSDM Kota Binjai",
        tautan="https://elearning.example/kelas/1",
        kapasitas=30,
        mulai=start,
        selesai=start + dt.timedelta(days=1),
    )
    SesiKelas.objects.bulk_create(
        [
            SesiKelas(kelas=kelas, urutan=1, tanggal=start),
            SesiKelas(kelas=kelas, urutan=2, tanggal=kelas.selesai),
        ]
    )
    peserta = Peserta.objects.create(
        kelas=kelas,
        pegawai=w.city.perawat,
        cycle=w.cycle,
        kegiatan=w.cat.elearning,
        plan_item=item,
        status=Peserta.Status.DIUNDANG,
        diundang_pada=timezone.now(),
        bukti=WORLD_BUKTI,
        bukti_jenis="application/pdf",
    )
    klaim = KlaimPengembangan.objects.create(
        pegawai=w.city.perawat,
        bentuk=bentuk_map()["KL06"],
        judul="Seminar Nasional Keperawatan",
        penyelenggara="PPNI",
        mulai=dt.date(YEAR - 1, 11, 2),
        selesai=dt.date(YEAR - 1, 11, 3),
        jp_diminta=8,
        bukti=WORLD_BUKTI,
        bukti_jenis="application/pdf",
        bukti_nama="sertifikat.pdf",
    )
    if not default_storage.exists(WORLD_BUKTI):
        default_storage.save(WORLD_BUKTI, ContentFile(b"%PDF-1.4\n%%EOF\n"))
    dokumen = Dokumen.objects.create(
        plan=w.plan, format=Dokumen.Format.XLSX, oleh=bkpsdm, status=Dokumen.Status.DONE, progress=100
    )
    Dokumen.objects.filter(pk=dokumen.pk).update(
        isi=rencana_render(plan=w.plan, unit=None, fmt="xlsx").content, nama_berkas="rencana-2027-1275.xlsx"
    )
    dokumen.refresh_from_db()
    aksi = AksiPerubahan.objects.create(
        peserta=peserta, judul="Layanan posyandu digital", mentor=w.city.kepala
    )
    tonggak = TonggakAksi.objects.create(
        aksi=aksi,
        urutan=1,
        judul="Rancangan disetujui",
        batas=start,
        status=TonggakAksi.Status.LAPOR,
        catatan="Rancangan sudah dibahas.",
        selesai_pada=start,
    )
    return BigWorld(w, p, review, item, keputusan, penugasan, kelas, peserta, dokumen, klaim, aksi, tonggak)


@dataclass
class Tenant:
    """Kota Contoh: an OPD with a head, a supervisor and an employee, and one account per role."""

    instansi: Instansi
    opd: UnitKerja
    people: list[Pegawai]
    users: dict[str, User] = field(default_factory=dict)


def build_tenant() -> Tenant:
    contoh = Instansi.objects.create(
        kode="KOTA-CONTOH", nama="Pemerintah Kota Contoh", jenis=Instansi.Jenis.KOTA
    )
    opd = UnitKerja(
        instansi=contoh, kode="DINKES-C", nama="Dinas Kesehatan Contoh", jenis=UnitKerja.Jenis.OPD
    )
    opd.save()
    kepala = make_pegawai(instansi=contoh, unit=opd, nama="Kepala Contoh")
    atasan = make_pegawai(instansi=contoh, unit=opd, nama="Atasan Contoh", atasan=kepala)
    pegawai = make_pegawai(instansi=contoh, unit=opd, nama="Pegawai Contoh", atasan=atasan)
    tied = {"kepala": kepala, "atasan": atasan, "pegawai": pegawai}
    t = Tenant(contoh, opd, [kepala, atasan, pegawai])
    for key in ROLES:
        user = User.objects.create_user(username=f"contoh_{key}", password="pw-not-used-123")
        role = ROLE_OF[key]
        if role is not None:
            user.groups.add(Group.objects.get(name=role.value))
        if key in tied:
            Pegawai.objects.filter(pk=tied[key].pk).update(user=user)
        elif role is not None:  # BKPSDM, PPK and auditor have no employee record: linked explicitly
            AkunInstansi.objects.create(user=user, instansi=contoh)
        t.users[key] = user
    return t
