"""`llm-choice bom`: a CycloneDX AI bill of materials of the declared models."""

from __future__ import annotations

import argparse
import sys

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
    projects = []
    unreadable = []
    for target in targets:
        checked = checker.check(target)
        part = project(checked)
        if part is None:
            unreadable.append(checked.result)
        else:
            projects.append(part)
    if unreadable:
        # a BOM that silently leaves a declaration out would pass for a complete one
        for result in unreadable:
            for finding in result.findings or ():
                print(
                    f"llm-choice: {finding.file}:{finding.line}:{finding.column}: "
                    f"{finding.rule} {finding.message}",
                    file=sys.stderr,
                )
        files = ", ".join(result.file for result in unreadable)
        raise UsageError(
            f"no BOM written: {files} could not be read as a declaration; fix what is listed "
            "above (`llm-choice check` shows the same), then run bom again"
        )
    write_outputs(Subject.BOM, Bom(tuple(projects), __version__), outputs)
    return 0
