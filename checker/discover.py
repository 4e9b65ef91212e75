"""Paths given on the command line -> the declaration files to check."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
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
    return list(iter_targets(paths))


def iter_targets(paths: Sequence[str]) -> Iterator[Target]:
    """`discover`, one target at a time: a portfolio of 100,000 files is never held whole.

    Every path is checked before the first target is yielded. A file reached through two
    of the given paths is yielded once; when the paths do not overlap, which is usual,
    no record of what was seen is kept at all.
    """
    if not paths:
        for name in DECLARATION_NAMES:
            if Path(name).is_file():
                yield Target(Path(name), name)
                return
        raise DiscoveryError(
            "no llm-choice.yaml in this directory: name a file or directory to check"
        )
    for given in paths:
        if not os.path.exists(given):
            raise DiscoveryError(f"{given}: no such file or directory")
    roots = [os.path.realpath(given) for given in paths]
    overlapping = len(set(roots)) < len(roots) or any(
        a != b and b.startswith(a.rstrip(os.sep) + os.sep) for a in roots for b in roots
    )
    seen: set[str] | None = set() if overlapping else None
    for given in paths:
        if os.path.isdir(given):
            found: Iterable[Target] = _search(given)
        else:
            found = [Target(Path(given), os.path.normpath(given))]
        for target in found:
            if seen is not None:
                real = os.path.realpath(target.path)
                if real in seen:
                    continue
                seen.add(real)
            yield target


def _search(directory: str) -> Iterator[Target]:
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
                yield Target(Path(joined), joined)


def repository_root(start: Path) -> Path:
    """The work tree `start` is in (the nearest directory above holding .git), else `start`:
    what paths in reports are relative to."""
    here = start.resolve()
    for candidate in (here, *here.parents):
        if (candidate / ".git").exists():
            return candidate
    return here


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
