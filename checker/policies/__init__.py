"""The policy engine: packs of policies written as data, compiled once, evaluated per file."""

from __future__ import annotations


class PolicyError(Exception):
    """A policy, pack, catalogue or configuration file cannot be used (exit 2).

    The message names the file, line and column, and what to change.
    """
