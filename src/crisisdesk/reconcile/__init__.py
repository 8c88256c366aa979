"""Reconcile: every document's facts in, one :class:`Situation` out (DESIGN.md, reconcile).

Cross-document and deterministic: the same documents give the same situation, ids and order.
Entry points: :func:`reconcile` (documents with their facts) and :func:`reconcile_store`
(everything in a store); the steps are numbered in :mod:`crisisdesk.reconcile.run`.
"""

from crisisdesk.reconcile.items import ReconcileItem
from crisisdesk.reconcile.run import reconcile, reconcile_store
from crisisdesk.reconcile.situation import (
    STATUSES,
    ClaimGroup,
    DocumentEntry,
    FramingCell,
    LedgerClaim,
    Mention,
    ResolvedActor,
    ResolvedPlace,
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
    "ReconcileItem",
    "ResolvedActor",
    "ResolvedPlace",
    "Situation",
    "SituationEvent",
    "reconcile",
    "reconcile_store",
]
