"""The needs-analysis pages: overviews and heatmaps, the employee profile, the JP ledger, proposals, admin."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from tests.web.conftest import City, add_riwayat, make_pegawai

from sibina.catalogue.models import Kegiatan
from sibina.competency.models import (
    Asesmen,
    Kinerja,
    Kompetensi,
    NilaiKompetensi,
    ProfilTalenta,
    StandarKompetensi,
)
from sibina.needs.models import Kebutuhan, Usulan
from sibina.people.models import Jabatan, Pegawai
from sibina.reference.models import BentukPengembangan, TingkatJabatan
from sibina.roles import Role
from sibina.web.periods import current_year, plan_year

D = dt.date
YEAR = 2027
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def k(kode: str) -> Kompetensi:
    return Kompetensi.objects.get(kode=kode)


def need(
    pegawai: Pegawai, sumber: str, kode: str | None, gap: int, prioritas: str, tahun: int = YEAR
) -> Kebutuhan:
    return Kebutuhan.objects.create(
        pegawai=pegawai,
        tahun=tahun,
        sumber=sumber,
        kompetensi=k(kode) if kode else None,
        level_saat_ini=1 if kode else None,
        level_target=1 + gap if kode else None,
        gap=gap,
        prioritas=Decimal(prioritas),
        alasan=f"Priority {prioritas}: reason for {pegawai.nama} {sumber} {kode}.",
    )


@pytest.fixture
def needs(city: City) -> City:
    """Needs of 2027: Dinas Kesehatan (head + two in its puskesmas) and a kelurahan of Binjai Utara."""
    need(city.perawat, "GAP", "M01", 2, "61.5")
    need(city.perawat, "GAP", "T-KES-02", 1, "48.0")
    need(city.bidan, "GAP", "M01", 1, "40.0")
    need(city.kepala, "GAP", "M01", 1, "55.0")
    need(city.kepala, "SUKSESI", "M02", 1, "35.0")
    need(city.lurah, "GAP", "M02", 3, "72.5")
    need(city.pppk, "KINERJA", None, 2, "30.0")
    need(city.pensiunan, "GAP", "M01", 2, "50.0")  # retired: not counted
    need(city.perawat, "GAP", "M03", 2, "99.0", tahun=2026)  # another year
    return city


def user_for(
    pegawai: Pegawai | None, username: str, *, role: Role | None = Role.PEGAWAI, bkpsdm: bool = False
) -> Client:
    """A signed-in account tied to ``pegawai``, acting in ``role`` (BKPSDM with ``bkpsdm``)."""
    user = User.objects.create_user(username=username, password="pw-not-used-123")
    if pegawai is not None:
        Pegawai.objects.filter(pk=pegawai.pk).update(user=user)
    role = Role.BKPSDM if bkpsdm else role
    if role is not None:
        user.groups.add(Group.objects.get(name=role.value))
    client = Client()
    client.force_login(user)
    return client


# --- access ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/kebutuhan/",
        "/kebutuhan/unit/1/",
        "/jp/",
        "/usulan/",
        "/usulan/atasan/",
        "/usulan/verifikasi/",
    ],
)
def test_anonymous_users_are_sent_to_login(client: Client, db: None, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/login/?next={url}"


def test_every_new_page_renders_for_a_signed_in_user(reader_client: Client, needs: City) -> None:
    for url in (
        "/kebutuhan/",
        f"/kebutuhan/?tahun={YEAR}&heat=ALL",
        f"/kebutuhan/unit/{needs.dinkes.pk}/",
        f"/kebutuhan/unit/{needs.puskesmas.pk}/?sumber=GAP",
        "/jp/",
        "/jp/?status=MELEBIHI",
        "/usulan/",
        "/usulan/atasan/",
        f"/pegawai/{needs.perawat.nip}/",
    ):
        assert reader_client.get(url).status_code == 200, url


def test_bkpsdm_pages_need_the_group(reader_client: Client, needs: City) -> None:
    # The auditor reads the verification inbox (without decision forms) but runs nothing.
    assert reader_client.get("/usulan/verifikasi/").status_code == 200
    assert reader_client.post("/kebutuhan/analisis/").status_code == 403
    assert user_for(needs.perawat, "perawat").get("/usulan/verifikasi/").status_code == 403
    assert user_for(None, "bkp", bkpsdm=True).get("/usulan/verifikasi/").status_code == 200


def test_unknown_unit_is_404(reader_client: Client, needs: City) -> None:
    assert reader_client.get("/kebutuhan/unit/999999/").status_code == 404


# --- city and OPD overviews ---------------------------------------------------------------------------


def test_city_overview_counts_per_opd(reader_client: Client, needs: City) -> None:
    response = reader_client.get("/kebutuhan/", {"tahun": YEAR})
    summary = response.context["summary"]
    rows = {r.unit.nama: r for r in summary.rows if r.pegawai or r.jumlah}
    assert set(rows) == {
        "Dinas Kesehatan",
        "Kecamatan Binjai Utara",
        "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
    }
    dinkes = rows["Dinas Kesehatan"]
    assert (dinkes.pegawai, dinkes.pegawai_dengan_kebutuhan, dinkes.jumlah) == (3, 3, 5)
    assert dinkes.per_sumber == {"GAP": 4, "SUKSESI": 1}
    assert dinkes.rata_prioritas == Decimal("47.9")  # (61.5 + 48 + 40 + 55 + 35) / 5
    kec = rows["Kecamatan Binjai Utara"]
    assert (kec.pegawai, kec.pegawai_dengan_kebutuhan, kec.jumlah, kec.rata_prioritas) == (
        1,
        1,
        1,
        Decimal("72.5"),
    )
    total = summary.total
    assert (total.pegawai, total.pegawai_dengan_kebutuhan, total.jumlah) == (5, 5, 7)
    assert total.sumber_counts == [5, 1, 1, 0, 0]  # GAP, SUKSESI, KINERJA, USULAN, WAJIB


def test_city_heatmap_numbers_are_exact(reader_client: Client, needs: City) -> None:
    heat = reader_client.get("/kebutuhan/", {"tahun": YEAR}).context["heat"]
    assert [c.kode for c in heat.columns] == ["M01", "M02", "T-KES-02"]
    cells = {
        (row.unit.nama, col.kode): (cell.jumlah, cell.rata_gap, cell.persen, cell.tingkat)
        for row in heat.rows
        for col, cell in zip(heat.columns, row.cells, strict=True)
        if cell
    }
    assert cells == {
        ("Dinas Kesehatan", "M01"): (3, Decimal("1.3"), 100, 5),  # gaps 2, 1, 1
        ("Dinas Kesehatan", "T-KES-02"): (1, Decimal("1.0"), 33, 2),  # a third of the darkest share
        ("Kecamatan Binjai Utara", "M02"): (1, Decimal("3.0"), 100, 5),
    }
    every = reader_client.get("/kebutuhan/", {"tahun": YEAR, "heat": "ALL"}).context["heat"]
    dinkes = next(r for r in every.rows if r.unit.nama == "Dinas Kesehatan")
    m02 = [c.kode for c in every.columns].index("M02")
    assert (dinkes.cells[m02].jumlah, dinkes.cells[m02].rata_gap) == (1, Decimal("1.0"))  # the succession gap


def test_opd_page_heatmap_rows_are_its_units(reader_client: Client, needs: City) -> None:
    response = reader_client.get(f"/kebutuhan/unit/{needs.dinkes.pk}/", {"tahun": YEAR})
    heat = response.context["heat"]
    assert [c.kode for c in heat.columns] == ["M01", "T-KES-02"]
    rows = [
        (r.unit.nama, r.langsung, r.pegawai, [(c.jumlah, c.rata_gap) if c else None for c in r.cells])
        for r in heat.rows
    ]
    assert rows == [
        ("Dinas Kesehatan", True, 1, [(1, Decimal("1.0")), None]),
        ("Puskesmas Uji", False, 2, [(2, Decimal("1.5")), (1, Decimal("1.0"))]),
    ]
    body = response.content.decode()
    assert "heat heat-5" in body and "heat heat-3" in body


def test_opd_page_lists_needs_by_priority_with_the_reason(reader_client: Client, needs: City) -> None:
    response = reader_client.get(f"/kebutuhan/unit/{needs.dinkes.pk}/", {"tahun": YEAR})
    listed = [(n.pegawai.nama, n.sumber, n.prioritas) for n in response.context["page"].object_list]
    assert listed == [
        ("Siti Aminah", "GAP", Decimal("61.5")),
        ("Rahmat Hidayat", "GAP", Decimal("55.0")),
        ("Siti Aminah", "GAP", Decimal("48.0")),
        ("Dewi Lestari", "GAP", Decimal("40.0")),
        ("Rahmat Hidayat", "SUKSESI", Decimal("35.0")),
    ]
    assert "Priority 61.5: reason for Siti Aminah GAP M01." in response.content.decode()
    only = reader_client.get(f"/kebutuhan/unit/{needs.dinkes.pk}/", {"tahun": YEAR, "sumber": "SUKSESI"})
    assert [n.pegawai.nama for n in only.context["page"].object_list] == ["Rahmat Hidayat"]


def test_the_needs_list_filters_to_needs_waiting_for_an_assessment(
    reader_client: Client, needs: City
) -> None:
    unknown = Kebutuhan.objects.create(
        pegawai=needs.bidan,
        tahun=YEAR,
        sumber="USULAN",
        kompetensi=k("M04"),
        level_saat_ini=None,
        level_target=3,
        gap=0,
        prioritas=Decimal("30.0"),
        alasan="Priority 30.0: proposed development of M04: current level not yet measured.",
    )
    response = reader_client.get(
        f"/kebutuhan/unit/{needs.dinkes.pk}/", {"tahun": YEAR, "sumber": "PERLU_ASESMEN"}
    )
    assert [n.pk for n in response.context["page"].object_list] == [unknown.pk]
    every = reader_client.get(f"/kebutuhan/unit/{needs.dinkes.pk}/", {"tahun": YEAR})
    assert unknown.pk in [n.pk for n in every.context["page"].object_list]


def test_the_needs_page_says_the_skm_factor_is_not_scored(reader_client: Client, needs: City) -> None:
    response = reader_client.get(f"/kebutuhan/unit/{needs.dinkes.pk}/", {"tahun": YEAR}, **EN)
    assert response.context["skm_unscored"] == Decimal("10.0")  # weight 10 of 100
    assert (
        "The SKM factor of the priority score (up to 10.0 of 100 points) is not scored: no public-satisfaction "
        "survey (SKM) data is held yet, so a priority reaches at most 90.0."
    ) in response.content.decode()


def test_an_invalid_filter_value_falls_back_not_a_500(reader_client: Client, needs: City) -> None:
    response = reader_client.get("/kebutuhan/", {"tahun": "abc", "heat": "XYZ"})
    assert response.status_code == 200
    assert response.context["tahun"] == plan_year()
    assert response.context["heat"].sumber == "GAP"


def add_city_needs(city: City, n: int) -> None:
    job = Jabatan.objects.create(
        instansi=city.instansi,
        unit=city.bkpsdm,
        nama="Analis SDM",
        tingkat=TingkatJabatan.objects.get(kode="JF_AHLI_PERTAMA"),
    )
    for i in range(n):
        p = make_pegawai(instansi=city.instansi, unit=city.bkpsdm, nama=f"Tambahan {i:02d}", jabatan=job)
        need(p, "GAP", ["M04", "M05", "T-PEG-01"][i % 3], 1 + i % 3, f"{30 + i}")
        need(p, "KINERJA", None, 1, "20")
        add_riwayat(p, "Latihan", D(2026, 3, 1), str(i))


def test_overview_query_counts_do_not_grow_with_rows(
    reader_client: Client, needs: City, django_assert_max_num_queries
) -> None:
    urls = ["/kebutuhan/", f"/kebutuhan/unit/{needs.bkpsdm.pk}/", "/jp/?tahun=2026"]
    counts = {}
    for url in urls:
        with django_assert_max_num_queries(30) as ctx:  # a fixed few per page; what counts: no growth below
            assert reader_client.get(url, {"tahun": YEAR} if "tahun" not in url else {}).status_code == 200
        counts[url] = len(ctx.captured_queries)
    add_city_needs(needs, 30)
    for url in urls:
        with django_assert_max_num_queries(counts[url]):
            assert reader_client.get(url, {"tahun": YEAR} if "tahun" not in url else {}).status_code == 200


def test_run_analysis_as_bkpsdm_is_idempotent(needs: City) -> None:
    Kebutuhan.objects.all().delete()
    StandarKompetensi.objects.create(jabatan=needs.kepala.jabatan, kompetensi=k("M01"), level=4)
    a = Asesmen.objects.create(
        pegawai=needs.kepala,
        tanggal=D(plan_year() - 2, 3, 1),
        metode="AC",
        berlaku_sampai=D(plan_year() + 1, 3, 1),
    )
    NilaiKompetensi.objects.create(asesmen=a, kompetensi=k("M01"), level=2)
    client = user_for(None, "bkp", bkpsdm=True)
    response = client.post("/kebutuhan/analisis/")
    assert response.status_code == 302
    rows = list(
        Kebutuhan.objects.values_list(
            "pegawai__nama", "tahun", "sumber", "kompetensi__kode", "gap", "prioritas"
        )
    )
    assert [r[:5] for r in rows] == [("Rahmat Hidayat", plan_year(), "GAP", "M01", 2)]
    client.post("/kebutuhan/analisis/")
    again = list(
        Kebutuhan.objects.values_list(
            "pegawai__nama", "tahun", "sumber", "kompetensi__kode", "gap", "prioritas"
        )
    )
    assert again == rows
    page = client.get(response["Location"], **EN)
    assert f"Needs analysis {plan_year()} done: 1 needs for 5 employees" in page.content.decode()


def test_run_analysis_is_post_only(needs: City) -> None:
    assert user_for(None, "bkp", bkpsdm=True).get("/kebutuhan/analisis/").status_code == 405


# --- the employee profile ------------------------------------------------------------------------------


def perawat_with_standard(city: City, levels: list[int]) -> Asesmen:
    """Ten competencies at standard 5 for the nurse's position, assessed at ``levels`` (0 = not measured)."""
    job = Jabatan.objects.create(
        instansi=city.instansi,
        unit=city.puskesmas,
        nama="Perawat Ahli Muda",
        tingkat=TingkatJabatan.objects.get(kode="JF_AHLI_MUDA"),
    )
    Pegawai.objects.filter(pk=city.perawat.pk).update(jabatan=job)
    comps = [*Kompetensi.objects.exclude(kelompok="TEKNIS").order_by("kode"), k("T-KES-02")]
    for c in comps:
        StandarKompetensi.objects.create(jabatan=job, kompetensi=c, level=5, sumber="SKJ")
    today = dt.date.today()
    a = Asesmen.objects.create(
        pegawai=city.perawat,
        tanggal=today - dt.timedelta(days=200),
        metode="AC",
        penyelenggara="UPT Penilaian Kompetensi",
        berlaku_sampai=today + dt.timedelta(days=800),
        skor_potensial=Decimal("72.5"),
    )
    for c, level in zip(comps, levels, strict=True):
        if level:
            NilaiKompetensi.objects.create(asesmen=a, kompetensi=c, level=level)
    return a


