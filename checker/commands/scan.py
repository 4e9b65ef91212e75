"""`llm-choice scan [PATH ...]`: the model references in a repository's code and
configuration; `--test DIR` runs detectors' cases instead."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from checker.commands import options, requested_outputs, require_extras, use_color, write_outputs
from checker.discover import DiscoveryError
from checker.errors import PolicyError, UsageError
from checker.pipeline import Checker
from checker.policies.packs import BUILTIN
from checker.render import Subject


def run(args: argparse.Namespace) -> int:
    from checker.scan import scan  # lazy: the scanner loads only when scan runs
    from checker.scan.cases import run_cases  # lazy: as above
    from checker.scan.detectors import load_detectors  # lazy: as above
    from checker.scan.evidence import Scanned, declared_models, read_inventory  # lazy: as above

    opts = options(args)
    checker = Checker(opts)
    config = checker.config_for(Path.cwd() / "llm-choice.yaml")
    packs = [p for p in (*config.packs, *opts.packs) if p != BUILTIN]
    detectors = load_detectors(packs, config.base, builtin=opts.default_policies)
    catalogue = checker.default_policies().catalogue
    color = use_color(getattr(args, "color", "auto"), sys.stdout)
    if args.test:
        outputs = requested_outputs(args, default="text")
        for fmt, _ in outputs:
            if fmt not in ("text", "json"):
                raise UsageError(f"--test writes text or json, not {fmt}")
        results = run_cases(args.test, detectors, catalogue)
        write_outputs(Subject.DETECTOR_CASES, results, outputs, color)
        return 0 if results.passed else 1
    outputs = requested_outputs(args, default="text")
    require_extras(Subject.INVENTORY, outputs)
    try:
        inventory = scan(args.paths or ["."], detectors, catalogue, tests=args.tests)
    except DiscoveryError as error:
        raise UsageError(str(error)) from None
    for path in args.inventory or ():
        try:
            inventory = read_inventory(path, inventory, catalogue)
        except PolicyError as error:
            raise UsageError(str(error)) from None
    declared, keys = (
        declared_models(checker, args.paths or ["."], catalogue)
        if _needs_declared(outputs)
        else (None, {})
    )
    write_outputs(Subject.INVENTORY, Scanned(inventory, declared, keys), outputs, color)
    return 0


def _needs_declared(outputs: list[tuple[str, str | None]]) -> bool:
    return any(fmt == "cyclonedx" for fmt, _ in outputs)
