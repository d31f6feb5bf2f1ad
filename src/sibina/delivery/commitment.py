"""Commitment figures of a year, per OPD and for the city (or for a supervisor's team): acceptance, attendance,
completion and no-show rates with their counts, and the median time to answer an invitation. The one place they
are computed; the leader dashboards, the commitment page and the priority factor all read them here.

Definitions (enrolments of the year's classes; moved and cancelled enrolments left out: the person has a newer
enrolment or none):

- **accepted** = accepted ÷ invited (answered or not);
- **attendance** = sessions attended ÷ sessions recorded, of those who accepted;
- **completion** = completed ÷ accepted whose class has ended (on ``today``);
- **no-show** = absent from the first session ÷ accepted whose first session was recorded;
- **time to answer** = the median of (answered − invited), over those who answered.

An enrolment counts in the OPD (top-level unit) where the employee works now.

``komitmen_store`` writes the attendance rate of each OPD and of the city as ``needs.FaktorUnit`` rows (kind
KOMITMEN) of the year: next year's priority reads them as its commitment factor (``needs.fetch``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from sibina.audit.services import audit_record
from sibina.delivery.commitment_domain import Figures, Rate, median_seconds
from sibina.delivery.models import Kehadiran, Peserta
from sibina.needs.ledger import top_unit_map
from sibina.needs.models import FaktorUnit
from sibina.people.models import Instansi, UnitKerja

INVITED = ("DIUNDANG", "DITERIMA", "DITOLAK")
ANSWERED = ("DITERIMA", "DITOLAK")
PRECISION = Decimal("0.000001")  # FaktorUnit.nilai's places


@dataclass
class _Tally:
    diundang: int = 0
    diterima: int = 0
    hadir: int = 0
    sesi: int = 0
    berakhir: int = 0
    selesai: int = 0
    pertama: int = 0
    mangkir: int = 0
    jawab: list[int] = field(default_factory=list)

    def figures(self) -> Figures:
        return Figures(
            diterima=Rate(self.diterima, self.diundang),
            hadir=Rate(self.hadir, self.sesi),
            selesai=Rate(self.selesai, self.berakhir),
            mangkir=Rate(self.mangkir, self.pertama),
            jawab_detik=median_seconds(self.jawab),
            dijawab=len(self.jawab),
        )


def _tally(
    *, where: Q, tahun: int, today: dt.date, group: dict[int, int] | None
) -> dict[int | None, Figures]:
    """Figures of the enrolments matching ``where``: the total under ``None`` and, with ``group`` (unit id → OPD
    id), one per OPD."""
    rows = list(
        Peserta.objects.filter(where, cycle__tahun=tahun, status__in=INVITED).values_list(
            "id", "pegawai__unit_id", "status", "diundang_pada", "dijawab_pada", "kelas__selesai", "hasil"
        )
    )
    accepted = {pid for pid, _u, status, *_rest in rows if status == "DITERIMA"}
    sessions = {
        r["peserta_id"]: (r["n"], r["h"])
        for r in Kehadiran.objects.filter(peserta__in=Peserta.objects.filter(where, cycle__tahun=tahun))
        .values("peserta_id")
        .annotate(n=Count("id"), h=Count("id", filter=Q(hadir=True)))
    }
    first = dict(
        Kehadiran.objects.filter(
            peserta__in=Peserta.objects.filter(where, cycle__tahun=tahun), sesi__urutan=1
        ).values_list("peserta_id", "hadir")
    )
    tallies: dict[int | None, _Tally] = defaultdict(_Tally)
    for pid, unit_id, status, invited, answered, ends, hasil in rows:
        keys: list[int | None] = [None]
        if group is not None and unit_id in group:
            keys.append(group[unit_id])
        for key in keys:
            t = tallies[key]
            t.diundang += 1
            if status in ANSWERED and invited is not None and answered is not None:
                t.jawab.append(max(int((answered - invited).total_seconds()), 0))
            if pid not in accepted:
                continue
            t.diterima += 1
            n, h = sessions.get(pid, (0, 0))
            t.sesi, t.hadir = t.sesi + n, t.hadir + h
            if ends < today:
                t.berakhir += 1
                t.selesai += hasil == Peserta.Hasil.SELESAI
            if pid in first:
                t.pertama += 1
                t.mangkir += not first[pid]
    return {key: t.figures() for key, t in tallies.items()}


EMPTY = _Tally().figures()


@dataclass(frozen=True)
class OpdFigures:
    unit: UnitKerja
    figures: Figures


def figures_by_opd(
    *, instansi: Instansi, tahun: int, today: dt.date | None = None, opd: UnitKerja | None = None
) -> tuple[list[OpdFigures], Figures]:
    """Each OPD's figures (only ``opd``'s when given) and their total (the city's, or that OPD's)."""
    today = today or timezone.localdate()
    where = Q(pegawai__instansi=instansi)
    units = UnitKerja.objects.filter(instansi=instansi, parent__isnull=True).order_by("nama")
    if opd is not None:
        where &= Q(pegawai__unit__path__startswith=opd.path)
        units = units.filter(pk=opd.pk)
    found = _tally(where=where, tahun=tahun, today=today, group=top_unit_map(instansi=instansi))
    return [OpdFigures(u, found.get(u.pk, EMPTY)) for u in units], found.get(None, EMPTY)


def figures_of(*, where: Q, tahun: int, today: dt.date | None = None) -> Figures:
    """The figures of any set of people (``where`` reaches Peserta; a supervisor's team, a reader's scope)."""
    found = _tally(where=where, tahun=tahun, today=today or timezone.localdate(), group=None)
    return found.get(None, EMPTY)


# --- the factor of next year's priority -----------------------------------------------------------------------------


def _dasar(figures: Figures) -> dict[str, object]:
    rate = figures.hadir
    return {
        "hadir": rate.n,
        "sesi": rate.d,
        "persen": str(rate.persen),
        "diterima": figures.diterima.n,
        "diundang": figures.diterima.d,
    }


@transaction.atomic
def komitmen_store(
    *, instansi: Instansi, tahun: int, by: User | None = None, today: dt.date | None = None
) -> list[FaktorUnit]:
    """Store the year's commitment of each OPD and of the city (the attendance rate) as ``FaktorUnit`` rows,
    replacing those stored before for that year: run again, it writes the same rows. An OPD without attendance
    recorded gets no row (next year's priority then reads the city's)."""
    Instansi.objects.select_for_update().filter(pk=instansi.pk).first()  # one store per instansi at a time
    rows, total = figures_by_opd(instansi=instansi, tahun=tahun, today=today)
    now = timezone.now()
    FaktorUnit.objects.filter(instansi=instansi, tahun=tahun, jenis=FaktorUnit.Jenis.KOMITMEN).delete()
    made = [
        FaktorUnit(
            instansi=instansi,
            unit_kerja=unit,
            tahun=tahun,
            jenis=FaktorUnit.Jenis.KOMITMEN,
            nilai=fraction.quantize(PRECISION),
            dasar=_dasar(figures),
            computed_at=now,
        )
        for unit, figures in [*((r.unit, r.figures) for r in rows), (None, total)]
        if (fraction := figures.hadir.fraction) is not None
    ]
    FaktorUnit.objects.bulk_create(made)
    audit_record(
        by=by,
        action="delivery.komitmen",
        obj=instansi,
        after={
            "tahun": tahun,
            "opd": sum(f.unit_kerja_id is not None for f in made),
            "kota": str(total.hadir.persen),
        },
        instansi_id=instansi.pk,
    )
    return made