@pytest.mark.parametrize(
    ("levels", "shown", "pemetaan", "seleksi"),
    [
        ([4] * 9 + [3], "78.00%", "Fairly optimal", "Still meets the requirements"),
        ([4] * 9 + [2], "76.00%", "Less than optimal", "Still meets the requirements"),
        ([5] * 5 + [4] * 5, "90.00%", "Optimal", "Meets the requirements"),
        ([4] * 7 + [2] * 3, "68.00%", "Less than optimal", "Still meets the requirements"),
        ([4] * 7 + [2, 2, 1], "66.00%", "Less than optimal", "Does not meet the requirements"),
    ],
)
def test_profile_shows_jpm_with_both_categories(
    reader_client: Client, city: City, levels: list[int], shown: str, pemetaan: str, seleksi: str
) -> None:
    perawat_with_standard(city, levels)
    response = reader_client.get(f"/pegawai/{city.perawat.nip}/", **EN)
    body = response.content.decode()
    assert shown in body
    assert f">{pemetaan}</span>" in body and f">{seleksi}</span>" in body


def test_profile_shows_gap_rows_talent_skp_and_needs(reader_client: Client, needs: City) -> None:
    perawat_with_standard(needs, [4] * 9 + [3])
    ProfilTalenta.objects.create(
        pegawai=needs.perawat, tahun=2026, kinerja="SESUAI", potensial="MENENGAH", kotak=5
    )
    Kinerja.objects.create(
        pegawai=needs.perawat, tahun=2026, hasil_kerja="SESUAI", perilaku_kerja="SESUAI", predikat="BAIK"
    )
    Kebutuhan.objects.filter(tahun=YEAR).update(tahun=plan_year())
    response = reader_client.get(f"/pegawai/{needs.perawat.nip}/", **EN)
    jpm = response.context["jpm"]
    assert [(r.kode, r.standar, r.capaian, r.gap) for r in jpm.rows][:2] == [
        ("T-KES-02", 5, 3, 2),
        ("M01", 5, 4, 1),
    ]
    body = response.content.decode()
    assert 'class="gap-bar" style="width: 50%"' in body  # T-KES-02: 2 of 4 levels
    assert '<span class="talent-box">5</span>' in body
    assert "Penempatan yang sesuai, bimbingan kinerja, pengembangan kompetensi." in body  # box 5
    assert "<strong>Good</strong>" in body  # SKP predikat 2026
    assert [n.prioritas for n in response.context["kebutuhan"]] == [Decimal("61.5"), Decimal("48.0")]
    assert "Priority 61.5: reason for Siti Aminah GAP M01." in body


