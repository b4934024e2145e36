"""What every ``woo`` command shares: the consoles, one way to refuse user input, the data folder, next steps.

A user error (bad input, an unknown request, a refused answer) is one Dutch message on stderr and exit code 2,
never a traceback; ``woo --debug …`` shows the traceback for developers. Nothing here imports Prefect, so the
commands that only read the store start fast.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import NoReturn

import typer
from rich.console import Console

__all__ = ["DEMO_HOME", "DEMO_MARKER", "EXIT_USER_ERROR", "console", "err", "fail", "next_step", "use_home"]

EXIT_USER_ERROR = 2
DEMO_HOME = Path("woo-demo")
DEMO_MARKER = ".woo-demo"

console = Console()
err = Console(stderr=True)


def fail(message: str, problems: Iterable[str] = (), *, code: int = EXIT_USER_ERROR) -> NoReturn:
    """Print one Dutch message (and its problems as a list) on stderr and stop with ``code``."""
    # markup=False: messages may quote what the user typed, and brackets in it are not rich markup.
    err.print(f"Fout: {message}", style="red", markup=False, highlight=False)
    for problem in problems:
        err.print(f"  - {problem}", markup=False, highlight=False)
    raise typer.Exit(code)


def next_step(text: str) -> None:
    """The line that tells a person what to do now."""
    console.print(f"[bold]Volgende stap:[/] {text}", highlight=False)


def _default_home() -> Path:
    return Path(os.environ.get("WOO_HOME") or Path.home() / ".woo").expanduser().resolve()


def use_home(home: Path | None, *, reading: bool = False) -> Path:
    """Point the settings at the data folder and return it.

    ``reading`` is for commands that only look (status, pending, deadlines, audit): they never create a data
    folder. Without ``--home``, ``WOO_HOME`` or a database URL, and with no data in ``~/.woo``, they use the
    demo's folder ``./woo-demo`` when it is there, or say where to look.
    """
    from woo.settings import reset_settings

    if home is not None:
        home = home.expanduser().resolve()
        if reading and not home.is_dir():
            fail(f"de gegevensmap {home} bestaat niet.")
        os.environ["WOO_HOME"] = str(home)
    elif reading and not os.environ.get("WOO_HOME") and not os.environ.get("WOO_DATABASE_URL"):
        default = _default_home()
        demo = DEMO_HOME.resolve()
        if not (default / "woo.sqlite3").exists():
            if (demo / DEMO_MARKER).exists():
                err.print(f"Gegevensmap: {demo} (van `woo demo`; kies een andere met --home).", highlight=False)
                os.environ["WOO_HOME"] = str(demo)
            else:
                fail(f"er zijn nog geen gegevens in {default}.",
                     ["geef de map met --home MAP of zet WOO_HOME (de map met woo.sqlite3);",
                      "`woo demo` schrijft naar ./woo-demo: draai dit commando dan in dezelfde map;",
                      "of handel een verzoek af: woo run verzoek.yaml --documents MAP"])
    reset_settings()
    from woo.settings import get_settings

    return get_settings().home
