"""Safe defaults: debug is off unless a developer turns it on, the secret key comes from the environment or the
key file ``sibina secret_key`` keeps, and ``sibina check --deploy`` fails on the built-in development key."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from sibina.deploy_checks import secret_key_not_builtin
from sibina.secret_key import DEV_SECRET_KEY, ensure_key, read_key


@pytest.fixture(autouse=True)
def _async_safety_on(monkeypatch: pytest.MonkeyPatch) -> None:
    """The browser tests switch Django's async-safety guard off for the session; a deployment never does, and
    ``check --deploy`` says so (async.E001)."""
    monkeypatch.delenv("DJANGO_ALLOW_ASYNC_UNSAFE", raising=False)


def test_the_builtin_key_fails_the_deploy_check(settings: Any) -> None:
    settings.SECRET_KEY = DEV_SECRET_KEY
    errors = secret_key_not_builtin(None)
    assert [e.id for e in errors] == ["sibina.E010"]
    assert "SIBINA_SECRET_KEY" in (errors[0].hint or "")
    with pytest.raises(SystemCheckError, match=r"sibina\.E010"):
        call_command("check", deploy=True)


def test_a_real_key_passes_the_deploy_check(settings: Any) -> None:
    settings.SECRET_KEY = "k" * 10 + "a-real-key-Zq8!vX2#pL0@wR5^tY7&uI9*oP3(sD6)fG1_hJ4+"
    assert secret_key_not_builtin(None) == []
    call_command("check", deploy=True)  # warnings about HTTPS may be printed; no error


def test_the_key_file_is_written_once_and_private(tmp_path: Path) -> None:
    path = tmp_path / "var" / "secret_key"
    assert read_key(path) == ""
    key, created = ensure_key(path)
    assert created and len(key) == 64 and read_key(path) == key
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert ensure_key(path) == (key, False)
    assert [p.name for p in path.parent.iterdir()] == ["secret_key"]  # no temporary file left behind


def _sibina(*args: str, var: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """The ``sibina`` command in a fresh process, with its var/ folder in ``var`` and no debug or key set."""
    clean = {k: v for k, v in os.environ.items() if k not in {"SIBINA_DEBUG", "SIBINA_SECRET_KEY"}}
    src = str(Path(__file__).resolve().parent.parent / "src")
    clean |= {
        "SIBINA_VAR": str(var),
        "PYTHONPATH": os.pathsep.join([src, clean.get("PYTHONPATH", "")]),
        "DJANGO_SETTINGS_MODULE": "sibina.config.settings",
        **env,
    }
    code = "import sys; from sibina.cli import main; main(sys.argv[1:])"
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_debug_is_off_and_check_deploy_wants_a_real_key(tmp_path: Path) -> None:
    var = tmp_path / "var"
    shell = "from django.conf import settings; print(settings.DEBUG, settings.SECRET_KEY)"
    assert _sibina("shell", "-v", "0", "-c", shell, var=var).stdout.split() == ["False", DEV_SECRET_KEY]
    refused = _sibina("check", "--deploy", var=var)
    assert refused.returncode == 1 and "sibina.E010" in refused.stderr
    made = _sibina("secret_key", var=var)
    assert made.returncode == 0 and str(var / "secret_key") in made.stdout
    key = read_key(var / "secret_key")
    assert _sibina("shell", "-v", "0", "-c", shell, var=var).stdout.split() == ["False", key]
    passed = _sibina("check", "--deploy", var=var)
    assert passed.returncode == 0 and "sibina.E010" not in passed.stderr
    env_key = "from-env-" + "x" * 50
    debug = _sibina("shell", "-v", "0", "-c", shell, var=var, SIBINA_DEBUG="1", SIBINA_SECRET_KEY=env_key)
    assert debug.stdout.split() == ["True", env_key]
