"""Collect the documents of a Woo request from a folder into a content-addressed store, each with a PDF rendition.

The one entry point is :func:`collect_folder`; it never stops on a bad file but records a Dutch error for it.
"""

from woo.documents.collect import collect_folder
from woo.documents.model import CollectedDocument, Collection

__all__ = ["CollectedDocument", "Collection", "collect_folder"]
