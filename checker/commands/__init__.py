"""One module per sub-command, each exposing `run(args) -> exit code`; here, what they share:
the run's options from the arguments, the outputs asked for and writing them whole."""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import os
import stat
import sys
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

from checker.errors import UsageError
from checker.options import RunOptions, run_options
from checker.render import Output, Subject, find
from checker.report import Report


def options(args: argparse.Namespace) -> RunOptions:
    """The run's options from a command's arguments (each command has its own subset)."""
    return run_options(
        config=args.config,
        packs=args.pack,
        default_policies=not args.no_default_policies,
        today=args.today,
        fail_on=args.fail_on,
        jobs=args.jobs,
        repository=args.repository,
    )


def use_color(choice: str, stream: object) -> bool:
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def requested_outputs(args: argparse.Namespace, default: str) -> list[tuple[str, str | None]]:
    # a first --output with no --format before it writes the default format
    outputs = [(fmt or default, path) for fmt, path in (args.outputs or [[default, None]])]
    to_stdout = [fmt for fmt, path in outputs if path is None or path == "-"]
    if len(to_stdout) > 1:
        raise UsageError(
            f"only one format can go to standard output ({', '.join(to_stdout)} were asked); "
            "give the others --output FILE"
        )
    return outputs


def require_extras(subject: str, outputs: list[tuple[str, str | None]]) -> None:
    """Formats that need an optional extra (HTML: jinja2; a BOM: cyclonedx-python-lib): say
    so before any work."""
    needs = {"html": ("jinja2",), "bom": ("cyclonedx",)}
    for fmt, _ in outputs:
        extra = find(subject, fmt).extra
        missing = [m for m in needs.get(extra, ()) if importlib.util.find_spec(m) is None]
        if missing:
            raise UsageError(
                f"--format {fmt} needs {' and '.join(missing)}, which this installation lacks: "
                f"install llm-choice with its {extra} extra (from its clone: .venv/bin/pip "
                f"install '.[{extra}]')"
            )


def write_outputs(
    subject_kind: Subject,
    subject: Any,
    outputs: list[tuple[str, str | None]],
    color: bool = False,
) -> None:
    """Each requested format once: to standard output (coloured if asked), or to its file
    whole or not at all."""
    for fmt, path in outputs:
        found = find(subject_kind, fmt)
        render = found.load()
        if isinstance(subject, Report) and not found.streams:
            subject = subject.complete()  # a renderer that does not stream reads it whole
        if path is None or path == "-":
            render(subject, Output(sys.stdout, color))
        else:
            write_atomically(path, lambda stream, r=render, s=subject: r(s, Output(stream)))


def write_atomically(path: str, write: Callable[[TextIO], None], what: str | None = None) -> None:
    """The whole file or nothing: written beside the target, then renamed over it. `write`
    writes the content to a stream (a large document is never held in memory whole).

    Only a regular file is replaced: a device, a pipe or a socket (`-o /dev/null`, a named
    pipe a job reads from) is written to directly, as a shell's `>` would; a link is
    replaced, never followed. The temporary file beside the target has an unpredictable name
    and is created exclusively (mkstemp: O_EXCL, never through a link, mode 0600 until it is
    complete), so a file or link planted in a shared directory can neither be written
    through nor read while the output is written. Its name holds this process's id: one a
    killed run left behind is removed by the next run that writes the same output. `what`
    names the file in an error (default: the --output option that named it)."""
    import tempfile  # lazy: only a run writing a file needs it

    target = Path(path)
    try:
        try:
            info = os.lstat(target)
        except FileNotFoundError:
            info = None
        if info is not None and stat.S_ISLNK(info.st_mode):
            with contextlib.suppress(OSError):
                followed = os.stat(target)
                if _special(followed.st_mode):  # /dev/stdout is a link to the job's pipe
                    info = followed
        if info is not None and _special(info.st_mode):
            # a device, a pipe or a socket, opened as it is (`-o /dev/null`)
            with open(target, "w", encoding="utf-8") as stream:
                write(stream)
            return
        regular = info is not None and stat.S_ISREG(info.st_mode)
        mode = stat.S_IMODE(info.st_mode) if regular and info else 0o666 & ~_umask()
        _remove_left_behind(target)
        descriptor, temporary = tempfile.mkstemp(
            prefix=f".{target.name}.llm-choice-{os.getpid()}.",
            suffix=".tmp",
            dir=target.parent if str(target.parent) else ".",
        )
        try:
            with os.fdopen(descriptor, "w", encoding="utf-8") as stream:
                write(stream)
            os.chmod(temporary, mode)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as error:
        raise UsageError(f"{what or '--output ' + path}: {error.strerror or error}") from None


def _special(mode: int) -> bool:
    return stat.S_ISCHR(mode) or stat.S_ISBLK(mode) or stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode)


def _remove_left_behind(target: Path) -> None:
    """Temporary files of earlier runs, for this target, whose process no longer runs."""
    prefix = f".{target.name}.llm-choice-"
    try:
        siblings = list(os.scandir(target.parent if str(target.parent) else "."))
    except OSError:
        return
    for entry in siblings:
        name = entry.name
        if not (name.startswith(prefix) and name.endswith(".tmp")):
            continue
        pid = name[len(prefix) : -len(".tmp")].split(".", 1)[0]
        if pid.isdigit() and not _running(int(pid)):
            with contextlib.suppress(OSError):
                os.unlink(entry.path)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True


def is_directory(path: str | None) -> bool:
    """Whether an --output names a directory: ends with a separator, or is one."""
    if path is None or path == "-":
        return False
    return path.endswith(("/", os.sep)) or Path(path).is_dir()


@contextmanager
def directory_atomically(path: str, ours: Collection[str]) -> Iterator[Path]:
    """A directory written whole or not at all: yields an empty temporary sibling to fill,
    which then takes the place of `path`. A directory already there goes, with whatever an
    earlier run left in it, but only if it holds nothing but the names in `ours`: a
    directory of other files is never deleted."""
    import shutil  # lazy: only a run writing a directory needs them
    import tempfile  # lazy: as above

    target = Path(path).resolve()
    if target == Path.cwd() or target.parent == target:
        raise UsageError(f"--output {path}: name a directory below this one, to be written anew")
    if target.exists():
        if not target.is_dir():
            raise UsageError(f"--output {path}: is a file, not a directory")
        strangers = sorted(entry.name for entry in target.iterdir() if entry.name not in ours)
        if strangers:
            raise UsageError(
                f"--output {path}: holds files llm-choice did not write ({', '.join(strangers[:3])}"
                f"{', ...' if len(strangers) > 3 else ''}), which replacing it would delete: "
                "name a new or empty directory, or one an earlier run wrote"
            )
    beside = {"dir": target.parent, "prefix": f".{target.name}."}
    try:
        staging = Path(tempfile.mkdtemp(suffix=".tmp", **beside))
    except OSError as error:
        raise UsageError(f"--output {path}: {error.strerror or error}") from None
    try:
        yield staging
        os.chmod(staging, 0o777 & ~_umask())  # mkdtemp's is 0o700; a plain mkdir's instead
        if target.exists():
            # two renames: the old directory steps aside, the new takes its name, the old goes
            old = Path(tempfile.mkdtemp(suffix=".old", **beside))
            os.replace(target, old)
            try:
                os.replace(staging, target)
            except OSError:
                os.replace(old, target)
                raise
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(staging, target)
    except OSError as error:
        raise UsageError(f"--output {path}: {error.strerror or error}") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
