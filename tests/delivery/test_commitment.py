"""Commitment figures on a small hand-built case, exact: acceptance, attendance, completion, no-shows and the
median time to answer, per OPD and for the city; stored as next year's priority factor; and shown to each
reader only for their own people."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from django.core.management import call_command
from django.utils import timezone

from sibina.delivery import services
from sibina.delivery.commitment import figures_by_opd, komitmen_store
from sibina.delivery.commitment_domain import Rate, median_seconds
from sibina.delivery.models import Kelas, Peserta
from sibina.needs.models import FaktorUnit
from tests.delivery.test_services import Day, invited, of
from tests.web.test_permissions import World, client_for

D = dt.date
DAY = dt.timedelta(days=1)


def hand_built(w: World, day: Day) -> Kelas:
    """The e-learning (1–4 February): perawat and kepala accepted (after 1 and 3 days), the lurah declined (after
    2 days), the bidan never answered. Sessions 1–3 recorded: the perawat came to all three, the kepala missed
    the first. On 10 February the class has ended; the perawat completed, the kepala did not."""
    kelas = invited(w)
    t0 = timezone.now().replace(microsecond=0)
    Peserta.objects.filter(kelas=kelas).update(diundang_pada=t0)
    for who, status, after in (
        ("perawat", "DITERIMA", 1),
        ("kepala", "DITERIMA", 3),
        ("lurah", "DITOLAK", 2),
    ):
        Peserta.objects.filter(pk=of(kelas, w, who).pk).update(status=status, dijawab_pada=t0 + after * DAY)
    day(D(2027, 2, 4))
    perawat, kepala = of(kelas, w, "perawat"), of(kelas, w, "kepala")
    bkpsdm = w.users["bkpsdm"]
    services.kehadiran_record(sesi=kelas.sesi.get(urutan=1), hadir_ids=[perawat.pk], by=bkpsdm)
    for n in (2, 3):
        services.kehadiran_record(sesi=kelas.sesi.get(urutan=n), hadir_ids=[perawat.pk, kepala.pk], by=bkpsdm)
    Peserta.objects.filter(pk=perawat.pk).update(hasil="SELESAI")
    Peserta.objects.filter(pk=kepala.pk).update(hasil="TIDAK")
    day(D(2027, 2, 10))
    return kelas


def test_rates_and_median_are_exact() -> None:
    assert Rate(2, 3).persen == Decimal("66.7") and Rate(1, 8).persen == Decimal("12.5")
    assert Rate(0, 0).persen is None and Rate(5, 6).fraction == Decimal(5) / Decimal(6)
    assert median_seconds([86_400, 259_200, 172_800]) == Decimal(172_800)
    assert median_seconds([1, 2]) == Decimal("1.5") and median_seconds([]) is None


def test_the_figures_of_a_hand_built_year(world: World, db: None, day: Day) -> None:
    hand_built(world, day)
    rows, city = figures_by_opd(instansi=world.city.instansi, tahun=2027, today=D(2027, 2, 10))
    assert (city.diterima, city.hadir, city.selesai, city.mangkir) == (
        Rate(2, 4),
        Rate(5, 6),
        Rate(1, 2),
        Rate(1, 2),
    )
    assert (city.jawab_detik, city.jawab_hari, city.dijawab) == (Decimal(172_800), Decimal("2.0"), 3)
    by_name = {r.unit.nama: r.figures for r in rows}
    dinkes = by_name["Dinas Kesehatan"]
    assert (dinkes.diterima, dinkes.hadir, dinkes.selesai, dinkes.mangkir) == (
        Rate(2, 3),
        Rate(5, 6),
        Rate(1, 2),
        Rate(1, 2),
    )
    assert dinkes.diterima.persen == Decimal("66.7") and dinkes.hadir.persen == Decimal("83.3")
    kecamatan = by_name["Kecamatan Binjai Utara"]
    assert (kecamatan.diterima, kecamatan.hadir, kecamatan.jawab_detik) == (
        Rate(0, 1),
        Rate(0, 0),
        Decimal(172_800),
    )
    assert by_name[world.city.pppk.unit.nama].kosong
    # Before the class ended, nobody counts towards completion.
    _rows, early = figures_by_opd(instansi=world.city.instansi, tahun=2027, today=D(2027, 2, 4))
    assert early.selesai == Rate(0, 0)


def test_the_figures_become_next_years_priority_factor(world: World, db: None, day: Day) -> None:
    hand_built(world, day)
    out = io.StringIO()
    call_command("delivery", "komitmen", "--year", "2027", "--lang", "en", stdout=out)
    call_command("delivery", "komitmen", "--year", "2027", "--lang", "en", stdout=out)  # again: the same rows
    assert out.getvalue().splitlines() == ["Commitment 2027 stored for 1 OPD(s); city attendance: 83.3%."] * 2
    rows = sorted(
        FaktorUnit.objects.filter(jenis="KOMITMEN", tahun=2027), key=lambda r: r.unit_kerja_id is None
    )
    assert [(r.unit_kerja_id, r.nilai) for r in rows] == [
        (world.city.dinkes.pk, Decimal("0.833333")),
        (None, Decimal("0.833333")),
    ]
    assert rows[0].dasar == {"hadir": 5, "sesi": 6, "persen": "83.3", "diterima": 2, "diundang": 3}
    assert komitmen_store(instansi=world.city.instansi, tahun=2026)[:1] == []  # no class in 2026: no row
    assert not FaktorUnit.objects.filter(tahun=2026).exists()


def test_each_reader_sees_only_their_own_peoples_figures(world: World, db: None, day: Day) -> None:
    hand_built(world, day)
    wide = client_for(world, "bkpsdm").get("/kelas/komitmen/", HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert 'id="komitmen-opd"' in wide and "Kecamatan Binjai Utara" in wide and "66,7" in wide
    assert "29 OPD lain: belum ada pegawainya yang diundang." in wide  # the OPDs nobody was invited from
    # The Kepala OPD of Dinas Kesehatan: his OPD only (2 of 3 accepted), no table of the OPDs.
    kepala = client_for(world, "kepala")
    page = kepala.get("/kelas/komitmen/").content.decode()
    assert 'id="komitmen-opd"' not in page and "Kecamatan Binjai Utara" not in page
    assert "(2 of 3 invited)" in page or "(2 dari 3 diundang)" in page
    engagement = kepala.get("/pimpinan/keterlibatan/?tahun=2027").content.decode()
    assert "Dinas Kesehatan" in engagement and "Kecamatan Binjai Utara" not in engagement
    # The lurah (atasan): his team — himself (declined) and his staf (not invited): 0 of 1.
    team = client_for(world, "atasan").get("/kelas/komitmen/").content.decode()
    assert "Dinas Kesehatan" not in team and ("(0 of 1 invited)" in team or "(0 dari 1 diundang)" in team)
    # A Kepala OPD asking the dashboard for another OPD is not found.
    assert kepala.get(f"/pimpinan/?unit={world.city.kelurahan.parent_id}").status_code == 404
