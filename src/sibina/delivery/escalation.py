"""The escalation ladders of commitment, run with the other reminders (``reminders.remind``), each step exactly once:

- **JP short at the start of Q3**: from the first day of the month ``KOMITMEN_JP_CEK_BULAN`` (7: 1 July), a PNS or
  CPNS whose JP of the year are still below the minimum (``JP_MIN_PNS``) is told; ``KOMITMEN_ESKALASI_HARI``
  days later, still short, their atasan; as many days after that, their Kepala OPD. A step waits for the one
  before it: a ladder never reaches the Kepala OPD before the employee and the atasan were told.
- **No-show**: a participant who accepted and was recorded absent from the class's first session → their atasan;
  the ``KOMITMEN_MANGKIR_ESKALASI``-th no-show of the year and every later one → also their Kepala OPD.
- **A milestone of an aksi perubahan overdue** (still planned after its due date) → the participant;
  ``KOMITMEN_ESKALASI_HARI`` days later, still not done, the mentor.

"Exactly once" is held as for the class reminders: each step first inserts its ``PengingatKomitmen`` row (unique
per trigger and subject) in its own transaction, and only the insert that succeeds notifies. A step whose
recipient has no active account is still recorded (nobody told), so the ladder goes on to the next one.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.urls import reverse

from sibina.delivery import commitment_domain as rules
from sibina.delivery.commitment_models import PengingatKomitmen, TonggakAksi
from sibina.delivery.models import Kehadiran, Kelas, Peserta
from sibina.needs.domain import PNS_KINDS
from sibina.needs.ledger import jp_limits, jp_totals
from sibina.notifications.models import Notifikasi
from sibina.notifications.recipients import heads_of
from sibina.notifications.services import notify
from sibina.people.models import Pegawai, StatusPegawai, UnitKerja
from sibina.reference.domain import rules_date
from sibina.reference.selectors import KetentuanTable

J = PengingatKomitmen.Jenis
SETTINGS = ("KOMITMEN_JP_CEK_BULAN", "KOMITMEN_ESKALASI_HARI", "KOMITMEN_MANGKIR_ESKALASI")


@dataclass(frozen=True)
class Settings:
    bulan: int  # the JP check starts on the first day of this month
    hari: int  # days between one step of a ladder and the next
    mangkir: int  # the no-show of the year that goes to the Kepala OPD too


def settings_on(day: dt.date) -> Settings:
    table = KetentuanTable(SETTINGS)
    bulan, hari, mangkir = (int(table.value(k, on=day)) for k in SETTINGS)
    return Settings(bulan=bulan, hari=hari, mangkir=mangkir)


def _active(user: User | None) -> list[User]:
    return [user] if user is not None and user.is_active else []


def _step(*, jenis: str, kunci: str, pegawai: Pegawai, today: dt.date, users: list[User]) -> bool:
    """Claim one step (False: it went out before, in this run or another) and record how many were told."""
    try:
        with transaction.atomic():
            PengingatKomitmen.objects.create(
                jenis=jenis, kunci=kunci, pegawai=pegawai, tanggal=today, dikirim=len(users)
            )
    except IntegrityError:
        return False
    return True


@dataclass(frozen=True)
class Subject:
    """What a ladder is about: its key, the employee, the notification kind, the run's day."""

    kunci: str
    pegawai: Pegawai
    kind: str
    today: dt.date


def _send(*, subject: Subject, jenis: str, users: list[User], params: dict[str, object], url: str) -> int:
    """One step: claimed once, then the accounts told (none: recorded all the same)."""
    with transaction.atomic():
        if not _step(
            jenis=jenis, kunci=subject.kunci, pegawai=subject.pegawai, today=subject.today, users=users
        ):
            return 0
        if users:
            notify(users=users, jenis=subject.kind, params=params, url=url)
    return len(users)


def _sent(jenis: Iterable[str], kunci_prefix: str = "") -> dict[tuple[str, str], dt.date]:
    rows = PengingatKomitmen.objects.filter(jenis__in=list(jenis))
    if kunci_prefix:
        rows = rows.filter(kunci__startswith=kunci_prefix)
    return {(j, k): d for j, k, d in rows.values_list("jenis", "kunci", "tanggal")}


class _Heads:
    """The Kepala OPD accounts of each employee's OPD (the top unit of their unit), read once per OPD."""

    def __init__(self) -> None:
        self._by_unit: dict[int, list[User]] = {}

    def of(self, pegawai: Pegawai) -> list[User]:
        top_id = int(pegawai.unit.path.strip("/").split("/")[0])
        if top_id not in self._by_unit:
            top = UnitKerja.objects.get(pk=top_id)
            self._by_unit[top_id] = heads_of([top]).get(top_id, [])
        return [u for u in self._by_unit[top_id] if u.pk != pegawai.user_id]


def escalate(*, today: dt.date) -> int:
    """Every step of the three ladders due on ``today`` not sent before; returns how many accounts were told."""
    settings = settings_on(today)
    heads = _Heads()
    return (
        _jp_short(today=today, settings=settings, heads=heads)
        + _no_shows(today=today, settings=settings, heads=heads)
        + _milestones(today=today, settings=settings)
    )


# --- JP below the minimum at the start of Q3 -------------------------------------------------------------------


