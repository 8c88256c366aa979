"""Named exceptions and the exit codes the CLI maps them to.

Every message names the input and says what to do about it; the CLI prints it on one line
with no traceback.
"""

from __future__ import annotations

# Exit codes of the ``crisisdesk`` command (documented in the README).
EXIT_OK = 0
EXIT_SOME_FAILED = 1  # the batch ran, some documents could not be read or extracted
EXIT_USAGE = 2  # bad arguments or options (click's own code for usage errors)
EXIT_ALL_FAILED = 3  # nothing could be processed
EXIT_SETUP = 4  # a required model or package is missing
EXIT_STORE = 5  # the database could not be opened or written


class CrisisdeskError(Exception):
    """Base class of every error crisisdesk raises on purpose."""

    exit_code = EXIT_USAGE


class ModelMissingError(CrisisdeskError):
    """The spaCy English pipeline (or another registry-shipped model) is not installed."""

    exit_code = EXIT_SETUP


class ReadError(CrisisdeskError):
    """One input could not be read as a report: its message names the input and the reason."""

    exit_code = EXIT_SOME_FAILED

    def __init__(self, origin: str, reason: str) -> None:
        super().__init__(f"{origin}: {reason}")
        self.origin = origin
        self.reason = reason


class StoreError(CrisisdeskError):
    """The database could not be opened, migrated or written."""

    exit_code = EXIT_STORE


class GoldFileError(CrisisdeskError):
    """A gold file for ``eval`` is missing, malformed or points at missing texts."""

    exit_code = EXIT_USAGE
