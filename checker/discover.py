"""Paths given on the command line -> the declaration files to check."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

DECLARATION_NAMES = ("llm-choice.yaml", "llm-choice.yml")
# never worth descending into: version control, dependencies, caches
SKIPPED_DIRECTORIES = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        "node_modules",
        "__pycache__",
        ".tox",
        ".nox",
        ".mypy_cache",
        ".ruff_cache",
        ".pytest_cache",
        ".venv",
        "venv",
        "site-packages",
    }
)


class DiscoveryError(Exception):
    """A path cannot be used: the run cannot do its job (exit 2)."""


@dataclass(frozen=True, slots=True)
class Target:
    path: Path
    display: str  # the name used in findings: as the user wrote it, or relative to it


def discover(paths: Sequence[str]) -> list[Target]:
    """Files named are taken as they are; directories are searched for declarations."""
    if not paths:
        for name in DECLARATION_NAMES:
            if Path(name).is_file():
                return [Target(Path(name), name)]
        raise DiscoveryError(
            "no llm-choice.yaml in this directory: name a file or directory to check"
        )
    targets: dict[Path, Target] = {}
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found = _search(given)
        elif path.exists():
            found = [Target(path, os.path.normpath(given))]
        else:
            raise DiscoveryError(f"{given}: no such file or directory")
        for target in found:
            targets.setdefault(target.path.resolve(), target)
    return list(targets.values())


def _search(directory: str) -> list[Target]:
    found = []
    for root, dirs, files in os.walk(directory):
        dirs[:] = sorted(
            d
            for d in dirs
            if d not in SKIPPED_DIRECTORIES
            and not os.path.exists(os.path.join(root, d, "pyvenv.cfg"))
        )
        for name in sorted(files):
            if name in DECLARATION_NAMES:
                joined = os.path.normpath(os.path.join(root, name))
                found.append(Target(Path(joined), joined))
    return found
