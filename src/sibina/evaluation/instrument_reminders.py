"""Reminders of the instruments, run with the delivery reminders (``sibina delivery remind``: evaluation's app
registers ``remind`` in ``delivery.reminders.EXTRA``), each exactly once per trigger and participant:

- **feedback missing** (L1): ``EVALUASI_REAKSI_HARI`` days after a class ended, each participant who may fill in
  its questionnaire and has not → the participant;
- **behaviour rating missing** (L3): once the rating window of a completed class opened
  (``EVALUASI_PERILAKU_BULAN_MIN`` months), the atasan who has not rated → the atasan; the alumnus who has not
  rated themself → the alumnus.

As in ``delivery.escalation``: each reminder first inserts its ``PengingatEvaluasi`` row (unique per trigger and
participant) in its own transaction, and only the insert that succeeds notifies. A recipient without an active
account is recorded all the same (nobody told).
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.urls import reverse

from sibina.delivery.models import Kelas, Peserta
from sibina.evaluation import instrument_domain as rules
from sibina.evaluation.instrument_models import PengingatEvaluasi, PenilaianPerilaku, ResponsReaksi
from sibina.evaluation.instruments import reaksi_open, settings_on
from sibina.notifications.models import Notifikasi
from sibina.notifications.services import notify

J = PengingatEvaluasi.Jenis


def _active(user: User | None) -> list[User]:
    return [user] if user is not None and user.is_active else []


def _send(
    *,
    jenis: str,
    peserta: Peserta,
    today: dt.date,
    users: list[User],
    kind: str,
    params: dict[str, object],
    url: str,
) -> int:
    try:
        with transaction.atomic():
            PengingatEvaluasi.objects.create(jenis=jenis, peserta=peserta, tanggal=today, dikirim=len(users))
            if users:
                notify(users=users, jenis=kind, params=params, url=url)
    except IntegrityError:
        return 0
    return len(users)


def remind(*, today: dt.date) -> int:
    """Every instrument reminder due on ``today`` not sent before; returns how many accounts were told."""
    s = settings_on(today)
    done = set(PengingatEvaluasi.objects.values_list("jenis", "peserta_id"))
    told = 0
    ended_by = today - dt.timedelta(days=s.reaksi_hari)
    feedback = (
        Peserta.objects.filter(
            status=Peserta.Status.DITERIMA, kelas__status=Kelas.Status.DIBUKA, kelas__selesai__lte=ended_by
        )
        .exclude(pk__in=ResponsReaksi.objects.values("peserta_id"))
        .select_related("kelas__kegiatan", "pegawai__user")
        .order_by("kelas__selesai", "id")
    )
    for p in feedback:
        if (J.REAKSI, p.pk) in done or not reaksi_open(p, today=today):
            continue
        told += _send(
            jenis=J.REAKSI,
            peserta=p,
            today=today,
            users=_active(p.pegawai.user),
            kind=Notifikasi.Jenis.FEEDBACK_MISSING,
            params={"kegiatan": p.kelas.kegiatan.judul, "selesai": p.kelas.selesai.isoformat()},
            url=reverse("web:reaksi_form", args=[p.pk]),
        )
    opened_by = rules.add_months(today, -s.bulan_min)
    alumni = (
        Peserta.objects.filter(
            status=Peserta.Status.DITERIMA, hasil=Peserta.Hasil.SELESAI, kelas__selesai__lte=opened_by
        )
        .select_related("kelas__kegiatan", "pegawai__user", "pegawai__atasan__user")
        .order_by("kelas__selesai", "id")
    )
    rated = set(PenilaianPerilaku.objects.values_list("peserta_id", "penilai"))
    A = PenilaianPerilaku.Penilai
    for p in alumni:
        if rules.perilaku_window(p.kelas.selesai, bulan_min=s.bulan_min, bulan_maks=s.bulan_maks)[0] > today:
            continue
        params: dict[str, object] = {"kegiatan": p.kelas.kegiatan.judul, "pegawai": p.pegawai.nama_lengkap}
        url = reverse("web:perilaku_form", args=[p.pk])
        if (p.pk, A.ATASAN) not in rated and (J.PERILAKU_ATASAN, p.pk) not in done:
            boss = p.pegawai.atasan.user if p.pegawai.atasan is not None else None
            told += _send(
                jenis=J.PERILAKU_ATASAN,
                peserta=p,
                today=today,
                users=_active(boss),
                kind=Notifikasi.Jenis.RATING_MISSING,
                params=params,
                url=url,
            )
        if (p.pk, A.DIRI) not in rated and (J.PERILAKU_DIRI, p.pk) not in done:
            told += _send(
                jenis=J.PERILAKU_DIRI,
                peserta=p,
                today=today,
                users=_active(p.pegawai.user),
                kind=Notifikasi.Jenis.RATING_MISSING,
                params={**params, "sendiri": True},
                url=url,
            )
    return told
