"""What the decision letter says about the two moments: the private link, until when it works, and the date of
public publication (:mod:`woo.publication.moments`). Called by the decide step; no database here."""

from __future__ import annotations

from datetime import date
from typing import Any

from woo.publication.moments import plan, share_for
from woo.settings import Settings


def letter_moments(settings: Settings, request_id: str, day: date, disclosure: date | None) -> dict[str, Any]:
    """Fields for :class:`~woo.letters.context.DecisionContext`: the link is made once per request and is the
    one the publish step fills on the verstrekking date."""
    moments = plan(day, disclosure, delay_days=settings.publication_delay_days, link_days=settings.share_link_days)
    share = share_for(settings.request_dir(request_id))
    return {"private_link": share.url(settings.publication_base_url), "private_link_until": moments.link_expires_on,
            "verstrekking_on": moments.verstrekking_on, "public_on": moments.public_on}
