"""The redaction review page: each page of each document as an image with the proposed boxes, served by FastAPI.

An official accepts or rejects proposals by sight, draws or selects extra redactions with a ground, and submits;
the answer takes the same path as ``woo answer`` (``woo.cli.answering``): validated, free text stored in the
store, the waiting Prefect run resumed with references only. Documents are read from the store's files here and
never reach Prefect. ``woo serve`` serves the page beside the deployments; ``woo review-page`` serves it alone.
"""
