"""What every per-class file shares (attendance, pre/post tests): the class-number and NIP columns of a row, and
the classes and participants those rows name, loaded once per batch within the importing agency."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.utils.translation import gettext as _

from sibina.delivery.models import Kelas, Peserta
from sibina.imports.rows import RowReader, check_nip_shape, read_identifier, read_int
from sibina.people.models import Instansi

COLUMNS: Mapping[str, tuple[str, ...]] = {
    "kelas": ("id_kelas", "kelas_id", "kelas"),
    "nip": ("nip_baru", "nip"),
}
HEADERS: Mapping[str, str] = {"kelas": "id_kelas", "nip": "nip"}
ID_MAX = 2_000_000_000


def read_kelas_nip(row: RowReader) -> tuple[int | None, str | None]:
    """The row's class number and NIP, each None (with the row error recorded) when missing or malformed."""
    kelas_id = read_int(row, "kelas", lo=1, hi=ID_MAX)
    if kelas_id is None and row.text("kelas") is None:
        row.required("kelas")
    nip = read_identifier(row, "nip", required=True)
    if nip is not None and not check_nip_shape(row, "nip", nip):
        nip = None
    return kelas_id, nip


def no_class() -> str:
    return _("No class of this agency has this number.")


@dataclass(frozen=True)
class Roster:
    """The agency's classes a file names, and their participants of the given statuses by (class, NIP)."""

    kelas: dict[int, Kelas]
    peserta: dict[tuple[int, str], Peserta]


def load_roster(
    instansi: Instansi, kelas_ids: Iterable[int], statuses: Iterable[str], *, lock: bool = False
) -> Roster:
    """Classes of another agency are not found; ``lock`` holds the classes for the batch's transaction."""
    rows = Kelas.objects.select_for_update() if lock else Kelas.objects.all()
    kelas = {k.pk: k for k in rows.filter(instansi=instansi, pk__in=sorted(set(kelas_ids)))}
    peserta = {
        (p.kelas_id, p.pegawai.nip): p
        for p in Peserta.objects.filter(kelas_id__in=list(kelas), status__in=list(statuses)).select_related(
            "pegawai"
        )
    }
    return Roster(kelas, peserta)
