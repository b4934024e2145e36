"""Click's own words in ``woo``'s help and usage lines, said in Dutch.

Click (vendored in Typer) has no translations: "Usage:", "[OPTIONS]", "COMMAND [ARGS]..." and the help
option's "Show this message and exit." are fixed English. Every command and group of ``woo`` is made from the
classes below (:func:`speak_dutch` sets them on the Typer app before Click sees it), which say these in Dutch.
The panel titles of the help screen are Typer's settings (``woo.cli._dutch_help``); Click's error messages are
translated where they are printed (``woo.cli._usage_error``).
"""

from __future__ import annotations

from typing import Any

import typer
from typer._click.core import Command  # the Click Typer vendors: the base of both classes below
from typer.core import TyperCommand, TyperGroup

__all__ = ["HELP_TEXT", "DutchCommand", "DutchGroup", "speak_dutch"]

HELP_TEXT = "Toon deze hulp en stop."
_USAGE = [("Usage:", "Gebruik:"), ("[OPTIONS]", "[OPTIES]"), ("COMMAND [ARGS]...", "COMMANDO [ARGUMENTEN]...")]


def _dutch_usage(line: str) -> str:
    for english, dutch in _USAGE:
        line = line.replace(english, dutch, 1)
    return line


class _DutchHelp(Command):
    """The usage line and the help option in Dutch, mixed in before Typer's command and group classes."""

    def get_usage(self, ctx: Any) -> str:
        return _dutch_usage(super().get_usage(ctx))

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = HELP_TEXT
        return option


class DutchCommand(_DutchHelp, TyperCommand):
    """A command whose usage line and help option speak Dutch."""


class DutchGroup(_DutchHelp, TyperGroup):
    """A group (``woo``, ``woo audit``, …) whose usage line and help option speak Dutch."""


def speak_dutch(app: typer.Typer) -> None:
    """Make every command and group of ``app`` (and of the apps added to it) from the Dutch classes."""
    app.info.cls = DutchGroup
    for command in app.registered_commands:
        command.cls = DutchCommand
    for group in app.registered_groups:
        group.cls = DutchGroup
        if group.typer_instance is not None:
            speak_dutch(group.typer_instance)
