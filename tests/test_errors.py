"""One exception tree: every error raised on purpose is a WooError, and the task retry policy reads one branch."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import woo
from woo.deadlines.errors import DeadlineInputError
from woo.errors import DeliveryError, DeliveryUncertain, Permanent, WooError
from woo.letters.letters import LetterError
from woo.publication import DiWooError, PublicationError, SitemapError
from woo.redaction.errors import RedactionError


def _exceptions() -> list[type[BaseException]]:
    found = []
    for info in pkgutil.walk_packages(woo.__path__, "woo."):
        if ".migrations" in info.name or info.name.startswith(("woo.flows", "woo.tasks", "woo.deployments")):
            continue
        module = importlib.import_module(info.name)
        found += [obj for _, obj in inspect.getmembers(module, inspect.isclass)
                  if issubclass(obj, BaseException) and obj.__module__ == info.name]
    return found


def test_every_error_the_system_defines_is_a_woo_error():
    assert _exceptions() and [e.__name__ for e in _exceptions() if not issubclass(e, WooError)] == []


def test_errors_a_retry_cannot_cure_are_permanent():
    for error in (LetterError, DeadlineInputError, DiWooError, PublicationError, SitemapError, RedactionError,
                  DeliveryUncertain):
        assert issubclass(error, Permanent), error
    assert not issubclass(DeliveryError, Permanent)  # a mail server that is down is tried again


def test_the_task_layer_does_not_retry_a_permanent_error():
    from woo.tasks._step import retry_unless_permanent

    class State:
        def __init__(self, exc: BaseException) -> None:
            self.exc = exc

        def result(self, raise_on_failure: bool = False) -> BaseException:
            return self.exc

    assert not retry_unless_permanent(None, None, State(LetterError("x")))  # type: ignore[arg-type]
    assert retry_unless_permanent(None, None, State(DeliveryError("x")))  # type: ignore[arg-type]
