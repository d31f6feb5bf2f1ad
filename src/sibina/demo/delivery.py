"""The synthetic city's first half of the plan year: the plan optimised and decreed, classes held, answers,
attendance and completions that differ by OPD (issue 14, item 8).

Built on demand (``sibina demo_delivery``), not by ``sibina demo``: the default city stays at its reference date
(the plan year being drawn up, so every role can walk the approval), and this moves a copy of it half a year on.
Every write a person would make in the app goes through the same service (BKPSDM opens classes, enrols, invites,
records attendance and completion; the PPK decrees), each at the simulated day it would happen (``house_day``).
Only the employees' answers are written directly: most synthetic employees have no login to answer with, and the
answer service accepts the employee themself only.
"""

from __future__ import annotations

import datetime as dt
import random
import zoneinfo
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.test import override_settings
from django.utils.translation import gettext as _

from sibina.approvals import services as approvals
from sibina.approvals.models import Persetujuan
from sibina.approvals.selectors import cycle_decree
from sibina.catalogue.models import Kegiatan
from sibina.delivery import services as delivery
from sibina.delivery.domain import meets_attendance
from sibina.delivery.models import Kelas, KlaimPengembangan, Peserta
from sibina.demo import delivery_extras as extras
from sibina.demo.delivery_clock import house_day
from sibina.optimiser.options import SolveOptions
from sibina.people.models import RiwayatPengembangan
from sibina.planning.models import Plan, PlanCycle, PlanItem
from sibina.planning.services import plan_optimise
from sibina.reference.selectors import ketentuan_value

# The reasons employees give when they decline (synthetic; the app asks for at least ten characters).
ALASAN_TOLAK = (
    "Bertepatan dengan tugas pelayanan yang tidak dapat ditinggalkan.",
    "Sedang menjalani cuti melahirkan pada tanggal tersebut.",
    "Ditugaskan pimpinan mengikuti kegiatan lain pada waktu yang sama.",
    "Sakit dan sedang dalam perawatan dokter.",
    "Beban kerja akhir triwulan tidak memungkinkan meninggalkan kantor.",
)


class DeliveryDemoError(RuntimeError):
    """The city is not in a state the simulation can start from (no demo city, or the year already decreed)."""


@dataclass
class DeliveryDemoSummary:
    tahun: int
    sampai: dt.date
    kelas: int = 0
    peserta: int = 0
    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))


@dataclass(frozen=True)
class Habit:
    """How an OPD's people answer and turn up: drawn once per OPD, so commitment differs between OPDs."""

    terima: float  # share of the invited who accept
    diam: float  # share of the rest who never answer
    hadir: float  # chance an accepting participant attends a session
    mangkir: float  # share of the accepting who never turn up (no-shows)


def _habit(rng: random.Random) -> Habit:
    return Habit(
        terima=rng.uniform(0.72, 0.97),
        diam=rng.uniform(0.2, 0.6),
        hadir=rng.uniform(0.82, 0.99),
        mangkir=rng.uniform(0.0, 0.08),
    )


class Habits(dict[int, Habit]):
    """Each unit's habits, drawn from the seed and the unit the first time they are needed."""

    def __init__(self, seed: int) -> None:
        super().__init__()
        self.seed = seed

    def __missing__(self, unit: int) -> Habit:
        self[unit] = habit = _habit(random.Random(f"{self.seed}:habit:{unit}"))
        return habit


def _quarter_window(tahun: int, triwulan: int) -> tuple[dt.date, dt.date]:
    first_month = 3 * (triwulan - 1) + 1
    start = dt.date(tahun, first_month, 1)
    end = dt.date(tahun + (first_month + 3 > 12), (first_month + 3 - 1) % 12 + 1, 1) - dt.timedelta(days=1)
    return start, end


