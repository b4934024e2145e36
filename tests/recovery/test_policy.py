"""Which runs count as stranded and how often they are retried (the pure part of self-healing)."""

from __future__ import annotations

import datetime as dt

import pytest

from woo.case.recovery import RecoveryPolicy, RunSeen, Verdict, decide, stranded_reason

NOW = dt.datetime(2026, 11, 29, 12, 0, tzinfo=dt.UTC)
POLICY = RecoveryPolicy(pending_after=dt.timedelta(minutes=5), silent_after=dt.timedelta(minutes=10),
                        max_retries=2)


def seen(state: str, minutes_ago: float, heartbeat_minutes_ago: float | None = None) -> RunSeen:
    beat = None if heartbeat_minutes_ago is None else NOW - dt.timedelta(minutes=heartbeat_minutes_ago)
    return RunSeen("run-1", state, NOW - dt.timedelta(minutes=minutes_ago), beat)


@pytest.mark.parametrize(("run", "reason"), [
    (seen("CRASHED", 0), "crashed"),
    (seen("CRASHED", 60 * 47), "crashed"),
    (seen("CRASHED", 60 * 49), None),  # crashed days ago (before the upgrade, say): left for a person
    (seen("PENDING", 6), "pending_stale"),
    (seen("PENDING", 4), None),  # a worker may still be starting the process
    (seen("RUNNING", 60, heartbeat_minutes_ago=11), "heartbeat_stale"),
    (seen("RUNNING", 60, heartbeat_minutes_ago=3), None),
    (seen("RUNNING", 11), "heartbeat_stale"),  # no heartbeat seen at all in the window
    (seen("RUNNING", 2), None),  # just started: no chance to beat yet
    (seen("RUNNING", 2, heartbeat_minutes_ago=30), None),  # an old beat of an earlier attempt does not count
    (seen("PAUSED", 600), None),  # waiting for a person (suspended) is not stranded, however long
    (seen("SCHEDULED", 600), None),
    (seen("COMPLETED", 600), None),
    (seen("FAILED", 600), None),
])
def test_stranded_runs_are_told_apart_from_live_and_waiting_ones(run: RunSeen, reason: str | None) -> None:
    assert stranded_reason(run, NOW, POLICY) == reason


def test_a_stranded_run_is_retried_up_to_the_limit_then_given_up() -> None:
    run = seen("CRASHED", 1)
    verdicts = [decide(run, NOW, POLICY, retries) for retries in range(4)]
    assert [(d.verdict, d.attempt) for d in verdicts] == [
        (Verdict.RETRY, 1), (Verdict.RETRY, 2), (Verdict.GIVE_UP, 2), (Verdict.GIVE_UP, 3)]
    assert {d.reason for d in verdicts} == {"crashed"}


def test_a_live_run_is_left_alone_whatever_its_history() -> None:
    decision = decide(seen("RUNNING", 1, heartbeat_minutes_ago=0.5), NOW, POLICY, retries_so_far=5)
    assert (decision.verdict, decision.reason) == (Verdict.LEAVE, "alive")
    assert decide(seen("COMPLETED", 1), NOW, POLICY, 0).reason == "not_stranded"


def test_no_retries_allowed_means_give_up_at_once() -> None:
    policy = RecoveryPolicy(max_retries=0)
    assert decide(seen("PENDING", 30), NOW, policy, 0).verdict is Verdict.GIVE_UP


@pytest.mark.parametrize("kwargs", [{"pending_after": dt.timedelta(0)}, {"silent_after": dt.timedelta(-1)},
                                    {"max_retries": -1}])
def test_nonsense_thresholds_are_refused(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        RecoveryPolicy(**kwargs)  # type: ignore[arg-type]
