"""`llm-choice policies list|show|test`: what the policies are, and whether they work."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from checker.commands import UsageError, options, today
from checker.commands.check import use_color
from checker.config import default_config, find_config, load_config
from checker.render import policies as render


def run(args: argparse.Namespace) -> int:
    color = use_color(getattr(args, "color", "auto"), sys.stdout)
    if args.action == "test":
        return _test(args, color)
    from checker.resolve import build_policy_set

    opts = options(args)
    if opts.config is not None:
        config = load_config(opts.config)
    else:
        found = find_config(Path.cwd() / "llm-choice.yaml")
        config = load_config(found) if found else default_config()
    policies = build_policy_set(config, opts.packs, opts.default_policies)
    if args.action == "list":
        render.listing(policies, args.format, sys.stdout, color)
        return 0
    policy = policies.policy(args.policy)
    if policy is None:
        raise UsageError(f"no loaded policy has the id or name {args.policy!r}")
    render.show(policy, policies, args.format, sys.stdout, color)
    return 0


def _test(args: argparse.Namespace, color: bool) -> int:
    from checker.policies.cases import run_cases

    directory = Path(args.directory)
    if not directory.is_dir():
        raise UsageError(f"{args.directory}: no such directory")
    pinned = today(args) if getattr(args, "today", None) else None
    outcome = run_cases(directory, not args.no_default_policies, pinned)
    render.test_run(outcome, args.format, sys.stdout, color)
    return 0 if outcome.passed else 1
