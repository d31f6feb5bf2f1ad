from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sibina.people.models import UnitKerja
from sibina.people.services import instansi_data_path, instansi_load_file


class Command(BaseCommand):
    help = "Load an instansi and its organisation tree: 'binjai' (bundled) or a JSON file of the same shape."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", help="'binjai' or a path to an organisation JSON file")

    def handle(self, *args: Any, **options: Any) -> None:
        path = instansi_data_path(options["name"])
        if not path.exists():
            raise CommandError(f"File not found / berkas tidak ditemukan: {path}")
        instansi = instansi_load_file(path=path)
        n = UnitKerja.objects.filter(instansi=instansi).count()
        self.stdout.write(f"{instansi.nama}: {n} unit kerja")
