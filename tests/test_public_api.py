"""The public API is small and pinned: a change to it is a deliberate change to this list."""

from __future__ import annotations

import crisisdesk


def test_exported_members_are_pinned() -> None:
    assert crisisdesk.__all__ == [
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
    for name in crisisdesk.__all__:
        assert hasattr(crisisdesk, name), name
