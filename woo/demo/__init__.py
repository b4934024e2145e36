"""A generated, fictitious Woo request for "Gemeente Voorbeeldstad", to demonstrate and test the whole process.

``officials.yaml`` in this package lists the public functionaries in the demo, whose names stay visible.
:func:`demo_environment` holds the settings the demo runs with (``woo demo`` sets them unless already set).
"""

import json
from importlib import resources

from woo.demo.cast import DECISION_SIGNER, Official, officials
from woo.demo.dossier import DemoDossier, build_demo_dossier

# The DiWoo schema accepts only publishers on its closed TOOI list, and Voorbeeldstad is fictitious. The demo
# publishes under the code of a municipality that no longer exists (Boskoop, merged into Alphen aan den Rijn in
# 2014), so its metadata validates and can never pass for a living body's; the label is the name every demo
# letter uses, so letters and metadata agree.
DEMO_PUBLISHER_URI = "https://identifier.overheid.nl/tooi/id/gemeente/gm0499"
DEMO_PUBLISHER_LABEL = "Gemeente Voorbeeldstad"


def demo_environment() -> dict[str, str]:
    """``WOO_*`` variables of the demo: its public functionaries, its publisher, and public publication on the
    day of the verstrekking, so one run shows the whole chain (a real body waits some working days)."""
    return {
        "WOO_OFFICIALS_FILE": str(resources.files("woo.demo") / "officials.yaml"),
        "WOO_PUBLISHER_URI": DEMO_PUBLISHER_URI,
        "WOO_PUBLISHER_LABEL": DEMO_PUBLISHER_LABEL,
        "WOO_PUBLICATION_DELAY_DAYS": "0",
        # The decision is signed with mandate by a named official (her user id signs off in answers.yaml).
        "WOO_SIGNATORIES": json.dumps({DECISION_SIGNER.user_id: {"name": DECISION_SIGNER.name,
                                                                 "function": DECISION_SIGNER.role}}),
    }


__all__ = ["DEMO_PUBLISHER_LABEL", "DEMO_PUBLISHER_URI", "DemoDossier", "Official", "build_demo_dossier",
           "demo_environment", "officials"]
