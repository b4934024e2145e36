"""A generated, fictitious Woo request for "Gemeente Voorbeeldstad", to demonstrate and test the whole process.

``officials.yaml`` in this package lists the public functionaries in the demo, whose names stay visible.
"""

from woo.demo.cast import Official, officials
from woo.demo.dossier import DemoDossier, build_demo_dossier

__all__ = ["DemoDossier", "Official", "build_demo_dossier", "officials"]
