"""Writes for the catalogue: an activity's JP always comes from the conversion rule of its form."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction

from sibina.audit.services import audit_record, changed, snapshot
from sibina.catalogue.models import Kegiatan
from sibina.reference.domain import Pelaksanaan, jp_for
from sibina.reference.selectors import jp_rules, ketentuan_value


def kegiatan_jp(kegiatan: Kegiatan, *, on: dt.date | None = None) -> Decimal:
    """JP of one participant under the rule in force for the activity's form."""
    on = on or dt.date.today()
    rule = jp_rules(on=on)[kegiatan.bentuk.kode]
    act = Pelaksanaan(
        hari=kegiatan.hari,
        sesi=kegiatan.sesi,
        menit=kegiatan.menit,
        bulan=kegiatan.bulan,
        jp_program=kegiatan.jp_program,
        internasional=kegiatan.internasional,
    )
    return jp_for(rule, act, menit_per_jp=ketentuan_value("MENIT_PER_JP", on=on))


@transaction.atomic
def kegiatan_save(
    *, kegiatan: Kegiatan, on: dt.date | None = None, by: AbstractBaseUser | AnonymousUser | None = None
) -> Kegiatan:
    """Validate, derive JP from the form's rule, save. Raises ValidationError / JpRuleError on bad input.

    A new activity, or a changed one, writes an audit event with the fields that changed."""
    # The caller has already set the new values on ``kegiatan``: "before" is what the database holds.
    stored = Kegiatan.objects.filter(pk=kegiatan.pk).first() if kegiatan.pk is not None else None
    kegiatan.jp = kegiatan_jp(kegiatan, on=on)
    kegiatan.full_clean()
    kegiatan.save()
    # Compared as stored: a computed JP of Decimal("24") is "24.00" in the column.
    saved = Kegiatan.objects.get(pk=kegiatan.pk)
    before, after = changed(snapshot(stored) if stored is not None else None, snapshot(saved))
    if stored is None or after:
        action = "kegiatan.create" if stored is None else "kegiatan.update"
        audit_record(by=by, action=action, obj=kegiatan, before=before, after=after)
    return kegiatan
