"""Shared fixtures: the spaCy pipeline once per session, and the ../shared development sets.

Tests that read ../shared (seeds, gold) skip with a reason on a clone without it, and fail
instead when CI=true, where it is always present.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.missing import unavailable

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The ../shared folder beside the repository (seeds, dev reports, gold files)."""
    if not (SHARED / "gold" / "seeds.json").is_file():
        unavailable(f"development sets not found at {SHARED} (clone with ../shared beside it)")
    return SHARED
