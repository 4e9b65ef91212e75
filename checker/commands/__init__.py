"""One module per sub-command; each exposes `run(args) -> exit code`."""

from __future__ import annotations

import argparse
import datetime as dt
import os
from pathlib import Path

TODAY_VARIABLE = "LLM_CHOICE_TODAY"


class UsageError(Exception):
    """The command cannot do its job with what it was given (exit 2)."""


def today(args: argparse.Namespace) -> dt.date:
    """--today, else $LLM_CHOICE_TODAY, else the real date: pinned dates make audits repeatable."""
    given = getattr(args, "today", None) or os.environ.get(TODAY_VARIABLE)
    if not given:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(given)
    except ValueError:
        source = "--today" if getattr(args, "today", None) else TODAY_VARIABLE
        raise UsageError(f"{source} must be a date written as YYYY-MM-DD, not {given!r}") from None


def options(args: argparse.Namespace):  # -> checker.pipeline.Options
    from checker.pipeline import Options
    from checker.report import Severity

    config = getattr(args, "config", None)
    if config is not None and not Path(config).is_file():
        raise UsageError(f"--config {config}: no such file")
    fail_on = getattr(args, "fail_on", None)
    return Options(
        config=Path(config) if config else None,
        packs=tuple(getattr(args, "pack", None) or ()),
        default_policies=not getattr(args, "no_default_policies", False),
        today=today(args),
        fail_on=Severity(fail_on) if fail_on else None,
    )


def require_html_extra(outputs: list[tuple[str, str | None]]) -> None:
    """HTML needs the optional `html` extra (jinja2, matplotlib): say so before any work."""
    if not any(fmt == "html" for fmt, _ in outputs):
        return
    import importlib.util

    missing = [name for name in ("jinja2", "matplotlib") if importlib.util.find_spec(name) is None]
    if missing:
        raise UsageError(
            f"--format html needs {' and '.join(missing)}, which this installation lacks: "
            "install llm-choice with its html extra, pip install 'llm-choice[html]'"
        )
