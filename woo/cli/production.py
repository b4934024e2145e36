"""``woo deploy`` sets up the production profile; ``woo doctor`` checks that production can work, in Dutch.

``woo doctor`` looks at what broke in issue 14's trial run: library versions that do not work together (Prefect
3.8's scheduler on SQLAlchemy 2.1, its server on FastAPI >= 0.155), the store, the SMTP server, the Prefect
server, the work pool (limits, queues, a live worker) and the daily watch's schedule (runs actually planned). Each
check prints one line; the exit code is 1 when any check fails, 0 otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import metadata

import typer
from rich.console import Console

__all__ = ["Check", "checks", "deploy_command", "doctor"]

_EXIT_PROBLEMS = 1


@dataclass(frozen=True)
class Check:
    """One finding: what was checked, whether it holds, and in Dutch what it means or what to do."""

    name: str
    ok: bool
    message: str
    warning: bool = False
    """Not wrong, but worth knowing (e.g. letters written as files because no SMTP server is set)."""


def _version(package: str) -> tuple[int, ...] | None:
    try:
        text = metadata.version(package)
    except metadata.PackageNotFoundError:
        return None
    parts: list[int] = []
    for part in text.split(".")[:3]:
        digits = "".join(c for c in part if c.isdigit())
        parts.append(int(digits or 0))
    return tuple(parts)


def _versions() -> list[Check]:
    prefect, sqlalchemy, fastapi = _version("prefect"), _version("sqlalchemy"), _version("fastapi")
    shown = ", ".join(f"{n} {'.'.join(map(str, v))}" for n, v in
                      (("Prefect", prefect), ("SQLAlchemy", sqlalchemy), ("FastAPI", fastapi)) if v)
    found: list[Check] = []
    if prefect is None:
        return [Check("versies", False, "Prefect is niet geïnstalleerd.")]
    if prefect < (3, 9) and sqlalchemy is not None and sqlalchemy >= (2, 1):
        found.append(Check("versies", False, f"{shown}: de planner van Prefect {'.'.join(map(str, prefect))} werkt "
                           "niet met SQLAlchemy 2.1 of nieuwer; geplande runs (de dagelijkse termijnbewaking) worden "
                           "dan nooit aangemaakt. Installeer 'sqlalchemy<2.1'."))
    if prefect < (3, 9) and fastapi is not None and fastapi >= (0, 155):
        found.append(Check("versies", False, f"{shown}: de Prefect-server start niet met FastAPI 0.155 of nieuwer. "
                           "Installeer 'fastapi<0.151'."))
    return found or [Check("versies", True, f"{shown}: werken samen.")]


def _store() -> Check:
    from woo.settings import get_settings
    from woo.store.db import ping

    url = get_settings().sqlalchemy_url
    kind = "PostgreSQL" if url.startswith("postgresql") else "SQLite"
    try:
        ping()
    except Exception as exc:
        return Check("database", False, f"De database ({kind}) is niet bereikbaar ({type(exc).__name__}); "
                     "controleer WOO_DATABASE_URL.")
    return Check("database", True, f"{kind} bereikbaar, schema bijgewerkt.")


def _smtp() -> Check:
    import smtplib  # here: `woo --help` and the reading commands need no mail client

    from woo.settings import get_settings

    settings = get_settings()
    if not settings.smtp_host:
        return Check("SMTP", True, "Geen SMTP-server ingesteld: brieven worden als .eml in de outbox-map gezet.",
                     warning=True)
    try:
        with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=10) as smtp:
            smtp.noop()
    except (OSError, smtplib.SMTPException) as exc:
        return Check("SMTP", False, f"SMTP-server {settings.smtp_host}:{settings.smtp_port} is niet bereikbaar "
                     f"({type(exc).__name__}); brieven blijven in de wachtrij tot hij weer antwoordt.")
    return Check("SMTP", True, f"SMTP-server {settings.smtp_host}:{settings.smtp_port} antwoordt.")


def _prefect() -> list[Check]:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import (
        DeploymentFilter,
        DeploymentFilterId,
        FlowRunFilter,
        FlowRunFilterState,
        FlowRunFilterStateType,
    )
    from prefect.client.schemas.objects import StateType
    from prefect.exceptions import ObjectNotFound
    from prefect.settings import PREFECT_API_URL

    from woo.deployments import WATCH
    from woo.settings import get_settings

    pool_name = get_settings().work_pool
    if not PREFECT_API_URL.value():
        return [Check("Prefect-server", False, "Geen Prefect-server ingesteld (PREFECT_API_URL); zonder server geen "
                      "wachtpunten, werkpool of dagelijkse termijnbewaking.")]
    found: list[Check] = []
    with get_client(sync_client=True) as client:
        error = client.api_healthcheck()
        if error is not None:
            return [Check("Prefect-server", False, f"De Prefect-server op {PREFECT_API_URL.value()} antwoordt niet "
                          f"({type(error).__name__}).")]
        found.append(Check("Prefect-server", True, f"{PREFECT_API_URL.value()} antwoordt."))
        if pool_name:
            found += _pool(client, pool_name)
        try:
            deployment = client.read_deployment_by_name(WATCH.full_name)
        except ObjectNotFound:
            found.append(Check("planning", False, "De deployment van de termijnbewaking ontbreekt; voer 'woo deploy' "
                               "uit (of 'woo serve' voor een kleine opstelling)."))
            return found
        active = [s for s in deployment.schedules if s.active]
        if not active or deployment.paused:
            found.append(Check("planning", False, "De termijnbewaking heeft geen actief schema; zet het aan in de "
                               "Prefect-UI of voer 'woo deploy' opnieuw uit."))
            return found
        planned = client.read_flow_runs(
            deployment_filter=DeploymentFilter(id=DeploymentFilterId(any_=[deployment.id])),
            flow_run_filter=FlowRunFilter(state=FlowRunFilterState(
                type=FlowRunFilterStateType(any_=[StateType.SCHEDULED]))), limit=5)
        if not planned:
            found.append(Check("planning", False, "De termijnbewaking heeft een schema maar geen geplande runs: de "
                               "planner van de Prefect-server maakt ze niet aan. Kijk in het serverlog (bij Prefect "
                               "3.8 met SQLAlchemy 2.1: 'Can't evaluate bulk DML statement')."))
        else:
            first = min(r.expected_start_time for r in planned if r.expected_start_time)
            found.append(Check("planning", True, f"Termijnbewaking gepland, eerstvolgende run {first:%Y-%m-%d %H:%M} "
                               "(UTC)."))
    return found


def _pool(client: object, pool_name: str) -> list[Check]:
    from prefect.client.orchestration import SyncPrefectClient
    from prefect.exceptions import ObjectNotFound

    assert isinstance(client, SyncPrefectClient)
    try:
        pool = client.read_work_pool(pool_name)
    except ObjectNotFound:
        return [Check("werkpool", False, f"Werkpool '{pool_name}' bestaat niet; voer 'woo deploy' uit.")]
    found: list[Check] = []
    if pool.concurrency_limit is None:
        found.append(Check("werkpool", False, f"Werkpool '{pool_name}' heeft geen limiet: een piek aan verzoeken "
                           "start alles tegelijk en put de database van de server uit. Voer 'woo deploy' uit."))
    missing = []
    for queue in ("urgent", "normal"):
        try:
            client.read_work_queue_by_name(queue, work_pool_name=pool_name)
        except ObjectNotFound:
            missing.append(queue)
    if missing:
        found.append(Check("werkpool", False, f"Werkpool '{pool_name}' mist wachtrij(en) {', '.join(missing)}; voer "
                           "'woo deploy' uit."))
    workers = [w for w in client.read_workers_for_work_pool(pool_name) if str(w.status).lower().endswith("online")]
    if not workers:
        found.append(Check("werkpool", False, f"Geen actieve worker in werkpool '{pool_name}': runs blijven wachten. "
                           f"Start er een met 'prefect worker start --pool {pool_name}'."))
    if not found:
        found.append(Check("werkpool", True, f"Werkpool '{pool_name}': ten hoogste {pool.concurrency_limit} tegelijk, "
                           f"wachtrijen urgent en normal, {len(workers)} worker(s) actief."))
    return found


def checks() -> list[Check]:
    """Every check, in the order ``woo doctor`` prints them."""
    found = [*_versions(), _store(), _smtp()]
    try:
        found += _prefect()
    except Exception as exc:  # a server that answers oddly is a finding, not a crash of the doctor
        found.append(Check("Prefect-server", False, f"Controle van de Prefect-server mislukt ({type(exc).__name__})."))
    return found


def doctor() -> None:
    """Controleer versies, database, SMTP, Prefect-server, werkpool en planning; zeg in gewone taal wat er mis is."""
    console = Console(highlight=False)
    found = checks()
    for check in found:
        mark = "[green]✓[/]" if check.ok and not check.warning else "[yellow]![/]" if check.ok else "[red]✗[/]"
        console.print(f"{mark} {check.name}: ", end="")
        console.print(check.message, markup=False)
    failed = [c for c in found if not c.ok]
    if failed:
        console.print(f"[red]{len(failed)} probleem/problemen gevonden.[/]")
        raise typer.Exit(_EXIT_PROBLEMS)
    console.print("[green]Alles in orde.[/]")


def deploy_command() -> None:
    """Richt de werkpool in (limieten, wachtrijen urgent en normal) en zet de flows erin; veilig om te herhalen."""
    from prefect.client.orchestration import get_client
    from prefect.settings import PREFECT_API_URL

    from woo.deployments.production import apply_profile, deploy, profile_from_settings

    console = Console(highlight=False)
    if not PREFECT_API_URL.value():
        console.print("[red]Geen Prefect-server ingesteld (PREFECT_API_URL).[/]")
        raise typer.Exit(2)
    profile = profile_from_settings()
    with get_client(sync_client=True) as client:
        for line in apply_profile(client, profile):
            console.print(line, markup=False)
        for name in deploy(client, profile):
            console.print(f"deployment {name} in werkpool '{profile.pool}'", markup=False)
