"""Loaders of evaluation: a run of the effect evaluation (the wide roles), the instruments: a participant's own class questionnaire (L1, only that participant),
a behaviour rating (L3: the alumnus's atasan, or the alumnus themself), and the monitoring scope. The instansi is
in each query; anything else is not found (404, logged)."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _

from sibina.access.core import User, own_get, require_role, require_writer, scoped_get
from sibina.delivery.models import Peserta
from sibina.evaluation.models import EvaluasiRun
from sibina.people.scope import WIDE_ROLES, Scope
from sibina.roles import Role

MONITORING_ROLES = frozenset(WIDE_ROLES | {Role.KEPALA_OPD})


def access_reaksi(user: User, peserta_id: int) -> tuple[Scope, Peserta]:
    """The account's own enrolment, to fill in its class questionnaire; anyone else's is not found."""
    return own_get(
        user,
        f"class questionnaire {peserta_id}",
        Peserta.objects.select_related("kelas__kegiatan", "pegawai"),
        owner="pegawai",
        message=_("You have no class with this number."),
        pk=peserta_id,
    )


def access_perilaku(user: User, peserta_id: int) -> tuple[Scope, Peserta, str]:
    """An alumnus's behaviour rating: by their direct atasan (``ATASAN``) or by the alumnus (``DIRI``); anyone
    else's is not found."""
    asked = f"behaviour rating {peserta_id}"
    scope = require_writer(user, asked)
    me = scope.pegawai_id
    rows = (
        Peserta.objects.filter(
            scope.instansi_q("pegawai__instansi_id"), Q(pegawai_id=me) | Q(pegawai__atasan_id=me)
        )
        if me is not None
        else Peserta.objects.none()
    )
    peserta = scoped_get(
        user,
        asked,
        rows.select_related("kelas__kegiatan", "pegawai"),
        _("No alumnus of yours has this number."),
        pk=peserta_id,
    )
    return scope, peserta, ("DIRI" if peserta.pegawai_id == me else "ATASAN")


def require_monitoring(user: User) -> Scope:
    """Quarterly monitoring: BKPSDM, the PPK and the auditor (the instansi), a Kepala OPD (their OPD)."""
    return require_role(user, "quarterly monitoring", MONITORING_ROLES)


def access_evaluasi_run(user: User, run_id: int) -> EvaluasiRun:
    """A computation of program effects of the account's instansi."""
    asked = f"effect evaluation {run_id}"
    scope = require_role(user, asked, WIDE_ROLES)
    return scoped_get(
        user,
        asked,
        EvaluasiRun.objects.filter(scope.instansi_q("instansi_id")).select_related("instansi", "oleh"),
        _("No such evaluation run."),
        pk=run_id,
    )
