"""Stage "users": the role groups and one demo login per role, each tied to a fitting synthetic employee."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, User
from django.contrib.auth.password_validation import validate_password
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sibina.demo.context import DemoContext
from sibina.people.models import Pegawai
from sibina.roles import Role, ensure_role_groups

# One shared password for every demo login; it is printed by `sibina demo_logins` and in the README.
DEMO_PASSWORD = "binjai-demo-2027"
DEMO_EMAIL_DOMAIN = "demo.sibina.invalid"

ADMIN_BKPSDM = Role.BKPSDM.value
KEPALA_OPD = Role.KEPALA_OPD.value
ATASAN_LANGSUNG = Role.ATASAN.value
PEGAWAI = Role.PEGAWAI.value
PPK = Role.PPK.value
AUDITOR = Role.AUDITOR.value
ROLE_GROUPS = tuple(r.value for r in Role)


@dataclass(frozen=True)
class DemoUser:
    username: str
    group: str
    peran: Promise  # what the login is for, shown by demo_logins
    staff: bool
    pick: Callable[[DemoContext, set[int]], Pegawai]


def _head(kode: str) -> Callable[[DemoContext, set[int]], Pegawai]:
    return lambda ctx, _used: ctx.kepala[kode]


def _kabid(ctx: DemoContext, used: set[int]) -> Pegawai:
    """The head of BKPSDM's competency-development division: the supervisor who plans others' training."""
    kode = next(
        k
        for k, s in ctx.specs.items()
        if s.jabatan_kepala == "Kepala Bidang Pengembangan Kompetensi Aparatur"
    )
    return ctx.kepala[kode]


def _subordinate(ctx: DemoContext, used: set[int]) -> Pegawai:
    """An ordinary PNS who reports to the demo supervisor, so the two logins meet in the same plan."""
    boss = _kabid(ctx, used)
    team = [p for p, s in zip(ctx.pegawai, ctx.slots, strict=True) if p.atasan_id == boss.pk and not s.kepala]
    team.sort(key=lambda p: (p.jenis_asn != "PNS", p.pk))
    # a small city's supervisor may have no one left who is not already another demo login
    return next((p for p in team if p.pk not in used), None) or _anyone(ctx, used)


def _bkpsdm_staff(ctx: DemoContext, used: set[int]) -> Pegawai:
    """A PNS analyst of BKPSDM who runs SiBina for the city."""
    bkpsdm = {k for k, s in ctx.specs.items() if s.opd_kode == "BKPSDM"}
    staff = [
        p
        for p, s in zip(ctx.pegawai, ctx.slots, strict=True)
        if s.unit_kode in bkpsdm and not s.kepala and p.pk not in used
    ]
    staff.sort(key=lambda p: (p.jenis_asn != "PNS", "Sumber Daya Manusia" not in _jabatan(p), p.pk))
    return staff[0] if staff else _anyone(ctx, used)


def _auditor(ctx: DemoContext, used: set[int]) -> Pegawai:
    """An auditor of the Inspektorat (its head when the city is too small to have one)."""
    units = {k for k, s in ctx.specs.items() if s.opd_kode == "INSPEKTORAT"}
    staff = [p for p, s in zip(ctx.pegawai, ctx.slots, strict=True) if s.unit_kode in units and not s.kepala]
    staff.sort(key=lambda p: (not _jabatan(p).startswith("Auditor"), p.pk))
    return next((p for p in staff if p.pk not in used), ctx.kepala["INSPEKTORAT"])


def _anyone(ctx: DemoContext, used: set[int]) -> Pegawai:
    """A PNS who heads nothing: a head may still be picked for a later login (the PPK, a Kepala OPD)."""
    return next(
        p
        for p, s in zip(ctx.pegawai, ctx.slots, strict=True)
        if p.pk not in used and p.jenis_asn == "PNS" and not s.kepala
    )


def _jabatan(p: Pegawai) -> str:
    return p.jabatan.nama if p.jabatan else ""


DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser(
        "admin.bkpsdm",
        ADMIN_BKPSDM,
        _("BKPSDM administrator: imports, catalogue, plans"),
        True,
        _bkpsdm_staff,
    ),
    DemoUser("kepala.dinkes", KEPALA_OPD, _("Head of the Health Office"), False, _head("DINKES")),
    DemoUser("kepala.disdik", KEPALA_OPD, _("Head of the Education Office"), False, _head("DISDIK")),
    DemoUser("atasan", ATASAN_LANGSUNG, _("Direct supervisor (head of a division)"), False, _kabid),
    DemoUser("pegawai", PEGAWAI, _("Employee"), False, _subordinate),
    DemoUser("ppk", PPK, _("Regional secretary, sets the plan (PPK)"), False, _head("SETDA")),
    DemoUser("auditor", AUDITOR, _("Inspectorate auditor, read-only"), True, _auditor),
)


def build_users(ctx: DemoContext) -> None:
    groups = _ensure_groups()
    password = make_password(DEMO_PASSWORD)  # hashed once: PBKDF2 is deliberately slow
    used: set[int] = set()
    for spec in ctx.track(DEMO_USERS, desc="users", total=len(DEMO_USERS)):
        pegawai = spec.pick(ctx, used)
        used.add(pegawai.pk)
        user = User.objects.filter(username=spec.username).first() or User(username=spec.username)
        user.first_name = pegawai.nama[:150]
        user.email = f"{spec.username}@{DEMO_EMAIL_DOMAIN}"
        user.is_staff = spec.staff
        user.is_superuser = False
        user.is_active = True
        validate_password(DEMO_PASSWORD, user)
        user.password = password
        user.save()
        user.groups.set([groups[spec.group]])
        Pegawai.objects.filter(user=user).exclude(pk=pegawai.pk).update(user=None)
        Pegawai.objects.filter(pk=pegawai.pk).update(user=user)
        pegawai.user = user
    ctx.counts["users"] = len(DEMO_USERS)


def reset_users() -> None:
    User.objects.filter(username__in=[u.username for u in DEMO_USERS]).delete()


def _ensure_groups() -> dict[str, Group]:
    ensure_role_groups()
    return {g.name: g for g in Group.objects.filter(name__in=[r.value for r in Role])}
