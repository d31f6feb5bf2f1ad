"""Reads of plans for the pages: the figures recomputed from stored items add up to the stored plan, costs go to
the right ceiling, unserved needs group by reason, and the latest plan of each scenario is the one shown.

The builders here (a tiny catalogue, a cycle with ceilings and scenarios, needs) are shared with
tests/web/test_plan_pages.py, which solves them for real; the selector tests write plans by hand so that every
expected figure can be worked out on paper.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest

from sibina.catalogue.models import Kegiatan, KegiatanKompetensi
from sibina.catalogue.services import kegiatan_save
from sibina.competency.models import Kompetensi
from sibina.needs.models import Kebutuhan
from sibina.people.models import Instansi, Pegawai, StatusPegawai, UnitKerja
from sibina.planning import selectors
from sibina.planning.models import (
    Anggaran,
    KebutuhanTakTerlayani,
    Plan,
    PlanCycle,
    PlanItem,
    Skenario,
    SolverRun,
)
from sibina.reference.selectors import bentuk_map
from tests import factories
from tests.web.conftest import City, add_riwayat

YEAR = 2027
D = dt.date


# --- builders (also used by tests/web/test_plan_pages.py) --------------------------------------------------


def kegiatan(
    instansi: Instansi,
    kode: str,
    bentuk: str,
    *,
    gains: dict[str, int],
    biaya: int = 0,
    biaya_kelas: int = 0,
    kapasitas: int = 30,
    min_peserta: int = 1,
    maks_kelas: int = 1,
    sumber_dana: str = Kegiatan.SumberDana.BKPSDM,
    **fields: object,
) -> Kegiatan:
    """An activity saved through the catalogue service (JP from its form's rule) with the competencies it develops."""
    k = Kegiatan(
        instansi=instansi,
        kode=kode,
        judul=f"Kegiatan uji {kode}",
        bentuk=bentuk_map()[bentuk],
        jenis_penyelenggara=Kegiatan.JenisPenyelenggara.BKPSDM,
        penyelenggara="BKPSDM Kota Binjai",
        biaya_per_peserta=Decimal(biaya),
        biaya_per_kelas=Decimal(biaya_kelas),
        kapasitas_kelas=kapasitas,
        min_peserta=min_peserta,
        maks_kelas=maks_kelas,
        triwulan=[2, 3],
        pola_pendanaan=Kegiatan.PolaPendanaan.KONTRIBUSI if biaya else Kegiatan.PolaPendanaan.GRATIS,
        sumber_dana=sumber_dana,
        **fields,
    )
    kegiatan_save(kegiatan=k, on=D(YEAR, 1, 1))
    for code, naik in gains.items():
        KegiatanKompetensi.objects.create(
            kegiatan=k, kompetensi=Kompetensi.objects.get(kode=code), kenaikan_level=naik
        )
    return k


@dataclass
class Catalogue:
    elearning: Kegiatan  # NKL03, 12 JP, free, M01
    coaching: Kegiatan  # NKL01, 4 sessions = 8 JP, free, M04 (and performance gaps)
    teknis: Kegiatan  # KL03, 32 JP, Rp 3 juta a seat, 2 seats, M02
    workshop: Kegiatan  # KL07, 2 days = 10 JP, seats paid by the participant's OPD, class Rp 2 juta, M03


def catalogue(instansi: Instansi) -> Catalogue:
    return Catalogue(
        elearning=kegiatan(
            instansi, "EL-UJI", "NKL03", gains={"M01": 1}, hari=4, jp_program=Decimal(12), kapasitas=1000
        ),
        coaching=kegiatan(instansi, "COA-UJI", "NKL01", gains={"M04": 1}, sesi=4, kapasitas=10, maks_kelas=5),
        teknis=kegiatan(
            instansi,
            "TEK-UJI",
            "KL03",
            gains={"M02": 1},
            jp_program=Decimal(32),
            biaya=3_000_000,
            kapasitas=2,
            hari_klasikal=5,
        ),
        workshop=kegiatan(
            instansi,
            "WS-UJI",
            "KL07",
            gains={"M03": 1},
            hari=2,
            hari_klasikal=2,
            biaya=200_000,
            biaya_kelas=2_000_000,
            kapasitas=10,
            min_peserta=2,
            sumber_dana=Kegiatan.SumberDana.OPD,
        ),
    )


def cycle(instansi: Instansi, dinkes_opd_ceiling: int = 400_000) -> PlanCycle:
    """The 2027 cycle: DPA BKPSDM Rp 5 juta, Dinas Kesehatan's DPA for its staff's seats, two scenarios."""
    c = PlanCycle.objects.create(
        instansi=instansi,
        tahun=YEAR,
        nama="Rencana uji 2027",
        maks_kegiatan_per_orang=2,
        maks_hari_klasikal=10,
        penalti_kekurangan_jp=Decimal("0.05"),
    )
    Anggaran.objects.create(cycle=c, sumber=Anggaran.Sumber.BKPSDM, batas=Decimal(5_000_000))
    dinkes = instansi.units.get(kode="DINKES")
    Anggaran.objects.create(
        cycle=c, sumber=Anggaran.Sumber.OPD, unit=dinkes, batas=Decimal(dinkes_opd_ceiling)
    )
    Skenario.objects.create(cycle=c, nama="Anggaran -30%", faktor_anggaran=Decimal("0.70"))
    Skenario.objects.create(cycle=c, nama="Hanya e-learning", hanya_bentuk=["NKL03"])
    return c


def need(pegawai: Pegawai, kode: str | None, gap: int, prioritas: str, sumber: str = "GAP") -> Kebutuhan:
    return Kebutuhan.objects.create(
        pegawai=pegawai,
        tahun=YEAR,
        sumber=sumber,
        kompetensi=Kompetensi.objects.get(kode=kode) if kode else None,
        level_saat_ini=1 if kode else None,
        level_target=1 + gap if kode else None,
        gap=gap,
        prioritas=Decimal(prioritas),
        alasan=f"Priority {prioritas}",
    )


def needs(city: City) -> None:
    """Needs of 2027 for the active employees of the city fixture (and one of the retired one, never counted)."""
    need(city.perawat, "M01", 2, "60")
    need(city.perawat, "M02", 1, "50")
    need(city.perawat, "M03", 1, "40")
    need(city.bidan, "M02", 1, "70")
    need(city.bidan, "M03", 1, "55")
    need(city.kepala, "M02", 1, "45")
    need(city.kepala, "M04", 1, "40")
    need(city.lurah, "M01", 1, "50")
    need(city.lurah, "M02", 1, "65")
    need(city.pppk, None, 2, "30", sumber="KINERJA")
    need(city.pppk, "M01", 1, "30")
    need(city.pensiunan, "M02", 1, "90")


# --- hand-written plans ------------------------------------------------------------------------------------


@pytest.fixture
def town(binjai: Instansi) -> City:
    """The people of the web tests' city fixture, built with tests/factories.py: three in Dinas Kesehatan (two of
    them in a puskesmas), a lurah in Kecamatan Binjai Utara, a PPPK in BKPSDM and a retired employee."""
    units = {u.kode: u for u in UnitKerja.objects.filter(instansi=binjai)}
    dinkes, kecamatan, bkpsdm = units["DINKES"], units["KEC-BJU"], units["BKPSDM"]
    puskesmas = UnitKerja(
        instansi=binjai, parent=dinkes, kode="PKM-UJI", nama="Puskesmas Uji", jenis="PUSKESMAS"
    )
    puskesmas.save()
    kelurahan = UnitKerja.objects.get(parent=kecamatan, nama="Kelurahan Jati Makmur")
    pensiunan = factories.pegawai(binjai, kecamatan, nama="Sutrisno")
    Pegawai.objects.filter(pk=pensiunan.pk).update(status=StatusPegawai.PENSIUN)
    return City(
        instansi=binjai,
        dinkes=dinkes,
        puskesmas=puskesmas,
        kecamatan=kecamatan,
        kelurahan=kelurahan,
        bkpsdm=bkpsdm,
        kepala=factories.pegawai(binjai, dinkes, nama="Rahmat Hidayat"),
        perawat=factories.pegawai(binjai, puskesmas, nama="Siti Aminah", sex="P", lahir=D(1990, 7, 21)),
        bidan=factories.pegawai(binjai, puskesmas, nama="Dewi Lestari", sex="P", lahir=D(1988, 11, 30)),
        lurah=factories.pegawai(binjai, kelurahan, nama="Budi Santoso"),
        pppk=factories.pegawai(binjai, bkpsdm, nama="Andi Saputra", jenis_asn="PPPK"),
        pensiunan=pensiunan,
    )


def solver_run(c: PlanCycle, skenario: Skenario | None = None, **fields: object) -> SolverRun:
    defaults: dict[str, object] = {
        "status": SolverRun.Status.DONE,
        "method": "milp",
        "solve_status": "optimal",
    }
    return SolverRun.objects.create(cycle=c, skenario=skenario, **{**defaults, **fields})


def item(plan: Plan, pegawai: Pegawai, k: Kegiatan, kelas: int = 1, triwulan: int | None = 2) -> PlanItem:
    return PlanItem.objects.create(
        plan=plan,
        pegawai=pegawai,
        kegiatan=k,
        kelas=kelas,
        triwulan=triwulan,
        biaya=k.biaya_per_peserta,
        jp=k.jp,
        alasan=f"why {k.kode}",
    )


@pytest.fixture
def hand(town: City) -> tuple[City, Catalogue, PlanCycle, Plan]:
    """A plan written by hand: e-learning for four, the technical course for perawat and bidan (one class),
    the workshop for perawat and bidan (seats from the DPA Dinas Kesehatan), coaching for the PPPK."""
    city = town
    needs(city)
    cat = catalogue(city.instansi)
    c = cycle(city.instansi)
    plan = Plan.objects.create(
        cycle=c, solver_run=solver_run(c), biaya_total=Decimal(8_400_000), pegawai_20jp=2, pegawai_wajib_jp=4
    )
    for p in (city.perawat, city.bidan, city.lurah, city.kepala):
        item(plan, p, cat.elearning, triwulan=1)
    item(plan, city.perawat, cat.teknis)
    item(plan, city.bidan, cat.teknis)
    item(plan, city.perawat, cat.workshop, triwulan=3)  # over the two-activity limit: the selector only reads
    item(plan, city.bidan, cat.workshop, triwulan=3)
    item(plan, city.pppk, cat.coaching)
    KebutuhanTakTerlayani.objects.create(
        plan=plan,
        pegawai=city.lurah,
        kompetensi="M02",
        gap_sisa=1,
        alasan="class_capacity",
        keterangan="full",
    )
    KebutuhanTakTerlayani.objects.create(
        plan=plan,
        pegawai=city.kepala,
        kompetensi="M02",
        gap_sisa=1,
        alasan="class_capacity",
        keterangan="full",
    )
    KebutuhanTakTerlayani.objects.create(
        plan=plan, pegawai=city.kepala, kompetensi="M04", gap_sisa=1, alasan="budget", keterangan="no money"
    )
    KebutuhanTakTerlayani.objects.create(
        plan=plan,
        pegawai=city.pppk,
        kompetensi="KINERJA",
        gap_sisa=1,
        alasan="per_person_limit",
        keterangan="x",
    )
    return city, cat, c, plan


def test_catalogue_builders_derive_jp_from_the_form_rules(hand) -> None:
    _city, cat, _c, _plan = hand
    assert (cat.elearning.jp, cat.coaching.jp, cat.teknis.jp, cat.workshop.jp) == (
        Decimal(12),
        Decimal(8),
        Decimal(32),
        Decimal(10),
    )


def test_plan_figures_recompute_cost_jp_and_gaps(hand) -> None:
    _city, _cat, c, plan = hand
    f = selectors.plan_figures(plan=plan, facts=selectors.cycle_facts(cycle=c))
    # Seats: 4 × 0 + 2 × 3 juta + 2 × 0.2 juta + 0 = 6.4 juta; classes: one workshop class of 2 juta.
    assert f.total.biaya_peserta == Decimal(6_400_000)
    assert f.biaya_kelas == Decimal(2_000_000)
    assert f.biaya_total == Decimal(8_400_000) == plan.biaya_total
    # JP: perawat 12+32+10, bidan 12+32+10, lurah 12, kepala 12: two PNS of four reach 20 (the PPPK has no minimum).
    assert (f.total.wajib_jp, f.total.capai_jp) == (4, 2)
    # Gaps (active only): perawat 2+1+1, bidan 1+1, kepala 1+1, lurah 1+1, pppk 2+1 = 13; closed: perawat 1+1+1,
    # bidan 1+1, lurah 1, kepala 0 (M01 gained, no M01 gap), pppk KINERJA 1 (coaching) = 7.
    assert (f.total.gap, f.total.gap_tertutup) == (13.0, 7.0)
    assert (f.total.pegawai, f.total.direncanakan, f.total.penugasan) == (5, 5, 9)
    assert f.total.persen_jp == Decimal("50.0")
    by_opd = {row.unit.kode: row for row in f.opd}
    assert set(by_opd) == {"DINKES", "KEC-BJU", "BKPSDM"}
    dinkes = by_opd["DINKES"]
    assert (dinkes.pegawai, dinkes.wajib_jp, dinkes.capai_jp, dinkes.gap, dinkes.gap_tertutup) == (
        3,
        3,
        2,
        8.0,
        5.0,
    )
    assert dinkes.biaya_peserta == Decimal(6_400_000)
    assert sum(r.gap_tertutup for r in f.opd) == f.total.gap_tertutup
    assert sum(r.capai_jp for r in f.opd) == f.total.capai_jp


def test_jp_already_earned_in_the_plan_year_counts(hand) -> None:
    city, _cat, c, plan = hand
    add_riwayat(city.lurah, "Diklat awal tahun", D(YEAR, 1, 10), "8")  # 8 + 12 planned = 20
    add_riwayat(city.kepala, "Tahun lalu", D(YEAR - 1, 5, 1), "40")  # another year: does not count
    f = selectors.plan_figures(plan=plan, facts=selectors.cycle_facts(cycle=c))
    assert f.total.capai_jp == 3


def test_ceilings_charge_seats_to_their_source_and_classes_to_bkpsdm(hand) -> None:
    _city, _cat, c, plan = hand
    f = selectors.plan_figures(plan=plan, facts=selectors.cycle_facts(cycle=c))
    spent = {(x.anggaran.sumber, x.anggaran.unit.kode if x.anggaran.unit else None): x for x in f.ceilings}
    bkpsdm, dinkes = spent[("BKPSDM", None)], spent[("OPD", "DINKES")]
    assert (bkpsdm.batas, bkpsdm.terpakai, bkpsdm.sisa) == (
        Decimal(5_000_000),
        Decimal(8_000_000),  # 6 juta of seats + the workshop class (2 juta): this hand-made plan overspends
        Decimal(-3_000_000),
    )
    assert bkpsdm.persen == Decimal("160.0")
    assert (dinkes.batas, dinkes.terpakai, dinkes.persen) == (
        Decimal(400_000),
        Decimal(400_000),
        Decimal("100.0"),
    )


def test_a_scenario_scales_the_ceilings(hand) -> None:
    city, cat, c, _plan = hand
    minus = Skenario.objects.get(cycle=c, nama="Anggaran -30%")
    plan = Plan.objects.create(cycle=c, skenario=minus, solver_run=solver_run(c, minus))
    item(plan, city.perawat, cat.teknis)
    f = selectors.plan_figures(plan=plan, facts=selectors.cycle_facts(cycle=c))
    assert [(x.anggaran.sumber, x.batas, x.terpakai) for x in f.ceilings] == [
        ("BKPSDM", Decimal(3_500_000), Decimal(3_000_000)),
        ("OPD", Decimal(280_000), Decimal(0)),
    ]


def test_activity_rows_count_classes_participants_quarters_and_cost(hand) -> None:
    _city, _cat, c, plan = hand
    f = selectors.plan_figures(plan=plan, facts=selectors.cycle_facts(cycle=c))
    rows = [(r.kegiatan.kode, r.kelas, r.peserta, r.biaya, r.triwulan) for r in f.kegiatan]
    assert rows == [
        ("TEK-UJI", 1, 2, Decimal(6_000_000), [2]),
        ("WS-UJI", 1, 2, Decimal(2_400_000), [3]),
        ("COA-UJI", 1, 1, Decimal(0), [2]),
        ("EL-UJI", 1, 4, Decimal(0), [1]),
    ]


def test_plan_figures_query_count_does_not_grow_with_items(hand, django_assert_max_num_queries) -> None:
    city, cat, c, plan = hand
    with django_assert_max_num_queries(20) as first:
        selectors.plan_figures(plan=plan, facts=selectors.cycle_facts(cycle=c))
    item(plan, city.kepala, cat.coaching)
    item(plan, city.lurah, cat.coaching)
    with django_assert_max_num_queries(len(first.captured_queries)):
        selectors.plan_figures(plan=plan, facts=selectors.cycle_facts(cycle=c))


def test_unserved_needs_group_by_reason_with_named_examples(hand) -> None:
    _city, _cat, _c, plan = hand
    groups = selectors.unserved_groups(plan=plan, examples=1)
    assert [(g.alasan, g.jumlah, g.gap, len(g.contoh)) for g in groups] == [
        ("class_capacity", 2, 2.0, 1),
        ("budget", 1, 1.0, 1),
        ("per_person_limit", 1, 1.0, 1),
    ]
    assert [g.label for g in groups] == ["Class capacity", "Budget", "Per-person limit"]
    by_reason = {g.alasan: g.contoh[0] for g in groups}
    assert by_reason["budget"].kompetensi_nama == Kompetensi.objects.get(kode="M04").nama
    assert by_reason["per_person_limit"].kompetensi_nama == "Performance gap (SKP)"


def test_latest_plan_and_run_of_each_scenario(hand) -> None:
    _city, _cat, c, plan = hand
    minus = Skenario.objects.get(cycle=c, nama="Anggaran -30%")
    old = Plan.objects.create(cycle=c, skenario=minus, solver_run=solver_run(c, minus))
    new = Plan.objects.create(cycle=c, skenario=minus, solver_run=solver_run(c, minus))
    failed = solver_run(c, minus, status=SolverRun.Status.FAILED, pesan="infeasible")
    rows = selectors.cycle_plans(cycle=c)
    assert [(r.skenario.nama if r.skenario else None) for r in rows] == [
        None,
        "Anggaran -30%",
        "Hanya e-learning",
    ]
    base, minus_row, elearning = rows
    assert (base.plan, base.run) == (plan, plan.solver_run)
    assert (minus_row.plan, minus_row.run) == (new, failed)
    assert old != new
    assert (elearning.plan, elearning.run, elearning.run_figures) == (None, None, None)


def test_pegawai_plan_reads_the_latest_base_plan_not_a_scenario(hand) -> None:
    city, cat, c, plan = hand
    minus = Skenario.objects.get(cycle=c, nama="Anggaran -30%")
    scenario_plan = Plan.objects.create(cycle=c, skenario=minus, solver_run=solver_run(c, minus))
    item(scenario_plan, city.perawat, cat.coaching)
    mine = selectors.pegawai_plan(pegawai=city.perawat)
    assert mine is not None and mine.plan == plan
    assert [i.kegiatan.kode for i in mine.items] == ["EL-UJI", "TEK-UJI", "WS-UJI"]  # by quarter, then code
    assert (mine.jp_earned, mine.jp_planned, mine.jp_min, mine.capai_jp) == (
        Decimal(0),
        Decimal(54),
        Decimal(20),
        True,
    )
    assert mine.biaya == Decimal(3_200_000)
    pppk = selectors.pegawai_plan(pegawai=city.pppk)
    assert pppk is not None and (pppk.jp_min, pppk.capai_jp) == (None, None)
    assert [(o.need.kompetensi, o.kompetensi_nama) for o in pppk.tak_terlayani] == [
        ("KINERJA", "Performance gap (SKP)")
    ]


def test_no_plan_for_an_agency_without_one(town: City) -> None:
    assert selectors.pegawai_plan(pegawai=town.perawat) is None


def test_run_figures_in_words() -> None:
    run = SolverRun(objective=96.0, bound=100.0, gap=0.04, greedy_objective=80.0)
    rf = selectors.RunFigures(run)
    assert (rf.gap_persen, rf.greedy_ratio, rf.greedy_gain_persen) == (Decimal("4.00"), Decimal("1.200"), 20)
    assert selectors.RunFigures(SolverRun(objective=1.2066, greedy_objective=1.0)).greedy_gain_persen == 21
    assert selectors.RunFigures(SolverRun(objective=1.0, greedy_objective=1.0)).greedy_gain_persen == 0
    assert selectors.RunFigures(SolverRun()).gap_persen is None
    assert selectors.RunFigures(SolverRun(objective=1.0, greedy_objective=0.0)).greedy_ratio is None
    assert selectors.RunFigures(SolverRun(method="lp_round", solve_status="time_limit")).method_label == (
        "LP relaxation, rounded and repaired"
    )


def test_cycle_get_prefers_the_plan_year_then_the_latest(binjai: Instansi) -> None:
    assert selectors.cycle_get(instansi=binjai, tahun=None, prefer=YEAR) is None
    c26 = PlanCycle.objects.create(instansi=binjai, tahun=2026, nama="2026")
    c25 = PlanCycle.objects.create(instansi=binjai, tahun=2025, nama="2025")
    assert selectors.cycle_get(instansi=binjai, tahun=None, prefer=YEAR) == c26
    assert selectors.cycle_get(instansi=binjai, tahun=None, prefer=2025) == c25
    assert selectors.cycle_get(instansi=binjai, tahun=2024, prefer=YEAR) is None


def test_catalogue_search_filters(hand) -> None:
    city, _cat, _c, _plan = hand
    instansi = city.instansi

    def codes(**filters: str) -> list[str]:
        return [k.kode for k in selectors.kegiatan_search(instansi=instansi, **filters)]

    assert codes() == ["COA-UJI", "EL-UJI", "TEK-UJI", "WS-UJI"]
    assert codes(jalur="NONKLASIKAL") == ["COA-UJI", "EL-UJI"]
    assert codes(bentuk="KL07") == ["WS-UJI"]
    assert codes(kompetensi="M02") == ["TEK-UJI"]
    assert codes(q="tek") == ["TEK-UJI"]
    assert codes(jenis_penyelenggara="LAN") == []
    assert [kode for kode, _nama in selectors.kompetensi_in_catalogue(instansi=instansi)] == [
        "M01",
        "M02",
        "M03",
        "M04",
    ]
