"""Substitutes for someone who dropped out of a class: proposed from the optimiser's ranking (eligible, not already
in the activity, not excluded by the decree, within the personal limits) within the budget left of the source that
pays the seat; confirmed by BKPSDM, audited, one per drop-out.

The small city's decreed plan has the technical course (KL03, 32 JP, Rp 3 juta a seat from the DPA BKPSDM of
Rp 5 juta, two seats) for the perawat only; the bidan, the kepala and the lurah have a gap on its competency (M02),
the staff member has none, the PPPK is capped at 24 JP a year."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sibina.approvals.models import Keputusan, Persetujuan, ReviewOpd
from sibina.audit.models import AuditEvent
from sibina.competency.models import Kompetensi
from sibina.delivery import domain, money, services, substitutes
from sibina.delivery.models import Kelas, Peserta
from sibina.planning.builder import pair_ineligible
from sibina.planning.models import Anggaran
from tests.web.test_permissions import World

D = dt.date
Day = Callable[[dt.date], None]


def teknis_declined(w: World) -> tuple[Kelas, Peserta]:
    """A class of the technical course with the perawat enrolled, invited, and declining."""
    kelas = services.kelas_create(
        cycle=w.cycle,
        kegiatan=w.cat.teknis,
        mulai=D(2027, 3, 1),
        selesai=D(2027, 3, 5),
        tempat="Aula BKPSDM",
        by=w.users["bkpsdm"],
    )
    services.kelas_enrol(kelas=kelas, by=w.users["bkpsdm"], version=kelas.version)
    kelas.refresh_from_db()
    services.kelas_invite(kelas=kelas, by=w.users["bkpsdm"], version=kelas.version)
    perawat = kelas.peserta.get(pegawai=w.city.perawat)
    services.peserta_answer(
        peserta=perawat,
        by=w.users["pegawai"],
        version=perawat.version,
        jawaban=domain.Jawaban.TOLAK,
        alasan="Bertugas jaga di puskesmas",
    )
    kelas.refresh_from_db()
    perawat.refresh_from_db()
    return kelas, perawat


def names(proposals: list[substitutes.Proposal]) -> list[str]:
    return [p.pegawai.nama for p in proposals]


def test_a_decline_brings_proposals_from_the_ranking_with_reasons(world: World, db: None, day: Day) -> None:
    kelas, perawat = teknis_declined(world)
    assert [p.pk for p in substitutes.dropouts(kelas)] == [perawat.pk]
    found = substitutes.proposals(kelas=kelas, keluar=perawat)
    # Those with a gap on M02 and short of their 20 JP first (largest gap first), then the JP-only filler; the
    # PPPK is left out (32 JP would pass the 24-JP cap), and the perawat herself is in the activity.
    who = names(found)
    assert set(who[:3]) == {"Dewi Lestari", "Rahmat Hidayat", "Budi Santoso"}
    assert "Andi Saputra" not in who and "Siti Aminah" not in who
    assert all(p.short for p in found[:3]) and all(p.closes == 1 for p in found[:3])
    first = found[0]
    assert first.alasan == f"Gap of 1 on {Kompetensi.objects.get(kode='M02').nama}; JP this year: 0 of 20"
    assert (first.biaya, first.sumber) == (Decimal(3_000_000), "BKPSDM")
    for p in found:
        assert pair_ineligible(pegawai=p.pegawai, kegiatan=world.cat.teknis) is None


def test_ineligible_excluded_and_already_enrolled_people_are_never_proposed(
    world: World, db: None, day: Day
) -> None:
    kelas, perawat = teknis_declined(world)
    # The lurah falls outside the course's ranks; the decree excludes the kepala from it; the bidan is enrolled.
    lurah_rank = world.city.lurah.golongan.urutan
    type(world.cat.teknis).objects.filter(pk=world.cat.teknis.pk).update(golongan_max=lurah_rank - 1)
    decree = Persetujuan.objects.get(cycle=world.cycle)
    review = ReviewOpd.objects.create(persetujuan=decree, unit=world.city.dinkes)
    Keputusan.objects.create(
        persetujuan=decree,
        review=review,
        pegawai=world.city.kepala,
        kegiatan=world.cat.teknis,
        jenis=Keputusan.Jenis.KECUALI,
        oleh=world.users["kepala"],
    )
    Peserta.objects.create(
        kelas=kelas, pegawai=world.city.bidan, cycle=world.cycle, kegiatan=world.cat.teknis
    )
    who = names(substitutes.proposals(kelas=kelas, keluar=perawat))
    assert not {"Budi Santoso", "Rahmat Hidayat", "Dewi Lestari", "Siti Aminah"} & set(who)
    with pytest.raises(ValidationError) as refused:
        substitutes.substitute_confirm(
            kelas=kelas,
            keluar=perawat,
            pegawai=world.city.kepala,
            by=world.users["bkpsdm"],
            version=perawat.version,
        )
    assert "cannot substitute" in refused.value.message_dict["pengganti"][0]
    assert not Peserta.objects.filter(pengganti_untuk=perawat).exists()


def test_proposals_respect_the_budget_left(world: World, db: None, day: Day) -> None:
    kelas, perawat = teknis_declined(world)
    # The decree set aside Rp 3 juta of the Rp 5 juta; the perawat's seat is freed: Rp 5 juta for one seat.
    assert names(substitutes.proposals(kelas=kelas, keluar=perawat))
    # With the ceiling cut to Rp 2,5 juta, her freed seat leaves Rp 2,5 juta: a Rp 3 juta seat does not fit.
    Anggaran.objects.filter(cycle=world.cycle, sumber="BKPSDM").update(batas=Decimal(2_500_000))
    assert substitutes.proposals(kelas=kelas, keluar=perawat) == []
    with pytest.raises(ValidationError):
        substitutes.substitute_confirm(
            kelas=kelas,
            keluar=perawat,
            pegawai=world.city.bidan,
            by=world.users["bkpsdm"],
            version=perawat.version,
        )
    assert kelas.peserta.count() == 1


def test_bkpsdm_confirms_one_substitute_who_can_then_be_invited(world: World, db: None, day: Day) -> None:
    kelas, perawat = teknis_declined(world)
    with pytest.raises(PermissionDenied):
        substitutes.substitute_confirm(
            kelas=kelas,
            keluar=perawat,
            pegawai=world.city.bidan,
            by=world.users["kepala"],
            version=perawat.version,
        )
    sub = substitutes.substitute_confirm(
        kelas=kelas,
        keluar=perawat,
        pegawai=world.city.bidan,
        by=world.users["bkpsdm"],
        version=perawat.version,
    )
    assert (sub.status, sub.pengganti_untuk_id, sub.plan_item_id) == ("TERDAFTAR", perawat.pk, None)
    event = AuditEvent.objects.get(aksi="delivery.substitute")
    assert event.sesudah["pengganti_untuk"] == perawat.pk and "Gap of 1" in event.sesudah["alasan"]
    # The drop-out is replaced once: a second confirmation (even with a fresh version) is refused.
    perawat.refresh_from_db()
    assert substitutes.dropouts(kelas) == []
    with pytest.raises(ValidationError):
        substitutes.substitute_confirm(
            kelas=kelas,
            keluar=perawat,
            pegawai=world.city.lurah,
            by=world.users["bkpsdm"],
            version=perawat.version,
        )
    kelas.refresh_from_db()
    assert services.kelas_invite(kelas=kelas, by=world.users["bkpsdm"], version=kelas.version) == 1
    assert Peserta.objects.get(pk=sub.pk).status == "DIUNDANG"
    assert kelas.peserta.filter(status__in=["TERDAFTAR", "DIUNDANG", "DITERIMA"]).count() == 1


def test_the_substitutes_seat_is_counted_against_the_budget(world: World, db: None, day: Day) -> None:
    kelas, perawat = teknis_declined(world)
    substitutes.substitute_confirm(
        kelas=kelas,
        keluar=perawat,
        pegawai=world.city.bidan,
        by=world.users["bkpsdm"],
        version=perawat.version,
    )
    decree = Persetujuan.objects.get(cycle=world.cycle)
    opds = money.opds_of(kelas.instansi_id)
    seated = substitutes._seated(kelas)
    # Rp 5 juta less the plan's Rp 3 juta, less the bidan's seat, plus the perawat's seat she freed.
    assert substitutes.remaining(kelas=kelas, decree=decree, opds=opds, seated=seated)["BKPSDM"] == Decimal(
        2_000_000
    )


def test_no_substitute_once_the_class_has_started(world: World, db: None, day: Day) -> None:
    kelas, perawat = teknis_declined(world)
    day(D(2027, 3, 1))
    assert substitutes.dropouts(kelas) == []
    assert substitutes.proposals(kelas=kelas, keluar=perawat) == []


def test_the_class_page_proposes_and_confirms(world: World, db: None, day: Day) -> None:
    from django.test import Client

    kelas, perawat = teknis_declined(world)
    c = Client()
    c.force_login(world.users["bkpsdm"])
    plain = c.get(f"/kelas/{kelas.pk}/").content.decode()
    assert f"?pengganti={perawat.pk}#pengganti" in plain and "data-proposal" not in plain
    page = c.get(f"/kelas/{kelas.pk}/?pengganti={perawat.pk}").content.decode()
    assert f'data-proposal="{world.city.bidan.nip}"' in page
    response = c.post(
        f"/kelas/{kelas.pk}/pengganti/",
        {"keluar": perawat.pk, "version": perawat.version, "pegawai": world.city.bidan.pk},
        follow=True,
    )
    assert [str(m) for m in response.context["messages"]] == [
        "Dewi Lestari is enrolled as the substitute for Siti Aminah; invite them with the class's invitations."
    ]
    assert 'data-substitute="1"' in response.content.decode()
    # The auditor reads the class page but gets no proposals and cannot confirm.
    auditor = Client()
    auditor.force_login(world.users["auditor"])
    assert "data-proposal" not in auditor.get(f"/kelas/{kelas.pk}/?pengganti={perawat.pk}").content.decode()
