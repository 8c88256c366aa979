"""Reconcile: every document's facts in, one :class:`Situation` out (DESIGN.md, reconcile).

Cross-document and deterministic: the same documents give the same situation, ids and order.
"""

from crisisdesk.reconcile.situation import (
    STATUSES,
    ClaimGroup,
    DocumentEntry,
    FramingCell,
    LedgerClaim,
    Mention,
    ResolvedActor,
    Situation,
    SituationEvent,
)

__all__ = [
    "STATUSES",
    "ClaimGroup",
    "DocumentEntry",
    "FramingCell",
    "LedgerClaim",
    "Mention",
    "ResolvedActor",
    "Situation",
    "SituationEvent",
]
