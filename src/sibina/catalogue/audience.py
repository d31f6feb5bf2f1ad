"""The facts eligibility reads from the database: one home for building ``Peserta`` and ``Syarat``.

An employee's **unit type** is that of the nearest unit, from their own unit up to the OPD, whose kind names a
place of work (school, puskesmas, hospital, kelurahan, kecamatan, UPTD, secretariat); without one it is their
own unit's kind (a bidang, a bagian, the OPD itself). So a nurse in a hospital ward (a seksi) works in a
RUMAH_SAKIT, a clerk in a secretariat's subbagian in a SEKRETARIAT, and a lurah's staff in a KELURAHAN.
"""

from __future__ import annotations

from dataclasses import dataclass

from sibina.catalogue.domain import Peserta, Sasaran, Syarat
from sibina.catalogue.models import Kegiatan
from sibina.people.models import Instansi, Pegawai, UnitKerja

J = UnitKerja.Jenis
PLACE_TYPES = frozenset(
    {J.SEKOLAH, J.PUSKESMAS, J.RUMAH_SAKIT, J.KELURAHAN, J.KECAMATAN, J.UPTD, J.SEKRETARIAT}
)


@dataclass(frozen=True)
class UnitFacts:
    """Per unit id: the employee-facing unit type and the code of its OPD (top-level unit)."""

    jenis: dict[int, str]
    opd: dict[int, str]


def unit_facts(*, instansi: Instansi | int, unit: UnitKerja | None = None) -> UnitFacts:
    """Facts of every unit of the agency, or (``unit``) of that unit alone: one query of its ancestors."""
    qs = UnitKerja.objects.filter(instansi=instansi)
    if unit is not None:
        qs = qs.filter(pk__in=[int(x) for x in unit.path.strip("/").split("/") if x] or [unit.pk])
    rows = list(qs.values_list("id", "jenis", "kode", "path"))
    jenis_of = {pk: jenis for pk, jenis, _kode, _path in rows}
    kode_of = {pk: kode for pk, _jenis, kode, _path in rows}
    jenis: dict[int, str] = {}
    opd: dict[int, str] = {}
    for pk, own, _kode, path in rows:
        chain = [int(x) for x in path.strip("/").split("/") if x] or [pk]
        jenis[pk] = next((jenis_of[u] for u in reversed(chain) if jenis_of.get(u) in PLACE_TYPES), own)
        opd[pk] = kode_of.get(chain[0], "")
    return UnitFacts(jenis, opd)


def peserta_of(p: Pegawai, units: UnitFacts) -> Peserta:
    """``p`` with ``jabatan__tingkat``, ``golongan`` and ``unit`` selected."""
    jabatan = p.jabatan
    return Peserta(
        jenis_asn=p.jenis_asn,
        tingkat_jabatan=jabatan.tingkat.kode if jabatan and jabatan.tingkat else "",
        golongan_urutan=p.golongan.urutan if p.golongan else None,
        front_line=p.unit.melayani_publik,
        rumpun=jabatan.rumpun if jabatan else "",
        jenis_unit=units.jenis.get(p.unit_id, p.unit.jenis),
        jabatan=jabatan.nama if jabatan else "",
        opd=units.opd.get(p.unit_id, ""),
    )


def sasaran_of(k: Kegiatan) -> Sasaran:
    return Sasaran(
        rumpun=tuple(k.sasaran_rumpun or ()),
        jenis_unit=tuple(k.sasaran_jenis_unit or ()),
        jabatan=tuple(k.sasaran_jabatan or ()),
        opd=tuple(k.sasaran_opd or ()),
    )


def syarat_of(k: Kegiatan) -> Syarat:
    """``k`` with ``tingkat_jabatan`` prefetched."""
    return Syarat(
        tingkat_jabatan={t.kode for t in k.tingkat_jabatan.all()},
        jenis_asn=set(k.jenis_asn or ()),
        golongan_min=k.golongan_min,
        golongan_max=k.golongan_max,
        hanya_garis_depan=k.hanya_garis_depan,
        sasaran=sasaran_of(k),
    )


def audience_json(k: Kegiatan) -> dict[str, list[str]]:
    """The target audience as plain lists (empty lists everywhere: everyone)."""
    s = sasaran_of(k)
    return {
        "rumpun": list(s.rumpun),
        "jenis_unit": list(s.jenis_unit),
        "jabatan": list(s.jabatan),
        "opd": list(s.opd),
    }
