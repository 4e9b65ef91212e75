"""`llm-choice report`: one project's decision record, for its review board."""

from __future__ import annotations

import argparse

from checker import __version__
from checker.commands import options, requested_outputs, require_extras, write_outputs
from checker.discover import DECLARATION_NAMES, DiscoveryError, discover
from checker.errors import UsageError
from checker.pipeline import Checker
from checker.record import decision_record
from checker.render import Subject


def run(args: argparse.Namespace) -> int:
    outputs = requested_outputs(args, default="markdown")
    require_extras("record", outputs)
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
    record = decision_record(Checker(opts).check(targets[0]), __version__)
    write_outputs(Subject.RECORD, record, outputs)
    return 0
