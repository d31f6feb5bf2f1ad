"""The Kirkpatrick instruments L1–L3 on the small city of tests/delivery: one questionnaire per participant, only
one's own; pre/post scores by form and by file; the atasan rates only their own subordinates; the reminders go out
exactly once, however often the command runs."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from sibina.delivery import domain, services
from sibina.delivery.models import Kelas, Peserta
from sibina.evaluation import instruments
from sibina.evaluation.instrument_models import NilaiTes, PengingatEvaluasi, PenilaianPerilaku, ResponsReaksi
from sibina.imports.kernel import import_data
from sibina.notifications.models import Notifikasi
from tests.delivery.test_services import Day, _remind, invited, of
from tests.web.test_permissions import World

D = dt.date
ANSWERS = {"MATERI": "5", "NARASUMBER": "4", "METODE": "4", "SARANA": "3", "MANFAAT": "5", "KESELURUHAN": "4"}


def finished(w: World, day: Day) -> Kelas:
    """The e-learning of 1–4 February 2027: the perawat and the lurah accepted and attended every session; the
    perawat completed it. The house date: 5 February."""
    kelas = invited(w)
    for who, account in (("perawat", "pegawai"), ("lurah", "atasan")):
        p = of(kelas, w, who)
        services.peserta_answer(
            peserta=p, by=w.users[account], version=p.version, jawaban=domain.Jawaban.TERIMA, ikrar=True
        )
    day(D(2027, 2, 5))
    present = [of(kelas, w, "perawat").pk, of(kelas, w, "lurah").pk]
    for s in kelas.sesi.all():
        services.kehadiran_record(sesi=s, hadir_ids=present, by=w.users["bkpsdm"])
    p = of(kelas, w, "perawat")
    services.peserta_complete(
        peserta=p, by=w.users["bkpsdm"], version=p.version, selesai=True, nomor_sertifikat="S-1"
    )
    return kelas


def _client(w: World, who: str) -> Client:
    c = Client()
    c.force_login(w.users[who])
    return c


# --- L1 -----------------------------------------------------------------------------------------------------------


def test_a_participant_fills_in_their_questionnaire_once(world: World, db: None, day: Day) -> None:
    kelas = finished(world, day)
    p = of(kelas, world, "perawat")
    c = _client(world, "pegawai")
    url = f"/evaluasi/reaksi/{p.pk}/"
    assert c.get(url).status_code == 200
    partial = {**ANSWERS, "SARANA": "6"}
    c.post(url, partial)
    assert not ResponsReaksi.objects.exists()  # refused, nothing half written
    c.post(url, {**ANSWERS, "komentar": "Materi bagus"})
    c.post(url, {**ANSWERS, "MATERI": "1"})  # a second time: refused
    r = ResponsReaksi.objects.get()
    assert (r.peserta_id, r.komentar) == (p.pk, "Materi bagus")
    assert sorted(r.jawaban.values_list("butir__kode", "nilai")) == sorted(
        (k, int(v)) for k, v in ANSWERS.items()
    )
    with pytest.raises(ValidationError, match="already filled in"):
        instruments.submit_reaksi(
            by=world.users["pegawai"], peserta=p, answers=ANSWERS, komentar="", today=D(2027, 2, 5)
        )
    summary = instruments.kelas_summary(kelas, today=D(2027, 2, 5))
    assert (summary.diminta, summary.mengisi, summary.rate) == (2, 1, Fraction(1, 2))
    assert summary.komentar == ["Materi bagus"]


def test_a_pegawai_sees_only_their_own_questionnaire(world: World, db: None, day: Day) -> None:
    kelas = finished(world, day)
    lurahs = of(kelas, world, "lurah")
    for who in ("pegawai", "kepala", "bkpsdm"):
        c = _client(world, who)
        assert c.get(f"/evaluasi/reaksi/{lurahs.pk}/").status_code == 404
        assert c.post(f"/evaluasi/reaksi/{lurahs.pk}/", ANSWERS).status_code == 404
    assert not ResponsReaksi.objects.exists()
    assert _client(world, "atasan").get(f"/evaluasi/reaksi/{lurahs.pk}/").status_code == 200
    # "My development" lists each one's own questionnaire only.
    own = _client(world, "pegawai").get("/pengembangan-saya/").context["evaluasi"]
    assert [t.url for t in own] == [f"/evaluasi/reaksi/{of(kelas, world, 'perawat').pk}/"]


def test_the_questionnaire_opens_when_the_class_has_ended(world: World, db: None, day: Day) -> None:
    kelas = invited(world)
    p = of(kelas, world, "perawat")
    services.peserta_answer(
        peserta=p, by=world.users["pegawai"], version=p.version, jawaban=domain.Jawaban.TERIMA, ikrar=True
    )
    with pytest.raises(ValidationError, match="not open"):
        instruments.submit_reaksi(
            by=world.users["pegawai"],
            peserta=Peserta.objects.get(pk=p.pk),
            answers=ANSWERS,
            komentar="",
            today=D(2027, 2, 3),
        )
    assert not ResponsReaksi.objects.exists()


def test_the_feedback_reminder_goes_out_once(world: World, db: None, day: Day) -> None:
    kelas = finished(world, day)
    instruments.submit_reaksi(
        by=world.users["pegawai"],
        peserta=of(kelas, world, "perawat"),
        answers=ANSWERS,
        komentar="",
        today=D(2027, 2, 5),
    )
    assert _remind(D(2027, 2, 10)) == "0 reminder(s) sent for 2027-02-10."  # 6 days after: not yet
    _remind(D(2027, 2, 11))  # 7 days after the end (EVALUASI_REAKSI_HARI)
    _remind(D(2027, 2, 11))
    _remind(D(2027, 2, 20))
    rows = list(PengingatEvaluasi.objects.values_list("jenis", "peserta__pegawai__nama", "tanggal"))
    assert rows == [("REAKSI", world.city.lurah.nama, D(2027, 2, 11))]
    notes = Notifikasi.objects.filter(jenis=Notifikasi.Jenis.FEEDBACK_MISSING)
    assert [n.user.username for n in notes] == ["u_atasan"]
    assert notes[0].text == "Please fill in the feedback on Kegiatan uji EL-UJI, which ended on Feb. 4, 2027."


# --- L2 -----------------------------------------------------------------------------------------------------------


def test_bkpsdm_enters_scores_by_form_and_the_class_averages_are_exact(
    world: World, db: None, day: Day
) -> None:
    kelas = finished(world, day)
    c = _client(world, "bkpsdm")
    p, q = of(kelas, world, "perawat"), of(kelas, world, "lurah")
    c.post(f"/kelas/{kelas.pk}/evaluasi/tes/", {"peserta": p.pk, "pre": "40", "post": "82"})
    c.post(f"/kelas/{kelas.pk}/evaluasi/tes/", {"peserta": q.pk, "pre": "100", "post": "100"})
    c.post(f"/kelas/{kelas.pk}/evaluasi/tes/", {"peserta": q.pk, "pre": "abc", "post": "50"})  # refused
    c.post(f"/kelas/{kelas.pk}/evaluasi/tes/", {"peserta": q.pk, "pre": "50", "post": "100.5"})  # refused
    assert (
        _client(world, "auditor")
        .post(f"/kelas/{kelas.pk}/evaluasi/tes/", {"peserta": p.pk, "pre": "0", "post": "0"})
        .status_code
        == 403
    )
    assert sorted(NilaiTes.objects.values_list("peserta_id", "pre", "post")) == sorted(
        [(p.pk, Decimal(40), Decimal(82)), (q.pk, Decimal(100), Decimal(100))]
    )
    s = instruments.kelas_summary(kelas, today=D(2027, 2, 5))
    assert [(t.peserta.pk, t.gain, t.kategori) for t in s.tes if t.peserta.pk == p.pk] == [
        (p.pk, Fraction(7, 10), "TINGGI")
    ]
    assert (s.pre_rata, s.post_rata, s.gain_rata, s.gain_kategori) == (
        Fraction(70),
        Fraction(91),
        Fraction(7, 10),
        "TINGGI",
    )
    page = c.get(f"/kelas/{kelas.pk}/evaluasi/")
    assert page.status_code == 200 and b"0.70" in page.content


def test_the_score_file_is_idempotent_and_names_bad_rows(world: World, db: None, day: Day) -> None:
    kelas = finished(world, day)
    nip_p, nip_l = world.city.perawat.nip, world.city.lurah.nip
    data = f"id_kelas;nip;pre;post\n{kelas.pk};{nip_p};30;65\n{kelas.pk};{nip_l};50;x\n{kelas.pk};{world.city.bidan.nip};10;20\n".encode()

    def run() -> object:
        return import_data(
            jenis="tes",
            instansi=world.city.instansi,
            data=data,
            filename="tes.csv",
            by=world.users["bkpsdm"],
            dry_run=False,
        )

    first = run()
    assert (first.status, first.jumlah_baru, first.jumlah_diubah, first.jumlah_sama, first.jumlah_galat) == (  # type: ignore[attr-defined]
        "DONE",
        1,
        0,
        0,
        2,
    )
    errors = [(e.baris, e.kolom, e.nilai) for e in first.errors.order_by("baris")]  # type: ignore[attr-defined]
    assert errors == [(3, "post", "x"), (4, "nip", world.city.bidan.nip)]
    second = run()
    assert (second.jumlah_baru, second.jumlah_diubah, second.jumlah_sama) == (0, 0, 1)  # type: ignore[attr-defined]
    assert list(NilaiTes.objects.values_list("pre", "post", "version")) == [(Decimal(30), Decimal(65), 1)]


# --- L3 -----------------------------------------------------------------------------------------------------------


def test_the_atasan_rates_only_their_own_subordinates(world: World, db: None, day: Day) -> None:
    kelas = finished(world, day)
    p = of(kelas, world, "perawat")  # her atasan: the kepala
    url = f"/evaluasi/perilaku/{p.pk}/"
    day(D(2027, 5, 3))  # before 4 May: not open yet
    _client(world, "kepala").post(url, {"nilai": "4"})
    assert not PenilaianPerilaku.objects.exists()
    day(D(2027, 5, 4))
    for who in ("atasan", "bkpsdm"):  # the lurah is not her atasan
        assert _client(world, who).get(url).status_code == 404
        assert _client(world, who).post(url, {"nilai": "5"}).status_code == 404
    assert not PenilaianPerilaku.objects.exists()
    _client(world, "kepala").post(url, {"nilai": "9"})  # refused
    _client(world, "kepala").post(url, {"nilai": "4", "catatan": "Lebih teliti"})
    _client(world, "kepala").post(url, {"nilai": "1"})  # given already
    _client(world, "pegawai").post(url, {"nilai": "5"})  # her own rating
    assert sorted(
        PenilaianPerilaku.objects.values_list("penilai", "dinilai_oleh__nama", "nilai", "catatan")
    ) == [
        ("ATASAN", world.city.kepala.nama, 4, "Lebih teliti"),
        ("DIRI", world.city.perawat.nama, 5, ""),
    ]


def test_the_rating_reminders_go_out_once_and_the_tasks_list_them(world: World, db: None, day: Day) -> None:
    from sibina.access.core import user_scope
    from sibina.dashboards.tasks import tasks_for

    kelas = finished(world, day)
    p = of(kelas, world, "perawat")
    _remind(D(2027, 5, 3))
    assert not PengingatEvaluasi.objects.exclude(jenis="REAKSI").exists()
    _remind(D(2027, 5, 4))
    _remind(D(2027, 5, 5))
    assert sorted(
        PengingatEvaluasi.objects.exclude(jenis="REAKSI").values_list("jenis", "peserta_id", "tanggal")
    ) == [
        ("L3ATASAN", p.pk, D(2027, 5, 4)),
        ("L3DIRI", p.pk, D(2027, 5, 4)),
    ]
    assert sorted(n.user.username for n in Notifikasi.objects.filter(jenis="PERILAKU")) == [
        "u_kepala",
        "u_pegawai",
    ]
    kepala_tasks = [
        t for t in tasks_for(user_scope(world.users["kepala"]), D(2027, 5, 4)) if t.kind == "rating"
    ]
    assert [(t.url, t.due) for t in kepala_tasks] == [(f"/evaluasi/perilaku/{p.pk}/", D(2027, 8, 4))]
    own = [t.kind for t in tasks_for(user_scope(world.users["pegawai"]), D(2027, 5, 4))]
    assert own.count("rating") == 1 and own.count("feedback") == 1
