"""`llm-choice check`: validate declarations and report findings."""

from __future__ import annotations

import argparse
import os
import sys

from checker.commands import UsageError
from checker.discover import DiscoveryError, discover
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


def run(args: argparse.Namespace) -> int:
    try:
        targets = discover(args.paths)
    except DiscoveryError as error:
        raise UsageError(str(error)) from None
    if not targets:
        print(
            f"llm-choice: no {' or '.join(('llm-choice.yaml', 'llm-choice.yml'))} found "
            f"under {', '.join(args.paths)}",
            file=sys.stderr,
        )
    report = check(targets, fail_level=Severity(args.fail_on))
    render(report, args.format, sys.stdout, color=use_color(args.color, sys.stdout))
    return 1 if report.failed else 0
