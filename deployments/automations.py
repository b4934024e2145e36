"""The Prefect automation that tells the process owner when a request's decision date is at risk.

The daily watch emits ``woo.deadline.at-risk`` per request (number, dates, days left; the request's flow run as
related resource). ``woo serve`` sets up, idempotently, a webhook notification block and an automation that
posts a Dutch notice for each such event to ``WOO_NOTIFY_WEBHOOK`` (a chat channel, a ticket system, a mail
gateway). The notice holds the number, the dates and the days left: nothing personal.
"""

from __future__ import annotations

import datetime as dt
from typing import cast
from uuid import UUID

from woo.settings import get_settings

AUTOMATION_NAME = "woo-termijn-in-gevaar"
BLOCK_NAME = "woo-termijnmelding"

SUBJECT = "Woo-termijn in gevaar: {{ event.resource['woo.request.number'] }}"
BODY = ("Verzoek {{ event.resource['woo.request.number'] }} moet uiterlijk {{ event.payload.decision_due }} "
        "beslist zijn; nog {{ event.payload.days_left }} dag(en) (gecontroleerd op {{ event.payload.checked_on }}). "
        "Zoek het nummer in de lijst met flow runs of in `woo status`.")


def ensure_deadline_automation(webhook: str | None = None) -> UUID | None:
    """Create or update the notification block and the automation; None when no webhook is set."""
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
    with get_client(sync_client=True) as client:
        existing = client.read_automations_by_name(AUTOMATION_NAME)
        if existing:
            client.update_automation(existing[0].id, automation)
            return existing[0].id
        return client.create_automation(automation)