def test_propose_link_only_for_the_employee_and_their_supervisor(reader_client: Client, city: City) -> None:
    url = f"/pegawai/{city.perawat.nip}/"
    link = f'href="/usulan/?pegawai={city.perawat.pk}"'
    assert link not in reader_client.get(url).content.decode()
    assert link in user_for(city.perawat, "perawat").get(url).content.decode()
    assert link in user_for(city.kepala, "kepala", role=Role.KEPALA_OPD).get(url).content.decode()
    assert link not in user_for(city.pppk, "analis", bkpsdm=True).get(url).content.decode()
    assert user_for(city.lurah, "lurah").get(url).status_code == 404  # a colleague is out of scope


def test_profile_without_assessment_says_so(reader_client: Client, city: City) -> None:
    body = reader_client.get(f"/pegawai/{city.bidan.nip}/", **EN).content.decode()
    assert "No valid assessment on" in body and "the competency gaps are not known" in body


def test_profile_jp_bars_below_20_and_pppk_over_24(reader_client: Client, city: City) -> None:
    year = current_year()
    add_riwayat(city.perawat, "Pelatihan A", D(year, 2, 1), "12")
    add_riwayat(city.perawat, "Pelatihan B", D(year - 1, 2, 1), "20")
    add_riwayat(city.pppk, "Pelatihan C", D(year, 2, 1), "30")
    perawat = reader_client.get(f"/pegawai/{city.perawat.nip}/", **EN)
    bars = [(y.tahun, y.status.status, y.status.jp, y.batas, y.persen) for y in perawat.context["jp_years"]]
    assert bars == [
        (year, "KURANG", Decimal(12), Decimal(20), 60),
        (year - 1, "TERCAPAI", Decimal(20), Decimal(20), 100),
        (year - 2, "KURANG", Decimal(0), Decimal(20), 0),
    ]
    body = perawat.content.decode()
    assert "8 JP short" in body and 'class="progress-bar jp-kurang" style="width: 60%"' in body
    pppk = reader_client.get(f"/pegawai/{city.pppk.nip}/", **EN)
    first = pppk.context["jp_years"][0]
    assert (first.status.status, first.status.kelebihan, first.batas, first.persen) == (
        "MELEBIHI",
        Decimal(6),
        Decimal(24),
        100,
    )
    assert "over the PPPK maximum by 6 JP" in pppk.content.decode()


