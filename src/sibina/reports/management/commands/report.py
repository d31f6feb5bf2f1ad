"""``sibina report rencana --year 2027 --format pdf|xlsx [--opd CODE] [--lang en] --output FILE``: the plan
document of a year (the plan in force by decree, else the one under approval, else the latest base plan), for the
whole city or one OPD, with a progress bar on a terminal."""

from __future__ import annotations

import getpass
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from tqdm import tqdm

from sibina.formats import angka, durasi
from sibina.people.models import UnitKerja
from sibina.planning.models import PlanCycle
from sibina.planning.services import cycle_for
from sibina.reports.builders import document_plan
from sibina.reports.models import Dokumen
from sibina.reports.services import FORMATS, dokumen_start
from sibina.reports.tasks import rencana


class Command(BaseCommand):
    help = (
        "The plan document: `report rencana --year 2027 --format pdf|xlsx [--opd CODE] [--lang en] "
        "--output FILE`."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("document", choices=["rencana"])
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--format", choices=list(FORMATS), required=True)
        parser.add_argument("--opd", help="the code of one OPD (a top-level unit); default: the whole city")
        parser.add_argument("--instansi", help="instansi code (default: the only cycle of that year)")
        parser.add_argument("--output", type=Path, required=True, help="the file to write")
        parser.add_argument("--lang", choices=["id", "en"], default="id")

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(options["lang"]):
            self._handle(options)

    def _handle(self, options: dict[str, Any]) -> None:
        output: Path = options["output"]
        if output.exists() and output.is_dir():
            raise CommandError(f"{output} adalah direktori / is a directory: give a file name")
        if not output.parent.exists():
            raise CommandError(
                f"Direktori {output.parent} tidak ada / directory {output.parent} does not exist"
            )
        cycle = _cycle(options["year"], options.get("instansi"))
        plan = document_plan(cycle_id=cycle.pk)
        if plan is None:
            raise CommandError(
                f"Belum ada rencana untuk {cycle.tahun} / no plan for {cycle.tahun} yet: run `sibina plan optimise`"
            )
        unit = _opd(cycle, options.get("opd"))
        row = dokumen_start(
            plan=plan,
            unit=unit,
            fmt=options["format"],
            lang=options["lang"],
            by=None,
            note=f"sibina report rencana (OS user {_os_user()})",
            enqueue=False,
        )
        with tqdm(total=100, desc=output.name, unit="%", file=sys.stderr, disable=None) as bar:

            def progress(pct: int, stage: str) -> None:
                bar.set_postfix_str(stage, refresh=False)
                bar.update(max(0, pct - bar.n))

            done: Dokumen = rencana.run(row.pk, listener=progress, log_failure=options["traceback"])
            bar.update(100 - bar.n)
        if done.status != Dokumen.Status.DONE:
            raise CommandError(done.pesan or "the document could not be written / dokumen gagal dibuat")
        output.write_bytes(bytes(done.isi))
        said = [_("%(n)s bytes") % {"n": angka(len(done.isi))}]
        if done.halaman:
            said.append(ngettext("%(n)s page", "%(n)s pages", done.halaman) % {"n": angka(done.halaman)})
        said.append(durasi(done.detik))
        self.stdout.write(f"{output}: " + ", ".join(said))


def _cycle(year: int, kode: str | None) -> PlanCycle:
    cycle = cycle_for(instansi_kode=kode, tahun=year)
    if cycle is None:
        raise CommandError(f"Siklus rencana {year} tidak ditemukan / no single plan cycle for {year}")
    return cycle


def _opd(cycle: PlanCycle, kode: str | None) -> UnitKerja | None:
    if not kode:
        return None
    found = UnitKerja.objects.filter(instansi=cycle.instansi, parent__isnull=True, kode__iexact=kode).first()
    if found is None:
        known = ", ".join(
            UnitKerja.objects.filter(instansi=cycle.instansi, parent__isnull=True)
            .order_by("kode")
            .values_list("kode", flat=True)
        )
        raise CommandError(f"OPD '{kode}' tidak ada / no such OPD. Ada / available: {known}")
    return found


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "?"
