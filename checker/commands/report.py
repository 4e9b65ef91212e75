"""`llm-choice report`: one project's decision record, for its review board."""

from __future__ import annotations

import argparse
import importlib

from checker import __version__
from checker.commands import UsageError, options, require_html_extra
from checker.commands.check import requested_outputs, write_outputs
from checker.discover import DECLARATION_NAMES, DiscoveryError, discover
from checker.record import build_record


def run(args: argparse.Namespace) -> int:
    outputs = requested_outputs(args, default="markdown")
    require_html_extra(outputs)
    opts = options(args)
    try:
        targets = discover([args.path])
    except DiscoveryError as error:
        raise UsageError(str(error)) from None
    if len(targets) != 1:
        found = f"{len(targets)} declarations" if targets else " or ".join(DECLARATION_NAMES)
        raise UsageError(
            f"{args.path}: holds {'no ' if not targets else ''}{found}; a decision record is "
            "about one declaration: name its file"
            + (" (`llm-choice audit` covers many)" if targets else "")
        )
    record = build_record(targets[0], opts, __version__)
    write_outputs(
        outputs,
        lambda fmt, stream, _: importlib.import_module(f"checker.render.record_{fmt}").render(
            record, stream
        ),
    )
    return 0
