"""A portfolio's projects as compact records: from a file's check or from a JSON report."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from checker import jsonreport
from checker.declaration import Declaration, by_fields
from checker.discover import CACHES, Target
from checker.errors import PolicyError
from checker.jsonreport import ReadFinding
from checker.pipeline import Checked, Checker
from checker.report import FileResult, Finding, Severity
from checker.rules import CHECKED, TODO, UNCHECKED, UNREADABLE, status


class ReportError(Exception):
    """A file given to --from-reports is not a usable JSON report (exit 2)."""


@dataclass(frozen=True, slots=True)
class FindingKey:
    """What the audit keeps of a finding: its rule, severity and whether a waiver covers it."""

    __reduce__ = by_fields

    rule: str
    severity: Severity
    waived: bool


@dataclass(frozen=True, slots=True)
class ProjectRecord:
    """One declaration file in the portfolio."""

    __reduce__ = by_fields

    file: str
    status: str
    passed: bool  # the file's gate: no unwaived finding at or above its fail level
    findings: tuple[FindingKey, ...] = ()
    declaration: Declaration | None = None
    problem: str = ""  # why the file is unreadable, malformed or unchecked
    source: str = ""  # the JSON report it was read from (--from-reports)
    repository: str = ""  # owner/name, as the report names it (--from-reports)
    # a verdict read from a report (--from-reports): consistent with the report's own
    # findings, but those are the report's word, not checked again by this audit
    attested: bool = False
    page: str = ""  # a link to its own decision record page, where one was written
    fail_level: Severity = Severity.ERROR  # the file's own gate's level

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity and not f.waived)

    @property
    def waived(self) -> int:
        return sum(1 for f in self.findings if f.waived)

    @property
    def placeholders(self) -> int:
        """Values still a TODO placeholder, which no policy has judged yet."""
        return sum(1 for f in self.findings if f.rule == TODO.id)

    @property
    def incomplete(self) -> bool:
        """Whether the declaration is unfinished: a placeholder remains, a value no policy
        has judged yet."""
        return self.placeholders > 0

    def failing_rules(self) -> tuple[str, ...]:
        """The rules of the unwaived findings that fail the file's gate, each once."""
        rank = self.fail_level.rank
        return tuple(
            dict.fromkeys(f.rule for f in self.findings if not f.waived and f.severity.rank >= rank)
        )

    @property
    def verdict(self) -> str:
        """The project's standing as a board reads it: incomplete (a placeholder remains,
        whatever the gate says), fails or passes."""
        if self.incomplete:
            return "incomplete"
        return "passes" if self.passed else "fails"

    @property
    def camp(self) -> str:
        return self.declaration.camp if self.declaration else "unknown"

    def severity_key(self) -> tuple[bool, int, int, int, str]:
        """Failing projects first, the most unwaived errors, warnings, infos first, then by
        file: the order in which a board reads a portfolio."""
        return (
            self.passed,
            -self.count(Severity.ERROR),
            -self.count(Severity.WARNING),
            -self.count(Severity.INFO),
            self.file,
        )

    @property
    def name(self) -> str:
        return (self.declaration.name if self.declaration else None) or ""


def _standing(findings: Sequence[Finding | ReadFinding], declared: bool) -> tuple[str, str]:
    """A file's status, and for one that was not checked, the finding that says why."""
    state = status((f.rule for f in findings), declared)
    if state == CHECKED or not findings:
        return state, ""
    first = next((f for f in findings if f.rule == UNREADABLE.id), findings[0])
    return state, f"{first.line}:{first.column} {first.rule} {first.message}"


def record_from_result(result: FileResult, fail_level: Severity) -> ProjectRecord:
    state, problem = _standing(result.findings, result.declaration is not None)
    return ProjectRecord(
        file=result.file,
        status=state,
        passed=not result.failed(fail_level),
        findings=tuple(
            FindingKey(f.rule, f.severity, f.waiver is not None) for f in result.findings
        ),
        declaration=result.declaration,
        problem=problem,
        fail_level=fail_level,
    )


def without_waivers(record: ProjectRecord) -> ProjectRecord:
    """The record as it would be with no waiver: every finding counts, and the gate is
    judged again on them (`audit --no-waivers` shows what waivers hide)."""
    findings = tuple(FindingKey(f.rule, f.severity, False) for f in record.findings)
    fails = any(f.severity.rank >= record.fail_level.rank for f in findings)
    passed = record.passed and not fails if record.status == CHECKED else record.passed
    return dataclasses.replace(record, findings=findings, passed=passed)


