"""The Prefect automation that tells the process owner when a request's decision date is at risk.

The daily watch emits ``woo.deadline.at-risk`` per request (number, dates, days left; the request's flow run as
related resource). ``woo serve`` sets up, idempotently, a webhook notification block and an automation that
posts a Dutch notice for each such event to ``WOO_NOTIFY_WEBHOOK`` (a chat channel, a ticket system, a mail
gateway). The notice holds the number, the dates and the days left: nothing personal.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, cast
from uuid import UUID

from woo.settings import get_settings

AUTOMATION_NAME = "woo-termijn-in-gevaar"
BLOCK_NAME = "woo-termijnmelding"

SUBJECT = "Woo-termijn in gevaar: {{ event.resource['woo.request.number'] }}"
BODY = ("Verzoek {{ event.resource['woo.request.number'] }} moet uiterlijk {{ event.payload.decision_due }} "
        "beslist zijn; nog {{ event.payload.days_left }} dag(en) (gecontroleerd op {{ event.payload.checked_on }}). "
        "Zoek het nummer in de lijst met flow runs of in `woo status`.")


EXHAUSTED_NAME = "woo-herstel-opgegeven"
EXHAUSTED_SUBJECT = "Woo-verzoek {{ event.resource['prefect.resource.name'] }}: automatisch herstel opgegeven"
EXHAUSTED_BODY = ("De flow-run van verzoek {{ event.resource['prefect.resource.name'] }} is vastgelopen "
                  "({{ event.payload.reason }}) en na {{ event.payload.attempt }} automatische herstart(s) niet "
                  "opnieuw ingepland. Bekijk de run in Prefect en start het verzoek zo nodig opnieuw met `woo rerun`.")


def ensure_deadline_automation(webhook: str | None = None) -> UUID | None:
    """Create or update the notification block and its automations (deadline at risk; self-healing gave up);
    the deadline automation's id, None when no webhook is set."""
    from prefect import get_client
    from prefect.blocks.notifications import CustomWebhookNotificationBlock
    from prefect.events.actions import SendNotification
    from prefect.events.schemas.automations import AutomationCore, EventTrigger, Posture

    url = webhook or get_settings().notify_webhook
    if not url:
        return None
    block = CustomWebhookNotificationBlock(name=BLOCK_NAME, url=url, method="POST", headers=None, cookies=None,
                                           json_data={"onderwerp": "{{subject}}", "tekst": "{{body}}"})
    block_id = cast(UUID, block.save(BLOCK_NAME, overwrite=True))  # sync context: the id, not a coroutine
    trigger = EventTrigger(expect={"woo.deadline.at-risk"}, match={"prefect.resource.id": "woo.request.*"},
                           for_each={"prefect.resource.id"}, posture=Posture.Reactive, threshold=1,
                           within=dt.timedelta(0))
    automation = AutomationCore(
        name=AUTOMATION_NAME, description="Meldt per verzoek dat de beslistermijn bijna verstrijkt "
                                          "(event woo.deadline.at-risk).",
        enabled=True, trigger=trigger,
        actions=[SendNotification(block_document_id=block_id, subject=SUBJECT, body=BODY)])
    # The same channel tells the process owner when self-healing gave up on a request's run.
    exhausted = AutomationCore(
        name=EXHAUSTED_NAME, description="Meldt dat een vastgelopen verzoek-run na het ingestelde aantal automatische "
                                         "herstarts niet opnieuw is ingepland (woo.run.recovery-exhausted).",
        enabled=True, trigger=EventTrigger(expect={"woo.run.recovery-exhausted"},
                                           match={"prefect.resource.id": "woo.request.*"},
                                           for_each={"prefect.resource.id"}, posture=Posture.Reactive, threshold=1,
                                           within=dt.timedelta(0)),
        actions=[SendNotification(block_document_id=block_id, subject=EXHAUSTED_SUBJECT, body=EXHAUSTED_BODY)])
    with get_client(sync_client=True) as client:
        ids = ensure_automations(client, [automation, exhausted])
    return ids[0]


