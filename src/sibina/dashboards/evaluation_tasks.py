"""Home-page tasks of the evaluation instruments: the account's own class questionnaires to fill in (L1), and the
behaviour ratings (L3) it owes, of its own change at work and of its direct subordinates'."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from sibina.dashboards.task_base import TASKS_PER_SOURCE, Task, _task
from sibina.delivery.models import Kelas, Peserta
from sibina.evaluation import instrument_domain as rules
from sibina.evaluation.instrument_models import PenilaianPerilaku
from sibina.evaluation.instruments import reaksi_open, settings_on
from sibina.people.scope import Scope


def feedback_to_give(scope: Scope, today: dt.date) -> list[Task]:
    """The account's own ended classes whose questionnaire it may fill in and has not."""
    if scope.pegawai_id is None:
        return []
    rows = (
        Peserta.objects.filter(
            scope.instansi_q("pegawai__instansi_id"),
            pegawai_id=scope.pegawai_id,
            status=Peserta.Status.DITERIMA,
            kelas__status=Kelas.Status.DIBUKA,
            kelas__selesai__lte=today,
            respons_reaksi__isnull=True,
        )
        .select_related("kelas__kegiatan")
        .order_by("kelas__selesai", "id")[:TASKS_PER_SOURCE]
    )
    hari = settings_on(today).reaksi_hari
    return [
        _task(
            "feedback",
            _("Give your feedback on %(activity)s") % {"activity": p.kelas.kegiatan.judul},
            reverse("web:reaksi_form", args=[p.pk]),
            rules.reaksi_due(p.kelas.selesai, hari=hari),
            today,
        )
        for p in rows
        if reaksi_open(p, today=today)
    ]


def ratings_to_give(scope: Scope, today: dt.date, *, own_only: bool = False) -> list[Task]:
    """Behaviour ratings open and not given: of the account's own change (self) and of its direct subordinates'
    (not with ``own_only``)."""
    if scope.pegawai_id is None:
        return []
    s = settings_on(today)
    opened_by = rules.add_months(today, -s.bulan_min)
    me = scope.pegawai_id
    rows = (
        Peserta.objects.filter(
            scope.instansi_q("pegawai__instansi_id"),
            Q(pegawai_id=me) if own_only else Q(pegawai_id=me) | Q(pegawai__atasan_id=me),
            status=Peserta.Status.DITERIMA,
            hasil=Peserta.Hasil.SELESAI,
            kelas__selesai__lte=opened_by,
        )
        .select_related("kelas__kegiatan", "pegawai")
        .order_by("kelas__selesai", "id")
    )
    rated = set(PenilaianPerilaku.objects.filter(peserta__in=rows).values_list("peserta_id", "penilai"))
    tasks: list[Task] = []
    for p in rows:
        own = p.pegawai_id == me
        if (p.pk, "DIRI" if own else "ATASAN") in rated:
            continue
        _opens, due = rules.perilaku_window(p.kelas.selesai, bulan_min=s.bulan_min, bulan_maks=s.bulan_maks)
        label = (
            _("Rate how %(activity)s changed your work") % {"activity": p.kelas.kegiatan.judul}
            if own
            else _("Rate how %(name)s's work changed after %(activity)s")
            % {"name": p.pegawai.nama, "activity": p.kelas.kegiatan.judul}
        )
        tasks.append(_task("rating", label, reverse("web:perilaku_form", args=[p.pk]), due, today))
        if len(tasks) >= TASKS_PER_SOURCE:
            break
    return tasks


def own_evaluation(scope: Scope, today: dt.date) -> list[Task]:
    """For "my development": the account's own questionnaires and self-ratings still to give."""
    return feedback_to_give(scope, today) + ratings_to_give(scope, today, own_only=True)
