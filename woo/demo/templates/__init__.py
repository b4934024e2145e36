"""Text and HTML templates from which the demo dossier's documents are generated (package data)."""
