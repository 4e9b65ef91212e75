"""`llm-choice check`: validate declarations and report findings."""

from __future__ import annotations

import argparse
import os
import sys

from checker.commands import UsageError
from checker.discover import DECLARATION_NAMES, DiscoveryError, discover
from checker.pipeline import check
from checker.render import render
from checker.report import Severity


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


def run(args: argparse.Namespace) -> int:
    try:
        targets = discover(args.paths)
    except DiscoveryError as error:
        raise UsageError(str(error)) from None
    if not targets:
        print(_nothing_found(args.paths), file=sys.stderr)
    report = check(targets, fail_level=Severity(args.fail_on))
    render(report, args.format, sys.stdout, color=use_color(args.color, sys.stdout))
    return 1 if report.failed else 0
