"""`llm-choice check`: validate declarations and report findings in one or more formats."""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import os
import sys
from pathlib import Path
from typing import Any

from checker.commands import options, requested_outputs, use_color, write_outputs
from checker.discover import DECLARATION_NAMES, Discovery, DiscoveryError, changed_since
from checker.errors import UsageError
from checker.pipeline import Checker, check
from checker.render import Subject, find
from checker.support.resources import BUILTIN


def _no_declaration(paths: list[str]) -> str:
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
    outputs = requested_outputs(args, default="text")
    opts = options(args)
    # the declarations a change touched may be anywhere below here, not only at the top
    paths = args.paths or (["."] if args.changed_since else [])
    discovery = Discovery(paths)
    try:
        targets = iter(discovery)
        first = next(targets, None)  # every path is checked before the first target
        # whether the tree holds a declaration at all, changed or not: --changed-since
        # narrows what is checked, never what the configuration requires
        declared = first is not None
        if args.changed_since:
            every = [*([first] if first else []), *targets]
            targets = iter(changed_since(args.changed_since, every, args.paths))
            first = next(targets, None)
    except DiscoveryError as error:
        raise UsageError(str(error)) from None
    baseline = None
    if args.baseline:
        from checker.baseline import Baseline  # lazy: it brings json and the report reader

        baseline = Baseline.read(Path(args.baseline))
    checker = Checker(opts)
    empty = first is None and not args.changed_since
    # nothing to check is the tool not doing its job: no report that says "no findings"
    if empty and not args.allow_empty and not checker.requires_declaration():
        message = _no_declaration(paths or ["."])
        raise UsageError(
            f"{message.removeprefix('llm-choice: ')}; write one (`llm-choice init DIR` "
            "starts one), or pass --allow-empty if that is expected"
        )
    found = itertools.chain([first] if first else [], targets)
    if first is not None and (args.evidence or checker.config_for(first.path).evidence):
        opts = dataclasses.replace(opts, evidence=_evidence(args.paths or ["."], checker))
        checker = Checker(opts)
    # one streaming format alone reads the results once, as they come: nothing is kept
    streaming = len(outputs) == 1 and find(Subject.REPORT, outputs[0][0]).streams
    declarations = any(find(Subject.REPORT, fmt).declarations for fmt, _ in outputs)
    report = check(
        found,
        opts,
        baseline,
        replay=not streaming,
        checker=checker,
        declarations=declarations,
        automation_id=args.automation_id or "",
    )
    try:
        write_outputs(Subject.REPORT, report, outputs, use_color(args.color, sys.stdout))
        for note in discovery.skipped:
            print(f"llm-choice: skipped {note}", file=sys.stderr)
        if not declared:  # a declaration the change deleted still fails the gate
            return _nothing_found(args, checker) or (1 if report.complete().failed else 0)
        return 1 if report.complete().failed else 0
    finally:
        report.close()


def _evidence(paths: list[str], checker: Checker) -> tuple[Any, ...]:
    """The model references the code below `paths` makes, as `scan` finds them with the
    built-in detectors and those of the configuration's packs."""
    from checker.scan import scan  # lazy: the scanner loads only when evidence is asked
    from checker.scan.detectors import load_detectors  # lazy: as above

    opts = checker.options
    roots = [p if os.path.isdir(p) else os.path.dirname(p) or "." for p in paths]
    config = checker.config_for(Path(roots[0]) / "llm-choice.yaml")
    packs = [p for p in (*config.packs, *opts.packs) if p != BUILTIN]
    detectors = load_detectors(packs, config.base, builtin=opts.default_policies)
    try:
        inventory = scan(
            list(dict.fromkeys(roots)), detectors, checker.default_policies().catalogue
        )
    except DiscoveryError as error:
        raise UsageError(str(error)) from None
    for problem in inventory.problems:
        print(
            f"llm-choice: evidence: {problem.path}:{problem.line}: {problem.message}",
            file=sys.stderr,
        )
    return inventory.references


def _nothing_found(args: argparse.Namespace, checker: Checker) -> int:
    """A run that found no declaration (with --allow-empty, or a configuration that requires
    one): a failure where the organisation requires every repository to declare."""
    names = " or ".join(DECLARATION_NAMES)
    where = ", ".join(args.paths or ["."])
    if checker.requires_declaration():
        print(
            f"llm-choice: no {names} found under {where}, and the configuration "
            f"({checker.options.config}) requires every repository to have one: write it "
            "(llm-choice init starts one)",
            file=sys.stderr,
        )
        return 1
    if not args.allow_empty:  # --changed-since over a tree that holds no declaration at all
        message = _no_declaration(args.paths or ["."])
        raise UsageError(
            f"{message.removeprefix('llm-choice: ')}; write one (`llm-choice init DIR` "
            "starts one), or pass --allow-empty if that is expected"
        )
    return 0  # --allow-empty: nothing to check is expected
