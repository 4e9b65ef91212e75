"""`llm-choice check`: validate declarations and report findings in one or more formats."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from checker.commands import UsageError, options
from checker.discover import DECLARATION_NAMES, DiscoveryError, changed_since, discover
from checker.pipeline import check
from checker.render import render
from checker.report import Report


def use_color(choice: str, stream: object) -> bool:
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def _nothing_found(paths: list[str]) -> str:
    names = " or ".join(DECLARATION_NAMES)
    others = sum(
        1
        for path in paths
        for _root, _dirs, files in os.walk(path)
        for name in files
        if name.endswith((".yaml", ".yml"))
    )
    hint = (
        f" ({others} other YAML file{'s' if others != 1 else ''} there: name them on the "
        "command line to check them)"
        if others
        else ""
    )
    return f"llm-choice: no {names} found under {', '.join(paths)}{hint}"


def write_atomically(path: str, text: str | Callable[[TextIO], None]) -> None:
    """The whole file or nothing: written beside the target, then renamed over it. `text` is
    the content, or a function that writes it to a stream (a large document is then never
    held in memory whole)."""
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
            if callable(text):
                try:
                    text(stream)
                except BaseException:
                    Path(stream.name).unlink(missing_ok=True)
                    raise
            else:
                stream.write(text)
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


def requested_outputs(
    args: argparse.Namespace, default: str = "text"
) -> list[tuple[str, str | None]]:
    outputs = [(fmt, path) for fmt, path in (args.outputs or [[default, None]])]
    to_stdout = [fmt for fmt, path in outputs if path is None or path == "-"]
    if len(to_stdout) > 1:
        raise UsageError(
            f"only one format can go to standard output ({', '.join(to_stdout)} were asked); "
            "give the others --output FILE"
        )
    return outputs


def run(args: argparse.Namespace) -> int:
    outputs = requested_outputs(args)
    try:
        targets = discover(args.paths)
        if args.changed_since:
            targets = changed_since(args.changed_since, targets)
    except DiscoveryError as error:
        raise UsageError(str(error)) from None
    if not targets and not args.changed_since:
        print(_nothing_found(args.paths), file=sys.stderr)
    known = None
    if args.baseline:
        from checker.baseline import BaselineError, load_baseline

        try:
            known = load_baseline(Path(args.baseline))
        except BaselineError as error:
            raise UsageError(str(error)) from None
    report = check(targets, options(args))
    if known is not None:
        from checker.baseline import without_baseline

        report = without_baseline(report, known)
    _write(report, outputs, args)
    return 1 if report.failed else 0


def write_outputs(
    outputs: list[tuple[str, str | None]], write: Callable[[str, TextIO, bool], None]
) -> None:
    """Each requested format once: to standard output, or to its file whole or not at all.
    `write(format, stream, to_stdout)` renders one format."""
    for fmt, path in outputs:
        if path is None or path == "-":
            write(fmt, sys.stdout, True)
        else:
            write_atomically(path, lambda stream, fmt=fmt: write(fmt, stream, False))


def _write(report: Report, outputs: list[tuple[str, str | None]], args: argparse.Namespace) -> None:
    color = use_color(args.color, sys.stdout)
    write_outputs(
        outputs, lambda fmt, stream, to_stdout: render(report, fmt, stream, to_stdout and color)
    )
