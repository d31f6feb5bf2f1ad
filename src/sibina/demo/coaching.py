"""Stage "coaching": leaders developing their own people during 2026 (synthetic).

Each head of a division (bidang) or section (bagian) coaches one to three of their direct staff; every CPNS
on probation has a mentor, a PNS of a higher rank from their own unit (else their supervisor). Sessions run
from the assignment's start to a week before the reference date, mostly one or two a month and sometimes
three, so the monthly cap of counted sessions shows. JP, the cap and eligibility come from the same pure rules
and reference data the coaching services use; counted sessions get their development record as a logged
session would (source DEMO, so the history checks treat them as the demo's).
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from sibina.coaching import domain
from sibina.coaching.models import JenisBimbingan, PenugasanPembimbing, SesiBimbingan
from sibina.demo.context import DemoContext, Slot
from sibina.demo.names import weighted
from sibina.people.models import Pegawai, RiwayatPengembangan, UnitKerja
from sibina.reference.domain import JpRule
from sibina.reference.models import BentukPengembangan
from sibina.reference.selectors import KetentuanTable, bentuk_map, jp_rules, tingkat_jabatan_map

TAHUN = 2026
COACHING_UNITS = frozenset({UnitKerja.Jenis.BIDANG, UnitKerja.Jenis.BAGIAN})
COACHEES = (1, 3)  # staff a head coaches
SESSIONS_A_MONTH = ((0, 0.15), (1, 0.40), (2, 0.33), (3, 0.12))  # three: one beyond the cap
MENTOR_SESSIONS_A_MONTH = ((0, 0.20), (1, 0.50), (2, 0.25), (3, 0.05))
ENDED_SHARE = 0.15  # coaching assignments already closed before the reference date
MINUTES = (45, 60, 60, 90, 90, 120)
TOPIK_COACHING = (
    "Menyusun rencana hasil kerja SKP",
    "Umpan balik kinerja triwulan",
    "Menyelesaikan hambatan pelayanan",
    "Menulis telaahan staf",
    "Mengelola prioritas pekerjaan",
    "Menyiapkan bahan rapat koordinasi",
    "Evaluasi capaian indikator kinerja",
    "Komunikasi dengan pemangku kepentingan",
)
TOPIK_MENTORING = (
    "Orientasi tugas dan budaya kerja",
    "Nilai dasar BerAKHLAK dalam pekerjaan",
    "Rancangan aktualisasi Latsar",
    "Tata naskah dinas",
    "Etika pelayanan publik",
    "Refleksi masa percobaan CPNS",
)
TUJUAN: dict[str, str] = {
    JenisBimbingan.COACHING: "Meningkatkan capaian kinerja dan kemandirian dalam tugas.",
    JenisBimbingan.MENTORING: "Mendampingi CPNS selama masa percobaan dan aktualisasi Latsar.",
}


@dataclass(frozen=True)
class _Rules:
    """What counting a 2026 session needs, read once (rules in force mid-year, as the history stage does)."""

    rules: dict[str, JpRule]
    bentuk: dict[str, BentukPengembangan]
    menit_per_jp: Decimal
    default_cap: int
    menit_min: int


def build_coaching(ctx: DemoContext) -> None:
    rng = ctx.rng("coaching")
    on = dt.date(TAHUN, 7, 1)
    table = KetentuanTable(["MENIT_PER_JP", "BIMBINGAN_SESI_MAKS_BULAN", "BIMBINGAN_MENIT_MIN"])
    rules = _Rules(
        rules=jp_rules(on=on),
        bentuk=bentuk_map(on=on),
        menit_per_jp=table.value("MENIT_PER_JP", on=on),
        default_cap=int(table.value("BIMBINGAN_SESI_MAKS_BULAN", on=on)),
        menit_min=int(table.value("BIMBINGAN_MENIT_MIN", on=on)),
    )
    people = _People(ctx)
    pairs = _coaching_pairs(ctx, rng, people) + _mentoring_pairs(ctx, rng, people)
    akhir = ctx.tanggal_acuan - dt.timedelta(days=7)
    assignments: list[PenugasanPembimbing] = []
    plans: list[list[tuple[dt.date, str, int]]] = []
    for coach, learner, jenis in ctx.track(pairs, desc="coaching", total=len(pairs)):
        mulai = _start(rng, people.since(learner))
        if mulai > akhir:
            continue
        ended = jenis == JenisBimbingan.COACHING and rng.random() < ENDED_SHARE
        selesai = _weekday(rng, mulai + dt.timedelta(days=60), akhir) if ended else None
        assignments.append(
            PenugasanPembimbing(
                pembimbing=coach,
                pegawai=learner,
                jenis=jenis,
                mulai=mulai,
                selesai=selesai,
                tujuan=TUJUAN[jenis],
                aktif=not ended,
                sintetis=True,
            )
        )
        plans.append(_sessions(rng, jenis, mulai, min(selesai or akhir, akhir)))
    PenugasanPembimbing.objects.bulk_create(assignments, batch_size=1000)
    sesi = _save_sessions(assignments, plans, rules)
    ctx.counts["penugasan"] = len(assignments)
    ctx.counts["sesi"] = len(sesi)
    ctx.counts["sesi_dihitung"] = sum(s.dihitung for s in sesi)


def reset_coaching() -> None:
    """Remove the demo's assignments, their sessions and the development records those sessions wrote."""
    sesi = SesiBimbingan.objects.filter(penugasan__sintetis=True)
    riwayat = list(sesi.exclude(riwayat=None).values_list("riwayat_id", flat=True))
    sesi.delete()
    RiwayatPengembangan.objects.filter(pk__in=riwayat).delete()
    PenugasanPembimbing.objects.filter(sintetis=True).delete()