# -- self-healing (issue 14): a dead worker's runs are marked Crashed and the recovery sweep retries them --------

STALLED_PENDING = "woo-run-blijft-in-wachtrij"
STALLED_RUNNING = "woo-run-zonder-hartslag"
RECOVER_CRASHED = "woo-run-herstellen"


def recovery_automations(request_deployment: UUID, recovery_deployment: UUID, *, pending_after: dt.timedelta,
                         silent_after: dt.timedelta) -> list[Any]:
    """The three automations, for the request deployment's runs only (the watch and the sweep are left alone):

    - Pending (or Submitting) with no next state within ``pending_after``: the run never started → Crashed;
    - Running with no heartbeat nor state change within ``silent_after``: its process is gone → Crashed
      (Prefect's documented zombie detection; a run that suspends for a person sends the Suspended event, which
      satisfies the trigger, so waiting runs are never touched);
    - Crashed → start the recovery sweep (:mod:`woo.flows.recovery`), which applies the retry limit and records.
    """
    from prefect.client.schemas.objects import StateType
    from prefect.events.actions import ChangeFlowRunState, RunDeployment
    from prefect.events.schemas.automations import AutomationCore, EventTrigger, Posture
    from prefect.events.schemas.events import ResourceSpecification

    ours = ResourceSpecification({"prefect.resource.id": f"prefect.deployment.{request_deployment}",
                                  "prefect.resource.role": "deployment"})
    runs = ResourceSpecification({"prefect.resource.id": "prefect.flow-run.*"})

    def stalled(name: str, description: str, after: set[str], within: dt.timedelta, message: str,
                force: bool) -> Any:
        # Any later event of the run (a state change, a heartbeat) means it is alive.
        trigger = EventTrigger(after=after, expect={"prefect.flow-run.*"}, match=runs, match_related=ours,
                               for_each={"prefect.resource.id"}, posture=Posture.Proactive, threshold=1,
                               within=within)
        return AutomationCore(name=name, description=description, enabled=True, trigger=trigger,
                              actions=[ChangeFlowRunState(name=None, state=StateType.CRASHED, message=message,
                                                         force=force)])

    crashed = EventTrigger(expect={"prefect.flow-run.Crashed"}, match=runs, match_related=ours,
                           for_each={"prefect.resource.id"}, posture=Posture.Reactive, threshold=1,
                           within=dt.timedelta(0))
    return [
        stalled(STALLED_PENDING, "Een verzoek-run die niet start (werker weg) wordt als gecrasht gemarkeerd.",
                # Events are named after the state's name: a worker's Pending state is called "Submitting".
                {"prefect.flow-run.Pending", "prefect.flow-run.Submitting"}, pending_after,
                "Niet gestart binnen de termijn: de werker is waarschijnlijk weggevallen",
                force=True),  # nothing moves a run stuck in Pending any more; the normal rules may refuse
        stalled(STALLED_RUNNING, "Een verzoek-run zonder hartslag (proces weg) wordt als gecrasht gemarkeerd.",
                {"prefect.flow-run.Running", "prefect.flow-run.heartbeat"}, silent_after,
                "Geen hartslag meer: het proces van deze run is waarschijnlijk weggevallen", force=False),
        AutomationCore(name=RECOVER_CRASHED, description="Start de herstelronde voor een gecrashte verzoek-run "
                                                         "(opnieuw inplannen, ten hoogste het ingestelde aantal keer).",
                       enabled=True, trigger=crashed,
                       actions=[RunDeployment(source="selected", deployment_id=recovery_deployment,
                                              parameters=None, job_variables=None)]),
    ]


def ensure_automations(client: Any, automations: list[Any]) -> list[UUID]:
    """Create or update each automation by name (idempotent: a second deploy changes nothing)."""
    ids: list[UUID] = []
    for automation in automations:
        existing = client.read_automations_by_name(automation.name)
        if existing:
            client.update_automation(existing[0].id, automation)
            ids.append(existing[0].id)
        else:
            ids.append(client.create_automation(automation))
    return ids
