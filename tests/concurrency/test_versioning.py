"""The optimistic-lock primitive on its own: a stale version is refused and nothing changes; a claim moves the
version on by exactly one, inside the caller's transaction, and a failure after it undoes it."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.transaction import TransactionManagementError

from sibina.competency.models import Kompetensi
from sibina.needs.models import Usulan
from sibina.needs.services import ProposalError
from sibina.people.models import Instansi, UnitKerja
from sibina.versioning import bump, claim, hold
from tests import factories as f
from tests.concurrency.conftest import concurrent

pytestmark = concurrent


@pytest.fixture
def usulan(binjai: Instansi) -> Usulan:
    unit = UnitKerja.objects.get(instansi=binjai, kode="DINKES")
    return Usulan.objects.create(
        pegawai=f.pegawai(binjai, unit, nama="Staf"),
        tahun=2028,
        kompetensi=Kompetensi.objects.get(kode="M01"),
        level_target=3,
        uraian="Pelatihan integritas",
    )


def _row(u: Usulan) -> tuple[str, int]:
    return Usulan.objects.filter(pk=u.pk).values_list("status", "version").get()


def test_a_stale_version_is_refused_and_nothing_changes(usulan: Usulan) -> None:
    Usulan.objects.filter(pk=usulan.pk).update(version=2)  # someone else moved it on
    with (
        pytest.raises(ProposalError) as err,
        transaction.atomic(),
        claim(usulan, seen=1, error=ProposalError),
    ):
        usulan.status = Usulan.Status.DISETUJUI_ATASAN
        usulan.save()
    assert err.value.message_dict == {
        "version": [
            "Someone else changed this development proposal after you opened it (version 1, now 2). "
            "Reload the page and try again; nothing was saved."
        ]
    }
    assert _row(usulan) == ("DIAJUKAN", 2)
    assert usulan.version == 1  # the copy in hand is left as it was


def test_a_claim_moves_the_version_on_by_one_and_reloads_the_row(usulan: Usulan) -> None:
    Usulan.objects.filter(pk=usulan.pk).update(uraian="changed meanwhile, same version")
    with transaction.atomic(), claim(usulan, seen=1):
        assert (usulan.version, usulan.uraian) == (2, "changed meanwhile, same version")
        assert _row(usulan) == ("DIAJUKAN", 2)
    assert (usulan.version, _row(usulan)) == (2, ("DIAJUKAN", 2))


def test_a_failure_after_the_claim_leaves_row_and_copy_at_the_version_seen(usulan: Usulan) -> None:
    with pytest.raises(ValidationError), transaction.atomic(), claim(usulan, seen=1):
        usulan.status = Usulan.Status.DISETUJUI_ATASAN
        usulan.save(update_fields=["status"])
        raise ValidationError("a rule checked after the claim")
    assert (_row(usulan), usulan.version) == (("DIAJUKAN", 1), 1)


def test_a_claim_outside_a_transaction_is_a_programming_error(usulan: Usulan) -> None:
    with pytest.raises(TransactionManagementError), claim(usulan, seen=1):
        pass
    assert _row(usulan) == ("DIAJUKAN", 1)


def test_hold_checks_without_moving_the_version_and_bump_moves_it_unconditionally(usulan: Usulan) -> None:
    with transaction.atomic():
        hold(usulan, seen=1)
    assert _row(usulan) == ("DIAJUKAN", 1)
    with pytest.raises(ValidationError), transaction.atomic():
        hold(usulan, seen=0)
    with transaction.atomic():
        bump(usulan)
    assert (usulan.version, _row(usulan)) == (2, ("DIAJUKAN", 2))
