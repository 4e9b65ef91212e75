"""`llm-choice bom`: a CycloneDX AI bill of materials of the declared models."""

from __future__ import annotations

import argparse

from checker import __version__
from checker.bom import Bom, project
from checker.commands import options, requested_outputs, require_extras, write_outputs
from checker.discover import DiscoveryError, iter_targets
from checker.errors import UsageError
from checker.pipeline import Checker
from checker.render import Subject


def run(args: argparse.Namespace) -> int:
    outputs = requested_outputs(args, default="cyclonedx")
    require_extras("bom", outputs)
    checker = Checker(options(args))
    try:
        targets = list(iter_targets(args.paths or ["."]))
    except DiscoveryError as error:
        raise UsageError(str(error)) from None
    if not targets:
        raise UsageError(f"no declarations found under {', '.join(args.paths) or '.'}")
    projects = [project(checker.check(target)) for target in targets]
    bom = Bom(tuple(p for p in projects if p is not None), __version__)
    write_outputs(Subject.BOM, bom, outputs)
    return 0
