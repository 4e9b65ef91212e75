"""Paths given on the command line -> the declaration files to check.

In a CI gate every file name comes from the pull request, so discovery trusts none of them:
inside a git work tree it takes the files git tracks or would track (not the ignored ones),
as pre-commit and linters do, rather than guessing from directory names; outside git it
walks the tree and skips only real virtual environments and caches, and it says which
directories it skipped or could not read. A symbolic link is followed only when it leads
to a place inside the root being checked: a link to `~/.ssh/id_rsa` named llm-choice.yaml
becomes a finding, and its target is never read.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from checker.wording import file_kind

DECLARATION_NAMES = ("llm-choice.yaml", "llm-choice.yml")
# outside git: never worth descending into, whatever the tree holds
CACHES = frozenset(
    {".git", ".hg", ".svn", "__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache"}
)
GIT_TIMEOUT = 120


class DiscoveryError(Exception):
    """A path cannot be used: the run cannot do its job (exit 2)."""


@dataclass(frozen=True, slots=True)
class Target:
    """One file to check, with the name findings give it."""

    path: Path
    display: str  # the name used in findings: as the user wrote it, or relative to it
    refused: str = ""  # why the file is not read (a link out of the checked tree)


@dataclass
class Discovery:
    """The targets below some paths, found lazily, and what was passed over on the way."""

    paths: Sequence[str]
    skipped: list[str] = field(default_factory=list)  # "DIR: why", for the user to see
    found: int = 0
    # the file names searched for in directories; None: every file (`scan` reads them all)
    names: tuple[str, ...] | None = DECLARATION_NAMES

    def __iter__(self) -> Iterator[Target]:
        for target in _targets(self.paths, self.skipped, self.names):
            self.found += 1
            yield target


def discover(paths: Sequence[str]) -> list[Target]:
    """Files named are taken as they are; directories are searched for declarations."""
    return list(iter_targets(paths))


def iter_targets(paths: Sequence[str]) -> Iterator[Target]:
    """`discover`, one target at a time: a portfolio of 100,000 files is never held whole.
    Every path is checked before the first target is yielded."""
    return iter(Discovery(paths))


def _targets(
    paths: Sequence[str], skipped: list[str], names: tuple[str, ...] | None = DECLARATION_NAMES
) -> Iterator[Target]:
    if not paths:
        for name in DECLARATION_NAMES:
            if os.path.lexists(name):
                yield _explicit(name)
                return
        raise DiscoveryError(
            "no llm-choice.yaml in this directory: name a file or directory to check"
        )
    for given in paths:
        if not os.path.lexists(given):
            raise DiscoveryError(f"{given}: no such file or directory")
    # a file reached through two of the given paths is yielded once; when they do not
    # overlap, which is usual, nothing is remembered, so memory stays flat however many
    # files there are
    roots = [os.path.realpath(given) for given in paths]
    overlapping = len(set(roots)) < len(roots) or any(
        a != b and b.startswith(a.rstrip(os.sep) + os.sep) for a in roots for b in roots
    )
    seen: set[str] | None = set() if overlapping else None
    for given in paths:
        if os.path.isdir(given) and not os.path.islink(given):
            found: Iterator[Target] = _search(given, skipped, names)
        else:
            found = iter([_explicit(given)])
        for target in found:
            if seen is not None:
                real = os.path.realpath(target.path)
                if real in seen:
                    continue
                seen.add(real)
            yield target


def _explicit(given: str) -> Target:
    """A file named on the command line (by pre-commit, from the pull request's file list):
    a link is followed only to a place inside the repository the file is in."""
    path = Path(given)
    root = repository_root(path.absolute().parent)
    return Target(path, os.path.normpath(given), _escapes(path, root))


def _escapes(path: Path, root: Path) -> str:
    """Why a path is not to be read (a link that leaves `root`, or something that is not a
    regular file, which reading could hang on), or ""."""
    try:
        mode = path.stat().st_mode
    except OSError:
        mode = stat.S_IFREG  # missing or unreadable: reading it says why
    if not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
        return (
            f"the file is a {file_kind(mode)}, not a regular file; it is not read (a "
            "declaration is a file of its own)"
        )
    if not path.is_symlink():
        return ""
    real = Path(os.path.realpath(path))
    if real == root or root in real.parents:
        return ""
    return (
        "the file is a symbolic link to a place outside the tree being checked; it is not "
        "followed (a declaration is a file of its own)"
    )


# -- searching a directory -----------------------------------------------------------------


def _search(
    directory: str, skipped: list[str], names: tuple[str, ...] | None = DECLARATION_NAMES
) -> Iterator[Target]:
    root = Path(os.path.realpath(directory))
    # git is asked only where a .git above says there is a work tree (a process costs time)
    in_work_tree = _holds_repository(repository_root(root))
    tracked = _git_files(directory, skipped, names) if in_work_tree else None
    if tracked is not None:
        yield from _from_git(directory, tracked, root)
        return
    yield from _walk(directory, root, skipped, names)


def _git_files(
    directory: str, skipped: list[str], names: tuple[str, ...] | None = DECLARATION_NAMES
) -> list[str] | None:
    """The declarations git tracks or would track below `directory` (paths relative to it),
    or None when it is not in a git work tree (or git cannot be run)."""
    import subprocess  # only a search inside a work tree runs git: 5 ms of start-up otherwise

    try:
        done = subprocess.run(
            [
                "git",
                "-C",
                directory,
                "ls-files",
                "-z",
                "--cached",
                "--others",
                "--exclude-standard",
                "--",
                *(f":(glob)**/{name}" for name in names or ()),
            ],
            capture_output=True,
            timeout=GIT_TIMEOUT,
            check=False,
        )
    except FileNotFoundError:
        return None  # no git: the tree is walked
    except (OSError, subprocess.TimeoutExpired) as error:
        skipped.append(f"{directory}: git could not list its files ({error}); walked instead")
        return None
    if done.returncode != 0:
        return None  # not a work tree
    names = done.stdout.decode("utf-8", "surrogateescape").split("\0")
    return sorted({name for name in names if name}, key=_walk_order)


def _walk_order(relative: str) -> tuple[str, ...]:
    # the order os.walk gives below: a directory's files, then its subdirectories, by name
    parts = relative.split("/")
    return (*[f"1{p}" for p in parts[:-1]], f"0{parts[-1]}")


def _from_git(directory: str, names: list[str], root: Path) -> Iterator[Target]:
    for name in names:
        path = Path(directory, name)
        try:
            mode = os.lstat(path).st_mode
        except OSError:
            continue  # tracked but deleted in the work tree: nothing to check
        joined = os.path.normpath(os.path.join(directory, name))
        refused = "" if stat.S_ISREG(mode) else _escapes(path, root)
        yield Target(Path(joined), joined, refused)


def _walk(
    directory: str,
    root: Path,
    skipped: list[str],
    names: tuple[str, ...] | None = DECLARATION_NAMES,
) -> Iterator[Target]:
    """The declarations below `directory`, in the order os.walk would give them (a
    directory's subrepositories, its own files, then its other subdirectories, each by
    name). Whether an entry is a directory, a link or a regular file comes with the
    listing, so an ordinary file or directory costs no call of its own: walking a
    portfolio of 100,000 directories is a few calls for each, not seven. Only names are
    kept while the tree is walked, as os.walk keeps them, so memory stays flat."""
    subdirectories: list[str] = []
    links: set[str] = set()  # the subdirectories that are links to one
    declarations: list[tuple[str, bool]] = []  # (name, a regular file and not a link)
    try:
        with os.scandir(directory) as listing:
            for entry in listing:
                if _is_dir(entry):
                    if entry.name not in CACHES:
                        subdirectories.append(entry.name)
                        if entry.is_symlink():
                            links.add(entry.name)
                elif names is None or entry.name in names:
                    declarations.append((entry.name, entry.is_file(follow_symlinks=False)))
    except OSError as error:
        skipped.append(f"{error.filename}: cannot be read ({error.strerror or error})")
        return
    subdirectories.sort()
    kept = []
    for name in subdirectories:
        full = os.path.join(directory, name)
        if _holds_repository(full):
            # a repository of its own (a portfolio of checkouts): what git tracks there
            tracked = _git_files(full, skipped, names)
            if tracked is not None:
                yield from _from_git(full, tracked, root)
                continue
        if os.path.exists(os.path.join(full, "pyvenv.cfg")):
            skipped.append(f"{full}: a virtual environment")
            continue
        if name in links:
            real = Path(os.path.realpath(full))
            if not (real == root or root in real.parents):
                skipped.append(f"{full}: a link to a directory outside the tree")
            # a link to a directory inside the tree is not followed: the directory is
            # searched where it is, so its declarations are found once
            continue
        kept.append(name)
    del subdirectories
    for name, plain in sorted(declarations):
        joined = os.path.normpath(os.path.join(directory, name))
        yield Target(Path(joined), joined, "" if plain else _escapes(Path(joined), root))
    for name in kept:
        yield from _walk(os.path.join(directory, name), root, skipped, names)


def _is_dir(entry: os.DirEntry[str]) -> bool:
    """A directory, or a link to one (as os.walk lists it)."""
    try:
        return entry.is_dir()
    except OSError:
        return False


def _holds_repository(directory: str | Path) -> bool:
    """Whether `directory` is the top of a git work tree (a .git directory with a HEAD, or
    the .git file of a linked work tree or submodule)."""
    dot_git = os.path.join(directory, ".git")
    try:
        mode = os.stat(dot_git).st_mode
    except OSError:
        return False
    return stat.S_ISREG(mode) or (
        stat.S_ISDIR(mode) and os.path.isfile(os.path.join(dot_git, "HEAD"))
    )


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
    and every target below a changed configuration file, whose change affects them all.
    Names are read NUL-separated (`-z`): git quotes unusual names otherwise."""
    import subprocess

    def git(*args: str) -> list[str]:
        try:
            done = subprocess.run(
                ["git", *args], capture_output=True, timeout=GIT_TIMEOUT, check=False
            )
        except OSError as error:
            raise DiscoveryError(f"--changed-since needs git: {error}") from None
        if done.returncode != 0:
            stderr = done.stderr.decode("utf-8", "replace").strip()
            reason = stderr.splitlines()[-1] if stderr else "failed"
            raise DiscoveryError(f"--changed-since {ref}: git {args[0]}: {reason}")
        return [n for n in done.stdout.decode("utf-8", "surrogateescape").split("\0") if n]

    top = Path(git("rev-parse", "--show-toplevel")[0].rstrip("\n"))
    changed = git("diff", "-z", "--name-only", "--no-renames", "--merge-base", ref, "--")
    changed += git("ls-files", "-z", "--others", "--exclude-standard", "--full-name", ":/")
    paths = {(top / name).resolve() for name in changed}
    config_dirs = [p.parent for p in paths if p.name == "llm-choice.config.yaml"]
    return [
        t
        for t in targets
        if t.path.resolve() in paths or any(t.path.resolve().is_relative_to(d) for d in config_dirs)
    ]
