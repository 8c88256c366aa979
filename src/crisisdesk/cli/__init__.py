"""The ``crisisdesk`` command. The group and shared options are in ``common``; each module
beside it holds the commands of one stage, registered by importing it here."""

from crisisdesk.cli import commands as commands
from crisisdesk.cli import failures as failures
from crisisdesk.cli import serve as serve
from crisisdesk.cli import situation as situation
from crisisdesk.cli.common import main

__all__ = ["main"]
