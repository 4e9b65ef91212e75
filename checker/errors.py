"""The two ways a run cannot do its job (exit 2): bad input from the command line, or an
unusable policy, pack, catalogue or configuration file. Everything about a declaration is a
finding instead."""

from __future__ import annotations


class UsageError(Exception):
    """The command cannot do its job with what it was given (exit 2)."""


class PolicyError(Exception):
    """A policy, pack, catalogue or configuration file cannot be used (exit 2).

    The message names the file, line and column, and what to change.
    """
