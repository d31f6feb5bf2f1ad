"""Writes for needs: the yearly analysis (idempotent) and the proposal workflow."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sibina.audit.services import audit_record, changed, snapshot
from sibina.competency.models import Kompetensi
from sibina.needs import fetch, notices
from sibina.needs.domain import needs_for
from sibina.needs.models import Kebutuhan, Usulan
from sibina.people.models import Instansi, Pegawai
from sibina.people.scope import require_actor_instansi
from sibina.versioning import claim


@dataclass(frozen=True)
class AnalyseSummary:
    tahun: int
    employees: int
    needs: int
    by_source: dict[str, int]
    unassessed: int


@transaction.atomic
def needs_analyse(*, instansi: Instansi, tahun: int) -> AnalyseSummary:
    """Rebuild the needs list of an instansi for a plan year from the stored facts.

    Re-running with unchanged facts gives the same rows: the list is a pure function of the inputs, replaced
    as a whole inside one transaction.
    """
    ctx = fetch.analysis_context(tahun=tahun, instansi=instansi)
    facts = fetch.employee_facts(instansi=instansi, tahun=tahun)
    drafts = [d for e in facts for d in needs_for(e, ctx)]
    Kebutuhan.objects.filter(pegawai__instansi=instansi, tahun=tahun).delete()
    Kebutuhan.objects.bulk_create(
        [
            Kebutuhan(
                pegawai_id=d.pegawai_id,
                tahun=tahun,
                sumber=d.sumber,
                kompetensi_id=d.kompetensi_id,
                level_saat_ini=d.level_saat_ini,
                level_target=d.level_target,
                gap=d.gap,
                jabatan_target_id=d.jabatan_target_id,
                usulan_id=d.usulan_id,
                prioritas=d.prioritas,
                rincian_prioritas=[
                    {"faktor": p.faktor, "nilai": str(p.nilai), "poin": str(p.poin)} for p in d.parts
                ],
                alasan=d.alasan,
            )
            for d in drafts
        ],
        batch_size=2000,
    )
    by_source: dict[str, int] = {}
    for d in drafts:
        by_source[d.sumber] = by_source.get(d.sumber, 0) + 1
    return AnalyseSummary(
        tahun, len(facts), len(drafts), by_source, sum(1 for e in facts if e.levels is None)
    )


class ProposalError(ValidationError):
    pass


# What a proposal's audit events show: its content when submitted, its state when decided.
USULAN_SUBMIT_FIELDS = ("pegawai_id", "tahun", "kompetensi_id", "level_target", "uraian", "status", "version")
USULAN_DECIDE_FIELDS = ("status", "version", "catatan_atasan", "catatan_bkpsdm")


@transaction.atomic
def usulan_submit(
    *,
    pegawai: Pegawai,
    tahun: int,
    kompetensi: Kompetensi | None,
    level_target: int | None,
    uraian: str,
    by: User,
) -> Usulan:
    """An employee (or their supervisor) proposes a need. It must name the competency gap it addresses."""
    require_actor_instansi(by, pegawai.instansi_id)
    if kompetensi is None:
        raise ProposalError(
            {"kompetensi": _("A proposal must name the competency gap it addresses (PP 11/2017 Art. 206).")}
        )
    if level_target is None or not 1 <= level_target <= 5:
        raise ProposalError({"level_target": _("The target level must be between 1 and 5.")})
    if not uraian.strip():
        raise ProposalError({"uraian": _("Say what is needed and why.")})
    usulan = Usulan.objects.create(
        pegawai=pegawai,
        tahun=tahun,
        kompetensi=kompetensi,
        level_target=level_target,
        uraian=uraian,
        diajukan_oleh=by,
    )
    audit_record(by=by, action="usulan.submit", obj=usulan, after=snapshot(usulan, USULAN_SUBMIT_FIELDS))
    notices.usulan_submitted(usulan, by)
    return usulan


def _decide(
    usulan: Usulan,
    *,
    by: User,
    approve: bool,
    catatan: str,
    version: int,
    step: tuple[str, str, str],
    note_field: str,
    by_field: str,
    action: str,
) -> Usulan:
    """One decision step: claim the version seen (which locks the row), check the state, record the note and
    who decided."""
    require_actor_instansi(by, usulan.pegawai.instansi_id)
    expected, approved, rejected = step
    if not approve and not catatan.strip():
        raise ProposalError({note_field: _("Give the reason for rejecting the proposal.")})
    with claim(usulan, seen=version, error=ProposalError):
        if usulan.status != expected:
            raise ProposalError(
                _("This proposal is %(status)s and cannot be decided at this step.")
                % {"status": usulan.get_status_display()}
            )
        old = {**snapshot(usulan, USULAN_DECIDE_FIELDS), "version": version}
        usulan.status = approved if approve else rejected
        setattr(usulan, note_field, catatan)
        setattr(usulan, by_field, by.pk)
        usulan.save(update_fields=["status", note_field, by_field])
        before, after = changed(old, snapshot(usulan, USULAN_DECIDE_FIELDS))
        audit_record(by=by, action=action, obj=usulan, before=before, after=after, note=catatan)
        return usulan


@transaction.atomic
def usulan_decide_supervisor(
    *, usulan: Usulan, by: User, approve: bool, catatan: str, version: int
) -> Usulan:
    S = Usulan.Status
    decided = _decide(
        usulan,
        by=by,
        approve=approve,
        catatan=catatan,
        version=version,
        step=(S.DIAJUKAN, S.DISETUJUI_ATASAN, S.DITOLAK_ATASAN),
        note_field="catatan_atasan",
        by_field="diputus_atasan_oleh_id",
        action="usulan.decide",
    )
    notices.usulan_endorsed(decided)
    return decided


@transaction.atomic
def usulan_verify(*, usulan: Usulan, by: User, approve: bool, catatan: str, version: int) -> Usulan:
    S = Usulan.Status
    return _decide(
        usulan,
        by=by,
        approve=approve,
        catatan=catatan,
        version=version,
        step=(S.DISETUJUI_ATASAN, S.DIVERIFIKASI, S.DITOLAK_BKPSDM),
        note_field="catatan_bkpsdm",
        by_field="diverifikasi_oleh_id",
        action="usulan.verify",
    )
