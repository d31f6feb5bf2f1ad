"""Matching what a file names (UNOR NAMA, JABATAN NAMA) to UnitKerja and Jabatan rows, creating what is new.

Used inside the import's transaction: whatever is created here disappears with a failed or dry run.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from django.utils.translation import gettext as _

from sibina.imports import domain
from sibina.people.models import Instansi, Jabatan, UnitKerja
from sibina.reference import selectors as reference
from sibina.reference.rumpun import rumpun_jabatan

BULK = 1000


class Units:
    """Match a file's UNOR to a UnitKerja: by SIASN unor id, else by name (under UNOR INDUK if it says), else
    create it (kind LAINNYA, for an admin to review) under the UNOR INDUK when that is a known unit."""

    def __init__(self, instansi: Instansi) -> None:
        self.instansi = instansi
        self.by_unor: dict[str, UnitKerja] = {}
        self.by_name: dict[str, list[UnitKerja]] = {}
        self.kodes: set[str] = set()
        self.cache: dict[tuple[str | None, str, str | None], UnitKerja | str] = {}
        for unit in UnitKerja.objects.filter(instansi=instansi):
            self._add(unit)

    def _add(self, unit: UnitKerja) -> None:
        if unit.unor_id:
            self.by_unor.setdefault(unit.unor_id, unit)
        self.by_name.setdefault(domain.normalise_name(unit.nama), []).append(unit)
        self.kodes.add(unit.kode)

    def resolve(self, unor_id: str | None, nama: str, induk: str | None) -> UnitKerja | str:
        """The unit, or a message saying why the row's unit cannot be told apart."""
        key = (unor_id, domain.normalise_name(nama), domain.normalise_name(induk) if induk else None)
        if key not in self.cache:
            self.cache[key] = self._resolve(unor_id, nama, induk)
        return self.cache[key]

    def _resolve(self, unor_id: str | None, nama: str, induk: str | None) -> UnitKerja | str:
        if unor_id and unor_id in self.by_unor:
            return self.by_unor[unor_id]
        named = [
            u
            for u in self.by_name.get(domain.normalise_name(nama), [])
            if not unor_id or not u.unor_id or u.unor_id == unor_id
        ]
        parents = self.by_name.get(domain.normalise_name(induk), []) if induk else []
        if parents:
            under = [u for u in named if any(u.path.startswith(p.path) for p in parents)]
            if len(under) == 1:
                return self._matched(under[0], unor_id)
            if not under and len(parents) == 1:
                return self._create(unor_id, nama, parents[0])
            named = under or named
        if len(named) == 1:
            return self._matched(named[0], unor_id)
        if named:
            return _(
                "%(n)d work units are named %(name)s: add UNOR INDUK NAMA or UNOR ID to tell them apart."
            ) % {
                "n": len(named),
                "name": nama,
            }
        return self._create(unor_id, nama, None)

    def _matched(self, unit: UnitKerja, unor_id: str | None) -> UnitKerja:
        if unor_id and not unit.unor_id:  # remember SIASN's id so the next file matches by id
            unit.unor_id = unor_id
            UnitKerja.objects.filter(pk=unit.pk).update(unor_id=unor_id)
            self.by_unor[unor_id] = unit
        return unit

    def _create(self, unor_id: str | None, nama: str, parent: UnitKerja | None) -> UnitKerja:
        digest = hashlib.sha1(f"{unor_id}|{nama}|{parent.pk if parent else ''}".encode()).hexdigest()
        kode = f"IMP-{digest[:10]}"
        n = 1
        while kode in self.kodes:
            n += 1
            kode = f"IMP-{digest[:10]}-{n}"
        unit = UnitKerja(
            instansi=self.instansi,
            parent=parent,
            kode=kode,
            nama=nama,
            jenis=UnitKerja.Jenis.LAINNYA,
            unor_id=unor_id or "",
            catatan=_("Created by an import from SIASN/SIMPEG: check its kind and place in the tree."),
        )
        unit.save()  # save() maintains the materialised path
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
