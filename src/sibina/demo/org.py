"""Stage "org": Binjai's real organisation, then synthetic sub-units, schools and puskesmas under it."""

from __future__ import annotations

from dataclasses import dataclass

from sibina.demo import templates as t
from sibina.demo.context import DemoContext, UnitSpec
from sibina.people.models import UnitKerja
from sibina.people.services import instansi_data_path, instansi_load_file

CATATAN_SINTETIS = "Unit sintetis kota demo SiBina, bukan data resmi."
# Rough staff size of a unit kind relative to a bidang of an average OPD.
_BOBOT_JENIS = {
    "OPD": 0.25,
    "RUMAH_SAKIT": 0.1,
    "KECAMATAN": 0.5,
    "KELURAHAN": 0.9,
    "SEKRETARIAT": 1.2,
    "BAGIAN": 1.0,
    "BIDANG": 1.0,
    "LAINNYA": 1.3,
    "SUBBAGIAN": 0.8,
    "SEKSI": 0.8,
}
_BOBOT_RS = {"rs_medik": 1.5, "rs_perawat": 3.0, "rs_penunjang": 1.2, "admin": 0.7}


@dataclass(frozen=True)
class _Node:
    """A synthetic unit about to be created."""

    kode: str
    nama: str
    jenis: str
    parent_kode: str
    spec: UnitSpec
    melayani_publik: bool = False


def build_org(ctx: DemoContext) -> None:
    instansi = instansi_load_file(path=instansi_data_path("binjai"))
    ctx.instansi = instansi
    real = list(
        UnitKerja.objects.filter(instansi=instansi, sintetis=False).select_related("parent").order_by("path")
    )
    for unit in real:
        ctx.units[unit.kode] = unit
        ctx.specs[unit.kode] = _real_spec(unit)
    nodes = _synthetic_nodes(ctx, real)
    for node in ctx.track(nodes, desc="org", total=len(nodes)):
        ctx.units[node.kode] = _ensure_unit(ctx, node)
        ctx.specs[node.kode] = node.spec
    ctx.counts["units"] = len(ctx.units)
    ctx.counts["units_sintetis"] = len(nodes)


def reset_org() -> None:
    """Delete the synthetic units, deepest first (a unit protects its children)."""
    for unit in UnitKerja.objects.filter(sintetis=True).order_by("-depth", "-id"):
        unit.delete()


def _real_spec(unit: UnitKerja) -> UnitSpec:
    top = unit.parent is None
    opd = unit.kode if top else (unit.parent.kode if unit.parent else unit.kode)
    if unit.kode == "SETDA":
        kepala, title = "SEKDA", "Sekretaris Daerah"
    elif unit.kode == "SETWAN":
        kepala, title = "JPT", "Sekretaris DPRD"
    elif unit.kode == "INSPEKTORAT":
        kepala, title = "JPT", "Inspektur"
    elif unit.kode == "SATPOLPP":
        kepala, title = "JPT", "Kepala Satuan Polisi Pamong Praja"
    elif unit.jenis == UnitKerja.Jenis.RUMAH_SAKIT:
        kepala, title = "JPT", f"Direktur {unit.nama}"
    elif unit.jenis == UnitKerja.Jenis.KECAMATAN:
        kepala, title = "ADMINISTRATOR", f"Camat {_strip(unit.nama, 'Kecamatan ')}"
    elif unit.jenis == UnitKerja.Jenis.KELURAHAN:
        kepala, title = "PENGAWAS", f"Lurah {_strip(unit.nama, 'Kelurahan ')}"
    elif top:
        kepala, title = "JPT", f"Kepala {unit.nama}"
    else:  # a real sub-unit of another kind, should a later data file bring some
        kepala, title = "PENGAWAS", f"Kepala {unit.nama}"
    rsud = unit.jenis == UnitKerja.Jenis.RUMAH_SAKIT
    bobot = _BOBOT_JENIS.get(unit.jenis, 0.5) * (t.OPD_WEIGHT.get(opd, 1.0) if top and not rsud else 1.0)
    return UnitSpec(
        kode=unit.kode,
        parent_kode=unit.parent.kode if unit.parent else None,
        opd_kode=opd,
        jabatan_kepala=title,
        kepala=kepala,
        profil="admin",
        kategori="rsud" if rsud else "lain",
        bobot=bobot,
    )


def _strip(text: str, prefix: str) -> str:
    return text[len(prefix) :] if text.startswith(prefix) else text


def _keep(n: int, fraction: float, minimum: int) -> int:
    """How many of ``n`` template children a city of this size keeps."""
    return min(n, max(minimum, round(n * fraction)))


