"""The flow of DESIGN.md §1 for a set of files: load, validate, and gather a Report."""

from __future__ import annotations

from collections.abc import Iterable

from checker import __version__
from checker.discover import Target
from checker.load import load_file
from checker.report import FileResult, Report, Severity
from checker.validate import validate


def check_file(target: Target) -> FileResult:
    loaded = load_file(target.path, target.display)
    findings = loaded.findings + validate(loaded)
    return FileResult(target.display, findings)


def check(targets: Iterable[Target], fail_level: Severity = Severity.ERROR) -> Report:
    results = tuple(check_file(target) for target in targets)
    return Report(results, fail_level=fail_level, tool_version=__version__)