def test_profile_query_count_is_bounded(
    reader_client: Client, needs: City, django_assert_max_num_queries
) -> None:
    perawat_with_standard(needs, [4] * 9 + [3])
    ProfilTalenta.objects.create(
        pegawai=needs.perawat, tahun=2026, kinerja="SESUAI", potensial="MENENGAH", kotak=5
    )
    Kinerja.objects.create(
        pegawai=needs.perawat, tahun=2026, hasil_kerja="SESUAI", perilaku_kerja="SESUAI", predikat="BAIK"
    )
    url = f"/pegawai/{needs.perawat.nip}/"
    # 23 = 17 + the account's role group, its employee record and its instansi (the scope) + its unread notifications
    # + the identity settings and the region codes the NIK is checked against.
    with django_assert_max_num_queries(23):
        assert reader_client.get(url).status_code == 200
    for i in range(5):
        add_riwayat(needs.perawat, f"Kegiatan {i}", D(current_year(), 1 + i, 1), "8")
    for kode in ("M04", "M05", "M06", "M07"):
        need(needs.perawat, "GAP", kode, 1, "10", tahun=plan_year())
    with django_assert_max_num_queries(23):
        response = reader_client.get(url)
    assert (
        len(response.context["kebutuhan"])
        == len(Kebutuhan.objects.filter(pegawai=needs.perawat, tahun=plan_year()))
        >= 4
    )


