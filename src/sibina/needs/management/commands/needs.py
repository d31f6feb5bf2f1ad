from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from sibina.needs.services import needs_analyse
from sibina.people.models import Instansi


class Command(BaseCommand):
    help = "Development needs: `needs analyse --year 2027` rebuilds the prioritised needs list (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["analyse"])
        parser.add_argument("--year", type=int, required=True, help="plan year, e.g. 2027")
        parser.add_argument("--instansi", help="instansi code (default: the only one)")
        parser.add_argument("--lang", choices=["id", "en"], default="id")

    def handle(self, *args: Any, **options: Any) -> None:
        # Overridden, not activated: a command run inside a process (tests, the job runner) must not leave its
        # language behind for whatever runs next.
        with translation.override(options["lang"]):
            self._handle(options)

    def _handle(self, options: dict[str, Any]) -> None:
        instansi = _instansi(options.get("instansi"))
        started = time.perf_counter()
        summary = needs_analyse(instansi=instansi, tahun=options["year"])
        seconds = time.perf_counter() - started
        sources = ", ".join(f"{k} {v}" for k, v in sorted(summary.by_source.items()))
        self.stdout.write(
            f"{instansi.nama} {summary.tahun}: {summary.employees} pegawai, {summary.needs} kebutuhan ({sources}); "
            f"{summary.unassessed} belum diasesmen / not assessed; {seconds:.1f} s"
        )


def _instansi(kode: str | None) -> Instansi:
    if kode:
        found = Instansi.objects.filter(kode=kode).first()
        if found is None:
            raise CommandError(f"Instansi {kode} tidak ditemukan / not found")
        return found
    all_ = list(Instansi.objects.all()[:2])
    if len(all_) != 1:
        raise CommandError("Sebutkan --instansi / give --instansi (there is not exactly one instansi)")
    return all_[0]