def _synthetic_nodes(ctx: DemoContext, real: list[UnitKerja]) -> list[_Node]:
    fraction = min(1.0, ctx.size / t.FULL_SIZE)
    by_kode = {u.kode: u for u in real}
    nodes: list[_Node] = []
    for unit in real:
        if unit.parent is not None:
            continue
        if unit.jenis == UnitKerja.Jenis.KECAMATAN:
            children = t.KECAMATAN_CHILDREN[: _keep(len(t.KECAMATAN_CHILDREN), fraction, 0)]
        else:
            template = t.OPD_CHILDREN.get(unit.kode, ())
            children = template[: _keep(len(template), fraction, 2)]
        for i, sub in enumerate(children, start=1):
            nodes += _sub_nodes(unit, unit.kode, f"{unit.kode}.{i:02d}", sub, fraction)
    disdik, dinkes = by_kode.get("DISDIK"), by_kode.get("DINKES")
    if disdik is not None:
        for i in range(1, max(3, round(t.FULL_SD * fraction)) + 1):
            nodes.append(_service_node(disdik, f"DISDIK.SD{i:02d}", f"SD Negeri {i} Binjai", t.SEKOLAH, 1.0))
        for i in range(1, max(1, round(t.FULL_SMP * fraction)) + 1):
            nodes.append(
                _service_node(disdik, f"DISDIK.SMP{i:02d}", f"SMP Negeri {i} Binjai", t.SEKOLAH, 1.8)
            )
    if dinkes is not None:
        count = min(len(t.PUSKESMAS_NAMES), max(2, round(t.FULL_PUSKESMAS * fraction)))
        for i, name in enumerate(t.PUSKESMAS_NAMES[:count], start=1):
            nodes.append(_service_node(dinkes, f"DINKES.PKM{i:02d}", f"Puskesmas {name}", t.PUSKESMAS, 1.0))
    return nodes


def _sub_nodes(opd: UnitKerja, parent_kode: str, kode: str, sub: t.Sub, fraction: float) -> list[_Node]:
    kecamatan = opd.jenis == UnitKerja.Jenis.KECAMATAN
    if sub.jenis == t.SEKRETARIAT:
        nama = f"Sekretariat {opd.nama}"
        title = f"Sekretaris {opd.nama}"
    else:
        nama = f"{sub.nama} {opd.nama}" if kecamatan else sub.nama
        title = nama.replace("Inspektorat Pembantu", "Inspektur Pembantu", 1)
        title = title if title != nama else f"Kepala {nama}"
    kept = sub.children[: _keep(len(sub.children), fraction, 0)]
    kepala = "PENGAWAS" if sub.jenis in (t.SUBBAGIAN, t.SEKSI) else "ADMINISTRATOR"
    rsud = opd.jenis == UnitKerja.Jenis.RUMAH_SAKIT
    if rsud:
        bobot = 0.3 if kept else _BOBOT_RS.get(sub.profil, 1.0) * (2 if sub.children else 1)
    else:
        bobot = _BOBOT_JENIS.get(sub.jenis, 1.0) * t.OPD_WEIGHT.get(opd.kode, 1.0) * (0.5 if kept else 1.0)
    spec = UnitSpec(
        kode=kode,
        parent_kode=parent_kode,
        opd_kode=opd.kode,
        jabatan_kepala=title,
        kepala=kepala,
        profil=sub.profil,
        kategori="rsud" if rsud else "lain",
        bobot=bobot,
    )
    nodes = [_Node(kode, nama, sub.jenis, parent_kode, spec)]
    for i, child in enumerate(kept, start=1):
        nodes += _sub_nodes(opd, kode, f"{kode}.{i}", child, fraction)
    return nodes


def _service_node(parent: UnitKerja, kode: str, nama: str, jenis: str, bobot: float) -> _Node:
    sekolah = jenis == t.SEKOLAH
    spec = UnitSpec(
        kode=kode,
        parent_kode=parent.kode,
        opd_kode=parent.kode,
        jabatan_kepala=f"Kepala {nama}",
        kepala="KEPALA_SEKOLAH" if sekolah else "PENGAWAS",
        profil="sekolah" if sekolah else "puskesmas",
        kategori="guru" if sekolah else "puskesmas",
        bobot=bobot,
    )
    return _Node(kode, nama, jenis, parent.kode, spec, melayani_publik=True)


def _ensure_unit(ctx: DemoContext, node: _Node) -> UnitKerja:
    """Create the unit, or take over one left by an earlier build with the same code."""
    parent = ctx.units[node.parent_kode]
    unit = UnitKerja.objects.filter(instansi=ctx.require_instansi(), kode=node.kode).first()
    if unit is None:
        unit = UnitKerja(instansi=ctx.require_instansi(), kode=node.kode)
    unit.parent = parent
    unit.nama = node.nama
    unit.jenis = node.jenis
    unit.melayani_publik = node.melayani_publik
    unit.terkonfirmasi = False
    unit.sintetis = True
    unit.catatan = CATATAN_SINTETIS
    unit.save()
    return unit
