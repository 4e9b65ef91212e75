"""One module per sub-command, each exposing `run(args) -> exit code`; here, what they share:
the run's options from the arguments, the outputs asked for and writing them whole."""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from checker.errors import UsageError
from checker.options import RunOptions, run_options
from checker.render import Output, find


def options(args: argparse.Namespace) -> RunOptions:
    """The run's options from a command's arguments (each command has its own subset)."""
    return run_options(
        config=getattr(args, "config", None),
        packs=getattr(args, "pack", None),
        default_policies=not getattr(args, "no_default_policies", False),
        today=getattr(args, "today", None),
        fail_on=getattr(args, "fail_on", None),
        jobs=getattr(args, "jobs", None),
    )


def use_color(choice: str, stream: object) -> bool:
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def requested_outputs(args: argparse.Namespace, default: str) -> list[tuple[str, str | None]]:
    outputs = [(fmt, path) for fmt, path in (args.outputs or [[default, None]])]
    to_stdout = [fmt for fmt, path in outputs if path is None or path == "-"]
    if len(to_stdout) > 1:
        raise UsageError(
            f"only one format can go to standard output ({', '.join(to_stdout)} were asked); "
            "give the others --output FILE"
        )
    return outputs


def require_extras(subject: str, outputs: list[tuple[str, str | None]]) -> None:
    """Formats that need an optional extra (HTML: jinja2, matplotlib): say so before any work."""
    needs = {"html": ("jinja2", "matplotlib"), "bom": ("cyclonedx",)}
    for fmt, _ in outputs:
        extra = find(subject, fmt).extra
        missing = [m for m in needs.get(extra, ()) if importlib.util.find_spec(m) is None]
        if missing:
            raise UsageError(
                f"--format {fmt} needs {' and '.join(missing)}, which this installation lacks: "
                f"install llm-choice with its {extra} extra, pip install 'llm-choice[{extra}]'"
            )


def write_outputs(
    subject_kind: str,
    subject: Any,
    outputs: list[tuple[str, str | None]],
    color: bool = False,
) -> None:
    """Each requested format once: to standard output (coloured if asked), or to its file
    whole or not at all."""
    for fmt, path in outputs:
        render = find(subject_kind, fmt).load()
        if path is None or path == "-":
            render(subject, Output(sys.stdout, color))
        else:
            write_atomically(path, lambda stream, r=render: r(subject, Output(stream)))


def write_atomically(path: str, write: Callable[[TextIO], None]) -> None:
    """The whole file or nothing: written beside the target, then renamed over it. `write`
    writes the content to a stream (a large document is never held in memory whole)."""
    import tempfile  # with shutil, which it imports, 10 ms that `check` to a terminal never needs

    target = Path(path)
    try:
        with tempfile.NamedTemporaryFile(
            "w",
            encoding="utf-8",
            dir=target.parent or ".",
            prefix=f".{target.name}.",
            suffix=".tmp",
            delete=False,
        ) as stream:
            try:
                write(stream)
            except BaseException:
                Path(stream.name).unlink(missing_ok=True)
                raise
        # the permissions a plain open() would give: the old file's, else the umask's
        mode = target.stat().st_mode & 0o777 if target.exists() else 0o666 & ~_umask()
        os.chmod(stream.name, mode)
        os.replace(stream.name, target)
    except OSError as error:
        if "stream" in locals():
            Path(stream.name).unlink(missing_ok=True)
        raise UsageError(f"--output {path}: {error.strerror or error}") from None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
