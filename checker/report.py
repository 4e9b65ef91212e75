"""The result of a run: findings, per-file results and the report every renderer reads."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from checker.declaration import Declaration, by_fields
from checker.support.spool import Spool

EXCERPT = 60  # characters of a declaration's value a finding may quote


def excerpt(text: str, limit: int = EXCERPT) -> str:
    """At most `limit` characters of a value, saying how long the whole is: a finding names
    a value, it never copies a file's content (a symlink may point at a key or a token)."""
    if len(text) <= limit:
        return text
    cut = text[:limit]
    space = cut.rfind(" ")
    if space >= limit // 2:  # at a word's end, so no word reads as another ("catalo…")
        cut = cut[:space].rstrip(" ,;:(")
    return f"{cut}\u2026 ({len(text):,} characters)"


class Severity(str, Enum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}
SEVERITIES = (Severity.ERROR, Severity.WARNING, Severity.INFO)  # the most serious first


class RuleKind(str, Enum):
    FILE = "file"  # about the file itself: its bytes, its YAML, its schema (LC000-LC010)
    POLICY = "policy"  # a governance policy from a pack


@dataclass(frozen=True, slots=True)
class Rule:
    """What a finding's rule is: a rule about the file itself, or a policy."""

    id: str
    name: str
    title: str
    severity: Severity
    remediation: str
    description: str = ""  # why the rule exists
    help_uri: str = ""  # its primary reference: a specification, a law, a licence
    kind: RuleKind = RuleKind.POLICY
    docs: str = ""  # the rule's own documentation page, if its pack publishes one
    # a finding of this rule means the value at its pointer cannot be used as written (the
    # schema or the loader rejected it): a policy that reads it reports it cannot judge it
    rejects_value: bool = False


