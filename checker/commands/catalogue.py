"""`llm-choice catalogue which|list|show|check`: what the catalogue knows, and how fresh it is."""

from __future__ import annotations

import argparse
import sys

from checker.commands import options, use_color, write_outputs
from checker.errors import UsageError
from checker.identity import resolve
from checker.pipeline import Checker
from checker.render import Subject
from checker.render.catalogue import Listing

# the built-in pack's setting; 180 days where a pack set does not declare it
MAX_AGE_SETTING, DEFAULT_MAX_AGE = "catalogue_max_age_days", 180


def run(args: argparse.Namespace) -> int:
    color = use_color(getattr(args, "color", "auto"), sys.stdout)
    opts = options(args)
    policies = Checker(opts).default_policies()
    catalogue = policies.catalogue
    outputs = [(args.format, None)]
    if args.action == "which":
        if not args.model.strip():
            raise UsageError(
                "catalogue which needs a model id, as models[].id names it (for example "
                "`llm-choice catalogue which claude-sonnet-4-5`)"
            )
        write_outputs(Subject.RESOLUTION, resolve(catalogue, args.model), outputs, color)
        return 0
    if args.action == "show":
        entry = catalogue.entries.get(args.key)
        if entry is None:
            raise UsageError(
                f"the catalogue has no entry {args.key!r}; `llm-choice catalogue list` lists them"
            )
        write_outputs(Subject.ENTRY, entry, outputs, color)
        return 0
    max_age = policies.settings.get(MAX_AGE_SETTING, DEFAULT_MAX_AGE)
    if not isinstance(max_age, int) or isinstance(max_age, bool):
        max_age = DEFAULT_MAX_AGE
    entries = tuple(sorted(catalogue.entries.values(), key=lambda e: e.key))
    listing = Listing(entries, opts.today, max_age, only_stale=args.action == "check")
    write_outputs(Subject.CATALOGUE, listing, outputs, color)
    return 1 if args.action == "check" and listing.stale_entries else 0
