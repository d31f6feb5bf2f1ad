"""Stage "positions": the establishment (formasi) of every unit, and the Jabatan rows it needs.

Each unit gets one head and a number of staff drawn from its category's share of the city; each staff post
gets a position family, level, ASN type and education. Only posts that are filled are created, so every demo
Jabatan has at least one holder.
"""

from __future__ import annotations

import random

from sibina.demo import templates as t
from sibina.demo.context import DemoContext, Slot, UnitSpec
from sibina.demo.domain import allocate
from sibina.demo.names import weighted
from sibina.people.models import Jabatan
from sibina.reference.models import JenisAsn
from sibina.reference.rumpun import rumpun_jabatan
from sibina.reference.selectors import tingkat_jabatan_map

CPNS_SHARE = 0.045  # of PNS-track staff posts: appointed in 2025, still on probation at the reference date
# Unit kinds that always get at least one staff member when the city is big enough.
_STAFFED = frozenset({"SEKRETARIAT", "BAGIAN", "BIDANG", "LAINNYA"})


class DemoSizeError(ValueError):
    """The requested size cannot staff the city's structure."""


def build_positions(ctx: DemoContext) -> None:
    rng = ctx.rng("positions")
    heads = [_head_slot(ctx, spec, rng) for spec in _by_depth(ctx)]
    staff_counts = _staff_counts(ctx)
    staff: list[Slot] = []
    for kode, n in ctx.track(staff_counts.items(), desc="positions", total=len(staff_counts)):
        staff += [_staff_slot(ctx, ctx.specs[kode], rng) for _ in range(n)]
    ctx.slots = heads + staff
    _create_jabatan(ctx)


def _by_depth(ctx: DemoContext) -> list[UnitSpec]:
    """Units in the order their heads must be created: the Sekda, then down the tree."""
    depth = {kode: unit.depth for kode, unit in ctx.units.items()}
    return sorted(ctx.specs.values(), key=lambda s: (depth[s.kode], s.kepala != "SEKDA"))


def _staff_counts(ctx: DemoContext) -> dict[str, int]:
    specs = list(ctx.specs.values())
    heads = {k: sum(1 for s in specs if s.kategori == k) for k in ("guru", "puskesmas", "rsud", "lain")}
    want = {
        "guru": round(ctx.size * t.SHARE_GURU) - heads["guru"],
        "puskesmas": round(ctx.size * t.SHARE_PUSKESMAS) - heads["puskesmas"],
        "rsud": round(ctx.size * t.SHARE_RSUD) - heads["rsud"],
    }
    want["lain"] = ctx.size - len(specs) - sum(want.values())
    if min(want.values()) < 0:
        raise DemoSizeError(f"A city of {ctx.size} cannot staff its {len(specs)} units; use a larger size.")
    counts: dict[str, int] = {}
    for kategori, total in want.items():
        members = [s for s in specs if s.kategori == kategori]
        must = [s for s in members if ctx.units[s.kode].jenis in _STAFFED]
        floor = 1 if kategori == "lain" and total >= len(must) else 0
        base = {s.kode: floor for s in must}
        shares = allocate(total - floor * len(must), [s.bobot for s in members])
        for spec, share in zip(members, shares, strict=True):
            counts[spec.kode] = base.get(spec.kode, 0) + share
    return {kode: counts[kode] for kode in ctx.specs if counts.get(kode)}


def _head_slot(ctx: DemoContext, spec: UnitSpec, rng: random.Random) -> Slot:
    tingkat, golongan = t.HEAD_RANKS[spec.kepala]
    if spec.kepala in ("SEKDA", "JPT"):
        pendidikan = "45" if rng.random() < 0.85 else "40"
    elif spec.kepala in ("ADMINISTRATOR", "KEPALA_SEKOLAH"):
        pendidikan = "45" if rng.random() < 0.45 else "40"
    else:
        pendidikan = weighted(rng, (("40", 0.82), ("45", 0.12), ("35", 0.06)))
    return Slot(
        unit_kode=spec.kode,
        jabatan_key=(spec.kode, spec.jabatan_kepala),
        kepala=True,
        keluarga=_head_field_family(ctx, spec, rng),
        tingkat_kode=tingkat,
        golongan_range=golongan,
        jenis_asn=JenisAsn.PNS,
        pendidikan=pendidikan,
    )


def _head_field_family(ctx: DemoContext, spec: UnitSpec, rng: random.Random) -> str:
    """Whose fields of study a head's degree is drawn from: heads of schools are teachers, and so on."""
    if spec.profil == "sekolah" or spec.opd_kode == "DISDIK":
        return "guru"
    if spec.kategori == "rsud" or spec.profil == "puskesmas" or spec.opd_kode == "DINKES":
        return "dokter" if rng.random() < 0.55 else "adminkes"
    return ""