@dataclass(frozen=True, slots=True)
class Waiver:
    """A waiver from the declaration that covers a finding until it expires."""

    __reduce__ = by_fields

    policy: str
    reason: str
    approved_by: str
    expires: str
    ref: str = ""


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem in one declaration, at one place (line and column are 1-based)."""

    __reduce__ = by_fields

    rule: str
    severity: Severity
    message: str
    file: str
    line: int
    column: int
    pointer: str = ""
    waiver: Waiver | None = None
    enforced: bool = False  # of a policy an organisation's pack enforces: never baselined
    # a policy's finding that it could not judge: the id of the rule that rejected a value
    # it reads (LC012 for a TODO placeholder); empty for a finding the policy judged
    unjudged: str = ""

    def fails(self, level: Severity) -> bool:
        """Whether this finding fails a gate at `level` (a waived finding never does)."""
        return self.waiver is None and self.severity.rank >= level.rank

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.file, self.line, self.column, self.rule)


@dataclass(frozen=True, slots=True)
class FileResult:
    """Everything found in one declaration file."""

    __reduce__ = by_fields

    file: str
    findings: tuple[Finding, ...] = ()
    fail_level: Severity | None = None  # this file's own (its configuration's), if any
    declaration: Declaration | None = None  # its facts for audits, when it could be read
    baselined: int = 0  # findings left out because a baseline report already had them

    def failed(self, default: Severity) -> bool:
        level = self.fail_level or default
        return any(f.fails(level) for f in self.findings)

    def counts(self) -> dict[str, int]:
        """The unwaived findings by severity ("error", "warning", "info"), and "waived"."""
        return count(self.findings)


def count(findings: Iterable[Finding]) -> dict[str, int]:
    """Findings by severity, a waived one counted as "waived" and nowhere else: the one
    count every report, record, BOM and audit gives."""
    counts = {severity.value: 0 for severity in SEVERITIES} | {"waived": 0}
    for finding in findings:
        counts["waived" if finding.waiver is not None else finding.severity.value] += 1
    return counts


@dataclass
class Totals:
    """Counts over a whole run, complete once every result has been read."""

    files: int = 0
    failing_files: int = 0
    files_with_findings: int = 0
    counts: dict[Severity, int] = field(default_factory=lambda: dict.fromkeys(Severity, 0))
    waived: int = 0
    baselined: int = 0

    def add(self, result: FileResult, fail_level: Severity) -> None:
        self.files += 1
        self.baselined += result.baselined
        if result.findings:
            self.files_with_findings += 1
        if result.failed(fail_level):
            self.failing_files += 1
        counts = result.counts()
        for severity in Severity:
            self.counts[severity] += counts[severity.value]
        self.waived += counts["waived"]


@dataclass(frozen=True, slots=True)
class RunInfo:
    """What a run is, fixed before its first file: every renderer may read it at once."""

    tool_version: str = ""
    fail_level: Severity = Severity.ERROR
    root: Path = field(default_factory=Path.cwd)  # the repository: paths are relative to it
    automation_id: str = ""  # SARIF's runAutomationDetails.id, when the run names one
    repository: str = ""  # owner/name of the repository checked, when the run knows it
    started: float = field(default_factory=time.time)  # seconds since the epoch


class Report:
    """The outcome of one run over one or more declaration files: the run's information,
    fixed before the first file, the stream of each file's result, and the totals, known
    once the stream has ended.

    A renderer that streams (`Format.streams`) reads `files` as they come, then the totals;
    any other renderer is given a complete report (`complete()` reads the whole stream
    first), so no renderer depends on the order it reads a report in, and reading the totals
    of a stream still running is an error, never a hidden read of the rest. A report that may
    be read more than once (`replay=True`, the default) keeps its results: in memory for a
    few thousand files, beyond that in a temporary file, so memory stays flat however many
    files a run checks.
    """

    def __init__(
        self,
        results: Iterable[FileResult],
        run: RunInfo | None = None,
        rules: tuple[Rule, ...] | Callable[[], tuple[Rule, ...]] = (),
        replay: bool = True,
        rule_of: Callable[[str], Rule | None] | None = None,
    ) -> None:
        self.run = run or RunInfo()
        self._source: Iterator[FileResult] | None = iter(results)
        self._rules = rules
        self._rule_of = rule_of
        self._spool: Spool[FileResult] | None = Spool("llm-choice-report-") if replay else None
        self._totals = Totals()
        self._read = False
        self._clock = time.perf_counter()
        self._elapsed = 0.0
        # the seconds each file's result took to come, in order, for a report kept to replay
        self._durations: list[float] = []

    # -- the run, known from the start ---------------------------------------------------

    @property
    def fail_level(self) -> Severity:
        return self.run.fail_level

    @property
    def tool_version(self) -> str:
        return self.run.tool_version

    @property
    def root(self) -> Path:
        return self.run.root

    @property
    def automation_id(self) -> str:
        return self.run.automation_id

    @property
    def repository(self) -> str:
        return self.run.repository

    @property
    def started(self) -> float:
        return self.run.started

    # -- the stream ----------------------------------------------------------------------

    @property
    def files(self) -> Iterator[FileResult]:
        """Every file's result, in the order checked (sorted by path within a directory)."""
        if self._source is not None:
            return self._pull()
        if self._spool is None:
            raise RuntimeError("this report was read once already and was not kept")
        return iter(self._spool)

    def _pull(self) -> Iterator[FileResult]:
        source, self._source = self._source, None
        assert source is not None
        for result in source:
            now = time.perf_counter()
            self._totals.add(result, self.fail_level)
            if self._spool is not None:
                self._spool.add(result)
                self._durations.append(now - self._clock - self._elapsed)
            self._elapsed = now - self._clock
            yield result
        self._elapsed = time.perf_counter() - self._clock
        self._read = True
        if callable(self._rules):  # every rule the run applied is known now
            self._rules = self._rules()

    @property
    def findings(self) -> Iterator[Finding]:
        return (f for result in self.files for f in result.findings)

    def complete(self) -> Report:
        """The report with its whole stream read (and kept, to be read again): what a
        renderer that does not stream is given."""
        if self._source is not None:
            for _ in self._pull():
                pass
        return self

    def rule(self, rule_id: str) -> Rule | None:
        """The rule of a finding, as soon as the finding has been read."""
        if self._rule_of is not None:
            return self._rule_of(rule_id)
        return next((rule for rule in self.rules if rule.id == rule_id), None)

    # -- the totals, known once the stream has ended ---------------------------------------

    def _ended(self, what: str) -> None:
        if not self._read:
            raise RuntimeError(f"the report's {what} are known once every result has been read")

    @property
    def totals(self) -> Totals:
        self._ended("totals")
        return self._totals

    @property
    def rules(self) -> tuple[Rule, ...]:
        """Every rule the run applied."""
        if callable(self._rules):
            self._ended("rules")
        assert not callable(self._rules)
        return self._rules

    @property
    def elapsed(self) -> float:
        """Seconds from the start until the last result was read."""
        self._ended("timings")
        return self._elapsed

    @property
    def durations(self) -> list[float]:
        """The seconds each file's result took to come, in order (a kept report only)."""
        self._ended("timings")
        return self._durations

    @property
    def counts(self) -> dict[Severity, int]:
        return self.totals.counts

    @property
    def waived(self) -> int:
        return self.totals.waived

    @property
    def baselined(self) -> int:
        return self.totals.baselined

    @property
    def failed(self) -> bool:
        """True when an unwaived finding is at or above the fail level: the gate fails."""
        return self.totals.failing_files > 0

    def close(self) -> None:
        if self._spool is not None:
            self._spool.close()
