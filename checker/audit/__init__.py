"""The portfolio audit: one compact record per declaration (`records`), and an aggregate
built as they come (`portfolio`). Records come from checking declarations over every core
(the pipeline's worker pool) or from JSON reports that CI runs already wrote."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from checker.audit.portfolio import Audit, Portfolio, build_audit
from checker.audit.records import (
    ProjectRecord,
    ReportError,
    check_project,
    read_reports,
    record_of,
    report_files,
)
from checker.discover import Target
from checker.options import RunOptions
from checker.pipeline import Checker, check_all
from checker.report import Rule

__all__ = [
    "Audit",
    "Portfolio",
    "ProjectRecord",
    "ReportError",
    "build_audit",
    "check_project",
    "collect",
    "known_rules",
    "read_reports",
    "record_of",
    "report_files",
]


def collect(
    targets: Iterable[Target],
    options: RunOptions,
    outcome: Callable[[Checker, Target], ProjectRecord] = record_of,
) -> Iterator[ProjectRecord]:
    """A record per target, in the targets' order, checked over `options.jobs` processes;
    `outcome` (module-level: it runs in the workers) may do more with each file's check,
    as writing its decision record, than `record_of` does."""
    return check_all(targets, options, outcome)


def known_rules(options: RunOptions) -> dict[str, Rule]:
    """The file rules and the policies of the run's default configuration (the --config
    file's, else the built-in defaults plus --pack), by id: for titles in reports. Building
    them also proves --config and --pack usable before any work."""
    checker = Checker(options)
    checker.default_policies()
    return {rule.id: rule for rule in checker.rules()}
