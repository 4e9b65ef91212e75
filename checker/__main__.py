"""`python -m checker` runs the command-line interface."""

from __future__ import annotations

from checker.cli import entry

entry()
