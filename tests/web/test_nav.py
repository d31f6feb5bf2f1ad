"""The main menu's grouping (``sibina.web.nav``): pages grouped by pipeline stage, a group of one shown as its link."""

from __future__ import annotations

from django.utils import translation

from sibina.access import Menu
from sibina.roles import Role
from sibina.web.nav import Group, Item, Link, main_nav

BKPSDM = Menu(Role.BKPSDM, units=True, imports=True, classes=True, leaders=True, audit=True, unread=3)
EMPLOYEE = Menu(Role.PEGAWAI, own_nip="199001012015012001", self_only=True)


def _shape(items: list[Item]) -> list[str | tuple[str, list[str]]]:
    return [
        str(i.label) if isinstance(i, Link) else (str(i.label), [str(x.label) for x in i.links])
        for i in items
    ]


def test_bkpsdm_gets_every_page_in_eight_items_on_one_line() -> None:
    with translation.override("en"):
        items = main_nav(BKPSDM, "skm_list")
        assert _shape(items) == [
            "Home",
            ("Data", ["Employees", "Work units", "Import"]),
            ("Needs", ["Development needs", "JP ledger", "Proposals"]),
            ("Planning", ["Catalogue", "Plan", "Approval"]),
            ("Delivery", ["Classes", "Coaching", "My development"]),
            ("Evaluation", ["Public satisfaction (SKM)", "Program effects", "Monitoring", "Leaders"]),
            "Audit trail",
            "Notifications",
        ]
    # The page shown marks its link and its group, and nothing else.
    active = [
        (i.label, [x.url for x in i.links if x.active]) for i in items if isinstance(i, Group) and i.active
    ]
    assert active == [("Evaluation", ["/skm/"])]
    assert [i.badge for i in items if isinstance(i, Link) and i.id == "nav-notifications"] == [3]


def test_a_group_of_one_page_is_that_pages_link() -> None:
    with translation.override("en"):
        items = main_nav(EMPLOYEE, "plan_pegawai")
        assert _shape(items) == [
            "Home",
            "My data",
            "Proposals",
            ("Planning", ["Catalogue", "Plan"]),
            ("Delivery", ["Coaching", "My development"]),
            "Notifications",
        ]
    plan = next(i for i in items if isinstance(i, Group) and i.active)
    assert [x.url for x in plan.links if x.active] == [f"/rencana/pegawai/{EMPLOYEE.own_nip}/"]


def test_an_account_without_a_role_gets_home_and_notifications() -> None:
    with translation.override("id"):
        assert _shape(main_nav(Menu(None), "home")) == ["Beranda", "Notifikasi"]
