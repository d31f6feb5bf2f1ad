"""The delivery pages end to end: the employee answers on "my development", BKPSDM records attendance and
completion on the class page, the JP reaches the employee's home page; leaders see their people's answers
within their scope; nobody answers another's invitation; bad input is a message, never a 500 or a half-write."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from django.contrib.messages import get_messages
from django.test import Client

from sibina.audit.models import AuditEvent
from sibina.delivery import services
from sibina.delivery.models import Kehadiran, Kelas
from tests.delivery.test_services import invited, of
from tests.web.test_permissions import World

D = dt.date
Day = Callable[[dt.date], None]


def client(w: World, role: str) -> Client:
    c = Client()
    c.force_login(w.users[role])
    return c


def test_accept_attend_complete_and_see_the_jp_at_home(world: World, db: None, day: Day) -> None:
    kelas = invited(world)
    p = of(kelas, world, "perawat")
    me = client(world, "pegawai")
    page = me.get("/pengembangan-saya/")
    assert [x.pk for x in page.context["open"]] == [p.pk]
    answer = me.post(
        f"/pengembangan-saya/{p.pk}/jawab/", {"version": p.version, "jawaban": "TERIMA", "ikrar": "1"}
    )
    assert answer.status_code == 302
    p.refresh_from_db()
    assert (p.status, p.ikrar) == ("DITERIMA", True)

    day(D(2027, 2, 5))
    bkpsdm = client(world, "bkpsdm")
    for sesi in kelas.sesi.all():
        r = bkpsdm.post(f"/kelas/{kelas.pk}/kehadiran/", {"sesi": sesi.pk, "hadir": [p.pk]})
        assert r.status_code == 302
    assert Kehadiran.objects.filter(peserta=p, hadir=True).count() == 4
    assert Kehadiran.objects.filter(sesi__kelas=kelas, hadir=False).count() == 12
    p.refresh_from_db()
    done = bkpsdm.post(
        f"/kelas/{kelas.pk}/hasil/",
        {"peserta": p.pk, "version": p.version, "hasil": "SELESAI", "nomor_sertifikat": "EL/2027/007"},
    )
    assert done.status_code == 302
    p.refresh_from_db()
    assert (p.hasil, p.jp) == ("SELESAI", Decimal("12.00"))
    home = me.get("/")
    assert home.context["own"].jp.status.jp == Decimal("12.00")
    mine = me.get("/pengembangan-saya/")
    assert mine.context["jp"] == Decimal("12.00")
    assert [c.nomor_sertifikat for c in mine.context["certificates"]] == ["EL/2027/007"]
    assert "EL/2027/007" in mine.content.decode()


def test_nobody_answers_anothers_invitation(world: World, db: None, day: Day) -> None:
    kelas = invited(world)
    p = of(kelas, world, "perawat")
    before = AuditEvent.objects.filter(aksi="access.denied").count()
    for role in ("atasan", "kepala", "bkpsdm"):
        r = client(world, role).post(
            f"/pengembangan-saya/{p.pk}/jawab/",
            {"version": p.version, "jawaban": "TOLAK", "alasan": "x" * 20},
        )
        assert r.status_code == 404
    p.refresh_from_db()
    assert (p.status, p.version) == ("DIUNDANG", 2)
    assert AuditEvent.objects.filter(aksi="access.denied").count() - before == 3
    # The kepala sees only their own invitation on their page, not the perawat's.
    kepala_page = client(world, "kepala").get("/pengembangan-saya/")
    assert [x.pegawai_id for x in kepala_page.context["open"]] == [world.city.kepala.pk]


def test_leaders_see_their_peoples_answers_only(world: World, db: None, day: Day) -> None:
    kelas = invited(world)
    p = of(kelas, world, "perawat")
    services.peserta_answer(
        peserta=p,
        by=world.users["pegawai"],
        version=p.version,
        jawaban=services.domain.Jawaban.TOLAK,
        alasan="Bertugas jaga IGD sepanjang Februari",
    )

    def names(role: str, **query: str) -> list[str]:
        r = client(world, role).get("/kelas/komitmen/", query)
        assert r.status_code == 200
        return [x.pegawai.nama for x in r.context["page"].object_list]

    city = world.city
    assert names("kepala") == sorted([city.bidan.nama, city.kepala.nama, city.perawat.nama])
    assert names("kepala", status="tolak") == [city.perawat.nama]
    assert names("atasan") == [city.lurah.nama]  # the lurah's team: himself and his staf (not enrolled)
    assert len(names("bkpsdm")) == 4
    page = client(world, "kepala").get("/kelas/komitmen/", {"status": "tolak"}).content.decode()
    assert "Bertugas jaga IGD sepanjang Februari" in page
    assert client(world, "pegawai").get("/kelas/komitmen/").status_code == 403


def test_bad_class_input_is_a_message_and_writes_nothing(world: World, db: None, day: Day) -> None:
    r = client(world, "bkpsdm").post(
        "/kelas/buka/",
        {
            "cycle": world.cycle.pk,
            "kegiatan": world.cat.elearning.pk,
            "mulai": "2027-03-05",
            "selesai": "2027-03-01",
            "tempat": "",
        },
        follow=True,
    )
    assert r.status_code == 200
    shown = [str(m) for m in get_messages(r.wsgi_request)] or [str(m) for m in r.context["messages"]]
    assert "The end date cannot be before the start date." in shown
    assert "Give the place of the class or its online link." in shown
    assert not Kelas.objects.exists()
    junk = client(world, "bkpsdm").post("/kelas/buka/", {"cycle": "x", "kegiatan": "1", "mulai": "kemarin"})
    assert junk.status_code == 400
    assert not Kelas.objects.exists()


def test_the_class_pages_render_for_the_wide_roles(world: World, db: None, day: Day) -> None:
    kelas = invited(world)
    day(D(2027, 2, 5))
    for role in ("bkpsdm", "auditor", "ppk"):
        listing = client(world, role).get("/kelas/")
        assert listing.status_code == 200
        assert [k.pk for k in listing.context["page"].object_list] == [kelas.pk]
        detail = client(world, role).get(f"/kelas/{kelas.pk}/")
        assert detail.status_code == 200
        assert (b'id="kehadiran"' in detail.content) == (role == "bkpsdm")