def _family_weights(spec: UnitSpec, jenis_unit: str) -> list[tuple[str, float]]:
    weights = list(t.PROFIL[spec.profil])
    if spec.profil == "admin" and jenis_unit in ("SEKRETARIAT", "SUBBAGIAN"):
        weights += t.SEKRETARIAT_JF  # the secretariat keeps the archive, finance and planning
    elif spec.profil == "admin":
        weights += t.OPD_JF.get(spec.opd_kode, ())  # the OPD's own functional staff work in its divisions
    return weights


def _staff_slot(ctx: DemoContext, spec: UnitSpec, rng: random.Random) -> Slot:
    family = t.KELUARGA[weighted(rng, _family_weights(spec, ctx.units[spec.kode].jenis))]
    roll = rng.random()
    if roll < family.pppk:
        jenis = JenisAsn.PPPK_PW if rng.random() < family.paruh_waktu else JenisAsn.PPPK
    else:
        jenis = JenisAsn.CPNS if rng.random() < CPNS_SHARE else JenisAsn.PNS
    nama, tingkat, golongan, pendidikan = _level(family, jenis, rng)
    return Slot(
        unit_kode=spec.kode,
        jabatan_key=(spec.kode, nama),
        kepala=False,
        keluarga=family.kode,
        tingkat_kode=tingkat,
        golongan_range=golongan,
        jenis_asn=jenis,
        pendidikan=pendidikan,
    )


def _level(family: t.Keluarga, jenis: str, rng: random.Random) -> tuple[str, str, tuple[str, str], str]:
    """(position name, TingkatJabatan code, PNS golongan range, education code) of one post."""
    newcomer = jenis != JenisAsn.PNS  # CPNS and PPPK start at the first level of their track
    if family.jalur == "PELAKSANA":
        edu = family.pendidikan
        return family.nama, "PELAKSANA", (t.PNS_ENTRY[edu], t.PELAKSANA_CEILING[edu]), edu
    jalur = family.jalur
    if jalur == "BOTH":
        jalur = "AHLI" if rng.random() < family.ahli else "TERAMPIL"
    if jalur == "AHLI":
        levels = t.LEVELS_AHLI
        if family.kode == "bidan":
            edu = "35" if rng.random() < 0.9 else "45"
        elif family.kode in ("dokter", "dokter_gigi", "apoteker"):
            edu = "45" if rng.random() < 0.1 and family.kode == "dokter" else "40"
        else:
            edu = "45" if rng.random() < 0.12 else "40"
        if newcomer:
            level = levels[0] if jenis != JenisAsn.PPPK or rng.random() < 0.85 else levels[1]
        else:
            level = weighted(rng, [(lv, lv[3]) for lv in levels])
    else:
        edu = "15" if jalur == "SLTA_TERAMPIL" else "30"
        levels = t.LEVELS_TERAMPIL
        if newcomer:
            level = levels[0] if edu == "15" else levels[1]
        elif edu == "15":
            level = weighted(rng, list(zip(levels, (0.15, 0.4, 0.3, 0.15), strict=True)))
        else:
            level = weighted(rng, [(lv, lv[3]) for lv in levels])
    suffix, tingkat, golongan, _ = level
    return f"{family.nama} {suffix}", tingkat, golongan, edu


def _create_jabatan(ctx: DemoContext) -> None:
    instansi = ctx.require_instansi()
    tingkat = tingkat_jabatan_map(on=ctx.tanggal_acuan)
    wanted: dict[tuple[str, str], str] = {}
    for slot in ctx.slots:
        wanted.setdefault(slot.jabatan_key, slot.tingkat_kode)
    # A position an earlier import already created in a real unit is reused, not duplicated.
    existing = {
        (j.unit.kode, j.nama): j
        for j in Jabatan.objects.filter(instansi=instansi, unit__isnull=False).select_related("unit")
        if j.unit is not None
    }
    created = {
        (unit_kode, nama): Jabatan(
            instansi=instansi,
            unit=ctx.units[unit_kode],
            nama=nama,
            tingkat=tingkat[kode],
            jenis_jabatan_kode=tingkat[kode].jenis_jabatan_kode,
            rumpun=rumpun_jabatan(
                nama=nama,
                jenis_jabatan_kode=tingkat[kode].jenis_jabatan_kode,
                tingkat_kode=kode,
                jenis_unit=ctx.units[unit_kode].jenis,
            ),
        )
        for (unit_kode, nama), kode in wanted.items()
        if (unit_kode, nama) not in existing
    }
    Jabatan.objects.bulk_create(list(created.values()), batch_size=500)
    ctx.jabatan = {key: existing.get(key) or created[key] for key in wanted}
    ctx.counts["jabatan"] = len(ctx.jabatan)


def reset_positions() -> None:
    """Positions of synthetic units left without holders (those in real units go with their holders)."""
    Jabatan.objects.filter(unit__sintetis=True, pegawai__isnull=True).delete()
