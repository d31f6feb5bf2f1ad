"""The reference settings of the identity checks (people.domain.IdentityRules), read once per day."""

from __future__ import annotations

import datetime as dt

from sibina.people.domain import IdentityRules
from sibina.reference.selectors import KetentuanTable, wilayah_codes

IDENTITY_KODES = (
    "NIP_TAHUN_LAHIR_MIN",
    "USIA_PENGANGKATAN_MIN",
    "USIA_PENGANGKATAN_MAKS",
    "NIP_PPPK_POLA_21_TAHUN_MULAI",
)


def identity_rules(*, on: dt.date | None = None) -> IdentityRules:
    """The identity settings and region codes in force on ``on`` (default today): two queries."""
    on = on or dt.date.today()
    table = KetentuanTable(IDENTITY_KODES)
    provinsi, kabupaten = wilayah_codes(on=on)
    return IdentityRules(
        today=on,
        tahun_lahir_min=int(table.value("NIP_TAHUN_LAHIR_MIN", on=on)),
        usia_tmt_min=int(table.value("USIA_PENGANGKATAN_MIN", on=on)),
        usia_tmt_maks=int(table.value("USIA_PENGANGKATAN_MAKS", on=on)),
        pola_pppk_tahun_mulai=int(table.value("NIP_PPPK_POLA_21_TAHUN_MULAI", on=on)),
        provinsi=provinsi,
        kabupaten=kabupaten,
    )
