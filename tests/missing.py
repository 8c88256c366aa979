"""What a test does when something it needs is absent (../shared, a server, a browser)."""

from __future__ import annotations

import os
from typing import NoReturn

import pytest


def unavailable(message: str) -> NoReturn:
    """Skip with ``message`` on a user's machine; fail under CI=true, where .ci/run provides
    everything the tests need, so that nothing is skipped silently there."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)
