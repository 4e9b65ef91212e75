"""What a run is asked to do, resolved once: the date, the fail level, the configuration,
the packs and the number of processes. Every command builds one `RunOptions` and passes it
down; nothing below reads the command line or the environment for these again."""

from __future__ import annotations

import datetime as dt
import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checker.errors import UsageError
from checker.report import Severity
from checker.support.pool import AUTO
from checker.support.wording import file_kind

TODAY_VARIABLE = "LLM_CHOICE_TODAY"


@dataclass(frozen=True)
class RunOptions:
    """What the command line says of a run, resolved once for every stage."""

    config: Path | None = None  # --config: one configuration for every file
    packs: tuple[str, ...] = ()  # --pack: more packs on top of the configuration's
    default_policies: bool = True  # --no-default-policies turns the built-in pack off
    today: dt.date = field(default_factory=dt.date.today)
    fail_on: Severity | None = None  # --fail-on: wins over any configuration
    jobs: int = 1  # processes that check files (1: this one; 0: every idle core)
    # the repository the run checks (owner/name), for the organisation's register of
    # exceptions: --repository, else what the CI runner says ($GITHUB_REPOSITORY,
    # $CI_PROJECT_PATH), which a pull request cannot change
    repository: str | None = None
    # --evidence: the model references `scan` found (checker.scan.model.Reference), each with
    # its path as the run shows it; None when no evidence was collected
    evidence: tuple[Any, ...] | None = None

    def fail_level(self, configured: Severity | None = None) -> Severity:
        """The level that fails a file: --fail-on, else its configuration's, else error."""
        return self.fail_on or configured or Severity.ERROR


def resolve_today(given: str | None, environ: Mapping[str, str] = os.environ) -> dt.date:
    """--today, else $LLM_CHOICE_TODAY, else the real date: pinned dates make runs repeatable."""
    text = given or environ.get(TODAY_VARIABLE)
    if not text:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        source = "--today" if given else TODAY_VARIABLE
        raise UsageError(f"{source} must be a date written as YYYY-MM-DD, not {text!r}") from None


def run_options(
    *,
    config: str | None = None,
    packs: tuple[str, ...] | list[str] | None = None,
    default_policies: bool = True,
    today: str | None = None,
    fail_on: str | None = None,
    jobs: int | None = None,
    repository: str | None = None,
) -> RunOptions:
    """RunOptions from the command line's words, each checked once, here."""
    if config is not None:
        _require_regular_file(config)
    if jobs is not None and jobs < 0:
        raise UsageError(f"--jobs must be 0 (one per idle core) or more, not {jobs}")
    return RunOptions(
        config=Path(config) if config else None,
        packs=tuple(packs or ()),
        default_policies=default_policies,
        today=resolve_today(today),
        fail_on=Severity(fail_on) if fail_on else None,
        jobs=jobs or AUTO,  # 0 or not given: the cores that are idle when the pool starts
        repository=repository
        or os.environ.get("GITHUB_REPOSITORY")
        or os.environ.get("CI_PROJECT_PATH")
        or None,
    )


def _require_regular_file(config: str) -> None:
    """--config names a configuration file: say what it is when it is something else."""
    try:
        mode = os.stat(config).st_mode
    except FileNotFoundError:
        raise UsageError(f"--config {config}: no such file") from None
    except OSError as error:
        raise UsageError(f"--config {config}: {error.strerror or error}") from None
    if stat.S_ISDIR(mode):
        raise UsageError(f"--config {config}: a directory, not a configuration file")
    if not stat.S_ISREG(mode):
        raise UsageError(
            f"--config {config}: not a configuration file but a {file_kind(mode)} (an empty "
            "configuration is a file holding `version: 1`)"
        )
