"""`llm-choice policies list|show|test`: what the policies are, and whether they work."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from checker.cases import run_cases
from checker.commands import options, use_color, write_outputs
from checker.errors import UsageError
from checker.pipeline import Checker
from checker.render import Subject
from checker.render.policies import Shown
from checker.rules import file_rule_named


def run(args: argparse.Namespace) -> int:
    color = use_color(args.color, sys.stdout)
    opts = options(args)
    if args.action == "test":
        directory = Path(args.directory)
        if not directory.is_dir():
            raise UsageError(f"{args.directory}: no such directory")
        outcome = run_cases(directory, opts)
        write_outputs(Subject.CASES, outcome, [(args.format, None)], color)
        return 0 if outcome.passed else 1
    policies = Checker(opts).default_policies()
    if args.action == "list":
        write_outputs(Subject.POLICIES, policies, [(args.format, None)], color)
        return 0
    policy = policies.policy(args.policy) or file_rule_named(args.policy)
    if policy is None:
        raise UsageError(f"no loaded policy has the id or name {args.policy!r}")
    write_outputs(Subject.POLICY, Shown(policy, policies), [(args.format, None)], color)
    return 0
