"""Where the secret key comes from: ``SIBINA_SECRET_KEY``, else the local key file ``var/secret_key`` that
``sibina secret_key`` writes (``make run`` runs it on first run), else the built-in development key, which
``sibina check --deploy`` refuses (``sibina.deploy_checks``).

The key signs sessions and password-reset links: with the built-in one, which is public, anyone could forge
them. The file is created readable by its owner only and never overwritten, so sessions survive restarts.
"""

from __future__ import annotations

import os
import secrets
import string
import tempfile
from pathlib import Path

DEV_SECRET_KEY = "dev-only-insecure-key-change-me-in-production-sibina"
KEY_FILE = "secret_key"
_ALPHABET = string.ascii_letters + string.digits + "!#%&()*+,-.:;<=>?@[]^_{|}~"


def read_key(path: Path) -> str:
    """The key kept in ``path``; "" when there is none (or it cannot be read)."""
    try:
        return path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return ""


def new_key() -> str:
    return "".join(secrets.choice(_ALPHABET) for _i in range(64))


def ensure_key(path: Path) -> tuple[str, bool]:
    """The key in ``path``, written first (mode 0600) when missing; True when it was created now.

    The whole key is written to a private temporary file and linked into place, which fails if another
    process got there first: a reader never sees half a key, and an existing key is never replaced."""
    existing = read_key(path)
    if existing:
        return existing, False
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".secret_key-", dir=path.parent)  # mkstemp creates it 0600
    try:
        with os.fdopen(fd, "w", encoding="ascii") as out:
            out.write(new_key() + "\n")
        try:
            os.link(tmp, path)
        except FileExistsError:
            return read_key(path), False
    finally:
        os.unlink(tmp)
    return read_key(path), True
