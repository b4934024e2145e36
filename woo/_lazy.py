"""Package entry points that load their modules on first use (PEP 562), so importing one light part of a package
(``woo.redaction.model``) does not load PyMuPDF for the rest.

A package's ``__init__`` names its API with ordinary imports under ``if TYPE_CHECKING:`` (what readers, mypy and
``tests/architecture`` see: one list, not two) and ends with ``__getattr__ = lazy_exports(__name__, __file__)``.
The first access of such a name imports its module then; the value is kept in the package, so later accesses
cost nothing.
"""

from __future__ import annotations

import ast
import importlib
import sys
from collections.abc import Callable
from pathlib import Path

__all__ = ["lazy_exports"]


def _exports(package: str, init_file: str) -> dict[str, tuple[str, str]]:
    """``{exported name: (module, name in that module)}`` from the package's own ``from package.x import …``."""
    tree = ast.parse(Path(init_file).read_text(encoding="utf-8"))
    found: dict[str, tuple[str, str]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").startswith(package + "."):
            for alias in node.names:
                found[alias.asname or alias.name] = (node.module or "", alias.name)
    return found


def lazy_exports(package: str, init_file: str) -> Callable[[str], object]:
    """A module ``__getattr__`` that imports each name the package's ``__init__`` imports on first use."""
    where: dict[str, tuple[str, str]] = {}

    def __getattr__(name: str) -> object:
        if not where:
            where.update(_exports(package, init_file))
        if name not in where:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        module, original = where[name]
        value = getattr(importlib.import_module(module), original)
        setattr(sys.modules[package], name, value)
        return value

    return __getattr__
