"""Real-browser tests: Playwright for Python driving Debian's chromium (never a downloaded browser)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

from sibina.demo.users import DEMO_PASSWORD

CHROMIUM = os.environ.get("SIBINA_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not shutil.which(CHROMIUM):
        # `make test` installs Debian's chromium first; only a bare `pytest` on a machine without it gets here.
        pytest.fail(f"{CHROMIUM} not found: install Debian's chromium package (make test does it)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the test makes around it are
    # ordinary synchronous code, so Django's async-safety guard is told so.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        yield b
        b.close()


def login(
    browser: Any, base: str, username: str, *, locale: str = "id-ID", password: str = DEMO_PASSWORD
) -> Any:
    """A new browser context in ``locale`` logged in as ``username`` (the demo password by default)."""
    page = browser.new_context(locale=locale).new_page()
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("form:has(input[name=password]) button[type=submit]")
    page.wait_for_load_state()
    assert "/login/" not in page.url, page.content()[-3000:]
    return page
