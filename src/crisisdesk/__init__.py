"""crisisdesk: news reports about a crisis in, a sourced, geocoded, dated record out.

The stages of DESIGN.md are packages: ``read`` -> ``extract`` -> ``store`` -> (``reconcile``)
-> ``present``; ``evaluate`` scores extraction against gold files. This module re-exports the
small public API; everything else may change between versions.
"""

from __future__ import annotations

from importlib.metadata import version

from crisisdesk.errors import CrisisdeskError, ModelMissingError, ReadError, StoreError
from crisisdesk.evaluate import evaluate
from crisisdesk.extract import extract
from crisisdesk.read import read_inputs
from crisisdesk.records import Actor, Claim, Document, DocumentFacts, Event, Label, Place
from crisisdesk.store import Store, open_store

__version__ = version("crisisdesk")

__all__ = [
    "Actor",
    "Claim",
    "CrisisdeskError",
    "Document",
    "DocumentFacts",
    "Event",
    "Label",
    "ModelMissingError",
    "Place",
    "ReadError",
    "Store",
    "StoreError",
    "__version__",
    "evaluate",
    "extract",
    "open_store",
    "read_inputs",
]