# --- who coaches whom ------------------------------------------------------------------------------------


class _People:
    """The demo's employees as the eligibility rule sees them, with their posts."""

    def __init__(self, ctx: DemoContext) -> None:
        tingkat = tingkat_jabatan_map(on=ctx.tanggal_acuan)
        self.slot: dict[int, Slot] = {}
        self.orang: dict[int, domain.Orang] = {}
        self.by_pk: dict[int, Pegawai] = {}
        for p, slot in zip(ctx.pegawai, ctx.slots, strict=True):
            t = tingkat.get(slot.tingkat_kode)
            self.slot[p.pk] = slot
            self.by_pk[p.pk] = p
            self.orang[p.pk] = domain.Orang(
                id=p.pk,
                instansi_id=p.instansi_id,
                aktif=True,
                jenis_asn=p.jenis_asn,
                kelompok=t.kelompok if t is not None else "",
                golongan_urutan=p.golongan.urutan if p.golongan is not None else None,
            )

    def chain(self, p: Pegawai) -> frozenset[int]:
        seen: list[int] = []
        current = p.atasan_id
        while current is not None and current not in seen:
            seen.append(current)
            current = self.by_pk[current].atasan_id if current in self.by_pk else None
        return frozenset(seen)

    def may_coach(self, coach: Pegawai, learner: Pegawai) -> bool:
        problem = domain.pembimbing_problem(
            self.orang[coach.pk], self.orang[learner.pk], atasan_chain=self.chain(learner)
        )
        return problem is None

    def since(self, p: Pegawai) -> dt.date:
        return p.tmt_cpns or p.tmt_golongan or dt.date(TAHUN, 1, 1)


Pair = tuple[Pegawai, Pegawai, str]


def _coaching_pairs(ctx: DemoContext, rng: random.Random, people: _People) -> list[Pair]:
    staff: dict[int, list[Pegawai]] = {}
    for p in ctx.pegawai:
        if p.atasan_id is not None and not people.slot[p.pk].kepala and p.jenis_asn != "CPNS":
            staff.setdefault(p.atasan_id, []).append(p)
    pairs: list[Pair] = []
    for kode in sorted(ctx.kepala):
        if ctx.units[kode].jenis not in COACHING_UNITS:
            continue
        head = ctx.kepala[kode]
        team = [p for p in staff.get(head.pk, []) if people.may_coach(head, p)]
        for learner in rng.sample(team, min(len(team), rng.randint(*COACHEES))):
            pairs.append((head, learner, JenisBimbingan.COACHING))
    return pairs


def _mentoring_pairs(ctx: DemoContext, rng: random.Random, people: _People) -> list[Pair]:
    by_unit: dict[str, list[Pegawai]] = {}
    for p in ctx.pegawai:
        by_unit.setdefault(people.slot[p.pk].unit_kode, []).append(p)
    pairs: list[Pair] = []
    for p in ctx.pegawai:
        if p.jenis_asn != "CPNS":
            continue
        seniors = [
            q for q in by_unit[people.slot[p.pk].unit_kode] if q.jenis_asn == "PNS" and people.may_coach(q, p)
        ]
        mentor = rng.choice(seniors) if seniors else people.by_pk.get(p.atasan_id or 0)
        if mentor is not None and people.may_coach(mentor, p):
            pairs.append((mentor, p, JenisBimbingan.MENTORING))
    return pairs


# --- sessions ------------------------------------------------------------------------------------------


