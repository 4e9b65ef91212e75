"""The portfolio audit: one compact record per declaration, and an aggregate built as they come.

Records come from checking declarations (spread over processes) or from JSON reports that CI
runs already wrote. Each record is added to the `Portfolio` (counters only) and spooled to a
temporary file, so memory stays flat however many projects there are; renderers read the
aggregate and iterate the spool.
"""

from __future__ import annotations

import collections
import datetime as dt
import itertools
import json
import os
import pickle
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from checker.declaration import (
    Declaration,
    DeclarationError,
    DeclaredModel,
    DeclaredWaiver,
    by_fields,
)
from checker.declaration import from_dict as declaration_from_dict
from checker.discover import SKIPPED_DIRECTORIES, Target
from checker.enrich import parse_date
from checker.report import FileResult, Rule, Severity
from checker.rules import CORE_RULES, UNREADABLE

# what became of a declaration file
CHECKED = "checked"  # read, validated and evaluated (it may still have findings)
UNREADABLE_FILE = "unreadable"  # the file could not be read at all (LC000)
MALFORMED = "malformed"  # read, but not a declaration: not YAML, a bomb, empty, not a mapping
UNCHECKED = "unchecked"  # its configuration (or an internal error) stopped the check
STATUSES = (CHECKED, UNREADABLE_FILE, MALFORMED, UNCHECKED)

CAMPS = ("open", "closed", "mixed", "unknown")
OPENNESS = ("open-source", "open-weight", "closed")
MODES = ("on-prem", "private-cloud", "managed-cloud", "vendor-api")
# waivers by the days left until their last day, and what each state means
WAIVER_STATES = {
    "expired": "expired",
    "expiring-30": "within 30 days",
    "expiring-90": "in 31\u201390 days",
    "later": "later",
    "no-date": "no valid date",
}
NOT_SET = "(not set)"

PARALLEL_FROM = 100  # fewer files are checked in this process: starting workers costs more
CHUNK = 100  # files a worker checks per task: enough to make the round trip cheap


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

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity and not f.waived)

    @property
    def waived(self) -> int:
        return sum(1 for f in self.findings if f.waived)

    @property
    def camp(self) -> str:
        return self.declaration.camp if self.declaration else "unknown"

    @property
    def name(self) -> str:
        return (self.declaration.name if self.declaration else None) or ""


def waiver_state(waiver: DeclaredWaiver, today: dt.date) -> str:
    days = waiver.days_left(today)
    if days is None:
        return "no-date"
    if days < 0:
        return "expired"
    if days <= 30:
        return "expiring-30"
    return "expiring-90" if days <= 90 else "later"


def review_state(model: DeclaredModel, today: dt.date) -> str:
    """overdue (past its due date), missing (an open model with no dated review), current,
    or none (a closed model without one: vendor terms are reviewed too, but not required)."""
    due = parse_date(model.review_due)
    if due is not None:
        return "overdue" if due < today else "current"
    return "missing" if model.open else "none"


def review_age(model: DeclaredModel, today: dt.date) -> int | None:
    reviewed = parse_date(model.review_date)
    return None if reviewed is None else (today - reviewed).days


# -- records from results and from reports --------------------------------------------------


def _status(rules: Iterable[str], has_declaration: bool) -> str:
    if UNREADABLE.id in rules:
        return UNREADABLE_FILE
    return CHECKED if has_declaration else MALFORMED


def record_from_result(result: FileResult, fail_level: Severity) -> ProjectRecord:
    status = _status((f.rule for f in result.findings), result.declaration is not None)
    problem = ""
    if status != CHECKED and result.findings:
        first = next((f for f in result.findings if f.rule == UNREADABLE.id), result.findings[0])
        problem = f"{first.line}:{first.column} {first.rule} {first.message}"
    return ProjectRecord(
        file=result.file,
        status=status,
        passed=not result.failed(fail_level),
        findings=tuple(
            FindingKey(f.rule, f.severity, f.waiver is not None) for f in result.findings
        ),
        declaration=result.declaration,
        problem=problem,
    )


def unchecked(file: str, reason: str) -> ProjectRecord:
    return ProjectRecord(file=file, status=UNCHECKED, passed=False, problem=reason)


def read_reports(paths: Sequence[str]) -> Iterator[ProjectRecord]:
    """The records of every file entry of the JSON reports named or found below `paths`."""
    for path in report_files(paths):
        yield from _records_of(path)


def report_files(paths: Sequence[str]) -> list[Path]:
    found: list[Path] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if d not in SKIPPED_DIRECTORIES)
                found += [Path(root, name) for name in sorted(files) if name.endswith(".json")]
        elif path.exists():
            found.append(path)
        else:
            raise ReportError(f"{given}: no such file or directory")
    return list(dict.fromkeys(found))


