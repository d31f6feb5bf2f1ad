"""/unit/ in a browser: the tree starts folded, the search box shows the matching units with the branches that
lead to them, and clearing it restores the folds."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from pytest_django.fixtures import Settings as SettingsWrapper

from sibina.people.models import AkunInstansi, Instansi, UnitKerja
from sibina.roles import Role
from tests.browser.conftest import login

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
PASSWORD = "binjai-demo-2027"


def _unit(instansi: Instansi, kode: str, nama: str, jenis: str, parent: UnitKerja | None = None) -> UnitKerja:
    return UnitKerja.objects.create(instansi=instansi, kode=kode, nama=nama, jenis=jenis, parent=parent)


def test_search_opens_the_branches_to_the_matches(
    live_server: Any, browser: Any, settings: SettingsWrapper, tmp_path: Any
) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    instansi = Instansi.objects.create(kode="1275", nama="Kota Binjai", jenis="KOTA")
    auditor = User.objects.create_user("auditor", password=PASSWORD)
    auditor.groups.add(Group.objects.get(name=Role.AUDITOR.value))
    AkunInstansi.objects.create(user=auditor, instansi=instansi)
    dinkes = _unit(instansi, "DINKES", "Dinas Kesehatan", "OPD")
    pkm = _unit(instansi, "PKM-ESTATE", "Puskesmas Binjai Estate", "PUSKESMAS", dinkes)
    _unit(instansi, "PUSTU-ESTATE", "Pustu Estate", "LAINNYA", pkm)
    kec = _unit(instansi, "KEC-UTARA", "Kecamatan Binjai Utara", "KECAMATAN")
    _unit(instansi, "KEL-JATI", "Kelurahan Jati Makmur", "KELURAHAN", kec)

    page = login(browser, live_server.url, "auditor", locale="en-GB", password=PASSWORD)
    page.goto(f"{live_server.url}/unit/")
    tree = page.locator("#unit-tree")
    assert tree.get_by_text("Dinas Kesehatan").is_visible()
    assert not tree.get_by_text("Pustu Estate").is_visible()  # folded under its puskesmas

    page.fill("#unit-search", "estate")
    page.wait_for_function("document.querySelector('[data-tree-status]').textContent.includes('2')")
    page.screenshot(path=str(tmp_path / "unit-search.png"), full_page=True)
    assert tree.get_by_text("Pustu Estate").is_visible()
    assert tree.get_by_text("Puskesmas Binjai Estate").is_visible()
    assert not tree.get_by_text("Kecamatan Binjai Utara").is_visible()  # no match in its branch

    page.fill("#unit-search", "zzz")
    page.wait_for_function("!document.querySelector('[data-tree-none]').hidden")

    page.fill("#unit-search", "")
    page.wait_for_function("document.querySelector('[data-tree-status]').textContent === ''")
    assert tree.get_by_text("Kecamatan Binjai Utara").is_visible()
    assert not tree.get_by_text("Pustu Estate").is_visible()  # the folds the reader had

    page.click("[data-tree-open]")
    assert tree.get_by_text("Pustu Estate").is_visible()
