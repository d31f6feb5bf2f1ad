"""The main menu as the reader sees it: the pages an account may open (``access.menu_for`` decides which),
grouped by the stage of the pipeline they serve — data, needs, plan, delivery, evaluation — so that even
BKPSDM's twenty pages fit on one line. A group of one page is shown as that page's link."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sibina.access import Menu


@dataclass(frozen=True)
class Link:
    label: str | Promise
    url: str
    active: bool
    id: str = ""
    badge: int = 0  # unread notifications


@dataclass(frozen=True)
class Group:
    label: str | Promise
    links: list[Link] = field(default_factory=list)

    @property
    def active(self) -> bool:
        return any(link.active for link in self.links)


Item = Link | Group


def _on(*names: str) -> Callable[[str], bool]:
    return lambda current: current in names


def _under(prefix: str) -> Callable[[str], bool]:
    return lambda current: current.startswith(prefix)


def main_nav(menu: Menu, current: str) -> list[Item]:
    """The menu's items in order; ``current`` is the URL name of the page shown (marks its link and group)."""

    def link(
        label: str | Promise,
        name: str,
        active: Callable[[str], bool],
        *args: str,
        id: str = "",
        badge: int = 0,
    ) -> Link:
        return Link(label, reverse(f"web:{name}", args=args), active(current), id, badge)

    items: list[Item] = [link(_("Home"), "home", _on("home"))]
    if menu.role is not None:
        data: list[Link] = []
        if menu.self_only:
            items.append(
                link(_("My data"), "pegawai_detail", _on("pegawai_detail"), menu.own_nip, id="nav-own")
            )
        else:
            data += [
                link(_("Employees"), "pegawai_list", _on("pegawai_list", "pegawai_detail")),
                link(_("Work units"), "unit_tree", _on("unit_tree")),
            ]
        if menu.imports:
            data.append(link(_("Import"), "batch_list", _on("batch_list", "batch_detail", "import_upload")))
        needs: list[Link] = []
        if menu.units:
            needs += [
                link(_("Development needs"), "needs_overview", _on("needs_overview", "needs_unit")),
                link(_("JP ledger"), "jp_ledger", _on("jp_ledger")),
            ]
        needs.append(link(_("Proposals"), "usulan", _on("usulan", "usulan_atasan", "usulan_bkpsdm")))
        plan = [link(_("Catalogue"), "catalogue_list", _on("catalogue_list", "catalogue_detail"))]
        if menu.units:
            plan.append(link(_("Plan"), "plan_cycle_current", _under("plan_")))
        elif menu.own_nip:
            plan.append(link(_("Plan"), "plan_pegawai", _under("plan_"), menu.own_nip))
        if not menu.self_only:
            plan.append(link(_("Approval"), "approval_current", _under("approval_")))
        delivery: list[Link] = []
        if menu.classes:
            delivery.append(link(_("Classes"), "delivery_list", _under("delivery_")))
        elif menu.team:
            delivery.append(link(_("Commitment"), "delivery_team", _on("delivery_team")))
        delivery += [
            link(_("Coaching"), "coaching_list", _under("coaching_")),
            link(_("My development"), "my_development", _on("my_development")),
        ]
        evaluation: list[Link] = []
        if menu.units:
            evaluation += [
                link(_("Public satisfaction (SKM)"), "skm_list", _under("skm_")),
                link(_("Program effects"), "evaluation_list", _under("evaluation_")),
                link(_("Monitoring"), "monitoring", _on("monitoring")),
            ]
        if menu.leaders:
            evaluation.append(link(_("Leaders"), "leader_dashboard", _under("leader_")))
        for label, links in (
            (_("Data"), data),
            (_("Needs"), needs),
            (_("Planning"), plan),
            (_("Delivery"), delivery),
            (_("Evaluation"), evaluation),
        ):
            if len(links) == 1:
                items.append(links[0])
            elif links:
                items.append(Group(label, links))
        if menu.audit:
            items.append(link(_("Audit trail"), "audit_list", _on("audit_list")))
    items.append(
        link(
            _("Notifications"),
            "notifications",
            _on("notifications"),
            id="nav-notifications",
            badge=menu.unread,
        )
    )
    return items