# --- JP ledger ------------------------------------------------------------------------------------------


@pytest.fixture
def jp(city: City) -> City:
    add_riwayat(city.perawat, "Teknis", D(2026, 2, 1), "12")
    add_riwayat(city.bidan, "Teknis", D(2026, 2, 1), "20")
    add_riwayat(city.lurah, "Seminar", D(2026, 3, 1), "25", kode="KL06")
    add_riwayat(city.pppk, "Teknis", D(2026, 2, 1), "30")
    add_riwayat(city.kepala, "Teknis", D(2025, 2, 1), "40")  # another year
    return city


def test_jp_ledger_rates_and_lists(reader_client: Client, jp: City) -> None:
    response = reader_client.get("/jp/", {"tahun": 2026})
    o = response.context["overview"]
    assert (o.city.wajib, o.city.tercapai, o.city.persen, o.city.pppk_melebihi) == (4, 2, Decimal("50.0"), 1)
    assert o.ip_asn_teknis == 2  # bidan 20 and PPPK 30 JP of technical training; the seminar is not technical
    rates = {
        r.unit.nama: (r.rate.wajib, r.rate.tercapai, r.rate.persen, r.rate.pppk_melebihi)
        for r in o.opd
        if r.pegawai
    }
    assert rates == {
        "Dinas Kesehatan": (3, 1, Decimal("33.3"), 0),
        "Kecamatan Binjai Utara": (1, 1, Decimal("100.0"), 0),
        "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia": (0, 0, Decimal(0), 1),
    }
    below = [(p.nama, r.status.kekurangan) for r, p in response.context["items"]]
    assert below == [("Rahmat Hidayat", Decimal(20)), ("Siti Aminah", Decimal(8))]
    over = reader_client.get("/jp/", {"tahun": 2026, "status": "MELEBIHI"}, **EN)
    assert [(p.nama, r.status.kelebihan) for r, p in over.context["items"]] == [("Andi Saputra", Decimal(6))]
    assert "PPPK above the 24 JP maximum" in over.content.decode()
    dinkes_only = reader_client.get("/jp/", {"tahun": 2026, "opd": jp.kecamatan.pk})
    assert dinkes_only.context["items"] == []


