"""mypy, strict (``[tool.mypy]`` in ``pyproject.toml``), over the whole ``woo`` package as it is installed.

The user's top-level ``flows/``, ``tasks/``, ``schemas/`` and ``deployments/`` are installed as ``woo.flows`` …
through setuptools' ``package-dir``, which mypy cannot read: from the source tree ``woo.schemas`` does not
resolve. So the test lays the installed layout out as symbolic links in a temporary folder (``woo/*`` plus the
mapped folders) and checks ``-p woo`` there, with mypy's cache kept beside it so a second run takes seconds.
Paths in the failure message are given back relative to the repository.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _installed_layout(base: Path) -> dict[str, Path]:
    """Link ``base/src/woo`` to look like the installed package; return the link → source prefixes."""
    package_dir = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"][
        "package-dir"]
    mapped = {name.removeprefix("woo."): ROOT / folder for name, folder in package_dir.items()}
    woo = base / "src" / "woo"
    woo.mkdir(parents=True, exist_ok=True)
    wanted = {p.name: p for p in (ROOT / "woo").iterdir() if p.name != "__pycache__"} | mapped
    for link in woo.iterdir():  # a module removed or renamed since the last run must not linger
        if link.name not in wanted or not link.is_symlink() or link.resolve() != wanted[link.name].resolve():
            link.unlink()
    for name, target in wanted.items():
        if not (woo / name).is_symlink():
            (woo / name).symlink_to(target)
    prefixes = {f"{woo}/{name}": str(target.relative_to(ROOT)) for name, target in mapped.items()}
    prefixes[str(woo)] = "woo"
    return prefixes


def test_mypy_strict_is_clean() -> None:
    assert importlib.util.find_spec("mypy") is not None, "mypy is missing: pip install -e '.[dev]'"
    # One folder per checkout, reused between runs: mypy's incremental cache makes a rerun fast.
    base = Path(tempfile.gettempdir()) / f"woo-mypy-{hashlib.sha256(str(ROOT).encode()).hexdigest()[:12]}"
    prefixes = _installed_layout(base)
    env = {**os.environ, "MYPYPATH": str(base / "src")}
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", str(ROOT / "pyproject.toml"),
         "--cache-dir", str(base / "cache"), "--no-error-summary", "--hide-error-context", "-p", "woo"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False,
    )
    output = result.stdout + result.stderr
    # Longest prefix first, so woo/schemas is given back as schemas/, not as woo/schemas.
    for link, source in sorted(prefixes.items(), key=lambda item: -len(item[0])):
        output = output.replace(link, source)
    if result.returncode != 0:
        pytest.fail(f"mypy --strict finds {output.count(': error:')} errors:\n{output}", pytrace=False)