def unchecked(file: str, reason: str) -> ProjectRecord:
    return ProjectRecord(file=file, status=UNCHECKED, passed=False, problem=reason)


def record_of(checker: Checker, target: Target) -> ProjectRecord:
    """A file's record; never raises: whatever stops one file's check becomes its record."""
    return check_project(checker, target)[1]


def check_project(checker: Checker, target: Target) -> tuple[Checked | None, ProjectRecord]:
    """A file's check (None when it could not be checked) and its record; never raises:
    whatever stops one file's check becomes its record."""
    try:
        checked = checker.check(target)
    except PolicyError as error:
        reason = " ".join(str(error).split())
        return None, unchecked(target.display, f"its configuration cannot be used: {reason}")
    except Exception as error:  # one project's bug must not end the audit of all
        if os.environ.get("LLM_CHOICE_DEBUG"):
            raise
        return None, unchecked(
            target.display, f"internal error: {type(error).__name__}: {error} (please report it)"
        )
    return checked, record_from_result(checked.result, checker.fail_level())


# -- from reports --------------------------------------------------------------------------


def read_reports(
    paths: Sequence[str], repeated: list[str] | None = None
) -> Iterator[ProjectRecord]:
    """The records of every file entry of the JSON reports named or found below `paths`.

    Reports come from other repositories' jobs, so each is untrusted: a verdict counts only
    if it follows from the report's own findings and fail level (jsonreport refuses one that
    contradicts itself), and a project is identified by the repository the report names and
    the file's path in it. The same project in two reports that agree (two CI runs of one
    commit) is counted once, and `repeated` collects it; two reports that disagree about it
    are an error: one report must not shadow another project's verdict."""
    seen: dict[tuple[str, str], tuple[str, ProjectRecord]] = {}
    for path in report_files(paths):
        try:
            report = jsonreport.read(path)
        except jsonreport.ReportFileError as error:
            raise ReportError(str(error)) from None
        repository = report.repository or ""
        for index, entry in enumerate(report.files):
            if not entry.has_declaration:
                raise ReportError(
                    f"{path}: at /files/{index}/declaration: missing: the report was written "
                    "by an llm-choice without declaration facts; run `llm-choice check "
                    "--format json` again with this version"
                )
            record = _record_of_entry(entry, report.path, repository, report.fail_level)
            identity = (repository, entry.file)
            earlier = seen.get(identity)
            if earlier is None:
                seen[identity] = (str(path), record)
                yield record
                continue
            first, kept = earlier
            named = f"{repository}:{entry.file}" if repository else entry.file
            if _verdict(kept) != _verdict(record):
                unnamed = (
                    ""
                    if repository
                    else " (neither report names its repository: write each with "
                    "--repository OWNER/NAME, or from CI, where $GITHUB_REPOSITORY is set)"
                )
                raise ReportError(
                    f"{path}: at /files/{index}: project {named} is in {first} too, with "
                    f"another verdict or other findings: reports that disagree about one "
                    f"project cannot both be counted{unnamed}"
                )
            if repeated is not None:
                repeated.append(f"{named} (again in {path})")


def _verdict(record: ProjectRecord) -> tuple[object, ...]:
    return (record.passed, record.status, sorted(record.findings, key=repr))


def report_files(paths: Sequence[str]) -> list[Path]:
    found: list[Path] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if d not in CACHES)
                found += [Path(root, name) for name in sorted(files) if name.endswith(".json")]
        elif path.exists():
            found.append(path)
        else:
            raise ReportError(f"{given}: no such file or directory")
    return list(dict.fromkeys(found))


def _record_of_entry(
    entry: jsonreport.ReadFile,
    source: str,
    repository: str = "",
    fail_level: Severity = Severity.ERROR,
) -> ProjectRecord:
    state, problem = _standing(entry.findings, entry.declaration is not None)
    return ProjectRecord(
        file=entry.file,
        status=state,
        passed=entry.passed,
        findings=tuple(FindingKey(f.rule, f.severity, f.waived) for f in entry.findings),
        declaration=entry.declaration,
        problem=problem,
        source=source,
        repository=repository,
        attested=True,
        fail_level=fail_level,
    )