def test_pppk_maximum_per_contract_year_with_dates_and_a_note_without(
    reader_client: Client, jp: City
) -> None:
    # Without contract dates: the calendar year 2026 (30 JP), above the maximum, and the page says why.
    page = reader_client.get("/jp/", {"tahun": 2026}, **EN)
    (row,) = [r for r in page.context["overview"].rows if r.pegawai_id == jp.pppk.pk]
    assert (row.status.status, row.kalender, row.kontrak) == ("MELEBIHI", True, None)
    assert (
        "1 PPPK has no contract dates: their 24 JP maximum is judged per calendar year"
        in page.content.decode()
    )
    # With dates: the contract year from 1 March; the February record belongs to the year before.
    Pegawai.objects.filter(pk=jp.pppk.pk).update(kontrak_mulai=D(2025, 3, 1), kontrak_selesai=D(2030, 2, 28))
    add_riwayat(jp.pppk, "Teknis lanjutan", D(2026, 3, 1), "24")
    add_riwayat(jp.pppk, "Teknis akhir", D(2027, 2, 28), "1")
    page = reader_client.get("/jp/", {"tahun": 2026, "status": "MELEBIHI"}, **EN)
    (row,) = [r for r in page.context["overview"].rows if r.pegawai_id == jp.pppk.pk]
    assert (row.status.jp, row.status.status, row.kalender) == (Decimal(25), "MELEBIHI", False)
    assert row.kontrak == (D(2026, 3, 1), D(2027, 2, 28))
    assert page.context["overview"].pppk_kalender == 0
    assert "contract year" in page.content.decode()
    earlier = reader_client.get("/jp/", {"tahun": 2025}).context["overview"]
    (row,) = [r for r in earlier.rows if r.pegawai_id == jp.pppk.pk]
    assert (row.kontrak, row.status.jp) == ((D(2025, 3, 1), D(2026, 2, 28)), Decimal(30))