def _start(rng: random.Random, since: dt.date) -> dt.date:
    earliest = max(since, dt.date(TAHUN, 1, 5))
    return _weekday(rng, earliest, max(earliest, dt.date(TAHUN, 9, 30)))


def _sessions(
    rng: random.Random, jenis: str, mulai: dt.date, akhir: dt.date
) -> list[tuple[dt.date, str, int]]:
    """(date, topic, minutes) of each session, in date order: at most one a day."""
    mentoring = jenis == JenisBimbingan.MENTORING
    per_month = MENTOR_SESSIONS_A_MONTH if mentoring else SESSIONS_A_MONTH
    topics = TOPIK_MENTORING if mentoring else TOPIK_COACHING
    out: list[tuple[dt.date, str, int]] = []
    month = mulai.replace(day=1)
    while month <= akhir:
        first, last = domain.month_bounds(month)
        lo, hi = max(first, mulai), min(last, akhir)
        days = {_weekday(rng, lo, hi) for _ in range(weighted(rng, per_month))} if lo <= hi else set()
        out += [(d, rng.choice(topics), rng.choice(MINUTES)) for d in sorted(days) if lo <= d <= hi]
        month = last + dt.timedelta(days=1)
    return out


def _save_sessions(
    assignments: list[PenugasanPembimbing], plans: list[list[tuple[dt.date, str, int]]], r: _Rules
) -> list[SesiBimbingan]:
    """Count each session as ``sesi_log`` would, in date order per employee and form, then store them."""
    counted: Counter[tuple[int, str, dt.date]] = Counter()  # (employee, form, month) -> counted sessions
    names: set[tuple[int, str, dt.date]] = set()
    rows: list[tuple[PenugasanPembimbing, dt.date, str, int]] = sorted(
        ((a, d, t, m) for a, plan in zip(assignments, plans, strict=True) for d, t, m in plan),
        key=lambda row: (row[1], row[0].pk),
    )
    sesi: list[SesiBimbingan] = []
    riwayat: list[RiwayatPengembangan | None] = []
    for a, tanggal, topik, menit in rows:
        rule = r.rules[a.jenis]
        key = (a.pegawai_id, a.jenis, tanggal.replace(day=1))
        jp = domain.session_jp(rule, menit=menit, menit_per_jp=r.menit_per_jp)
        result = domain.count_session(
            jp,
            counted_in_month=counted[key],
            cap=domain.monthly_cap(rule, default=r.default_cap),
            menit=menit,
            menit_min=r.menit_min,
        )
        counted[key] += int(result.dihitung)
        sesi.append(
            SesiBimbingan(
                penugasan=a,
                tanggal=tanggal,
                topik=topik,
                menit=menit,
                jp=result.jp,
                dihitung=result.dihitung,
                alasan=result.alasan,
            )
        )
        riwayat.append(_record(a, tanggal, topik, result.jp, r, names) if result.dihitung else None)
    RiwayatPengembangan.objects.bulk_create([x for x in riwayat if x is not None], batch_size=1000)
    for s, rec in zip(sesi, riwayat, strict=True):
        s.riwayat = rec
    SesiBimbingan.objects.bulk_create(sesi, batch_size=1000)
    return sesi


def _record(
    a: PenugasanPembimbing,
    tanggal: dt.date,
    topik: str,
    jp: Decimal,
    r: _Rules,
    names: set[tuple[int, str, dt.date]],
) -> RiwayatPengembangan:
    bentuk = r.bentuk[a.jenis]
    base = nama = f"{bentuk.nama}: {topik}"
    n = 1
    while (a.pegawai_id, nama, tanggal) in names:  # two assignments, one day, one topic
        n += 1
        nama = f"{base} ({n})"
    names.add((a.pegawai_id, nama, tanggal))
    return RiwayatPengembangan(
        pegawai_id=a.pegawai_id,
        jenis=RiwayatPengembangan.Jenis.KURSUS,
        bentuk=bentuk,
        nama_kegiatan=nama,
        penyelenggara=a.pembimbing.nama_lengkap[:255],
        tanggal_mulai=tanggal,
        tanggal_selesai=tanggal,
        tahun=tanggal.year,
        jp=jp,
        sumber=RiwayatPengembangan.Sumber.DEMO,
    )


def _weekday(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    """A working day between ``start`` and ``end`` (the nearest one inside when the range has a weekend edge)."""
    day = start + dt.timedelta(days=rng.randint(0, max(0, (end - start).days)))
    while day.weekday() >= 5 and day > start:
        day -= dt.timedelta(days=1)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day
