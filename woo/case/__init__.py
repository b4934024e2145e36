"""The case: a request's state (status, resolution, steps), the repository that reads it and the unit of work
that changes it. Every store query of the system is a named method of :class:`Repository`."""

from woo.case.repository import Repository
from woo.case.status import CLOSED, RequestStatus, Resolution, Step
from woo.case.uow import UnitOfWork

__all__ = ["CLOSED", "Repository", "RequestStatus", "Resolution", "Step", "UnitOfWork"]
