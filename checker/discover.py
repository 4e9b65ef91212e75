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


def changed_since(ref: str, targets: list[Target]) -> list[Target]:
    """The targets git reports as changed since `ref` (committed, staged, unstaged or new),
    and every target below a changed configuration file, whose change affects them all."""
    import subprocess

    def git(*args: str) -> list[str]:
        try:
            done = subprocess.run(
                ["git", *args], capture_output=True, text=True, timeout=60, check=False
            )
        except OSError as error:
            raise DiscoveryError(f"--changed-since needs git: {error}") from None
        if done.returncode != 0:
            reason = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "failed"
            raise DiscoveryError(f"--changed-since {ref}: git {args[0]}: {reason}")
        return [line for line in done.stdout.splitlines() if line]

    top = Path(git("rev-parse", "--show-toplevel")[0])
    changed = git("diff", "--name-only", "--no-renames", "--merge-base", ref, "--")
    changed += git("ls-files", "--others", "--exclude-standard", "--full-name", ":/")
    paths = {(top / name).resolve() for name in changed}
    config_dirs = [p.parent for p in paths if p.name == "llm-choice.config.yaml"]
    return [
        t
        for t in targets
        if t.path.resolve() in paths or any(t.path.resolve().is_relative_to(d) for d in config_dirs)
    ]
