"""Who may assign coaches and log sessions. Services enforce these; pages use them to decide which forms to show.

- Assign or end an assignment: BKPSDM for anyone of its instansi; a Kepala OPD for people in their OPD's
  subtree; an atasan for their direct subordinates.
- Who can be committed as pembimbing: BKPSDM anyone; a Kepala OPD people of their OPD (themself included); an
  atasan themself or one of their direct subordinates (a senior colleague mentoring a junior) — a leader
  commits only the time of people they lead.
- Log a session: the pembimbing, the employee's direct supervisor, or BKPSDM. The auditor never writes.
"""

from __future__ import annotations

from sibina.coaching.models import PenugasanPembimbing
from sibina.people.models import Pegawai
from sibina.people.scope import Scope
from sibina.roles import Role


def _bkpsdm_covers(scope: Scope, pegawai: Pegawai) -> bool:
    """BKPSDM acts for anyone of its own instansi; an account tied to no instansi for nobody."""
    return scope.in_instansi(pegawai.instansi_id)


def may_assign_for(scope: Scope, pegawai: Pegawai) -> bool:
    """May this account give ``pegawai`` a coach or mentor (or end one)?"""
    if scope.role == Role.BKPSDM:
        return _bkpsdm_covers(scope, pegawai)
    if scope.pegawai_id is None or pegawai.pk == scope.pegawai_id:
        return False
    if scope.role == Role.KEPALA_OPD:
        return scope.covers_pegawai(pegawai)
    return scope.role == Role.ATASAN and pegawai.atasan_id == scope.pegawai_id


def may_commit(scope: Scope, pembimbing: Pegawai) -> bool:
    """May this account make ``pembimbing`` someone's coach or mentor?"""
    if scope.role == Role.BKPSDM:
        return _bkpsdm_covers(scope, pembimbing)
    if scope.pegawai_id is None:
        return False
    if scope.role == Role.KEPALA_OPD:
        return scope.covers_pegawai(pembimbing)
    if scope.role == Role.ATASAN:
        return pembimbing.pk == scope.pegawai_id or pembimbing.atasan_id == scope.pegawai_id
    return False


def may_log(scope: Scope, penugasan: PenugasanPembimbing) -> bool:
    if scope.role == Role.AUDITOR or not scope.in_instansi(penugasan.pegawai.instansi_id):
        return False
    if scope.role == Role.BKPSDM:
        return _bkpsdm_covers(scope, penugasan.pegawai)
    me = scope.pegawai_id
    return me is not None and me in (penugasan.pembimbing_id, penugasan.pegawai.atasan_id)