def test_profile_says_how_many_competencies_were_measured(reader_client: Client, city: City) -> None:
    perawat_with_standard(city, [5, 5, 5, 5, 5, 5, 5, 0, 0, 5])
    body = reader_client.get(f"/pegawai/{city.perawat.nip}/", **EN).content.decode()
    assert 'id="jpm-terukur">8 of 10 competencies measured' in body
    assert 'id="jpm-tidak-lengkap"' in body
    body_id = reader_client.get(f"/pegawai/{city.perawat.nip}/", HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert "8 dari 10 kompetensi terukur" in body_id


# --- proposals ---------------------------------------------------------------------------------------------


def test_proposal_without_a_competency_is_refused_with_the_message(needs: City) -> None:
    client = user_for(needs.perawat, "perawat")
    response = client.post(
        "/usulan/",
        {"pegawai": needs.perawat.pk, "kompetensi": "", "level_target": "3", "uraian": "Ingin belajar"},
        **EN,
    )
    assert response.status_code == 400
    assert (
        "A proposal must name the competency gap it addresses (PP 11/2017 Art. 206)."
        in response.content.decode()
    )
    assert Usulan.objects.count() == 0


def test_proposal_is_created_for_the_plan_year(needs: City) -> None:
    client = user_for(needs.perawat, "perawat")
    response = client.post(
        "/usulan/",
        {"pegawai": needs.perawat.pk, "kompetensi": k("M01").pk, "level_target": "3", "uraian": "Etika"},
    )
    assert response.status_code == 302
    u = Usulan.objects.get()
    assert (u.pegawai_id, u.tahun, u.kompetensi.kode, u.level_target, u.status, u.version) == (
        needs.perawat.pk,
        plan_year(),
        "M01",
        3,
        "DIAJUKAN",
        1,
    )


def test_an_employee_cannot_propose_for_someone_outside_their_team(needs: City) -> None:
    client = user_for(needs.perawat, "perawat")
    response = client.post(
        "/usulan/", {"pegawai": needs.lurah.pk, "kompetensi": k("M01").pk, "level_target": "3", "uraian": "x"}
    )
    assert response.status_code == 400 and Usulan.objects.count() == 0


def test_a_supervisor_may_propose_for_a_direct_report(needs: City) -> None:
    client = user_for(needs.kepala, "kepala", role=Role.KEPALA_OPD)
    client.post(
        "/usulan/", {"pegawai": needs.bidan.pk, "kompetensi": k("M02").pk, "level_target": "2", "uraian": "x"}
    )
    assert list(Usulan.objects.values_list("pegawai__nama", flat=True)) == ["Dewi Lestari"]


def submitted(city: City) -> Usulan:
    user = User.objects.create_user("pengusul")
    return Usulan.objects.create(
        pegawai=city.perawat,
        tahun=plan_year(),
        kompetensi=k("M01"),
        level_target=3,
        uraian="Etika",
        diajukan_oleh=user,
    )


def test_supervisor_inbox_lists_only_direct_reports_and_endorses(needs: City) -> None:
    u = submitted(needs)
    Usulan.objects.create(
        pegawai=needs.lurah, tahun=plan_year(), kompetensi=k("M02"), level_target=3, uraian="x"
    )
    kepala = user_for(needs.kepala, "kepala", role=Role.KEPALA_OPD)
    assert [x.pk for x, _form in kepala.get("/usulan/atasan/").context["items"]] == [u.pk]
    response = kepala.post(f"/usulan/{u.pk}/atasan/", {"version": 1, "keputusan": "setuju", "catatan": ""})
    assert response.status_code == 302
    u.refresh_from_db()
    assert (u.status, u.version) == ("DISETUJUI", 2)


def test_a_supervisor_cannot_decide_someone_elses_report(needs: City) -> None:
    u = submitted(needs)
    other = user_for(needs.lurah, "lurah", role=Role.ATASAN)  # a supervisor, but not the perawat's
    response = other.post(f"/usulan/{u.pk}/atasan/", {"version": 1, "keputusan": "setuju", "catatan": ""})
    assert response.status_code == 404
    assert (
        user_for(None, "nobody", role=None)
        .post(f"/usulan/{u.pk}/atasan/", {"version": 1, "keputusan": "setuju"})
        .status_code
        == 403
    )
    u.refresh_from_db()
    assert (u.status, u.version, u.diputus_atasan_oleh_id) == ("DIAJUKAN", 1, None)


def test_a_stale_version_is_refused_with_the_message(needs: City) -> None:
    u = submitted(needs)
    kepala = user_for(needs.kepala, "kepala", role=Role.KEPALA_OPD)
    kepala.post(f"/usulan/{u.pk}/atasan/", {"version": 1, "keputusan": "setuju", "catatan": ""})
    response = kepala.post(
        f"/usulan/{u.pk}/atasan/", {"version": 1, "keputusan": "tolak", "catatan": "no"}, follow=True, **EN
    )
    assert (
        "Someone else changed this development proposal after you opened it (version 1, now 2). Reload the "
        "page and try again; nothing was saved." in response.content.decode()
    )
    u.refresh_from_db()
    assert (u.status, u.version, u.catatan_atasan) == ("DISETUJUI", 2, "")


def test_a_rejection_needs_a_reason(needs: City) -> None:
    u = submitted(needs)
    kepala = user_for(needs.kepala, "kepala", role=Role.KEPALA_OPD)
    response = kepala.post(
        f"/usulan/{u.pk}/atasan/", {"version": 1, "keputusan": "tolak", "catatan": " "}, follow=True, **EN
    )
    assert "Give the reason for rejecting the proposal." in response.content.decode()
    u.refresh_from_db()
    assert (u.status, u.version) == ("DIAJUKAN", 1)


def test_bkpsdm_verifies_an_endorsed_proposal(needs: City) -> None:
    u = submitted(needs)
    kepala = user_for(needs.kepala, "kepala", role=Role.KEPALA_OPD)
    bkp = user_for(None, "bkp", bkpsdm=True)
    assert bkp.get("/usulan/verifikasi/").context["items"] == []
    kepala.post(f"/usulan/{u.pk}/atasan/", {"version": 1, "keputusan": "setuju", "catatan": ""})
    assert [x.pk for x, _form in bkp.get("/usulan/verifikasi/").context["items"]] == [u.pk]
    assert (
        kepala.post(f"/usulan/{u.pk}/verifikasi/", {"version": 2, "keputusan": "setuju"}).status_code == 403
    )
    bkp.post(f"/usulan/{u.pk}/verifikasi/", {"version": 2, "keputusan": "setuju", "catatan": "ok"})
    u.refresh_from_db()
    assert (u.status, u.version, u.catatan_bkpsdm) == ("VERIFIKASI", 3, "ok")


# --- admin --------------------------------------------------------------------------------------------------


def test_every_model_of_competency_needs_and_catalogue_is_registered() -> None:
    from django.apps import apps
    from django.contrib import admin

    models = [
        m for label in ("competency", "needs", "catalogue") for m in apps.get_app_config(label).get_models()
    ]
    assert [m.__name__ for m in models if not admin.site.is_registered(m)] == []


def test_admin_changelists_render(admin_client: Client, needs: City) -> None:
    for name in (
        "competency/kompetensi",
        "competency/kompetensilevel",
        "competency/standarkompetensi",
        "competency/asesmen",
        "competency/nilaikompetensi",
        "competency/kinerja",
        "competency/profiltalenta",
        "competency/nominasisuksesi",
        "needs/kebutuhan",
        "needs/usulan",
        "catalogue/kegiatan",
        "catalogue/kegiatankompetensi",
        "catalogue/aturanwajib",
    ):
        assert admin_client.get(f"/admin/{name}/").status_code == 200, name
    found = admin_client.get(
        "/admin/needs/kebutuhan/", {"q": needs.perawat.nip[:8] + " " + needs.perawat.nip[8:]}
    )
    assert {n.pegawai_id for n in found.context["cl"].result_list} == {needs.perawat.pk}


def test_computed_rows_are_read_only_in_the_admin(admin_client: Client, needs: City) -> None:
    row = Kebutuhan.objects.filter(pegawai=needs.perawat).first()
    assert row is not None
    assert admin_client.get("/admin/needs/kebutuhan/add/").status_code == 403
    assert admin_client.post(f"/admin/needs/kebutuhan/{row.pk}/delete/", {"post": "yes"}).status_code == 403
    assert 'name="_save"' not in admin_client.get(f"/admin/needs/kebutuhan/{row.pk}/change/").content.decode()
    assert admin_client.get("/admin/competency/profiltalenta/add/").status_code == 403
    assert Kebutuhan.objects.filter(pk=row.pk).exists()


def test_admin_kinerja_predikat_comes_from_the_matrix(admin_client: Client, city: City) -> None:
    response = admin_client.post(
        "/admin/competency/kinerja/add/",
        {"pegawai": city.perawat.pk, "tahun": 2026, "hasil_kerja": "DI_ATAS", "perilaku_kerja": "DI_BAWAH"},
    )
    assert response.status_code == 302
    assert Kinerja.objects.get().predikat == "KURANG"  # HK above × PK below: Kurang/Misconduct


def test_admin_asesmen_valid_until_defaults_from_the_setting(admin_client: Client, city: City) -> None:
    response = admin_client.post(
        "/admin/competency/asesmen/add/",
        {
            "pegawai": city.perawat.pk,
            "tanggal": "2025-03-01",
            "metode": "CACT",
            "nilai-TOTAL_FORMS": "0",
            "nilai-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Asesmen.objects.get().berlaku_sampai == D(2028, 3, 1)


def test_admin_kegiatan_jp_is_derived_from_the_form_rule(admin_client: Client, city: City) -> None:
    data = {
        "instansi": city.instansi.pk,
        "kode": "SEM-01",
        "judul": "Seminar Pelayanan Publik",
        "bentuk": BentukPengembangan.objects.get(kode="KL06").pk,
        "jenis_penyelenggara": "BKPSDM",
        "penyelenggara": "BKPSDM Kota Binjai",
        "hari": "2",
        "sesi": "0",
        "menit": "0",
        "bulan": "1",
        "hari_klasikal": "2",
        "biaya_per_peserta": "150000",
        "biaya_per_kelas": "0",
        "kapasitas_kelas": "40",
        "min_peserta": "10",
        "maks_kelas": "2",
        "triwulan": "[2, 3]",
        "pola_pendanaan": "FASILITASI",
        "sumber_dana": "BKPSDM",
        "jenis_asn": "[]",
        "aktif": "on",
        "kompetensi-TOTAL_FORMS": "0",
        "kompetensi-INITIAL_FORMS": "0",
        "aturan_wajib-TOTAL_FORMS": "0",
        "aturan_wajib-INITIAL_FORMS": "0",
    }
    response = admin_client.post("/admin/catalogue/kegiatan/add/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Kegiatan.objects.get().jp == Decimal("8.00")  # seminar: 4 JP a day × 2 days
    data.update(kode="TEK-01", bentuk=BentukPengembangan.objects.get(kode="KL03").pk)
    refused = admin_client.post("/admin/catalogue/kegiatan/add/", data)
    assert refused.status_code == 200 and "jp_program" in refused.context["adminform"].form.errors
    assert Kegiatan.objects.count() == 1
