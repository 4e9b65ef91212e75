"""The result of a run: findings, per-file results and the report every renderer reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from checker.declaration import Declaration


class Severity(str, Enum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


@dataclass(frozen=True, slots=True)
class Rule:
    """What a finding's rule is: a rule about the file itself, or a policy."""

    id: str
    name: str
    title: str
    severity: Severity
    remediation: str
    description: str = ""  # why the rule exists
    help_uri: str = ""


@dataclass(frozen=True, slots=True)
class Waiver:
    """A waiver from the declaration that covers a finding until it expires."""

    policy: str
    reason: str
    approved_by: str
    expires: str
    ref: str = ""


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
    waiver: Waiver | None = None

    def fails(self, level: Severity) -> bool:
        """Whether this finding fails a gate at `level` (a waived finding never does)."""
        return self.waiver is None and self.severity.rank >= level.rank

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.file, self.line, self.column, self.rule)


@dataclass(frozen=True, slots=True)
class FileResult:
    """Everything found in one declaration file."""

    file: str
    findings: tuple[Finding, ...] = ()
    fail_level: Severity | None = None  # this file's own (its configuration's), if any
    declaration: Declaration | None = None  # its facts for audits, when it could be read

    def failed(self, default: Severity) -> bool:
        level = self.fail_level or default
        return any(f.fails(level) for f in self.findings)


@dataclass(frozen=True)
class Report:
    """The outcome of one run over one or more declaration files."""

    files: tuple[FileResult, ...]
    fail_level: Severity = Severity.ERROR
    tool_version: str = ""
    rules: tuple[Rule, ...] = ()  # every rule the run applied, for formats that list them
    baselined: int = 0  # findings left out because a baseline report already had them
    counts: dict[Severity, int] = field(init=False, repr=False, compare=False)
    waived: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        counts = dict.fromkeys(Severity, 0)
        waived = 0
        for finding in self.findings:
            if finding.waiver is None:
                counts[finding.severity] += 1
            else:
                waived += 1
        object.__setattr__(self, "counts", counts)
        object.__setattr__(self, "waived", waived)

    @property
    def findings(self) -> tuple[Finding, ...]:
        return tuple(f for result in self.files for f in result.findings)

    @property
    def failed(self) -> bool:
        """True when an unwaived finding is at or above the fail level: the gate fails."""
        return any(result.failed(self.fail_level) for result in self.files)

    def failing_files(self) -> tuple[FileResult, ...]:
        return tuple(r for r in self.files if r.failed(self.fail_level))
