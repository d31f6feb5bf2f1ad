"""Who the approval's events notify (``sibina.notifications``): the plan sent → each head of an OPD whose part
waits for review; the plan consolidated → the PPK."""

from __future__ import annotations

from django.urls import reverse

from sibina.approvals.models import Persetujuan, ReviewOpd
from sibina.notifications.models import Notifikasi
from sibina.notifications.recipients import accounts, heads_of
from sibina.notifications.services import Notice, notify, notify_each
from sibina.roles import Role


def plan_sent(persetujuan: Persetujuan) -> None:
    """Each OPD part now waiting for review: its heads are told, with the deadline and a link to the review."""
    reviews = list(
        ReviewOpd.objects.filter(persetujuan=persetujuan, status=ReviewOpd.Status.MENUNGGU).select_related(
            "unit"
        )
    )
    heads = heads_of(r.unit for r in reviews)
    notify_each(
        Notice(
            users=heads.get(review.unit_id, []),
            jenis=Notifikasi.Jenis.REVIEW,
            params={
                "tahun": persetujuan.cycle.tahun,
                "unit": review.unit.nama,
                "batas": review.batas.isoformat() if review.batas else "",
            },
            url=reverse("web:approval_review", args=[review.pk]),
        )
        for review in reviews
    )


def plan_consolidated(persetujuan: Persetujuan) -> None:
    """The PPK of the instansi is told the plan waits for the decree."""
    cycle = persetujuan.cycle
    notify(
        users=accounts(Role.PPK, cycle.instansi_id),
        jenis=Notifikasi.Jenis.DECREE,
        params={
            "tahun": cycle.tahun,
            "batas": persetujuan.batas_penetapan.isoformat() if persetujuan.batas_penetapan else "",
        },
        url=reverse("web:approval_cycle", args=[cycle.tahun]),
    )