def _records_of(path: Path) -> Iterator[ProjectRecord]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ReportError(f"{path}: cannot read the report: {error.strerror or error}") from None
    except UnicodeDecodeError as error:
        raise ReportError(f"{path}: not a JSON report: not UTF-8 text ({error.reason})") from None
    try:
        report = json.loads(text)
    except json.JSONDecodeError as error:
        raise ReportError(
            f"{path}:{error.lineno}:{error.colno}: not a JSON report: {error.msg}"
        ) from None
    if not isinstance(report, dict) or "report_version" not in report:
        raise ReportError(
            f"{path}:1:1: not a JSON report of llm-choice (it has no report_version; write one "
            "with `llm-choice check --format json --output FILE`)"
        )
    if report["report_version"] != 1:
        raise ReportError(
            f"{path}: report_version {report['report_version']!r} is not one this llm-choice "
            "reads (1)"
        )
    try:
        level = Severity(report.get("fail_level", "error"))
        entries = report["files"]
        if not isinstance(entries, list):
            raise DeclarationError("/files", "expected an array")
        for index, entry in enumerate(entries):
            yield _record_of_entry(entry, level, f"/files/{index}", str(path))
    except DeclarationError as error:
        raise ReportError(f"{path}: at {error.pointer}: {error.problem}") from None
    except (KeyError, TypeError, ValueError) as error:
        raise ReportError(
            f"{path}: not a JSON report of llm-choice as schemas/report.schema.json describes "
            f"it ({type(error).__name__}: {error})"
        ) from None


def _record_of_entry(entry: Any, level: Severity, at: str, source: str) -> ProjectRecord:
    if not isinstance(entry, dict):
        raise DeclarationError(at, "expected an object")
    if "declaration" not in entry:
        raise DeclarationError(
            f"{at}/declaration",
            "missing: the report was written by an llm-choice without declaration facts; "
            "run `llm-choice check --format json` again with this version",
        )
    raw = entry["declaration"]
    declaration = None if raw is None else declaration_from_dict(raw, f"{at}/declaration")
    findings = entry["findings"]
    if not isinstance(findings, list):
        raise DeclarationError(f"{at}/findings", "expected an array")
    keys = tuple(
        FindingKey(str(f["rule"]), Severity(f["severity"]), f.get("waiver") is not None)
        for f in findings
    )
    status = _status((k.rule for k in keys), declaration is not None)
    problem = ""
    if status != CHECKED and findings:
        first = next((f for f in findings if f["rule"] == UNREADABLE.id), findings[0])
        problem = f"{first['line']}:{first['column']} {first['rule']} {first['message']}"
    passed = entry["passed"]
    if not isinstance(passed, bool):
        raise DeclarationError(f"{at}/passed", "expected true or false")
    return ProjectRecord(
        file=str(entry["file"]),
        status=status,
        passed=passed,
        findings=keys,
        declaration=declaration,
        problem=problem,
        source=source,
    )


# -- checking declarations, over all cores ---------------------------------------------------


def collect(targets: Iterable[Target], options: Any, jobs: int) -> Iterator[ProjectRecord]:
    """A record per target, in the targets' order; `options` are the pipeline's Options.

    Chunks of files go to worker processes, each with one Checker (configurations and
    policies built once per process); results come back as compact records and are
    yielded as they arrive, in order. Targets are read lazily and only a few chunks are
    in flight at a time, so memory does not grow with the number of files.
    """
    targets = iter(targets)
    head = list(itertools.islice(targets, PARALLEL_FROM))
    if jobs <= 1 or len(head) < PARALLEL_FROM:
        from checker.pipeline import Checker

        checker = Checker(options)
        for target in itertools.chain(head, targets):
            yield _check(checker, target)
        return
    from concurrent.futures import ProcessPoolExecutor

    def chunks() -> Iterator[list[tuple[str, str]]]:
        pending = itertools.chain(head, targets)
        while chunk := list(itertools.islice(pending, CHUNK)):
            yield [(str(t.path), t.display) for t in chunk]

    with ProcessPoolExecutor(jobs, initializer=_start_worker, initargs=(options,)) as pool:
        in_flight: collections.deque[Any] = collections.deque()
        for chunk in chunks():
            in_flight.append(pool.submit(_check_chunk, chunk))
            if len(in_flight) >= jobs * 4:
                yield from in_flight.popleft().result()
        while in_flight:
            yield from in_flight.popleft().result()


_worker_checker: Any = None


def _start_worker(options: Any) -> None:
    global _worker_checker
    from checker.pipeline import Checker

    _worker_checker = Checker(options)


def _check_chunk(chunk: list[tuple[str, str]]) -> list[ProjectRecord]:
    return [_check(_worker_checker, Target(Path(path), display)) for path, display in chunk]


