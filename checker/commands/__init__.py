"""One module per sub-command; each exposes `run(args) -> exit code`."""

from __future__ import annotations


class UsageError(Exception):
    """The command cannot do its job with what it was given (exit 2)."""
