"""Stage "people": one synthetic ASN for every post, with a consistent life story and a supervisor.

A person is generated backwards from the post: the post fixes the education and the rank range, the rank fixes
the years of service, the years of service the appointment date, and that the birth date. The NIP and NIK
are then built from those dates (people.domain), so the identity checks hold by construction.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass

from sibina.demo import templates as t
from sibina.demo.context import DemoContext, Slot
from sibina.demo.names import TEMPAT_LAHIR, make_name, weighted
from sibina.people import domain as people_domain
from sibina.people.models import Jabatan, Pegawai
from sibina.reference.models import Golongan, JenisAsn, TingkatPendidikan
from sibina.reference.selectors import golongan_map, tingkat_pendidikan_map

NIK_WILAYAH = ("127501", "127502", "127503", "127504", "127505")  # Binjai's five kecamatan (Kemendagri)
# PPPK appointment waves (TMT) and their weights; from 2025 the NIP carries "21" instead of the month.
PPPK_TMT = (
    (dt.date(2022, 3, 1), 2.0),
    (dt.date(2022, 10, 1), 1.5),
    (dt.date(2023, 6, 1), 2.0),
    (dt.date(2024, 3, 1), 2.5),
    (dt.date(2024, 10, 1), 1.5),
    (dt.date(2025, 3, 1), 2.0),
    (dt.date(2025, 10, 1), 1.5),
)
PPPK_PW_TMT = ((dt.date(2025, 10, 1), 2.0), (dt.date(2026, 1, 1), 1.0))
CPNS_TMT = ((dt.date(2025, 6, 1), 1.0), (dt.date(2025, 10, 1), 1.0))
_LULUS_UMUR = {"15": 18, "17": 18, "30": 21, "35": 22, "40": 23, "45": 28, "50": 33}
_KP_BULAN = (2, 4, 6, 8, 10, 12)  # rank promotions take effect on these months


@dataclass(frozen=True)
class _Ranks:
    """The golongan codes, ordered junior to senior, and their reference rows."""

    pns: list[str]
    rows: dict[tuple[str, str], Golongan]
    pendidikan: dict[str, TingkatPendidikan]


def build_people(ctx: DemoContext) -> None:
    rng = ctx.rng("people")
    instansi = ctx.require_instansi()
    gmap = golongan_map(on=ctx.tanggal_acuan)
    ranks = _Ranks(
        pns=[
            g.kode for g in sorted((g for g in gmap.values() if g.jenis_asn == "PNS"), key=lambda g: g.urutan)
        ],
        rows=gmap,
        pendidikan=tingkat_pendidikan_map(on=ctx.tanggal_acuan),
    )
    ids = _Identifiers(set(Pegawai.objects.values_list("nip", flat=True)))
    people = [
        _person(ctx, slot, rng, ranks, ids)
        for slot in ctx.track(ctx.slots, desc="people", total=len(ctx.slots))
    ]
    for p in people:
        p.instansi = instansi
    _create_with_supervisors(ctx, people)
    ctx.pegawai = people
    ctx.counts.update({f"pegawai_{k}": v for k, v in Counter(p.jenis_asn for p in people).items()})
    ctx.counts["pegawai"] = len(people)


def reset_people() -> None:
    """Delete synthetic employees and then the positions only they held (a real unit's demo posts)."""
    held = list(Jabatan.objects.filter(pegawai__sintetis=True).values_list("id", flat=True).distinct())
    Pegawai.objects.filter(sintetis=True).delete()
    Jabatan.objects.filter(id__in=held, pegawai__isnull=True).delete()


class _Identifiers:
    """Hands out the sequence digits of NIPs and NIKs so that no two people share one."""

    def __init__(self, taken: set[str]) -> None:
        self.taken = taken
        self.nip_seq: Counter[str] = Counter()
        self.nik_seq: Counter[str] = Counter()

    def nip(self, *, lahir: dt.date, tmt: dt.date, sex: str, pppk_2025: bool) -> str:
        while True:
            probe = people_domain.make_nip(
                tanggal_lahir=lahir, tmt=tmt, jenis_kelamin=sex, urut=0, pppk_2025=pppk_2025
            )
            prefix = probe[:15]
            self.nip_seq[prefix] += 1
            nip = f"{prefix}{self.nip_seq[prefix]:03d}"
            if nip not in self.taken:
                self.taken.add(nip)
                return nip

    def nik(self, *, wilayah: str, lahir: dt.date, sex: str) -> str:
        probe = people_domain.make_nik(kode_wilayah=wilayah, tanggal_lahir=lahir, jenis_kelamin=sex, urut=0)
        prefix = probe[:12]
        self.nik_seq[prefix] += 1
        return f"{prefix}{self.nik_seq[prefix]:04d}"


def _years_before(day: dt.date, years: float) -> dt.date:
    return day - dt.timedelta(days=round(years * 365.25))


def _first_of_month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _between(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    if end <= start:
        return start
    return start + dt.timedelta(days=rng.randint(0, (end - start).days))


def _retirement_age(slot: Slot) -> int:
    if slot.tingkat_kode == "JF_AHLI_MADYA" and slot.keluarga != "guru" and not slot.kepala:
        return t.RETIREMENT_AGE["JF_AHLI_MADYA"]
    if slot.tingkat_kode.startswith("JPT"):
        return t.RETIREMENT_AGE["JPT"]
    if slot.keluarga == "guru":
        return t.RETIREMENT_AGE["guru"]
    return t.RETIREMENT_AGE["other"]


def _person(ctx: DemoContext, slot: Slot, rng: random.Random, ranks: _Ranks, ids: _Identifiers) -> Pegawai:
    ref = ctx.tanggal_acuan
    family = t.KELUARGA.get(slot.keluarga)
    perempuan_share = 0.35 if slot.kepala else (family.perempuan if family else 0.5)
    if slot.kepala and slot.keluarga in ("guru", "dokter"):
        perempuan_share = 0.5
    perempuan = rng.random() < perempuan_share
    sex = "P" if perempuan else "L"
    name = make_name(rng, perempuan=perempuan)
    edu = slot.pendidikan
    entry_age = rng.randint(*t.ENTRY_AGE[edu])
    tmt_pns: dt.date | None = None
    tmt_cpns: dt.date | None = None

    if slot.jenis_asn == JenisAsn.PNS:
        gol, tmt_cpns, tmt_golongan = _pns_career(slot, rng, ranks, ref, entry_age)
        tmt_pns = min(ref, _first_of_month(tmt_cpns + dt.timedelta(days=365 + rng.randint(0, 180))))
        tmt_golongan = max(tmt_golongan, tmt_pns) if tmt_golongan != tmt_cpns else tmt_golongan
        appointed = tmt_cpns
    elif slot.jenis_asn == JenisAsn.CPNS:
        gol = ranks.rows[("PNS", t.PNS_ENTRY[edu])]
        tmt_cpns = weighted(rng, CPNS_TMT)
        tmt_golongan = appointed = tmt_cpns
    else:
        appointed = weighted(rng, PPPK_PW_TMT if slot.jenis_asn == JenisAsn.PPPK_PW else PPPK_TMT)
        entry_age = rng.randint(24, 48)  # many PPPK were long-serving honorary staff
        gol = ranks.rows[("PPPK", t.PPPK_ENTRY[edu])]
        tmt_golongan = appointed
    lahir = _years_before(appointed, entry_age) - dt.timedelta(days=rng.randint(0, 364))
    oldest = _years_before(ref, _retirement_age(slot) - 1)
    if lahir < oldest:  # would already be retired: make them younger, keeping the appointment
        lahir = oldest + dt.timedelta(days=rng.randint(0, 700))
    if appointed.year < lahir.year + 18:
        lahir = _years_before(appointed, 19)

    pppk_2025 = slot.jenis_asn in people_domain.ASN_PPPK and appointed.year >= 2025
    nip = ids.nip(lahir=lahir, tmt=appointed, sex=sex, pppk_2025=pppk_2025)
    nik = ids.nik(wilayah=rng.choice(NIK_WILAYAH), lahir=lahir, sex=sex)
    bidang = _field(slot, rng)
    depan, belakang = _titles(bidang, edu, lahir=lahir, perempuan=perempuan)
    if slot.kepala:
        tmt_jabatan = _first_of_month(_between(rng, max(appointed, _years_before(ref, 5)), ref))
    else:
        tmt_jabatan = _between(rng, max(appointed, _years_before(ref, 8)), ref) if tmt_pns else appointed
    return Pegawai(
        nip=nip,
        nik=nik,
        gelar_depan=depan,
        nama=name.nama,
        gelar_belakang=belakang,
        tempat_lahir=weighted(rng, TEMPAT_LAHIR),
        tanggal_lahir=lahir,
        jenis_kelamin=sex,
        agama=name.agama,
        email=f"{nip}@demo.sibina.invalid",
        jenis_asn=slot.jenis_asn,
        golongan=gol,
        tmt_golongan=tmt_golongan,
        jabatan=ctx.jabatan[slot.jabatan_key],
        tmt_jabatan=tmt_jabatan,
        unit=ctx.units[slot.unit_kode],
        pendidikan=ranks.pendidikan[edu],
        jurusan=bidang.jurusan,
        tahun_lulus=min(ref.year, lahir.year + _LULUS_UMUR[edu] + rng.randint(0, 2)),
        tmt_cpns=tmt_cpns,
        tmt_pns=tmt_pns,
        sintetis=True,
    )


def _pns_career(
    slot: Slot, rng: random.Random, ranks: _Ranks, ref: dt.date, entry_age: int
) -> tuple[Golongan, dt.date, dt.date]:
    """Rank, TMT CPNS and TMT of the current rank: 2.5–4.5 years per step above the entry rank."""
    order = ranks.pns
    entry = t.PNS_ENTRY[slot.pendidikan]
    low = max(order.index(slot.golongan_range[0]), order.index(entry))  # nobody starts above their post
    high = max(order.index(slot.golongan_range[1]), low)
    candidates = order[low : high + 1]
    max_years = _retirement_age(slot) - 1 - entry_age
    gol = rng.choice(candidates)
    steps = max(0, order.index(gol) - order.index(entry))
    while steps and steps * 2 + 1 > max_years:  # too old to have climbed that far: one rank lower
        gol = order[order.index(gol) - 1]
        steps -= 1
    years = (
        steps * rng.uniform(2.5, 4.5)
        + rng.uniform(1.2, 5.0)
        + (rng.uniform(1.0, 6.0) if slot.kepala else 0.0)
    )
    if gol == candidates[-1]:  # at the top of what the post allows: may have waited there for years
        years += rng.uniform(0.0, 12.0)
    years = min(years, max_years)
    tmt_cpns = _first_of_month(_years_before(ref, years))
    if steps == 0:
        tmt_golongan = tmt_cpns
    else:
        tmt_golongan = _kp_period(_years_before(ref, rng.uniform(0.1, min(4.0, years - 1.0))))
    return ranks.rows[("PNS", gol)], tmt_cpns, tmt_golongan


def _kp_period(day: dt.date) -> dt.date:
    """The promotion date (1 Feb, Apr, Jun, Aug, Oct or Dec) on or before ``day``."""
    months = [m for m in _KP_BULAN if m <= day.month]
    return dt.date(day.year, months[-1], 1) if months else dt.date(day.year - 1, 12, 1)


def _field(slot: Slot, rng: random.Random) -> t.Bidang:
    family = t.KELUARGA.get(slot.keluarga)
    fields = family.fields if family else t.ADMIN_FIELDS
    usable = [(f, w) for f, w in fields if slot.pendidikan in ("15", "17") or _has_title(f, slot.pendidikan)]
    return weighted(rng, usable or list(fields))


def _has_title(bidang: t.Bidang, edu: str) -> bool:
    if edu == "45":
        return "45" in bidang.gelar or "40" in bidang.depan
    return edu in bidang.gelar or edu in bidang.depan


def _titles(bidang: t.Bidang, edu: str, *, lahir: dt.date, perempuan: bool) -> tuple[str, str]:
    """Front and back academic titles for the highest degree (a master's keeps the bachelor's title)."""
    if edu in ("15", "17"):
        return "", ""
    if edu == "45":
        first = bidang.gelar.get("40") or bidang.gelar.get("35", "")
        depan = bidang.depan.get("45", bidang.depan.get("40", ""))
        parts = [first, bidang.gelar.get("45", "")]
    else:
        depan = bidang.depan.get(edu, "")
        parts = [bidang.gelar.get(edu, "A.Md." if edu == "30" else "")]
    if edu in ("40", "45") and not depan and lahir.year < 1970 and parts[0]:
        # Bachelors of the old system carry "Drs."/"Dra." in front instead of a back title.
        depan, parts[0] = ("Dra." if perempuan else "Drs."), ""
    return depan, ", ".join(p for p in parts if p)


def _create_with_supervisors(ctx: DemoContext, people: list[Pegawai]) -> None:
    """Insert heads level by level so each one's supervisor already has an id, then everyone else.

    A head reports to the head of the parent unit; heads of top-level units report to the Sekda, the one
    person with no supervisor here (the mayor is not an ASN). Staff report to the head of their own unit.
    """
    depth = {kode: unit.depth for kode, unit in ctx.units.items()}
    sekda = next(p for p, s in zip(people, ctx.slots, strict=True) if s.kepala and s.unit_kode == "SETDA")
    waves: dict[int, list[tuple[Pegawai, Slot]]] = {}
    for p, slot in zip(people, ctx.slots, strict=True):
        wave = -1 if p is sekda else (depth[slot.unit_kode] if slot.kepala else 1000)
        waves.setdefault(wave, []).append((p, slot))
    for wave in sorted(waves):
        for p, slot in waves[wave]:
            spec = ctx.specs[slot.unit_kode]
            if p is sekda:
                p.atasan = None
            elif slot.kepala:
                p.atasan = ctx.kepala[spec.parent_kode] if spec.parent_kode else sekda
            else:
                p.atasan = ctx.kepala[slot.unit_kode]
        Pegawai.objects.bulk_create([p for p, _ in waves[wave]], batch_size=500)
        for p, slot in waves[wave]:
            if slot.kepala:
                ctx.kepala[slot.unit_kode] = p
