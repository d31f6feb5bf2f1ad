"""The synthetic city at a small size: identities, structure, supervisors, mix, history, logins, re-runs."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal
from io import StringIO

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.core.management.base import CommandError

from sibina.demo import steps
from sibina.demo.context import DemoContext
from sibina.demo.services import demo_reset
from sibina.demo.users import DEMO_PASSWORD, DEMO_USERS, ROLE_GROUPS
from sibina.people import domain
from sibina.people.models import Instansi, Jabatan, Pegawai, RiwayatPengembangan, UnitKerja
from sibina.reference.models import JenisAsn

from .conftest import SEED, SIZE

pytestmark = pytest.mark.django_db


def _snapshot() -> dict[str, list[tuple[object, ...]]]:
    """Everything the demo wrote, keyed by natural values (ids differ between runs and databases)."""
    return {
        "units": sorted(
            UnitKerja.objects.values_list(
                "kode", "nama", "jenis", "parent__kode", "sintetis", "melayani_publik"
            )
        ),
        "jabatan": sorted(Jabatan.objects.values_list("unit__kode", "nama", "tingkat__kode")),
        "pegawai": sorted(
            Pegawai.objects.values_list(
                "nip",
                "nik",
                "gelar_depan",
                "nama",
                "gelar_belakang",
                "tanggal_lahir",
                "jenis_asn",
                "golongan__kode",
                "tmt_golongan",
                "jabatan__nama",
                "unit__kode",
                "atasan__nip",
                "tmt_cpns",
                "pendidikan__kode",
                "agama",
                "user__username",
            )
        ),
        "riwayat": sorted(
            RiwayatPengembangan.objects.values_list(
                "pegawai__nip", "nama_kegiatan", "bentuk__kode", "tanggal_mulai", "tanggal_selesai", "jp"
            )
        ),
    }


def test_every_nip_and_nik_passes_the_identity_rules(city: list[Pegawai]) -> None:
    for p in city:
        assert p.identity_findings() == [], p.nip
        p.full_clean()  # the model's own validation, as the admin would run it
    assert len({p.nik for p in city}) == len(city)
    assert {p.nik[:6] for p in city} <= {"127501", "127502", "127503", "127504", "127505"}
    pppk_2025 = [p for p in city if p.jenis_asn in domain.ASN_PPPK and p.tmt_golongan.year >= 2025]
    assert pppk_2025, "the sample should contain PPPK appointed since 2025"
    assert all(p.nip[12:14] == domain.PPPK_MARK for p in pppk_2025)


def test_ranks_agree_with_asn_type_education_and_service(city: list[Pegawai]) -> None:
    entry = {"15": "21", "17": "21", "30": "23", "35": "31", "40": "31", "45": "32"}
    for p in city:
        assert p.golongan is not None and p.pendidikan is not None
        assert p.golongan.jenis_asn == ("PPPK" if p.jenis_asn in domain.ASN_PPPK else "PNS")
        if p.jenis_asn == JenisAsn.PNS:
            assert p.golongan.kode >= entry[p.pendidikan.kode], p.nip  # never below the entry rank
            assert p.tmt_cpns is not None and p.tmt_pns is not None
            assert p.tmt_cpns <= p.tmt_pns <= dt.date(2026, 11, 30)
            assert p.tmt_cpns <= p.tmt_golongan <= dt.date(2026, 11, 30)
            # every rank above the entry rank took at least two years
            assert (p.golongan.urutan - _urutan(entry[p.pendidikan.kode])) * 2 <= (
                dt.date(2026, 11, 30) - p.tmt_cpns
            ).days / 365.25
        if p.jenis_asn == JenisAsn.CPNS:
            assert p.tmt_pns is None and p.golongan.kode == entry[p.pendidikan.kode]


def _urutan(kode: str) -> int:
    return ["11", "12", "13", "14", "21", "22", "23", "24", "31", "32", "33", "34", "41", "42", "43"].index(
        kode
    ) + 1


def test_units_keep_binjai_real_and_mark_the_rest_synthetic(city: list[Pegawai]) -> None:
    real = UnitKerja.objects.filter(sintetis=False)
    assert real.filter(jenis=UnitKerja.Jenis.KECAMATAN).count() == 5
    assert real.filter(jenis=UnitKerja.Jenis.KELURAHAN).count() == 37
    synthetic = UnitKerja.objects.filter(sintetis=True)
    assert synthetic.filter(jenis=UnitKerja.Jenis.SEKOLAH, parent__kode="DISDIK").count() >= 4
    assert (
        synthetic.filter(jenis=UnitKerja.Jenis.PUSKESMAS, parent__kode="DINKES", melayani_publik=True).count()
        >= 2
    )
    assert synthetic.filter(parent__kode="RSUD").exists()
    assert not synthetic.filter(terkonfirmasi=True).exists()
    assert all(p.unit_id is not None and p.sintetis for p in city)
    assert all(p.jabatan is not None and p.jabatan.unit_id == p.unit_id for p in city)


def test_head_positions_carry_the_right_level(city: list[Pegawai]) -> None:
    level = {j.nama: j.tingkat.kode for j in Jabatan.objects.select_related("tingkat") if j.tingkat}
    assert level["Sekretaris Daerah"] == "JPT_PRATAMA"
    assert level["Kepala Dinas Pendidikan"] == "JPT_PRATAMA"
    assert level["Kepala Dinas Kesehatan"] == "JPT_PRATAMA"
    assert level["Camat Binjai Selatan"] == "ADMINISTRATOR"
    assert level["Lurah Tanah Merah"] == "PENGAWAS"
    assert level["Sekretaris Dinas Pendidikan"] == "ADMINISTRATOR"
    assert level["Kepala Bidang Pengembangan Kompetensi Aparatur"] == "ADMINISTRATOR"
    assert level["Guru Ahli Pertama"] == "JF_AHLI_PERTAMA"


def test_supervisors_follow_the_unit_tree_up_to_the_sekda(city: list[Pegawai]) -> None:
    by_pk = {p.pk: p for p in city}
    sekda = next(p for p in city if p.jabatan and p.jabatan.nama == "Sekretaris Daerah")
    assert sekda.atasan_id is None
    assert [p for p in city if p.atasan_id is None] == [sekda]
    heads: dict[int, Pegawai] = {}
    for p in city:
        if p is sekda or by_pk[p.atasan_id].unit_id != p.unit_id:  # type: ignore[index]
            assert p.unit_id not in heads, f"two heads in {p.unit}"
            heads[p.unit_id] = p
    assert set(heads) == {p.unit_id for p in city}, "every unit has exactly one head"
    for p in city:
        head = heads[p.unit_id]
        if p is sekda:
            continue
        if p is not head:
            assert p.atasan_id == head.pk  # staff report to the head of their own unit
        elif p.unit.parent_id is not None:
            assert p.atasan_id == heads[p.unit.parent_id].pk  # heads report to the head of the parent unit
        else:
            assert p.atasan_id == sekda.pk  # OPD heads, camat and the RSUD director report to the Sekda
        seen = {p.pk}
        step = p
        while step.atasan_id is not None:
            step = by_pk[step.atasan_id]
            assert step.pk not in seen, "supervisor cycle"
            seen.add(step.pk)
        assert step is sekda


def test_the_mix_of_employees_is_plausible(city: list[Pegawai]) -> None:
    kinds = Counter(p.jenis_asn for p in city)
    assert kinds[JenisAsn.PNS] > len(city) // 2
    assert 0.12 <= (kinds[JenisAsn.PPPK] + kinds[JenisAsn.PPPK_PW]) / len(city) <= 0.30
    assert 1 <= kinds[JenisAsn.CPNS] <= len(city) * 0.08
    assert kinds[JenisAsn.PPPK_PW] >= 1
    teachers = sum(1 for p in city if p.unit.jenis == UnitKerja.Jenis.SEKOLAH)
    health = sum(
        1 for p in city if p.unit.jenis == UnitKerja.Jenis.PUSKESMAS or p.unit.path.startswith(_rsud())
    )
    assert 0.40 <= (teachers + health) / len(city) <= 0.60
    assert Counter(p.jenis_kelamin for p in city)["P"] > len(city) * 0.4
    structural = [p for p in city if p.jabatan.tingkat.kelompok in ("JPT", "ADMINISTRATOR", "PENGAWAS")]
    assert all(p.jenis_asn == JenisAsn.PNS for p in structural)
    assert len({p.nama for p in city}) > len(city) * 0.6, "names should vary"


def _rsud() -> str:
    return UnitKerja.objects.get(kode="RSUD").path


def test_history_covers_2025_and_2026_with_reference_jp(city: list[Pegawai]) -> None:
    rows = list(RiwayatPengembangan.objects.select_related("bentuk", "pegawai"))
    assert {r.tahun for r in rows} == {2025, 2026}
    assert all(r.sumber == RiwayatPengembangan.Sumber.DEMO and r.jp > 0 for r in rows)
    assert all(r.tanggal_mulai.year == r.tahun and r.tanggal_mulai <= dt.date(2026, 11, 30) for r in rows)
    assert all(r.tanggal_selesai is not None and r.tanggal_selesai >= r.tanggal_mulai for r in rows)
    for r in rows:
        appointed = r.pegawai.tmt_cpns or r.pegawai.tmt_golongan
        assert r.tanggal_mulai >= appointed, "no training before appointment"
        days = (r.tanggal_selesai - r.tanggal_mulai).days + 1
        if r.bentuk.kode == "KL06":  # seminar: 4 JP a day (reference rule)
            assert r.jp == Decimal(4) * days
        if r.bentuk.kode == "KL07":  # workshop: 5 JP a day
            assert r.jp == Decimal(5) * days
        if r.bentuk.kode == "NKL03":  # e-learning: at most 3 JP a day of access
            assert r.jp <= Decimal(3) * days
        if r.bentuk.kode == "NKL11":  # on-the-job guidance: 2 JP a session, at most 2 sessions a month
            assert r.jp in (Decimal(2), Decimal(4))
    totals: Counter[tuple[int, int]] = Counter()
    for r in rows:
        totals[(r.pegawai_id, r.tahun)] += r.jp
    per_year = [totals[(p.pk, 2025)] for p in city]
    assert sum(1 for jp in per_year if jp < 20) > len(city) * 0.4, "many stay below 20 JP"
    assert sum(1 for jp in per_year if jp >= 20) > len(city) * 0.1
    pppk = [p for p in city if p.jenis_asn in domain.ASN_PPPK]
    assert any(totals[(p.pk, y)] > 24 for p in pppk for y in (2025, 2026)), "some PPPK above 24 JP"


def test_demo_users_have_their_roles_and_employees(city: list[Pegawai]) -> None:
    assert set(Group.objects.values_list("name", flat=True)) >= set(ROLE_GROUPS)
    users = {u.username: u for u in User.objects.prefetch_related("groups")}
    for spec in DEMO_USERS:
        user = users[spec.username]
        assert [g.name for g in user.groups.all()] == [spec.group]
        assert user.check_password(DEMO_PASSWORD)
        assert not user.is_superuser
        assert Pegawai.objects.get(user=user).sintetis
    admin, auditor = users["admin.bkpsdm"], users["auditor"]
    assert admin.is_staff and admin.has_perm("people.change_pegawai") and admin.has_perm("people.view_nik")
    assert auditor.has_perm("people.view_pegawai") and auditor.has_perm("imports.view_importbatch")
    assert not auditor.has_perm("people.change_pegawai") and not auditor.has_perm("people.view_nik")
    assert not users["pegawai"].has_perm("people.view_pegawai")
    assert Pegawai.objects.get(user=users["ppk"]).jabatan.nama == "Sekretaris Daerah"
    assert Pegawai.objects.get(user=users["kepala.dinkes"]).jabatan.nama == "Kepala Dinas Kesehatan"
    assert Pegawai.objects.get(user=users["kepala.disdik"]).jabatan.nama == "Kepala Dinas Pendidikan"
    atasan = Pegawai.objects.get(user=users["atasan"])
    assert atasan.jabatan.nama.startswith("Kepala Bidang")
    assert Pegawai.objects.get(user=users["pegawai"]).atasan_id == atasan.pk
    assert Pegawai.objects.get(user=users["auditor"]).unit.path.startswith(
        UnitKerja.objects.get(kode="INSPEKTORAT").path
    )


def test_demo_logins_lists_url_password_and_every_login(city: list[Pegawai]) -> None:
    out = StringIO()
    call_command("demo_logins", stdout=out)
    text = out.getvalue()
    assert settings.SIBINA_SITE_URL in text  # the address served (make run sets it from HOST and PORT)
    assert DEMO_PASSWORD in text
    for spec in DEMO_USERS:
        assert spec.username in text
    assert "Sekretaris Daerah" in text


def test_if_empty_does_nothing_when_employees_exist(city: list[Pegawai]) -> None:
    before = _snapshot()
    last_ids = (Pegawai.objects.order_by("-pk").first().pk, UnitKerja.objects.order_by("-pk").first().pk)  # type: ignore[union-attr]
    call_command("demo", "--if-empty", size=SIZE + 100, seed=SEED + 1, verbosity=0)
    assert _snapshot() == before
    assert (
        Pegawai.objects.order_by("-pk").first().pk,
        UnitKerja.objects.order_by("-pk").first().pk,
    ) == last_ids  # type: ignore[union-attr]


def test_a_second_build_without_reset_is_refused_and_changes_nothing(city: list[Pegawai]) -> None:
    before = _snapshot()
    with pytest.raises(CommandError, match="--reset"):
        call_command("demo", size=SIZE, seed=SEED + 1, verbosity=0)
    assert _snapshot() == before


def test_same_seed_same_city_and_another_seed_another(city: list[Pegawai]) -> None:
    first = _snapshot()
    call_command("demo", "--reset", size=SIZE, seed=SEED, verbosity=0)
    assert _snapshot() == first
    call_command("demo", "--reset", size=SIZE, seed=SEED + 1, verbosity=0)
    other = _snapshot()
    assert other["units"] == first["units"]  # the structure depends on the size only
    assert [r[0] for r in other["pegawai"]] != [r[0] for r in first["pegawai"]]
    assert Pegawai.objects.count() == SIZE


def test_reset_removes_the_demo_and_keeps_real_data(city: list[Pegawai]) -> None:
    instansi = Instansi.objects.get(kode="1275")
    kel = UnitKerja.objects.get(kode="KEL-BJS-01")
    real_jabatan = Jabatan.objects.create(instansi=instansi, unit=kel, nama="Lurah Tanah Merah (impor)")
    real = Pegawai.objects.create(
        instansi=instansi,
        nip="198609262015051001",
        nama="Pegawai Nyata",
        tanggal_lahir=dt.date(1986, 9, 26),
        jenis_kelamin="L",
        jenis_asn=JenisAsn.PNS,
        unit=kel,
        jabatan=real_jabatan,
        atasan=Pegawai.objects.get(jabatan__nama="Camat Binjai Selatan"),
    )
    demo_reset()
    assert list(Pegawai.objects.all()) == [real]
    assert Pegawai.objects.get(pk=real.pk).atasan is None  # its synthetic supervisor is gone
    assert not UnitKerja.objects.filter(sintetis=True).exists()
    assert UnitKerja.objects.count() == 68  # Binjai's real OPDs, RSUD, kecamatan and kelurahan
    assert list(Jabatan.objects.all()) == [real_jabatan]
    assert not RiwayatPengembangan.objects.exists()
    assert not User.objects.filter(username__in=[u.username for u in DEMO_USERS]).exists()


def test_a_failing_stage_leaves_the_database_as_it_was(
    city: list[Pegawai], monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _snapshot()

    def explode(ctx: DemoContext) -> None:
        raise RuntimeError("killed mid-build")

    monkeypatch.setattr(steps, "STAGES", [*steps.STAGES, steps.Stage("boom", explode)])
    monkeypatch.setattr("sibina.demo.services.STAGES", steps.STAGES)
    with pytest.raises(RuntimeError, match="killed mid-build"):
        call_command("demo", "--reset", size=SIZE, seed=SEED + 5, verbosity=0)
    assert _snapshot() == before
