"""``deployments/prefect.yaml`` (the ``prefect deploy`` route) declares what ``woo deploy`` and ``woo serve`` do:
the same deployments, descriptions, schedule and queues, with entrypoints that load the very flows."""

from __future__ import annotations

import importlib
from pathlib import Path

import yaml

from woo.deployments import DEPLOYMENTS, RECOVERY, DeploymentSpec

ROOT = Path(__file__).resolve().parents[2]


def _declared() -> dict[str, dict]:
    data = yaml.safe_load((ROOT / "deployments" / "prefect.yaml").read_text(encoding="utf-8"))
    return {d["name"]: d for d in data["deployments"]}


def _flow(entrypoint: str):
    """The flow an entrypoint names; ``flows/x.py`` is installed as ``woo.flows.x`` (package-dir)."""
    path, name = entrypoint.split(":")
    assert (ROOT / path).is_file(), path
    return getattr(importlib.import_module("woo." + path.removesuffix(".py").replace("/", ".")), name)


def test_the_file_declares_every_deployment_as_specified() -> None:
    declared = _declared()
    specs: list[DeploymentSpec] = [*DEPLOYMENTS, RECOVERY]
    assert set(declared) == {s.name for s in specs}
    for spec in specs:
        entry = declared[spec.name]
        assert entry["description"] == spec.description and tuple(entry["tags"]) == spec.tags
        assert _flow(entry["entrypoint"]).name == spec.flow
        crons = [(s["cron"], s["timezone"]) for s in entry.get("schedules", [])]
        assert crons == ([(spec.cron, spec.timezone)] if spec.cron else [])
        assert entry["work_pool"]["name"] == "woo"


def test_the_watch_and_the_sweep_are_urgent_and_the_sweep_runs_alone() -> None:
    declared = _declared()
    assert declared["woo-request"]["work_pool"]["work_queue_name"] == "normal"
    assert declared["deadline-watch"]["work_pool"]["work_queue_name"] == "urgent"
    assert declared["run-recovery"]["work_pool"]["work_queue_name"] == "urgent"
    assert declared["run-recovery"]["concurrency_limit"] == 1
