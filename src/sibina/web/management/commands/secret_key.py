"""``sibina secret_key``: keep a generated secret key in ``var/secret_key`` (once; an existing key stays)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from sibina.secret_key import KEY_FILE, ensure_key


class Command(BaseCommand):
    help = (
        "Write a random secret key to var/secret_key (mode 0600) unless one is there; the settings read it "
        "when SIBINA_SECRET_KEY is not set."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(settings.VAR_DIR) / KEY_FILE
        _key, created = ensure_key(path)
        if created:
            self.stdout.write(f"A new secret key is kept in {path}; later runs use it.")
        elif options["verbosity"] > 1:
            self.stdout.write(f"The secret key in {path} is kept.")
