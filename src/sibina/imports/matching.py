"""Matching what a file names (UNOR NAMA, JABATAN NAMA) to UnitKerja and Jabatan rows.

A unit is never invented silently: one the tree lacks is created only when the importer confirmed it
(``ImportBatch.buat_unit``), marked as from an import and unconfirmed; otherwise the rows naming it are errors
and the unit is reported as one the import would create. Positions missing from a known unit are created.
Used inside the import's transaction: whatever is created here disappears with a failed or dry run.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from django.utils.translation import gettext as _

from sibina.imports import domain
from sibina.imports.models import PemetaanUnit
from sibina.imports.registry import NewUnit
from sibina.people.models import Instansi, Jabatan, UnitKerja
from sibina.reference import selectors as reference
from sibina.reference.rumpun import rumpun_jabatan

BULK = 1000


class Units:
    """Match a file's UNOR to a UnitKerja, in this order: SIASN unor id; BKPSDM's unit mapping
    (:class:`PemetaanUnit`); the name as :func:`domain.unit_key` gives it (under UNOR INDUK when it says);
    else a new unit under UNOR INDUK (itself new at the top of the tree when the tree lacks it), which is
    created only when ``create`` is set and otherwise makes the row an error.

    Units the file needs but the tree lacks are kept in :attr:`new`, in creation order (parents first); without
    ``create`` they are stand-ins that are never saved (a negative id), so later rows naming them agree.
    """

    def __init__(self, instansi: Instansi, *, create: bool = False) -> None:
        self.instansi = instansi
        self.create = create
        self.top = domain.unit_key(instansi.nama)  # UNOR INDUK naming the agency itself: top of the tree
        self.by_unor: dict[str, UnitKerja] = {}
        self.by_name: dict[str, list[UnitKerja]] = {}
        self.kodes: set[str] = set()
        self.cache: dict[tuple[str | None, str, str | None], UnitKerja | str] = {}
        self.new: dict[int, NewUnit] = {}
        for unit in UnitKerja.objects.filter(instansi=instansi):
            self._add(unit)
        self.mapped: dict[str, UnitKerja] = {
            m.nama_sumber: m.unit
            for m in PemetaanUnit.objects.filter(instansi=instansi, unit__instansi=instansi).select_related(
                "unit"
            )
        }

    def _add(self, unit: UnitKerja) -> None:
        if unit.unor_id:
            self.by_unor.setdefault(unit.unor_id, unit)
        self.by_name.setdefault(domain.unit_key(unit.nama), []).append(unit)
        self.kodes.add(unit.kode)

    def resolve(self, unor_id: str | None, nama: str, induk: str | None) -> UnitKerja | str:
        """The unit of one row, or a message saying why the row cannot be placed."""
        key = (unor_id, domain.unit_key(nama), domain.unit_key(induk) if induk else None)
        if key not in self.cache:
            self.cache[key] = self._resolve(unor_id, nama, induk)
        found = self.cache[key]
        if isinstance(found, str):
            return found
        if (note := self.new.get(found.pk)) is not None:
            note.baris += 1
            if found.pk < 0:
                return _(
                    "Work unit '%(name)s' was not found; add a unit mapping or run with --create-units "
                    "(on the upload page: confirm creating the units listed)."
                ) % {"name": nama}
        return found

    def report(self) -> list[NewUnit]:
        return list(self.new.values())

    def _resolve(self, unor_id: str | None, nama: str, induk: str | None) -> UnitKerja | str:
        if unor_id and unor_id in self.by_unor:
            return self.by_unor[unor_id]
        if (mapped := self.mapped.get(domain.unit_key(nama))) is not None:
            return self._matched(mapped, unor_id)
        named = [
            u
            for u in self.by_name.get(domain.unit_key(nama), [])
            if not unor_id or not u.unor_id or u.unor_id == unor_id
        ]
        parents = self._parents(induk)
        if parents:
            under = [u for u in named if any(u.path.startswith(p.path) for p in parents)]
            if len(under) == 1:
                return self._matched(under[0], unor_id)
            if not under and len(parents) == 1:
                return self._new(unor_id, nama, parents[0])
            named = under or named
        if len(named) == 1:
            return self._matched(named[0], unor_id)
        if named:
            return _(
                "%(n)d work units are named %(name)s: add UNOR INDUK NAMA or UNOR ID to tell them apart."
            ) % {"n": len(named), "name": nama}
        if induk and not parents and domain.unit_key(induk) not in (self.top, domain.unit_key(nama)):
            return self._new(unor_id, nama, self._new(None, induk, None))
        return self._new(unor_id, nama, None)

    def _parents(self, induk: str | None) -> list[UnitKerja]:
        if not induk:
            return []
        key = domain.unit_key(induk)
        mapped = self.mapped.get(key)
        return [mapped] if mapped is not None else self.by_name.get(key, [])

    def _matched(self, unit: UnitKerja, unor_id: str | None) -> UnitKerja:
        if unor_id and not unit.unor_id and unit.pk > 0:  # remember SIASN's id: the next file matches by id
            unit.unor_id = unor_id
            UnitKerja.objects.filter(pk=unit.pk).update(unor_id=unor_id)
            self.by_unor[unor_id] = unit
        return unit

    def _new(self, unor_id: str | None, nama: str, parent: UnitKerja | None) -> UnitKerja:
        """A unit the tree lacks: saved when ``create`` is set, else a stand-in with a negative id."""
        digest = hashlib.sha1(f"{unor_id}|{nama}|{parent.pk if parent else ''}".encode()).hexdigest()
        kode = f"IMP-{digest[:10]}"
        n = 1
        while kode in self.kodes:
            n += 1
            kode = f"IMP-{digest[:10]}-{n}"
        jenis = domain.guess_unit_jenis(nama, top_level=parent is None)
        unit = UnitKerja(
            instansi=self.instansi,
            parent=parent,
            kode=kode,
            nama=nama,
            jenis=jenis,
            unor_id=unor_id or "",
            terkonfirmasi=False,
            dari_impor=True,
            catatan=_(
                "Created by an import from SIASN/SIMPEG, unconfirmed: check its kind and place in the tree."
            ),
        )
        if self.create and (parent is None or parent.pk > 0):
            unit.save()  # save() maintains the materialised path
        else:
            unit.pk = -(len(self.new) + 1)
            unit.path = f"{parent.path if parent else '/'}{unit.pk}/"
        self.new[unit.pk] = NewUnit(
            nama=nama, induk=parent.nama if parent else None, unor_id=unor_id, jenis=jenis
        )
        self._add(unit)
        return unit


class Positions:
    """Jabatan by (unit, name), case- and whitespace-insensitive; missing ones are created in bulk."""

    def __init__(self, instansi: Instansi) -> None:
        self.instansi = instansi
        self.ids: dict[tuple[int | None, str], int] = {
            (unit_id, domain.normalise_name(nama)): pk
            for pk, unit_id, nama in Jabatan.objects.filter(instansi=instansi).values_list(
                "pk", "unit_id", "nama"
            )
        }

    def ensure(self, wanted: Iterable[tuple[UnitKerja, str, int | None, str | None]]) -> None:
        """(unit, name, SIASN kind, explicit job family or None): missing positions are created with their job
        family (explicit, else reference.rumpun.rumpun_jabatan); an explicit family updates an existing one."""
        tingkat = {kode: t.pk for kode, t in reference.tingkat_jabatan_map().items()}
        new: dict[tuple[int | None, str], Jabatan] = {}
        explicit: dict[int, str] = {}
        for unit, nama, jenis, rumpun in wanted:
            key = (unit.pk, domain.normalise_name(nama))
            if key in self.ids:
                if rumpun:
                    explicit[self.ids[key]] = rumpun
                continue
            if key in new:
                if rumpun:
                    new[key].rumpun = rumpun
                continue
            guess = domain.guess_tingkat(nama, jenis)
            new[key] = Jabatan(
                instansi=self.instansi,
                unit_id=unit.pk,
                nama=nama,
                jenis_jabatan_kode=jenis,
                tingkat_id=tingkat.get(guess) if guess else None,
                rumpun=rumpun
                or rumpun_jabatan(
                    nama=nama, jenis_jabatan_kode=jenis, tingkat_kode=guess or "", jenis_unit=unit.jenis
                ),
            )
        Jabatan.objects.bulk_create(new.values(), batch_size=BULK)
        self.ids.update((key, j.pk) for key, j in new.items())
        for code in set(explicit.values()):
            ids = [pk for pk, c in explicit.items() if c == code]
            Jabatan.objects.filter(pk__in=ids).exclude(rumpun=code).update(rumpun=code)

    def get(self, unit_id: int, nama: str) -> int:
        return self.ids[(unit_id, domain.normalise_name(nama))]
