"""Authentication hardening: password policy, lockout after repeated failures, session cookies, security
headers, and logins, logouts and failed logins in the audit trail."""

from __future__ import annotations

import datetime as dt
import runpy
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from axes.utils import reset
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db.models import F
from django.test import Client

from sibina.audit.models import AuditEvent
from sibina.config import settings as sibina_settings
from sibina.demo.users import DEMO_EMAIL_DOMAIN, DEMO_PASSWORD, DEMO_USERS
from sibina.roles import Role
from tests.audit.conftest import PASSWORD, role_user

OFFICE = "10.20.30.40"
OTHER_PC = "10.20.30.41"


def login(client: Client, username: str, password: str, address: str = OFFICE):
    return client.post("/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


def signed_in(client: Client) -> bool:
    return SESSION_KEY in client.session


@pytest.fixture
def siti(db: None) -> User:
    return role_user("siti", Role.PEGAWAI)


# --- password policy ----------------------------------------------------------------------------------


def _codes(password: str, user: User | None = None) -> set[str]:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        return {e.code for e in exc.error_list if e.code}
    return set()


def test_weak_passwords_are_rejected_for_each_reason() -> None:
    user = User(username="siti.aminah", first_name="Siti", email="siti.aminah@binjaikota.go.id")
    assert _codes("Kopi-Tubruk") == {"password_too_short"}  # 11 characters
    assert _codes("password1234") == {"password_too_common"}
    assert _codes("202711223344") == {"password_entirely_numeric"}
    assert _codes("siti.aminah2027", user) == {"password_too_similar"}
    assert _codes("Kopi-Tubruk-Binjai", user) == set()


@pytest.mark.parametrize("spec", DEMO_USERS, ids=lambda s: s.username)
def test_the_demo_password_passes_the_policy_for_every_demo_login(spec) -> None:
    user = User(
        username=spec.username, first_name="Nama Pegawai", email=f"{spec.username}@{DEMO_EMAIL_DOMAIN}"
    )
    validate_password(DEMO_PASSWORD, user)


# --- lockout ------------------------------------------------------------------------------------------


def test_five_wrong_passwords_lock_the_account_from_that_address_for_fifteen_minutes(siti: User) -> None:
    client = Client()
    for _ in range(4):
        response = login(client, "siti", "wrong-password-1")
        assert response.status_code == 200  # the login form again, with its error
    fifth = login(client, "siti", "wrong-password-1")
    assert fifth.status_code == 429
    assert "web/locked_out.html" in [t.name for t in fifth.templates]
    assert fifth["Retry-After"] == "900"
    page = fifth.content.decode()
    assert "Login temporarily blocked" in page and "Try again in 15 minutes." in page

    # The right password is refused while locked, and nobody is signed in.
    sixth = login(client, "siti", PASSWORD)
    assert sixth.status_code == 429
    assert not signed_in(client)

    # After the cool-off (moved into the past here instead of waiting) the right password works again.
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - dt.timedelta(minutes=16))
    after = login(client, "siti", PASSWORD)
    assert after.status_code == 302 and after["Location"] == "/"
    assert signed_in(client)


def test_a_lockout_is_per_user_name_and_address(siti: User) -> None:
    role_user("budi", Role.PEGAWAI)
    for _ in range(5):
        login(Client(), "siti", "wrong-password-1")
    assert login(Client(), "siti", PASSWORD).status_code == 429
    # The same account from another computer, and another account from the same computer, still log in.
    assert login(Client(), "siti", PASSWORD, address=OTHER_PC).status_code == 302
    assert login(Client(), "budi", PASSWORD).status_code == 302


def test_an_administrator_reset_unlocks_at_once(siti: User) -> None:
    for _ in range(5):
        login(Client(), "siti", "wrong-password-1")
    assert login(Client(), "siti", PASSWORD).status_code == 429
    assert reset(username="siti") == 1
    assert login(Client(), "siti", PASSWORD).status_code == 302


