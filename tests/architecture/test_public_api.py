"""Each public module's ``__all__`` is its public surface, kept true (httpx-style).

The public modules are the package entry points ``ARCHITECTURE.md`` names. Where a package re-exports its API
from ``__init__`` (``woo.redaction``, ``woo.letters``, …) the package is listed; where callers import the
modules themselves (``woo.questions.*``, ``woo.decision.*``, ``woo.reporting.*``: re-exporting there would make
an import cycle with the steps) those modules are listed.

For each: ``__all__`` exists, has no duplicates, names only what the module defines, and every public name the
module defines (a function, class or top-level assignment; in a package's ``__init__`` also what it imports
from its own submodules) is in it; anything else is private (``_name``).
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path
from types import ModuleType

import pytest

PUBLIC_MODULES = [
    "woo.audit",
    "woo.case",
    "woo.clock",
    "woo.deadlines",
    "woo.decision.inventory",
    "woo.decision.judging",
    "woo.decision.letters",
    "woo.documents",
    "woo.errors",
    "woo.letters",
    "woo.privacy",
    "woo.process.results",
    "woo.publication",
    "woo.questions.answers",
    "woo.questions.catalogue",
    "woo.questions.forms",
    "woo.questions.models",
    "woo.questions.texts",
    "woo.redaction",
    "woo.reporting.statistics",
    "woo.reporting.summary",
    "woo.schemas",
    "woo.settings",
]


def _top_level(body: list[ast.stmt]) -> list[ast.stmt]:
    """The module's own statements, also those inside a top-level ``if``/``try`` (e.g. ``TYPE_CHECKING``)."""
    out: list[ast.stmt] = []
    for node in body:
        out.append(node)
        if isinstance(node, ast.If):
            out += _top_level(node.body) + _top_level(node.orelse)
        elif isinstance(node, ast.Try):
            out += _top_level(node.body) + _top_level(node.orelse) + _top_level(node.finalbody)
            for handler in node.handlers:
                out += _top_level(handler.body)
    return out


def defined_public_names(module: ModuleType) -> set[str]:
    """Public names ``module`` itself defines, and, for a package, re-exports from its own submodules."""
    path = Path(module.__file__ or "")
    tree = ast.parse(path.read_text(encoding="utf-8"))
    is_package = path.name == "__init__.py"
    names: set[str] = set()
    for node in _top_level(tree.body):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
            names.add(node.target.id)
        elif isinstance(node, ast.ImportFrom) and is_package and (
                node.level > 0 or (node.module or "").startswith(module.__name__ + ".")):
            names |= {alias.asname or alias.name for alias in node.names}
    return {n for n in names if not n.startswith("_")}


@pytest.mark.parametrize("name", PUBLIC_MODULES)
def test_all_is_the_public_surface(name: str) -> None:
    module = importlib.import_module(name)
    exported = getattr(module, "__all__", None)
    assert exported is not None, f"{name} has no __all__"
    assert len(set(exported)) == len(exported), f"{name}.__all__ lists a name twice"
    undefined = [n for n in exported if not hasattr(module, n)]
    assert not undefined, f"{name}.__all__ lists names the module does not have: {undefined}"
    missing = sorted(defined_public_names(module) - set(exported))
    assert not missing, f"{name}: public but not in __all__ (add them, or make them private): {missing}"


def test_the_listed_modules_are_the_entry_points() -> None:
    """Every package under woo/ that has an API is covered: by its package or by its modules."""
    root = Path(__file__).resolve().parents[2] / "woo"
    covered = {n.split(".")[1] for n in PUBLIC_MODULES}
    # Interface, orchestration, the store (reached through woo.case) and packaged files are no library API.
    not_api = {"assets", "cli", "demo", "store", "web"}
    uncovered = {p.parent.name for p in root.glob("*/__init__.py")} - not_api - covered
    assert not uncovered, f"packages without a pinned public API: {sorted(uncovered)}"
