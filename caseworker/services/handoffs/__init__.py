"""Partner handoffs: profiles, the prepare → approve → write flow, and the disclosure ledger."""

from caseworker.services.handoffs.selection import Batch, HandoffSelection
from caseworker.services.handoffs.service import HandoffService

__all__ = ["Batch", "HandoffSelection", "HandoffService"]