def test_a_successful_login_clears_earlier_failures(siti: User) -> None:
    for _ in range(4):
        login(Client(), "siti", "wrong-password-1")
    assert login(Client(), "siti", PASSWORD).status_code == 302
    for _ in range(4):
        assert login(Client(), "siti", "wrong-password-1").status_code == 200


def test_the_admin_login_is_throttled_too(db: None) -> None:
    role_user("staf", Role.BKPSDM, is_staff=True)
    client = Client()
    for _ in range(5):
        response = client.post(
            "/admin/login/", {"username": "staf", "password": "wrong-password-1"}, REMOTE_ADDR=OFFICE
        )
    assert response.status_code == 429


# --- sessions and headers -----------------------------------------------------------------------------


def test_the_session_cookie_is_http_only_lax_and_ends_with_the_browser(siti: User) -> None:
    client = Client()
    response = login(client, "siti", PASSWORD)
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["max-age"] == "" and cookie["expires"] == ""  # a browser-session cookie
    assert cookie["secure"] == ""  # DEBUG on plain HTTP: see test_https_settings_follow_the_environment


def test_sessions_last_a_working_day() -> None:
    assert sibina_settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    assert sibina_settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True


def test_pages_refuse_framing_and_mime_sniffing(client: Client, db: None) -> None:
    response = client.get("/login/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    ("debug", "https", "secure"),
    [("1", "1", False), ("0", "0", False), ("0", "1", True)],
)
def test_https_settings_follow_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, debug: str, https: str, secure: bool
) -> None:
    monkeypatch.setenv("SIBINA_VAR", str(tmp_path))
    monkeypatch.setenv("SIBINA_DEBUG", debug)
    monkeypatch.setenv("SIBINA_HTTPS", https)
    loaded = runpy.run_path(sibina_settings.__file__)
    assert loaded["SESSION_COOKIE_SECURE"] is secure
    assert loaded["CSRF_COOKIE_SECURE"] is secure
    assert loaded["SECURE_SSL_REDIRECT"] is secure
    assert loaded["SECURE_HSTS_SECONDS"] == (365 * 24 * 60 * 60 if secure else 0)


# --- audit events -------------------------------------------------------------------------------------


def test_login_and_logout_are_recorded_with_the_address(siti: User) -> None:
    client = Client()
    login(client, "siti", PASSWORD)
    client.post("/logout/", REMOTE_ADDR=OFFICE)
    events = list(
        AuditEvent.objects.order_by("id").values_list(
            "aksi", "oleh_id", "username", "peran", "objek_tipe", "objek_id", "alamat"
        )
    )
    assert events == [
        ("auth.login", siti.pk, "siti", "Pegawai", "auth.user", str(siti.pk), OFFICE),
        ("auth.logout", siti.pk, "siti", "Pegawai", "auth.user", str(siti.pk), OFFICE),
    ]


def test_failed_logins_are_recorded_with_the_typed_name_and_the_lockout(siti: User) -> None:
    login(Client(), "nobody", "whatever-it-is")
    for _ in range(5):
        login(Client(), "siti", "wrong-password-1")
    login(Client(), "siti", PASSWORD)  # refused: locked
    events = list(
        AuditEvent.objects.order_by("id").values_list(
            "aksi", "oleh_id", "username", "objek_id", "alamat", "keterangan"
        )
    )
    failed = ("auth.login_failed", None, "siti", str(siti.pk), OFFICE)
    assert events == [
        ("auth.login_failed", None, "nobody", "", OFFICE, ""),
        *[(*failed, "")] * 4,
        (*failed, "locked out"),
        (*failed, "locked out"),
    ]
    assert not any("wrong-password" in str(e.sebelum) + str(e.sesudah) for e in AuditEvent.objects.all())


def test_production_hashes_passwords_with_django_default_pbkdf2() -> None:
    """Tests swap in a fast hasher; the deployed settings keep Django's default (PBKDF2 first)."""
    from django.conf import global_settings

    import sibina.config.settings as deployed

    assert not hasattr(deployed, "PASSWORD_HASHERS")
    assert global_settings.PASSWORD_HASHERS[0].endswith("PBKDF2PasswordHasher")
