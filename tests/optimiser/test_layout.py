"""The optimiser's layout: no import cycle inside the package, no Django or other sibina package, and no
function-local import unless the function's docstring says it imports lazily (and why)."""

from __future__ import annotations

import ast
from pathlib import Path

import sibina.optimiser

PACKAGE = Path(sibina.optimiser.__file__).parent
MAX_FUNCTION_LINES = 100  # without a reason in the docstring ("long because ...")
MAX_MODULE_LINES = 600


def _modules() -> dict[str, ast.Module]:
    return {f.stem: ast.parse(f.read_text(encoding="utf-8")) for f in sorted(PACKAGE.glob("*.py"))}


def _imported(node: ast.Import | ast.ImportFrom) -> list[str]:
    """Absolute names of what ``node`` imports ("sibina.optimiser.x" for the package's own modules)."""
    if isinstance(node, ast.Import):
        return [a.name for a in node.names]
    if node.level == 0:
        return [node.module or ""]
    if node.module:
        return [f"sibina.optimiser.{node.module}"]
    return [f"sibina.optimiser.{a.name}" for a in node.names]


def _graph(modules: dict[str, ast.Module]) -> dict[str, set[str]]:
    """Module -> the package's modules it imports, at the top or inside a function (a function-local import
    hides a cycle, it does not break it)."""
    out: dict[str, set[str]] = {}
    for name, tree in modules.items():
        deps: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                for full in _imported(node):
                    if full.startswith("sibina.optimiser."):
                        deps.add(full.removeprefix("sibina.optimiser.").split(".")[0])
        out[name] = deps
    return out


def find_cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import cycle as a path (first == last), or [] when there is none."""
    state: dict[str, int] = {}  # 1 on the stack, 2 done
    stack: list[str] = []

    def visit(n: str) -> list[str]:
        state[n] = 1
        stack.append(n)
        for m in sorted(graph.get(n, ())):
            if state.get(m) == 1:
                return [*stack[stack.index(m) :], m]
            if m not in state and (found := visit(m)):
                return found
        stack.pop()
        state[n] = 2
        return []

    for n in sorted(graph):
        if n not in state and (found := visit(n)):
            return found
    return []


def test_find_cycle_finds_one() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle_inside_the_package() -> None:
    graph = _graph(_modules())
    graph.pop("__init__")
    assert find_cycle(graph) == []


def test_no_module_imports_the_public_face() -> None:
    graph = _graph(_modules())
    assert [n for n, deps in graph.items() if "__init__" in deps] == []


def test_imports_neither_django_nor_another_sibina_package() -> None:
    bad = []
    for name, tree in _modules().items():
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                for full in _imported(node):
                    root = full.split(".")[0]
                    if root == "django" or (root == "sibina" and not full.startswith("sibina.optimiser")):
                        bad.append(f"{name}: {full}")
    assert bad == []


def _functions(tree: ast.Module) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    return [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]


def test_no_function_local_import_without_a_reason() -> None:
    bad = []
    for name, tree in _modules().items():
        for fn in _functions(tree):
            local = [n for n in ast.walk(fn) if isinstance(n, ast.Import | ast.ImportFrom)]
            if local and "lazily" not in (ast.get_docstring(fn) or ""):
                bad.append(f"{name}.{fn.name}")
    assert bad == []


def test_no_long_function_without_a_reason() -> None:
    bad = []
    for name, tree in _modules().items():
        for fn in _functions(tree):
            n = (fn.end_lineno or fn.lineno) - fn.lineno + 1
            if n > MAX_FUNCTION_LINES and "long because" not in (ast.get_docstring(fn) or ""):
                bad.append(f"{name}.{fn.name}: {n} lines")
    assert bad == []


def test_no_long_module() -> None:
    sizes = {f.name: len(f.read_text(encoding="utf-8").splitlines()) for f in PACKAGE.glob("*.py")}
    assert {n: k for n, k in sizes.items() if k > MAX_MODULE_LINES} == {}
