"""The result of a run: findings, per-file results and the report every renderer reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Severity(str, Enum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem in one declaration, at one place (line and column are 1-based)."""

    rule: str
    severity: Severity
    message: str
    file: str
    line: int
    column: int
    pointer: str = ""

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.file, self.line, self.column, self.rule)


@dataclass(frozen=True, slots=True)
class FileResult:
    """Everything found in one declaration file."""

    file: str
    findings: tuple[Finding, ...] = ()


@dataclass(frozen=True)
class Report:
    """The outcome of one run over one or more declaration files."""

    files: tuple[FileResult, ...]
    fail_level: Severity = Severity.ERROR
    tool_version: str = ""
    counts: dict[Severity, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        counts = dict.fromkeys(Severity, 0)
        for finding in self.findings:
            counts[finding.severity] += 1
        object.__setattr__(self, "counts", counts)

    @property
    def findings(self) -> tuple[Finding, ...]:
        return tuple(f for result in self.files for f in result.findings)

    @property
    def failed(self) -> bool:
        """True when a finding is at or above the fail level: the gate fails."""
        return any(f.severity.rank >= self.fail_level.rank for f in self.findings)

    def failing_files(self) -> tuple[FileResult, ...]:
        level = self.fail_level.rank
        return tuple(r for r in self.files if any(f.severity.rank >= level for f in r.findings))
