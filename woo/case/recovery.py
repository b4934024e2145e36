"""Which flow runs a dead worker left stranded, and what to do with each: the pure part of self-healing.

A worker killed with its flow processes leaves its runs Pending (never started; Prefect shows "Submitting" or
"Pending") or Running without heartbeats, and the work pool counts them against its limit for good (issue 14).
Prefect's automations mark such runs Crashed (:mod:`woo.deployments.automations`); the recovery sweep
(:mod:`woo.flows.recovery`) then puts a Crashed run of the request flow back to Scheduled, so a live worker
picks it up, at most :attr:`RecoveryPolicy.max_retries` times per run. The sweep also covers what the automations
missed (a server restart, a run that was Pending before the automation existed).

This module only judges what it is shown: a run's state, since when, its last heartbeat and how often it was
recovered before. It knows nothing of Prefect or the store; the orchestration layer gathers those facts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

__all__ = ["Decision", "RecoveryPolicy", "RunSeen", "Verdict", "decide", "stranded_reason"]


class Verdict(StrEnum):
    LEAVE = "leave"  # alive, finished, or waiting for a person: not ours to touch
    RETRY = "retry"  # put back to Scheduled (AwaitingRetry) so a live worker runs it again
    GIVE_UP = "give_up"  # retried often enough: leave it Crashed and tell the process owner


@dataclass(frozen=True)
class RecoveryPolicy:
    """Thresholds: a run Pending longer than ``pending_after`` never started; a Running run without a heartbeat
    for ``silent_after`` lost its process (Prefect sends one every ``PREFECT_FLOWS_HEARTBEAT_FREQUENCY`` s, at
    least 30, so ``silent_after`` should be some three times that). ``max_retries`` automatic retries per run;
    only runs that crashed within ``crashed_within`` are retried."""

    pending_after: dt.timedelta = dt.timedelta(minutes=5)
    silent_after: dt.timedelta = dt.timedelta(minutes=10)
    max_retries: int = 3
    # A run that crashed longer ago than this is left for a person: the first sweep after an upgrade, or after
    # the automations were off, must not restart weeks-old runs in bulk.
    crashed_within: dt.timedelta = dt.timedelta(days=2)

    def __post_init__(self) -> None:
        if min(self.pending_after, self.silent_after, self.crashed_within) <= dt.timedelta(0):
            raise ValueError("recovery thresholds must be positive")
        if self.max_retries < 0:
            raise ValueError("max_retries must be 0 or more")


@dataclass(frozen=True)
class RunSeen:
    """What the sweep saw of one flow run: its state type (``PENDING``, ``RUNNING``, ``CRASHED``, …), when that
    state began, and the last heartbeat (None: none seen in the window looked at)."""

    flow_run_id: str
    state_type: str
    state_since: dt.datetime
    last_heartbeat: dt.datetime | None = None


@dataclass(frozen=True)
class Decision:
    verdict: Verdict
    reason: str  # a code: crashed, pending_stale, heartbeat_stale, alive, not_stranded
    attempt: int  # the automatic retry this would be (1 for the first); for GIVE_UP the retries already done


def stranded_reason(run: RunSeen, now: dt.datetime, policy: RecoveryPolicy) -> str | None:
    """Why ``run`` counts as stranded (a code), or None when it is alive, finished or waiting on purpose."""
    state = run.state_type.upper()
    if state == "CRASHED":
        return "crashed" if now - run.state_since <= policy.crashed_within else None
    if state == "PENDING" and now - run.state_since >= policy.pending_after:
        return "pending_stale"
    if state == "RUNNING":
        # A run that just started has had no chance to beat yet: count from the later of the two moments.
        last_sign = max(run.state_since, run.last_heartbeat) if run.last_heartbeat else run.state_since
        if now - last_sign >= policy.silent_after:
            return "heartbeat_stale"
    return None


def decide(run: RunSeen, now: dt.datetime, policy: RecoveryPolicy, retries_so_far: int) -> Decision:
    """Retry a stranded run until it has been retried ``max_retries`` times; then give up (once, by the caller
    recording it); leave every other run alone."""
    reason = stranded_reason(run, now, policy)
    if reason is None:
        return Decision(Verdict.LEAVE, "alive" if run.state_type.upper() in ("PENDING", "RUNNING")
                        else "not_stranded", retries_so_far)
    if retries_so_far >= policy.max_retries:
        return Decision(Verdict.GIVE_UP, reason, retries_so_far)
    return Decision(Verdict.RETRY, reason, retries_so_far + 1)
