"""Paths given on the command line -> the declaration files to check.

In a CI gate every file name comes from the pull request, so discovery trusts none of them:
inside a git work tree it takes the files git tracks or would track (not the ignored ones),
as pre-commit and linters do, rather than guessing from directory names; outside git it
walks the tree and skips only real virtual environments and caches, and it says which
directories it skipped or could not read. A symbolic link is followed only when it leads
to a regular file inside the root being checked, and inside a work tree only to one git
tracks: a link to `~/.ssh/id_rsa`, or to a token an earlier CI step wrote into the
workspace, named llm-choice.yaml becomes a finding, and its target is never read. Where git
should answer and cannot, discovery stops with an error that says what to do: it never
falls back to guessing.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checker.errors import UsageError
from checker.support.wording import file_kind

DECLARATION_NAMES = ("llm-choice.yaml", "llm-choice.yml")
# outside git: never worth descending into, whatever the tree holds
CACHES = frozenset(
    {".git", ".hg", ".svn", "__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache"}
)
GIT_TIMEOUT = 120


class DiscoveryError(UsageError):
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
    work_tree = root if _holds_repository(root) else None
    return Target(path, os.path.normpath(given), _escapes(path, root, work_tree))


def _escapes(path: Path, root: Path, work_tree: Path | None = None) -> str:
    """Why a path is not to be read (a link that leaves `root`, or leads to a file the git
    work tree at `work_tree` does not track; something that is not a regular file, which
    reading could hang on), or ""."""
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
    if not (real == root or root in real.parents):
        return (
            "the file is a symbolic link to a place outside the tree being checked; it is not "
            "followed (a declaration is a file of its own)"
        )
    if work_tree is not None and not _tracked(work_tree, real):
        # an untracked file is one the pull request did not show a reviewer, or one an
        # earlier step of the job wrote (a token, a credentials file)
        return (
            "the file is a symbolic link to a file git does not track; it is not followed "
            "(a declaration is a file of its own, committed with the change)"
        )
    return ""


def _tracked(root: Path, real: Path) -> bool:
    """Whether git tracks `real` (a file in the work tree at `root`)."""
    if not real.is_relative_to(root):
        return False
    relative = real.relative_to(root).as_posix()
    done = _run_git(
        ["-C", str(root), "ls-files", "-z", "--cached", "--", f":(literal){relative}"], str(root)
    )
    return bool(done.stdout.strip(b"\0"))


def _run_git(args: list[str], directory: str) -> Any:
    """git's answer for a work tree, or a DiscoveryError saying how to make git answer: a
    work tree whose files git cannot list is never walked as if it were a plain directory
    (that is how a container job with another user's checkout used to check nothing)."""
    import subprocess  # only a search inside a work tree runs git: 5 ms of start-up otherwise

    try:
        done = subprocess.run(["git", *args], capture_output=True, timeout=GIT_TIMEOUT, check=False)
    except FileNotFoundError:
        raise DiscoveryError(
            f"{directory} is in a git work tree, but git is not installed: install git "
            "(declarations are the files git tracks there)"
        ) from None
    except (OSError, subprocess.TimeoutExpired) as error:
        raise DiscoveryError(
            f"{directory}: git could not list the files of its work tree ({error}): "
            "make git work there, then run again"
        ) from None
    if done.returncode != 0:
        stderr = done.stderr.decode("utf-8", "replace").strip()
        reason = stderr.splitlines()[-1] if stderr else f"exit status {done.returncode}"
        advice = "make git work there, then run again"
        if "safe.directory" in stderr or "dubious ownership" in stderr:
            advice = (
                "the checkout belongs to another user (a container job): mark it safe with "
                f"`git config --global --add safe.directory {directory}`, then run again"
            )
        raise DiscoveryError(
            f"{directory}: git could not list the files of its work tree ({reason}): {advice}"
        )
    return done


# -- searching a directory -----------------------------------------------------------------


def _search(
    directory: str, skipped: list[str], names: tuple[str, ...] | None = DECLARATION_NAMES
) -> Iterator[Target]:
    root = Path(os.path.realpath(directory))
    # git is asked only where a .git above says there is a work tree (a process costs time)
    top = repository_root(root)
    if _holds_repository(top):
        yield from _from_git(directory, _git_files(directory, skipped, names), root, top)
        return
    yield from _walk(directory, root, skipped, names)


def _git_files(
    directory: str, skipped: list[str], names: tuple[str, ...] | None = DECLARATION_NAMES
) -> list[str]:
    """The declarations (or, with `names` None, every file) git tracks or would track below
    `directory` (paths relative to it), which is in a git work tree; a DiscoveryError when
    git cannot say."""
    done = _run_git(
        [
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
        directory,
    )
    names = done.stdout.decode("utf-8", "surrogateescape").split("\0")
    return sorted({name for name in names if name}, key=_walk_order)


def _walk_order(relative: str) -> tuple[str, ...]:
    # the order os.walk gives below: a directory's files, then its subdirectories, by name
    parts = relative.split("/")
    return (*[f"1{p}" for p in parts[:-1]], f"0{parts[-1]}")


def _from_git(directory: str, names: list[str], root: Path, top: Path) -> Iterator[Target]:
    """The declarations git names below `directory`, in the work tree at `top` (links are
    followed only within `root`, to files git tracks)."""
    for name in names:
        path = Path(directory, name)
        try:
            mode = os.lstat(path).st_mode
        except OSError:
            continue  # tracked but deleted in the work tree: nothing to check
        joined = os.path.normpath(os.path.join(directory, name))
        refused = "" if stat.S_ISREG(mode) else _escapes(path, root, top)
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
            top = Path(os.path.realpath(full))
            yield from _from_git(full, _git_files(full, skipped, names), root, top)
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


def changed_since(ref: str, targets: list[Target], paths: Sequence[str] = ()) -> list[Target]:
    """The targets git reports as changed since `ref` (committed, staged, unstaged or new),
    and every target below a changed configuration file, whose change affects them all.
    A declaration below `paths` that the change deleted, or renamed to a name that is not a
    declaration's, is a target of its own, refused: the change takes a project out of the
    gate, and that is for a reviewer to see, not for the gate to pass in silence. Names are
    read NUL-separated (`-z`): git quotes unusual names otherwise."""
    import subprocess

    def git(*args: str) -> list[str]:
        try:
            done = subprocess.run(
                ["git", *args], capture_output=True, timeout=GIT_TIMEOUT, check=False
            )
        except (OSError, subprocess.TimeoutExpired) as error:
            raise DiscoveryError(f"--changed-since needs git: {error}") from None
        if done.returncode != 0:
            stderr = done.stderr.decode("utf-8", "replace").strip()
            reason = stderr.splitlines()[-1] if stderr else "failed"
            raise DiscoveryError(f"--changed-since {ref}: git {args[0]}: {reason}")
        return [n for n in done.stdout.decode("utf-8", "surrogateescape").split("\0") if n]

    top = Path(git("rev-parse", "--show-toplevel")[0].rstrip("\n"))
    status = git("diff", "-z", "--name-status", "-M", "--merge-base", ref, "--")
    changed, gone = _changes(status)
    changed += git("ls-files", "-z", "--others", "--exclude-standard", "--full-name", ":/")
    paths_changed = {(top / name).resolve() for name in changed}
    config_dirs = [p.parent for p in paths_changed if p.name == "llm-choice.config.yaml"]
    kept = [
        t
        for t in targets
        if t.path.resolve() in paths_changed
        or any(t.path.resolve().is_relative_to(d) for d in config_dirs)
    ]
    roots = [Path(os.path.realpath(given)) for given in paths or ["."]]
    for name, became in gone:
        where = (top / name).resolve(strict=False)
        if not any(where == r or where.is_relative_to(r) for r in roots):
            continue
        shown = os.path.relpath(where) if where.is_relative_to(Path.cwd()) else str(where)
        how = f"renamed to {became}" if became else "deleted"
        kept.append(
            Target(
                Path(shown),
                shown,
                f"the declaration was {how} since {ref}: the change takes its project out of "
                "the gate; if the project is gone, say so in the change's review and check "
                "it without --changed-since",
            )
        )
    return kept


def _changes(status: list[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """From `git diff -z --name-status -M`: the names changed or added, and the
    declarations deleted or renamed away from a declaration's name (with the new name)."""
    changed: list[str] = []
    gone: list[tuple[str, str]] = []
    fields = iter(status)
    for kind in fields:
        if kind[:1] in ("R", "C"):
            old, new = next(fields, ""), next(fields, "")
            changed.append(new)
            away = Path(old).name in DECLARATION_NAMES and Path(new).name not in DECLARATION_NAMES
            if kind[:1] == "R" and away:
                gone.append((old, new))
            continue
        name = next(fields, "")
        if kind == "D" and Path(name).name in DECLARATION_NAMES:
            gone.append((name, ""))
        elif kind != "D":
            changed.append(name)
    return changed, gone
