"""Events written before the trail knew tenants and OPDs get them from the object they name, once, by the same
rules a new event uses; what an event records is never changed."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command

from sibina.audit.backfill import events_backfill
from sibina.audit.models import AuditEvent
from sibina.people.models import Instansi, UnitKerja
from tests import factories as f
from tests.audit.conftest import event_at, jakarta


def test_old_events_get_the_instansi_and_opd_of_their_object_once(binjai: Instansi) -> None:
    dinkes = UnitKerja.objects.get(instansi=binjai, kode="DINKES")
    puskesmas = UnitKerja.objects.filter(parent=dinkes).first() or dinkes
    nurse = f.pegawai(binjai, puskesmas, nama="Perawat")
    when = jakarta(2026, 1, 5, 9)
    old = event_at(when, aksi="pegawai.update", objek_tipe="people.pegawai", objek_id=str(nurse.pk))
    gone = event_at(when, aksi="pegawai.update", objek_tipe="people.pegawai", objek_id="999999")
    odd = event_at(when, aksi="x", objek_tipe="no.such", objek_id="abc")
    bare = event_at(when, aksi="auth.login_failed")
    filed = event_at(
        when, aksi="x", objek_tipe="people.pegawai", objek_id=str(nurse.pk), instansi_id=77, opd_id=5
    )

    result = events_backfill()

    assert (result.examined, result.instansi, result.opd) == (3, 1, 1)  # bare names no object; filed is filed
    old.refresh_from_db()
    assert (old.instansi_id, old.opd_id) == (binjai.pk, dinkes.pk)
    assert (old.aksi, old.waktu, old.objek_id) == ("pegawai.update", when, str(nurse.pk))  # unchanged
    for kept in (gone, odd, bare):
        kept.refresh_from_db()
        assert (kept.instansi_id, kept.opd_id) == (None, None)
    filed.refresh_from_db()
    assert (filed.instansi_id, filed.opd_id) == (77, 5)  # only what is empty is filled
    record = AuditEvent.objects.get(aksi="audit.backfill")
    assert record.sesudah == {"examined": 3, "instansi": 1, "opd": 1}

    out = StringIO()
    call_command("audit", "backfill", stdout=out)  # again: nothing left to fill, no second record
    assert "0 given their instansi, 0 their OPD" in out.getvalue()
    assert AuditEvent.objects.filter(aksi="audit.backfill").count() == 1
