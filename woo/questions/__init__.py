"""The questions a request asks people at the flow's waiting points: what is asked, the answer's model, the
checks a form cannot express, and where free-text answers are kept (the store, never Prefect)."""
