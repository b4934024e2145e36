"""The layering ARCHITECTURE.md describes, kept true: who may import what (read from the source, not run).

- Only the store (``woo/store``) and the case (``woo/case``: repository and unit of work) import SQLAlchemy, and
  only the repository and the store itself (the audit writer, numbering, migrations) build queries (``select``,
  ``update``, ``delete``, ...).
- Only the orchestration layer imports Prefect: ``flows/``, ``tasks/``, ``deployments/``
  (installed as ``woo.flows``, …) and the CLI's
  operator commands (``woo/cli``), which talk to a Prefect server.
- Nothing below the flow and the CLI reads the wall clock's date: ``date.today()`` is called in ``woo/clock.py``
  only; steps take ``today``.
- Lower layers never import higher ones: nothing outside the orchestration layer and the CLI imports
  ``woo.flows``, ``woo.tasks``, ``woo.deployments`` or ``woo.cli``; the pure engines (deadline arithmetic, the
  pydantic vocabulary) import nothing of the store.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# The user's top-level folders are installed as woo.flows, woo.tasks, woo.schemas and woo.deployments.
PACKAGE_DIRS = ("woo", "flows", "tasks", "schemas", "deployments")
ORCHESTRATION = ("flows/", "tasks/", "deployments/", "woo/cli/", "woo/web/")
# The question forms still derive from Prefect's RunInput (the one model family per question is the next step).
UPPER = ("woo.flows", "woo.tasks", "woo.deployments", "woo.cli", "woo.web")
PREFECT_ALSO = ("woo/questions/forms.py",)
QUERY_BUILDERS = {"select", "update", "delete", "insert", "func", "extract", "text", "and_", "or_"}
PURE = ("schemas/", "woo/deadlines/calendar.py", "woo/deadlines/engine.py", "woo/deadlines/model.py",
        "woo/deadlines/explain.py", "woo/deadlines/suspensions.py", "woo/deadlines/timing.py",
        "woo/deadlines/errors.py", "woo/errors.py", "woo/clock.py", "woo/case/status.py")


def modules() -> Iterator[tuple[str, ast.Module]]:
    for path in sorted(p for d in PACKAGE_DIRS for p in (ROOT / d).rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if "/migrations/" in rel:
            continue  # migrations are the store's history and spell out their own SQL
        yield rel, ast.parse(path.read_text(encoding="utf-8"), filename=rel)


def imports(tree: ast.Module) -> Iterator[tuple[str, set[str]]]:
    """``(module, names)`` for every import, also the ones inside functions."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, set()
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module, {a.name for a in node.names}


def offenders(rule: str) -> list[str]:
    found = []
    for rel, tree in modules():
        for module, names in imports(tree):
            top = module.split(".")[0]
            if rule == "sqlalchemy" and top == "sqlalchemy" and not rel.startswith(("woo/store/", "woo/case/")):
                found.append(f"{rel}: {module}")
            if (rule == "queries" and top == "sqlalchemy" and names & QUERY_BUILDERS
                    and rel != "woo/case/repository.py" and not rel.startswith("woo/store/")):
                found.append(f"{rel}: {module} {sorted(names & QUERY_BUILDERS)}")
            if rule == "prefect" and top == "prefect" and not rel.startswith(ORCHESTRATION + PREFECT_ALSO):
                found.append(f"{rel}: {module}")
            if (rule == "upward" and module.startswith(UPPER) and not rel.startswith(ORCHESTRATION)):
                found.append(f"{rel}: {module}")
            if (rule == "pure" and rel.startswith(PURE) and top == "woo"
                    and module.startswith(("woo.store", "woo.case.repository", "woo.case.uow", "woo.process",
                                           "woo.letters", "woo.privacy", "woo.redaction", "woo.questions"))):
                found.append(f"{rel}: {module}")
    return found


@pytest.mark.parametrize("rule", ["sqlalchemy", "queries", "prefect", "upward", "pure"])
def test_the_layers_import_only_what_they_may(rule: str) -> None:
    assert offenders(rule) == []


def test_only_the_clock_reads_todays_date() -> None:
    calls = []
    for rel, tree in modules():
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "today"
                    and isinstance(node.func.value, ast.Attribute | ast.Name)
                    and getattr(node.func.value, "attr", getattr(node.func.value, "id", "")) == "date"):
                calls.append(f"{rel}:{node.lineno}")
    assert calls and all(c.startswith("woo/clock.py:") for c in calls), calls


def test_the_rules_would_catch_an_offender(tmp_path: Path) -> None:
    # The checks read real import statements: a module that builds a query outside the repository is found.
    tree = ast.parse("from sqlalchemy import select\nfrom prefect import flow\n")
    assert {m for m, _ in imports(tree)} == {"sqlalchemy", "prefect"}
    assert next(n for _, n in imports(tree)) & QUERY_BUILDERS == {"select"}


def test_every_package_folder_is_installed() -> None:
    """pyproject lists packages by hand (the top-level folders are mapped into ``woo``): none may be forgotten."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    mapped = {folder: package for package, folder in config["package-dir"].items()}
    found = set()
    for top in PACKAGE_DIRS:
        for folder in (ROOT / top).rglob("*"):
            if folder.is_dir() and folder.name != "__pycache__" and any(folder.glob("*.py")):
                rel = folder.relative_to(ROOT).parts
                found.add(".".join([mapped.get(rel[0], rel[0]), *rel[1:]]))
        found.add(mapped.get(top, top))
    assert found == set(config["packages"])
