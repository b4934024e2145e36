"""The flow's tasks: thin wrappers that run one step of ``woo.process`` each, with retries.

Each task imports its step inside its body: every resume of a suspended run starts a new process that imports
the flow, and a run that only records an answer should not load what the steps need (PyMuPDF, WeasyPrint).
"""
