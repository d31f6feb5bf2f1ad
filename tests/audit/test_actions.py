"""Every action the app writes has a human name in the registry (an app names its own in its ``audit_actions``
module), in both languages; an action nobody named is shown by its code."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.utils import translation

from sibina import jobs
from sibina.approvals.decisions import BulkAction
from sibina.approvals.models import Keputusan
from sibina.audit import actions
from sibina.audit.actions import action_label, is_named, job_end_action, named_actions

SRC = Path(__file__).resolve().parents[2] / "src" / "sibina"
# The namespaces of action codes: any literal "<namespace>.<name>" in src is taken for an action.
NAMESPACES = (
    "access",
    "admin",
    "approval",
    "audit",
    "auth",
    "coaching",
    "import",
    "kegiatan",
    "plan",
    "usulan",
)
CODE = re.compile(rf"^(?:{'|'.join(NAMESPACES)})\.[a-z_]+(?:\.[a-z_]+)*$")
# Literals in those namespaces that are not actions.
NOT_ACTIONS = {
    "admin.bkpsdm",  # a demo login's user name
    "audit.view_auditevent",  # a permission
}


def _whole_literals(expr: ast.expr) -> list[str]:
    """The whole codes an expression may give (both sides of a conditional), not the heads of a code built at
    run time (an f-string's text, "approval.review." + ...)."""
    if isinstance(expr, ast.Constant):
        ok = isinstance(expr.value, str) and "." in expr.value and not expr.value.endswith(".")
        return [expr.value] if ok else []
    if isinstance(expr, ast.JoinedStr | ast.BinOp):
        return []
    return [
        code
        for child in ast.iter_child_nodes(expr)
        if isinstance(child, ast.expr)
        for code in _whole_literals(child)
    ]


def _action_literals() -> dict[str, str]:
    """Action codes written as literals in src: passed as ``action=``/``aksi=`` (or assigned to a name holding
    one), or any literal in an action namespace. Codes built at run time are listed in the test below."""
    found: dict[str, str] = {}
    for path in SRC.rglob("*.py"):
        if "migrations" in path.parts or path.name == "audit_actions.py":  # the names, not the writers
            continue
        where = str(path.relative_to(SRC))
        tree = ast.parse(path.read_text(encoding="utf-8"))
        in_fstrings = {id(c) for f in ast.walk(tree) if isinstance(f, ast.JoinedStr) for c in ast.walk(f)}
        for node in ast.walk(tree):
            if id(node) in in_fstrings:
                continue
            values: list[ast.expr] = []
            if isinstance(node, ast.keyword) and node.arg in ("action", "aksi"):
                values = [node.value]
            elif isinstance(node, ast.Assign | ast.AnnAssign):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                if any(isinstance(t, ast.Name) and t.id.lower() in ("action", "aksi") for t in targets):
                    values = [node.value] if node.value is not None else []
            elif isinstance(node, ast.Constant) and isinstance(node.value, str) and CODE.match(node.value):
                found.setdefault(node.value, where)
            for value in values:
                for code in _whole_literals(value):
                    found.setdefault(code, where)
    return {code: where for code, where in found.items() if code not in NOT_ACTIONS}


def test_the_scan_finds_the_actions_it_should() -> None:
    found = _action_literals()
    # one of each way of writing it: a keyword, a constant, a dataclass default, a conditional
    for code in ("approval.send", "auth.login", "access.denied", "plan.optimise_start", "kegiatan.update"):
        assert code in found


def test_every_action_written_in_src_has_a_name() -> None:
    built = [f"approval.decision.{j.lower()}" for j in Keputusan.Jenis.values]
    built += [f"approval.decision.bulk_{a.lower()}" for a in BulkAction.ALL]
    built += ["approval.review.approve", "approval.review.return"]
    unnamed = {c: w for c, w in _action_literals().items() if not is_named(c)}
    unnamed.update({c: "built at run time" for c in built if not is_named(c)})
    assert unnamed == {}


def test_every_job_kind_has_a_name_for_both_ends() -> None:
    for name in ("planning.optimise", "planning.marginal", "approvals.consolidate", "imports.import"):
        jobs.kind(name)  # the app's tasks module is imported and the kind registered
    kinds = [k for k in jobs.runner._KINDS if not k.startswith("tests.")]
    assert len(kinds) >= 4
    missing = [
        job_end_action(k, done=done)
        for k in kinds
        for done in (True, False)
        if not is_named(job_end_action(k, done=done))
    ]
    assert missing == []


@pytest.mark.parametrize(
    ("code", "english"),
    [
        ("approval.decision.kecuali", "Pair excluded"),
        ("plan.optimise_start", "Optimisation started"),
        ("planning.optimise.done", "Optimisation finished"),
        ("approvals.consolidate.failed", "Consolidation failed"),
        ("auth.login", "Logged in"),
    ],
)
def test_names_follow_the_language(code: str, english: str) -> None:
    with translation.override("en"):
        assert action_label(code) == english
    # Indonesian: the name is a translation, asked for in the active language (the .mo is compiled by the lead;
    # until then it may equal the English words), never the code.
    with translation.override("id"):
        assert action_label(code) != code


def test_a_name_already_in_the_catalogue_is_indonesian() -> None:
    with translation.override("id"):
        assert action_label("approval.decision.catatan") == "Catatan prioritas"
    with translation.override("en"):
        assert action_label("approval.decision.catatan") == "Priority note"


def test_an_unknown_action_is_shown_by_its_code() -> None:
    assert not is_named("nobody.named.this")
    assert action_label("nobody.named.this") == "nobody.named.this"


def test_naming_a_code_twice_differently_is_refused() -> None:
    from django.utils.translation import gettext_lazy as _

    actions.register({"auth.login": _("Logged in")})  # the same name again: fine
    with pytest.raises(ValueError, match="named twice"):
        actions.register({"auth.login": _("Signed on")})
    assert "auth.login" in named_actions()