def _jp_short(*, today: dt.date, settings: Settings, heads: _Heads) -> int:
    tahun = today.year
    if today < rules.q3_check_day(tahun, settings.bulan):
        return 0
    minimum = jp_limits(on=rules_date(tahun)).minimum
    people = list(
        Pegawai.objects.filter(status=StatusPegawai.AKTIF, jenis_asn__in=sorted(PNS_KINDS))
        .select_related("user", "unit", "atasan__user")
        .order_by("id")
    )
    totals = jp_totals(pegawai_ids=None, tahun=tahun)
    done = _sent([J.JP_PEGAWAI, J.JP_ATASAN, J.JP_KEPALA], f"{tahun}:")
    told = 0
    for p in people:
        jp = totals.get(p.pk, (Decimal(0), Decimal(0)))[0]
        if jp >= minimum:
            continue
        kunci = f"{tahun}:{p.pk}"
        params: dict[str, object] = {"tahun": tahun, "jp": str(jp), "minimum": str(minimum)}
        first, second = done.get((J.JP_PEGAWAI, kunci)), done.get((J.JP_ATASAN, kunci))
        subject = Subject(kunci, p, Notifikasi.Jenis.JP_SHORT, today)
        about = {**params, "pegawai": p.nama_lengkap}
        if first is None:
            told += _send(
                subject=subject,
                jenis=J.JP_PEGAWAI,
                users=_active(p.user),
                params={**params, "sendiri": True},
                url=reverse("web:my_development"),
            )
        elif second is None:
            if rules.step_due(previous=first, today=today, after_days=settings.hari):
                boss = p.atasan.user if p.atasan is not None else None
                told += _send(
                    subject=subject,
                    jenis=J.JP_ATASAN,
                    users=_active(boss),
                    params=about,
                    url=reverse("web:leader_dashboard"),
                )
        elif (J.JP_KEPALA, kunci) not in done and rules.step_due(
            previous=second, today=today, after_days=settings.hari
        ):
            told += _send(
                subject=subject,
                jenis=J.JP_KEPALA,
                users=heads.of(p),
                params=about,
                url=reverse("web:leader_dashboard"),
            )
    return told


# --- no-shows ------------------------------------------------------------------------------------------------------


def _no_shows(*, today: dt.date, settings: Settings, heads: _Heads) -> int:
    absent = list(
        Kehadiran.objects.filter(
            sesi__urutan=1,
            sesi__tanggal__lte=today,
            hadir=False,
            peserta__status=Peserta.Status.DITERIMA,
            peserta__kelas__status=Kelas.Status.DIBUKA,
        )
        .select_related(
            "sesi",
            "peserta__kelas__kegiatan",
            "peserta__cycle",
            "peserta__pegawai__user",
            "peserta__pegawai__unit",
            "peserta__pegawai__atasan__user",
        )
        .order_by("sesi__tanggal", "peserta_id")
    )
    done = _sent([J.MANGKIR_ATASAN, J.MANGKIR_KEPALA])
    count: dict[tuple[int, int], int] = defaultdict(int)  # (employee, year) -> no-shows so far
    told = 0
    for k in absent:
        p = k.peserta
        count[(p.pegawai_id, p.cycle.tahun)] += 1
        kali = count[(p.pegawai_id, p.cycle.tahun)]
        kunci = str(p.pk)
        params: dict[str, object] = {
            "pegawai": p.pegawai.nama_lengkap,
            "kegiatan": p.kelas.kegiatan.judul,
            "mulai": k.sesi.tanggal.isoformat(),
            "kali": kali,
        }
        subject = Subject(kunci, p.pegawai, Notifikasi.Jenis.NO_SHOW, today)
        url = reverse("web:delivery_team") + "?status=terima"
        if (J.MANGKIR_ATASAN, kunci) not in done:
            boss = p.pegawai.atasan.user if p.pegawai.atasan is not None else None
            told += _send(
                subject=subject, jenis=J.MANGKIR_ATASAN, users=_active(boss), params=params, url=url
            )
        if (
            rules.escalates_no_show(kali, threshold=settings.mangkir)
            and (J.MANGKIR_KEPALA, kunci) not in done
        ):
            told += _send(
                subject=subject, jenis=J.MANGKIR_KEPALA, users=heads.of(p.pegawai), params=params, url=url
            )
    return told


# --- milestones of an aksi perubahan ----------------------------------------------------------------------------


def _milestones(*, today: dt.date, settings: Settings) -> int:
    late = list(
        TonggakAksi.objects.filter(
            status=TonggakAksi.Status.RENCANA,
            batas__lt=today,
            aksi__peserta__status=Peserta.Status.DITERIMA,
        )
        .select_related("aksi__peserta__pegawai__user", "aksi__mentor__user")
        .order_by("batas", "id")
    )
    done = _sent([J.TONGGAK_PESERTA, J.TONGGAK_MENTOR])
    told = 0
    for t in late:
        if not rules.overdue_since(status=t.status, batas=t.batas, today=today):
            continue
        kunci, pegawai = str(t.pk), t.aksi.peserta.pegawai
        params: dict[str, object] = {
            "tonggak": t.judul,
            "batas": t.batas.isoformat(),
            "pegawai": pegawai.nama_lengkap,
        }
        subject = Subject(kunci, pegawai, Notifikasi.Jenis.MILESTONE_LATE, today)
        first = done.get((J.TONGGAK_PESERTA, kunci))
        if first is None:
            told += _send(
                subject=subject,
                jenis=J.TONGGAK_PESERTA,
                users=_active(pegawai.user),
                params={**params, "sendiri": True},
                url=reverse("web:my_development") + "#aksi-perubahan",
            )
        elif (J.TONGGAK_MENTOR, kunci) not in done and rules.step_due(
            previous=first, today=today, after_days=settings.hari
        ):
            told += _send(
                subject=subject,
                jenis=J.TONGGAK_MENTOR,
                users=_active(t.aksi.mentor.user),
                params=params,
                url=reverse("web:aksi_mentor"),
            )
    return told
