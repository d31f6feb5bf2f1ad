"""The synthetic city's catalogue and its 2027 plan cycle: mix, rules, budgets, scenarios, reset."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from decimal import Decimal

import pytest
from django.core.management import call_command

from sibina.catalogue.domain import Peserta, Syarat
from sibina.catalogue.models import AturanWajib, Kegiatan, KegiatanKompetensi
from sibina.catalogue.services import kegiatan_jp
from sibina.competency.models import Kompetensi
from sibina.demo import planning
from sibina.demo.catalogue import CATALOGUE, INTEGRITY_KODE, build_catalogue, reset_catalogue
from sibina.demo.context import TANGGAL_ACUAN, DemoContext
from sibina.demo.services import demo_reset
from sibina.demo.steps import STAGES
from sibina.needs.models import Kebutuhan
from sibina.people.models import Instansi, Pegawai
from sibina.planning.models import Anggaran, Plan, PlanCycle, PlanItem, Skenario, SolverRun

from .conftest import SEED, SIZE

pytestmark = pytest.mark.django_db
YEAR = 2027


def _ctx(instansi: Instansi, seed: int = SEED) -> DemoContext:
    return DemoContext(seed=seed, size=SIZE, verbosity=0, instansi=instansi)


def _catalogue_rows(instansi: Instansi) -> list[tuple[object, ...]]:
    return sorted(
        Kegiatan.objects.filter(instansi=instansi).values_list(
            "kode", "jp", "biaya_per_peserta", "biaya_per_kelas", "triwulan", "kapasitas_kelas", "min_peserta"
        )
    )


@pytest.fixture
def city(db: None) -> list[Pegawai]:
    """Built per test in this module: most of its tests start from an agency with no city at all."""
    call_command("demo", size=SIZE, seed=SEED, verbosity=0)
    return list(Pegawai.objects.all())


@pytest.fixture
def planned(city: list[Pegawai]) -> Iterator[Instansi]:
    """The small city with its catalogue and plan cycle (built here until the stages are registered)."""
    instansi = Instansi.objects.get(kode="1275")
    names = {s.name for s in STAGES}
    ctx = _ctx(instansi)
    if "catalogue" not in names:
        build_catalogue(ctx)
    if "plan_cycle" not in names:
        planning.build_plan_cycle(ctx)
    yield instansi


def test_the_catalogue_is_large_varied_and_follows_the_jp_rules(binjai: Instansi) -> None:
    build_catalogue(_ctx(binjai))
    kegiatan = list(Kegiatan.objects.filter(instansi=binjai).select_related("bentuk"))
    assert len(kegiatan) == len(CATALOGUE) == 163
    assert all(k.sintetis for k in kegiatan)
    forms = Counter(k.bentuk.kode for k in kegiatan)
    classical = sum(n for form, n in forms.items() if form.startswith("KL"))
    assert (classical, len(kegiatan) - classical) == (94, 69)
    assert forms["NKL03"] == 35 and forms["KL01"] == 6 and forms["KL03"] == 44
    assert len(forms) == 23  # every form but KL12 (other classical) and NKL08 (exchange with business)
    gains = Counter(
        KegiatanKompetensi.objects.filter(kegiatan__instansi=binjai).values_list("kegiatan__kode", flat=True)
    )
    assert all(gains[k.kode] >= 1 for k in kegiatan)
    assert set(
        KegiatanKompetensi.objects.filter(kegiatan__instansi=binjai).values_list(
            "kompetensi__kode", flat=True
        )
    ) == set(Kompetensi.objects.values_list("kode", flat=True))  # every competency can be developed
    for k in kegiatan:
        assert k.jp == kegiatan_jp(k, on=TANGGAL_ACUAN) > 0, k.kode
        assert k.biaya_per_peserta >= 0 and k.biaya_per_kelas >= 0, k.kode
        assert 1 <= k.min_peserta <= k.kapasitas_kelas, k.kode
        assert set(k.triwulan) <= {1, 2, 3, 4} and k.triwulan == sorted(k.triwulan), k.kode
        assert (k.hari_klasikal > 0) == (k.bentuk.jalur == "KLASIKAL"), k.kode
        if k.sumber_dana == Kegiatan.SumberDana.OPD:
            assert k.biaya_per_kelas == 0, k.kode  # a class shared by OPDs has no fixed cost to split
    by_form = {k.kode: k for k in kegiatan}
    elearning = [k for k in kegiatan if k.bentuk.kode == "NKL03"]
    assert all(k.pola_pendanaan == "GRATIS" and k.biaya_per_peserta == 0 for k in elearning)
    assert all(k.kapasitas_kelas >= 1000 for k in elearning)
    leadership = [by_form[c] for c in ("PIM-PKP", "PIM-PKA", "PIM-PKN2")]
    assert all(Decimal(15_000_000) <= k.biaya_per_peserta <= Decimal(45_000_000) for k in leadership)
    assert [sorted(k.tingkat_jabatan.values_list("kode", flat=True)) for k in leadership] == [
        ["PENGAWAS"],
        ["ADMINISTRATOR"],
        ["JPT_PRATAMA"],
    ]
    assert list(by_form["TIK-02"].prasyarat.values_list("kode", flat=True)) == ["TIK-01"]
    assert by_form["INT-05"].hanya_garis_depan


def test_mandatory_rules_latsar_pkp_and_the_dormant_integrity_rule(binjai: Instansi) -> None:
    build_catalogue(_ctx(binjai))
    rules = sorted(
        AturanWajib.objects.filter(kegiatan__instansi=binjai).values_list(
            "kegiatan__kode", "sasaran", "aktif"
        )
    )
    assert rules == [
        ("DAS-LATSAR2", "CPNS", True),
        ("DAS-LATSAR3", "CPNS", True),
        (INTEGRITY_KODE, "GARIS_DEPAN", False),
        ("PIM-PKP", "PENGAWAS_BARU", True),
    ]
    integrity = Kegiatan.objects.get(instansi=binjai, kode=INTEGRITY_KODE)
    assert not integrity.hanya_garis_depan  # a scenario can make it mandatory for everyone
    assert integrity.kapasitas_kelas * integrity.maks_kelas >= 5500  # enough seats for the full city


def test_the_catalogue_is_the_same_for_a_seed_and_other_for_another(binjai: Instansi) -> None:
    build_catalogue(_ctx(binjai))
    first = _catalogue_rows(binjai)
    reset_catalogue()
    assert not Kegiatan.objects.exists()
    build_catalogue(_ctx(binjai))
    assert _catalogue_rows(binjai) == first
    reset_catalogue()
    build_catalogue(_ctx(binjai, seed=SEED + 1))
    other = _catalogue_rows(binjai)
    assert [r[0] for r in other] == [r[0] for r in first]
    assert other != first  # prices and quarters differ a little between seeds


def test_an_activity_the_agency_keeps_already_is_left_alone(binjai: Instansi) -> None:
    build_catalogue(_ctx(binjai))
    own = Kegiatan.objects.get(instansi=binjai, kode="KEU-01")
    own.sintetis, own.judul = False, "Kursus RKA milik BKPSDM"
    own.save()
    reset_catalogue()
    build_catalogue(_ctx(binjai))
    assert Kegiatan.objects.get(instansi=binjai, kode="KEU-01").judul == "Kursus RKA milik BKPSDM"
    assert Kegiatan.objects.filter(instansi=binjai).count() == len(CATALOGUE)


def test_the_2027_cycle_has_tight_budgets_policy_and_four_scenarios(planned: Instansi) -> None:
    cycle = PlanCycle.objects.get(instansi=planned, tahun=YEAR)
    assert cycle.nama == "Rencana Pengembangan Kompetensi ASN Kota Binjai 2027"
    assert (cycle.maks_kegiatan_per_orang, cycle.maks_hari_klasikal, cycle.penalti_kekurangan_jp) == (
        planning.MAKS_KEGIATAN,
        planning.MAKS_HARI_KLASIKAL,
        planning.PENALTI_JP,
    )
    assert Kebutuhan.objects.filter(pegawai__instansi=planned, tahun=YEAR).exists()  # the city can be planned
    cost = planning.cost_of_needs(planning.load_people(planned, YEAR), planning.load_offers(planned))
    lines = {(a.sumber, a.unit.kode if a.unit else ""): a.batas for a in Anggaran.objects.filter(cycle=cycle)}
    reserve = Decimal("1.5") * cost.mandatory["BKPSDM"]
    expected = {("BKPSDM", ""): planning.ceiling(cost.by_source["BKPSDM"], Decimal("0.55"), minimum=reserve)}
    for kode in ("DISDIK", "DINKES", "RSUD", "BPKPAD"):
        expected[("OPD", kode)] = planning.ceiling(
            cost.by_source.get(kode, Decimal(0)), planning.BUDGET_SHARE[kode], minimum=Decimal(10_000_000)
        )
    expected[("TOTAL", "")] = sum(expected.values(), Decimal(0))
    assert lines == expected
    assert Decimal("0.40") <= lines[("TOTAL", "")] / cost.total <= Decimal("0.60")
    # Even the budget cut of the "-30%" scenario pays for every mandatory course (Latsar, PKP), and the
    # "integrity for all" scenario can pay for the mandatory courses and one workshop seat for everyone.
    assert cost.mandatory["BKPSDM"] > 0
    assert cost.mandatory["BKPSDM"] <= Decimal("0.70") * lines[("BKPSDM", "")]
    integrity = Kegiatan.objects.get(instansi=planned, kode=INTEGRITY_KODE)
    everyone = Pegawai.objects.filter(instansi=planned, status="AKTIF").count()
    classes = -(-everyone // integrity.kapasitas_kelas)
    assert classes <= integrity.maks_kelas
    for_all = everyone * integrity.biaya_per_peserta + classes * integrity.biaya_per_kelas
    assert cost.mandatory["BKPSDM"] + for_all <= lines[("BKPSDM", "")]
    scenarios = {
        s.nama: (s.faktor_anggaran, s.hanya_bentuk, s.wajib_semua.kode if s.wajib_semua else None)
        for s in Skenario.objects.filter(cycle=cycle).select_related("wajib_semua")
    }
    assert scenarios == {
        "Anggaran -30%": (Decimal("0.70"), [], None),
        "Anggaran +20%": (Decimal("1.20"), [], None),
        "Hanya e-learning": (Decimal("1.00"), ["NKL03"], None),
        "Integritas wajib semua": (Decimal("1.00"), [], INTEGRITY_KODE),
    }


def test_a_cycle_the_agency_has_already_is_left_alone(binjai: Instansi) -> None:
    own = PlanCycle.objects.create(instansi=binjai, tahun=YEAR, nama="Rencana BKPSDM 2027")
    ctx = _ctx(binjai)
    planning.build_plan_cycle(ctx)
    assert list(PlanCycle.objects.values_list("nama", flat=True)) == [own.nama]
    assert ctx.counts["plan_cycle"] == 0
    planning.reset_plan_cycle()
    assert PlanCycle.objects.filter(pk=own.pk).exists()  # not a demo cycle: reset keeps it


def _offer(
    kode: str,
    cost: int,
    gains: dict[str, int],
    *,
    klasikal: bool = True,
    opd: bool = False,
    jenis: tuple[str, ...] = (),
    garis_depan: bool = False,
    wajib: tuple[str, ...] = (),
) -> planning.Offer:
    return planning.Offer(
        kode=kode,
        unit_cost=Decimal(cost),
        klasikal=klasikal,
        dibayar_opd=opd,
        gains=gains,
        syarat=Syarat(jenis_asn=set(jenis), hanya_garis_depan=garis_depan),
        wajib=frozenset(wajib),
    )


def _person(gaps: dict[str, int], jenis: str = "PNS", opd: str = "DISDIK") -> planning.Person:
    return planning.Person(
        peserta=Peserta(jenis_asn=jenis, tingkat_jabatan="PELAKSANA", golongan_urutan=9, front_line=False),
        opd=opd,
        pengawas_baru=False,
        gaps=gaps,
    )


def test_needs_are_priced_by_the_course_that_closes_most_of_the_gap() -> None:
    offers = [
        _offer("EL", 0, {"A": 1, "B": 1}, klasikal=False),
        _offer("KL-A", 3_000_000, {"A": 2, "C": 1}),
        _offer("KL-A2", 2_500_000, {"A": 1}),
        _offer("WS-B", 400_000, {"B": 1}, opd=True),
        _offer("LATSAR", 9_000_000, {"S": 1}, jenis=("CPNS",), wajib=("CPNS",)),
        _offer("FRONT", 100, {"D": 1}, garis_depan=True),
    ]
    cost = planning.cost_of_needs(
        [
            _person({"A": 2, "C": 1}),  # KL-A closes A fully and serves C as well
            _person(
                {"A": 1, "B": 1}
            ),  # a course where one exists: KL-A2 (cheaper of the one-level ones), WS-B
            _person({"S": 1}, jenis="CPNS", opd="DINKES"),  # the mandatory Latsar, counted once
            _person({"D": 1, "E": 1}),  # nothing this employee may join develops D or E
        ],
        offers,
    )
    assert cost.by_source == {"BKPSDM": Decimal(14_500_000), "DISDIK": Decimal(400_000)}
    assert cost.mandatory == {"BKPSDM": Decimal(9_000_000)}
    assert (cost.needs, cost.unserved, cost.total) == (7, 2, Decimal(14_900_000))


def test_reset_removes_plans_cycles_and_catalogue_so_the_city_can_go(planned: Instansi) -> None:
    cycle = PlanCycle.objects.get(instansi=planned, tahun=YEAR)
    run = SolverRun.objects.create(cycle=cycle)
    plan = Plan.objects.create(cycle=cycle, solver_run=run)
    other_cycle = PlanCycle.objects.create(instansi=planned, tahun=2028, nama="Rencana BKPSDM 2028")
    other = Plan.objects.create(cycle=other_cycle, solver_run=SolverRun.objects.create(cycle=other_cycle))
    pegawai = Pegawai.objects.filter(sintetis=True).order_by("nip")[0]
    kegiatan = Kegiatan.objects.get(instansi=planned, kode="EL-01")
    for p in (plan, other):
        PlanItem.objects.create(
            plan=p, pegawai=pegawai, kegiatan=kegiatan, kelas=1, biaya=Decimal(0), jp=kegiatan.jp
        )
    planning.reset_plan_cycle()
    reset_catalogue()
    assert not Plan.objects.exists()
    assert list(PlanCycle.objects.values_list("nama", flat=True)) == ["Rencana BKPSDM 2028"]
    assert not Kegiatan.objects.filter(sintetis=True).exists()
    demo_reset()
    assert not Pegawai.objects.filter(sintetis=True).exists()