def _workday(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def _decree(cycle: PlanCycle, admin: User, ppk: User, time_limit: float, say: Callable[[str], None]) -> Plan:
    """BKPSDM optimises and sends the plan on 1 December; the PPK sets it on 15 December without waiting for
    reviews that did not come (the demo's OPD heads do not review), and says so in writing as the app asks."""
    with house_day(dt.date(cycle.tahun - 1, 12, 1)):
        say(_("Optimising the %(year)s plan …") % {"year": cycle.tahun})
        plan = plan_optimise(cycle=cycle, options=SolveOptions(time_limit=time_limit), marginal=False)
        if plan is None:
            raise DeliveryDemoError(_("The optimiser found no plan; nothing was decreed."))
        p = approvals.persetujuan_start(plan=plan, by=admin)
        approvals.persetujuan_send(
            persetujuan=p, by=admin, version=p.version, batas=dt.date(cycle.tahun - 1, 12, 10)
        )
    with house_day(dt.date(cycle.tahun - 1, 12, 15)):
        p = Persetujuan.objects.get(pk=p.pk)
        approvals.consolidation_check(persetujuan=p, by=admin, version=p.version, force=True)
        p = Persetujuan.objects.get(pk=p.pk)
        p = approvals.persetujuan_consolidated(persetujuan=p, plan=plan, by=admin)
        approvals.persetujuan_set(
            persetujuan=p,
            by=ppk,
            version=p.version,
            nomor=f"800.1.3/{cycle.tahun - 1}/BKPSDM",
            tanggal=dt.date(cycle.tahun - 1, 12, 15),
            alasan_tanpa_telaah="Batas waktu telaah OPD telah lewat; rencana ditetapkan agar pelaksanaan "
            "dapat dimulai Januari.",
        )
    return plan


def _answer(peserta: Peserta, habit: Habit, rng: random.Random, day: dt.date) -> None:
    """The employee's answer a week before the class (written directly; see the module's docstring)."""
    if rng.random() < habit.terima:
        peserta.status, peserta.ikrar, peserta.alasan_tolak = Peserta.Status.DITERIMA, True, ""
    elif rng.random() < habit.diam:
        return  # no answer: stays invited
    else:
        peserta.status, peserta.ikrar = Peserta.Status.DITOLAK, False
        peserta.alasan_tolak = rng.choice(ALASAN_TOLAK)
    hours = rng.randint(2, 24 * 6)
    tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    peserta.dijawab_pada = dt.datetime.combine(day, dt.time(8, 0), tzinfo=tz) + dt.timedelta(hours=hours)
    peserta.save(update_fields=["status", "ikrar", "alasan_tolak", "dijawab_pada"])


def _hold(kelas: Kelas, habits: Habits, rng: random.Random, admin: User, sampai: dt.date) -> bool:
    """Attendance per session as it happened, then the result once the last session is over (True: assessed)."""
    peserta = list(kelas.peserta.select_related("pegawai").filter(status=Peserta.Status.DITERIMA))
    absent = {p.pk for p in peserta if rng.random() < habits[p.pegawai.unit_id].mangkir}
    sessions = list(kelas.sesi.order_by("urutan"))
    hadir_count: dict[int, int] = defaultdict(int)
    for sesi in sessions:
        if sesi.tanggal > sampai:
            return False
        with house_day(sesi.tanggal):
            ticked = [
                p.pk for p in peserta if p.pk not in absent and rng.random() < habits[p.pegawai.unit_id].hadir
            ]
            delivery.kehadiran_record(sesi=sesi, hadir_ids=ticked, by=admin)
        for pk in ticked:
            hadir_count[pk] += 1
    done = _workday(sessions[-1].tanggal + dt.timedelta(days=3))
    if done > sampai:
        return False
    minimum = ketentuan_value("KEHADIRAN_MIN_PERSEN", on=done)
    with house_day(done):
        for n, p in enumerate(peserta, start=1):
            p.refresh_from_db()
            selesai = meets_attendance(hadir_count[p.pk], len(sessions), min_persen=minimum)
            delivery.peserta_complete(
                peserta=p,
                by=admin,
                version=p.version,
                selesai=selesai,
                nomor_sertifikat=f"{kelas.kegiatan.kode}/{kelas.nomor}/{n:03d}/{done.year}"
                if selesai
                else "",
            )
    return True


# Forms held online (e-learning, distance learning, self-study); coaching, mentoring and the like happen where
# the participants work; classical ones in a hall.
DARING = frozenset({"NKL03", "NKL04", "NKL09"})


def _daring(k: Kegiatan) -> bool:
    return k.bentuk.kode in DARING


def _tempat(k: Kegiatan) -> str:
    if _daring(k):
        return ""
    return "Aula BKPSDM Kota Binjai" if k.hari_klasikal else "Kantor unit kerja peserta"


def _days_needed(hari: int) -> int:
    """Calendar days a class spans: the catalogue's days, at least one, at most two working weeks."""
    return max(1, min(hari, 10))


def demo_delivery(
    *,
    seed: int,
    sampai: dt.date,
    time_limit: float = 60.0,
    say: Callable[[str], None] = lambda _text: None,
    progress: Callable[[int, int], None] = lambda _done, _total: None,
) -> DeliveryDemoSummary:
    """Decree the demo's plan year and run it up to ``sampai`` (at most the end of June): one transaction."""
    cycle = PlanCycle.objects.filter(sintetis=True).order_by("-tahun").first()
    if cycle is None:
        raise DeliveryDemoError(_("There is no demo city to run: build it first with `sibina demo`."))
    if not dt.date(cycle.tahun, 1, 1) <= sampai <= dt.date(cycle.tahun, 6, 30):
        raise DeliveryDemoError(
            _("The simulation runs the first half of %(year)s: give a date from 1 January to 30 June.")
            % {"year": cycle.tahun}
        )
    if cycle_decree(cycle_id=cycle.pk) is not None or Persetujuan.objects.filter(cycle=cycle).exists():
        raise DeliveryDemoError(
            _(
                "The %(year)s plan of the demo is already in approval or set; rebuild the city with `sibina demo "
                "--reset` first."
            )
            % {"year": cycle.tahun}
        )
    admin, ppk = User.objects.get(username="admin.bkpsdm"), User.objects.get(username="ppk")
    rng = random.Random(f"{seed}:delivery")
    summary = DeliveryDemoSummary(tahun=cycle.tahun, sampai=sampai)
    # The demo logins' invitations would be e-mailed to the console: sent nowhere, at the commit, here (the
    # in-app notices stay).
    quiet = override_settings(
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend", SIBINA_JOBS="inline"
    )
    with quiet, transaction.atomic():
        plan = _decree(cycle, admin, ppk, time_limit, say)
        items = PlanItem.objects.filter(plan=plan, triwulan__in=[1, 2]).select_related(
            "kegiatan__bentuk", "pegawai"
        )
        classes: dict[tuple[int, int], int] = {}
        quarter: dict[tuple[int, int], int] = {}
        for item in items:
            key = (item.kegiatan_id, item.kelas)
            classes[key] = classes.get(key, 0) + 1
            quarter[key] = item.triwulan or 1
        habits = Habits(seed)
        substitutes_left = [extras.SUBSTITUTES_MAX]
        kegiatan = {i.kegiatan_id: i.kegiatan for i in items}
        say(_("Holding %(n)s classes of the first half …") % {"n": len(classes)})
        for done, key in enumerate(sorted(classes), start=1):
            k = kegiatan[key[0]]
            first, last = _quarter_window(cycle.tahun, quarter[key])
            mulai = _workday(first + dt.timedelta(days=rng.randint(7, max(7, (last - first).days - 20))))
            if mulai - dt.timedelta(days=14) > sampai:
                progress(done, len(classes))
                continue
            selesai = _workday(mulai + dt.timedelta(days=_days_needed(k.hari) - 1))
            with house_day(mulai - dt.timedelta(days=21)):
                kelas = delivery.kelas_create(
                    cycle=cycle,
                    kegiatan=k,
                    mulai=mulai,
                    selesai=selesai,
                    nomor=key[1],
                    tempat=_tempat(k),
                    tautan=f"https://elearning.binjaikota.go.id/kelas/{k.kode}" if _daring(k) else "",
                    by=admin,
                )
                delivery.kelas_enrol(kelas=kelas, by=admin, version=kelas.version)
                kelas.refresh_from_db()
                delivery.kelas_invite(kelas=kelas, by=admin, version=kelas.version)
            answered = mulai - dt.timedelta(days=10)
            if answered <= sampai:
                for p in kelas.peserta.select_related("pegawai"):
                    _answer(p, habits[p.pegawai.unit_id], rng, answered)
                for p in extras.substitute(kelas, admin, answered + dt.timedelta(days=2), substitutes_left):
                    _answer(p, habits[p.pegawai.unit_id], rng, answered + dt.timedelta(days=3))
                    summary.counts["pengganti"] += 1
            if kelas.mulai <= sampai:
                summary.counts["aksi"] += extras.change_projects(kelas, admin, rng)
            if _hold(kelas, habits, rng, admin, sampai):
                billed = _workday(kelas.selesai + dt.timedelta(days=7))
                if billed <= sampai:
                    extras.actual_cost(kelas, admin, rng, billed)
            summary.kelas += 1
            progress(done, len(classes))
        summary.counts["klaim"] = extras.own_claims(admin, sampai)
        summary.peserta = Peserta.objects.filter(cycle=cycle).count()
        for status in Peserta.objects.filter(cycle=cycle).values_list("status", flat=True):
            summary.counts[status] += 1
        summary.counts["selesai"] = Peserta.objects.filter(cycle=cycle, hasil=Peserta.Hasil.SELESAI).count()
    return summary


def reset_delivery() -> None:
    """Remove the demo's classes (with their change projects), the synthetic employees' claims, the development
    records both wrote, and the approvals of the demo's cycles (before the plan stage removes the plans they
    point to)."""
    kelas = Kelas.objects.filter(cycle__sintetis=True)
    peserta = Peserta.objects.filter(kelas__in=kelas)
    klaim = KlaimPengembangan.objects.filter(pegawai__sintetis=True)
    riwayat = [
        *peserta.exclude(riwayat=None).values_list("riwayat_id", flat=True),
        *klaim.exclude(riwayat=None).values_list("riwayat_id", flat=True),
    ]
    peserta.filter(pengganti_untuk__isnull=False).delete()  # substitutes point to whom they replace
    peserta.delete()
    kelas.delete()
    klaim.delete()
    RiwayatPengembangan.objects.filter(pk__in=riwayat).delete()
    Persetujuan.objects.filter(cycle__sintetis=True).delete()