def _check(checker: Any, target: Target) -> ProjectRecord:
    """Never raises: whatever stops one file's check becomes that project's record."""
    from checker.policies import PolicyError

    try:
        result = checker.check_file(target)
    except PolicyError as error:
        reason = " ".join(str(error).split())
        return unchecked(target.display, f"its configuration cannot be used: {reason}")
    except Exception as error:  # one project's bug must not end the audit of all
        if os.environ.get("LLM_CHOICE_DEBUG"):
            raise
        return unchecked(
            target.display, f"internal error: {type(error).__name__}: {error} (please report it)"
        )
    return record_from_result(result, checker.fail_level())


# -- the aggregate ---------------------------------------------------------------------------


@dataclass
class ModelUse:
    """A model (a catalogue entry, or a model id the catalogue does not know) in use."""

    key: str
    label: str
    openness: str
    in_catalogue: bool
    projects: int = 0
    usages: int = 0


@dataclass
class Portfolio:
    """Counters over every record added so far; nothing here grows with the project count."""

    today: dt.date
    projects: int = 0
    statuses: Counter[str] = field(default_factory=Counter)
    failing: int = 0
    camps: Counter[str] = field(default_factory=Counter)
    classifications: Counter[str] = field(default_factory=Counter)
    models: int = 0  # model entries over all projects
    openness: Counter[str] = field(default_factory=Counter)
    modes: Counter[str] = field(default_factory=Counter)
    model_uses: dict[str, ModelUse] = field(default_factory=dict)
    licence_projects: Counter[str] = field(default_factory=Counter)
    licence_usages: Counter[str] = field(default_factory=Counter)
    findings: dict[str, Counter[str]] = field(default_factory=dict)  # rule -> severity/waived
    finding_projects: Counter[str] = field(default_factory=Counter)
    waivers: Counter[str] = field(default_factory=Counter)
    reviews: Counter[str] = field(default_factory=Counter)
    cost: dict[tuple[str, str], float] = field(default_factory=dict)  # (camp, currency)
    cost_projects: Counter[tuple[str, str]] = field(default_factory=Counter)
    no_cost: Counter[str] = field(default_factory=Counter)  # camp -> projects without one

    def add(self, record: ProjectRecord) -> None:
        self.projects += 1
        self.statuses[record.status] += 1
        if not record.passed:
            self.failing += 1
        for key in record.findings:
            counts = self.findings.setdefault(key.rule, Counter())
            counts["waived" if key.waived else key.severity.value] += 1
        self.finding_projects.update({key.rule for key in record.findings})
        declaration = record.declaration
        if declaration is None:
            return
        camp = declaration.camp
        self.camps[camp] += 1
        self.classifications[declaration.classification or NOT_SET] += 1
        keys: set[str] = set()
        for model in declaration.models:
            self.models += 1
            self.openness[model.openness or NOT_SET] += 1
            self.modes[model.deployment_mode or NOT_SET] += 1
            key = model.catalogue_key or model.id
            use = self.model_uses.get(key)
            if use is None:
                use = self.model_uses[key] = ModelUse(
                    key,
                    model.family or model.id,
                    model.catalogue_openness or model.openness or NOT_SET,
                    model.catalogue_key is not None,
                )
            use.usages += 1
            if key not in keys:
                use.projects += 1
                keys.add(key)
            self.licence_usages[model.licence or NOT_SET] += 1
            self.reviews[review_state(model, self.today)] += 1
        self.licence_projects.update({m.licence or NOT_SET for m in declaration.models})
        for waiver in declaration.waivers:
            self.waivers[waiver_state(waiver, self.today)] += 1
        if declaration.monthly_cost is None or declaration.currency is None:
            self.no_cost[camp] += 1
        else:
            slot = (camp, declaration.currency)
            self.cost[slot] = self.cost.get(slot, 0) + declaration.monthly_cost
            self.cost_projects[slot] += 1

    # -- views for the renderers, each sorted so that output is repeatable

    def waiver_summary(self) -> dict[str, int]:
        expired = self.waivers["expired"]
        soon = self.waivers["expiring-30"]
        return {
            "total": sum(self.waivers.values()),
            "active": sum(self.waivers.values()) - expired - self.waivers["no-date"],
            "expiring_30": soon,
            "expiring_90": soon + self.waivers["expiring-90"],
            "expired": expired,
        }

    def openness_mix(self) -> dict[str, int]:
        """Model entries by openness class: the three classes in order, then any others."""
        return _ordered(self.openness, OPENNESS)

    def mode_mix(self) -> dict[str, int]:
        """Model entries by deployment mode: the four modes in order, then any others."""
        return _ordered(self.modes, MODES)

    def models_in_use(self) -> list[ModelUse]:
        return sorted(self.model_uses.values(), key=lambda u: (-u.projects, -u.usages, u.label))

    def licences_in_use(self) -> list[tuple[str, int, int]]:
        """(licence, projects, model entries), most used first."""
        return sorted(
            (
                (name, count, self.licence_usages[name])
                for name, count in self.licence_projects.items()
            ),
            key=lambda row: (-row[1], -row[2], row[0]),
        )

    def findings_by_rule(self) -> list[tuple[str, Counter[str], int]]:
        """(rule, counts by severity and "waived", projects), by unwaived errors first."""
        return sorted(
            ((rule, counts, self.finding_projects[rule]) for rule, counts in self.findings.items()),
            key=lambda row: (-row[1]["error"], -row[1]["warning"], -row[1]["info"], row[0]),
        )

    def cost_by_camp(self) -> list[tuple[str, str, float, int]]:
        """(camp, currency, monthly total, projects)."""
        return sorted(
            (
                (camp, currency, total, self.cost_projects[(camp, currency)])
                for (camp, currency), total in self.cost.items()
            ),
            key=lambda row: (CAMPS.index(row[0]), row[1]),
        )


