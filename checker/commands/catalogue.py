"""`llm-choice catalogue which|list|show|check`: what the catalogue knows, and how fresh it is."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

from checker.commands import options, use_color, write_outputs
from checker.errors import UsageError
from checker.identity import resolve
from checker.pipeline import Checker
from checker.render import Subject
from checker.render.catalogue import Listing

# the built-in pack's setting; 180 days where a pack set does not declare it
MAX_AGE_SETTING, DEFAULT_MAX_AGE = "catalogue_max_age_days", 180


def run(args: argparse.Namespace) -> int:
    color = use_color(args.color, sys.stdout)
    opts = options(args)
    policies = Checker(opts).default_policies()
    catalogue = policies.catalogue
    if args.action == "add":
        return _add(args, catalogue, opts.today)
    if args.action == "import":
        return _import(args, catalogue, opts.today)
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


def _add(args: argparse.Namespace, catalogue: Any, today: dt.date) -> int:
    """Scaffold a pack entry for a model the catalogue does not know (LC408 names it)."""
    from checker.catalogue_add import read_card, render, scaffold  # lazy: only `add` needs it
    from checker.load import load_text  # lazy: as above
    from checker.validate import validate  # lazy: as above

    known = resolve(catalogue, args.model)
    if known.entry is not None and not known.approximate:
        raise UsageError(
            f"the catalogue already knows {args.model} as {known.entry.key!r}; to change its "
            f"facts, override that key in your pack (`llm-choice catalogue show "
            f"{known.entry.key}`)"
        )
    card = None
    if args.card:
        path = Path(args.card)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise UsageError(f"cannot read the model card {args.card}: {error}") from None
        card = read_card(text, args.card)
    commercial = {"yes": True, "no": False}.get(args.commercial_use or "")
    entry = scaffold(
        args.model,
        card,
        today,
        openness=args.openness,
        licence=args.licence,
        commercial_use=commercial,
        source=args.source,
    )
    text = render(entry, card)
    shown = args.output or "the scaffolded entry"
    problems = validate(load_text(text, shown), "catalogue.schema.json")
    if problems:
        raise UsageError(
            f"{shown} would not be a valid catalogue file: "
            + "; ".join(f"line {p.line}: {p.message}" for p in problems)
        )
    if args.output is None:
        sys.stdout.write(text)
        return 0
    target = Path(args.output)
    try:
        with target.open("x", encoding="utf-8") as out:  # never over an existing file
            out.write(text)
    except FileExistsError:
        raise UsageError(f"{args.output} exists: choose another --output") from None
    except OSError as error:
        raise UsageError(f"cannot write {args.output}: {error}") from None
    sys.stderr.write(f"wrote {args.output}: review it, then add it to your pack's catalogue/\n")
    return 0


def _import(args: argparse.Namespace, catalogue: Any, today: dt.date) -> int:
    """A vendor's model list against the catalogue: a proposal, never a write."""
    import json  # lazy: only `import` needs it

    from checker.catalogue_import import propose, render, sdk_ids  # lazy: as above

    try:
        text = Path(args.file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"cannot read {args.file}: {error}") from None
    proposal = propose(catalogue, sdk_ids(text, args.file), args.source, args.file, today)
    if args.format == "json":
        json.dump(proposal.to_dict(), sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(render(proposal))
    return 0