def _ordered(counts: Counter[str], known: Sequence[str]) -> dict[str, int]:
    """The known keys in their order (zeros included), then any others alphabetically."""
    ordered = {key: counts[key] for key in known}
    ordered.update(sorted((k, v) for k, v in counts.items() if k not in ordered))
    return ordered


# -- the audit: the aggregate, the spooled records, and what the run was --------------------


@dataclass
class Audit:
    """What every audit renderer reads. Close it (or use `with`) to drop the spool."""

    portfolio: Portfolio
    today: dt.date
    sources: tuple[str, ...]
    from_reports: bool
    tool_version: str
    rules: dict[str, Rule]  # titles and rationales of the rules known to this run
    _spool: IO[bytes]

    def projects(self) -> Iterator[ProjectRecord]:
        """Every record, in the order added (a fresh pass each call)."""
        self._spool.seek(0)
        while True:
            try:
                yield pickle.load(self._spool)
            except EOFError:
                return

    def attention(
        self,
    ) -> tuple[
        list[tuple[ProjectRecord, DeclaredWaiver, int, str]],
        list[tuple[ProjectRecord, DeclaredModel, int]],
    ]:
        """What a board acts on: waivers that expired or expire within 90 days, soonest
        first, as (record, waiver, days left, state); and overdue licence reviews, longest
        overdue first, as (record, model, age in days)."""
        waivers: list[tuple[ProjectRecord, DeclaredWaiver, int, str]] = []
        reviews: list[tuple[ProjectRecord, DeclaredModel, int]] = []
        for record in self.projects():
            if record.declaration is None:
                continue
            for waiver in record.declaration.waivers:
                state = waiver_state(waiver, self.today)
                if state in ("expired", "expiring-30", "expiring-90"):
                    waivers.append((record, waiver, waiver.days_left(self.today) or 0, state))
            for model in record.declaration.models:
                if review_state(model, self.today) == "overdue":
                    reviews.append((record, model, review_age(model, self.today) or 0))
        waivers.sort(key=lambda row: (row[2], row[0].file))
        reviews.sort(key=lambda row: (-row[2], row[0].file, row[1].id))
        return waivers, reviews

    def close(self) -> None:
        self._spool.close()

    def __enter__(self) -> Audit:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def build_audit(
    records: Iterable[ProjectRecord],
    today: dt.date,
    sources: Sequence[str],
    from_reports: bool,
    tool_version: str,
    rules: dict[str, Rule],
    on_record: Callable[[ProjectRecord], None] | None = None,
) -> Audit:
    portfolio = Portfolio(today)
    # the Audit owns the spool and closes it (it is a context manager itself)
    spool = tempfile.TemporaryFile(prefix="llm-choice-audit-")  # noqa: SIM115
    try:
        for record in records:
            portfolio.add(record)
            pickle.dump(record, spool, protocol=pickle.HIGHEST_PROTOCOL)
            if on_record is not None:
                on_record(record)
    except BaseException:
        spool.close()
        raise
    return Audit(portfolio, today, tuple(sources), from_reports, tool_version, rules, spool)


def known_rules(options: Any) -> dict[str, Rule]:
    """The file rules and the policies of the configuration the run uses by default (the
    --config file's, else the built-in defaults plus --pack), by id: for titles in reports."""
    from checker.config import default_config, load_config
    from checker.resolve import build_policy_set

    config = load_config(options.config) if options.config else default_config()
    policies = build_policy_set(config, options.packs, options.default_policies)
    found = {rule.id: rule for rule in CORE_RULES}
    for policy in policies.policies:
        found.setdefault(policy.id, policy.as_rule())
    return found
