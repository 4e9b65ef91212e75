"""The portfolio's aggregate, built as records come: counters only, so memory stays flat
however many projects there are; the records themselves are spooled to a temporary file
for the renderers to read again."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from checker.audit.records import ProjectRecord
from checker.declaration import CAMPS, MODES, OPENNESS, DeclaredModel, DeclaredWaiver
from checker.report import Rule, Severity
from checker.rules import CHECKED, TODO_MARK
from checker.support.spool import Spool

NOT_SET = "(not set)"
# a value outside the schema's vocabulary failed validation: it is no category of its own
NOT_VALID = "(not valid)"


@dataclass
class OwnerRollUp:
    """One owning team's projects, as the portfolio counts them."""

    owner: str
    projects: int = 0
    failing: int = 0
    incomplete: int = 0
    errors: int = 0
    warnings: int = 0


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
    incomplete: int = 0  # projects with a placeholder still to fill in
    # one entry per project name and per owner: the two things a board asks "which?" of
    names: Counter[str] = field(default_factory=Counter)
    owners: dict[str, OwnerRollUp] = field(default_factory=dict)

    def add(self, record: ProjectRecord) -> None:
        self.projects += 1
        self.statuses[record.status] += 1
        if not record.passed:
            self.failing += 1
        if record.incomplete:
            self.incomplete += 1
        if record.name:
            self.names[record.name] += 1
        owner = (record.declaration.owner if record.declaration else None) or NOT_SET
        if owner.startswith(TODO_MARK):  # a placeholder names nobody yet
            owner = NOT_SET
        rollup = self.owners.get(owner)
        if rollup is None:
            rollup = self.owners[owner] = OwnerRollUp(owner)
        rollup.projects += 1
        rollup.failing += not record.passed
        rollup.incomplete += record.incomplete
        rollup.errors += record.count(Severity.ERROR)
        rollup.warnings += record.count(Severity.WARNING)
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
            self.openness[_category(model.openness, OPENNESS)] += 1
            self.modes[_category(model.deployment_mode, MODES)] += 1
            ref = model.catalogue
            key = ref.key if ref else model.id
            use = self.model_uses.get(key)
            if use is None:
                use = self.model_uses[key] = ModelUse(
                    key,
                    (ref.family if ref else None) or model.id,
                    (ref.openness if ref else None) or model.openness or NOT_SET,
                    ref is not None,
                )
            use.usages += 1
            if key not in keys:
                use.projects += 1
                keys.add(key)
            self.licence_usages[model.licence or NOT_SET] += 1
            self.reviews[model.review_state(self.today)] += 1
        self.licence_projects.update({m.licence or NOT_SET for m in declaration.models})
        for waiver in declaration.waivers:
            self.waivers[waiver.state(self.today)] += 1
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

    def duplicate_names(self) -> list[tuple[str, int]]:
        """(project name, how many files declare it) for every name used more than once."""
        return sorted(((n, c) for n, c in self.names.items() if c > 1), key=lambda r: (-r[1], r[0]))

    def by_owner(self) -> list[OwnerRollUp]:
        """Each owner's roll-up, the most failing projects first."""
        return sorted(
            self.owners.values(), key=lambda o: (-o.failing, -o.incomplete, -o.projects, o.owner)
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


def _category(value: str | None, vocabulary: Sequence[str]) -> str:
    """The chart category of a value the schema allows only from `vocabulary`."""
    if value is None:
        return NOT_SET
    return value if value in vocabulary else NOT_VALID


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
    _spool: Spool[ProjectRecord]
    without_waivers: bool = False  # every finding counted as if no waiver covered it

    def projects(self) -> Iterator[ProjectRecord]:
        """Every record, in the order added (a fresh pass each call)."""
        return iter(self._spool)

    def by_severity(self) -> Iterator[ProjectRecord]:
        """Every record, failing projects first (`ProjectRecord.severity_key`). Only each
        record's key and place in the spool are held, never the records themselves."""
        order = sorted((record.severity_key(), place) for place, record in self._spool.places())
        for _, place in order:
            yield self._spool.at(place)

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
                state = waiver.state(self.today)
                if state in ("expired", "expiring-30", "expiring-90"):
                    waivers.append((record, waiver, waiver.days_left(self.today) or 0, state))
            for model in record.declaration.models:
                if model.review_state(self.today) == "overdue":
                    reviews.append((record, model, model.review_age(self.today) or 0))
        waivers.sort(key=lambda row: (row[2], row[0].file))
        reviews.sort(key=lambda row: (-row[2], row[0].file, row[1].id))
        return waivers, reviews

    def failing(self, level: Severity | None) -> int:
        """The projects that fail at `level` (an unwaived finding at or above it, or a file
        that could not be checked at all); at None, those that failed their own gate."""
        if level is None:
            return self.portfolio.failing
        return sum(1 for record in self.projects() if _fails_at(record, level))

    def close(self) -> None:
        self._spool.close()

    def __enter__(self) -> Audit:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _fails_at(record: ProjectRecord, level: Severity) -> bool:
    if record.status != CHECKED:
        return True
    return any(not f.waived and f.severity.rank >= level.rank for f in record.findings)


def build_audit(
    records: Iterable[ProjectRecord],
    today: dt.date,
    sources: Sequence[str],
    from_reports: bool,
    tool_version: str,
    rules: dict[str, Rule],
    on_record: Callable[[ProjectRecord], None] | None = None,
    without_waivers: bool = False,
) -> Audit:
    portfolio = Portfolio(today)
    # the Audit owns the spool and closes it (it is a context manager itself)
    spool: Spool[ProjectRecord] = Spool("llm-choice-audit-")
    try:
        for record in records:
            portfolio.add(record)
            spool.add(record)
            if on_record is not None:
                on_record(record)
    except BaseException:
        spool.close()
        raise
    return Audit(
        portfolio, today, tuple(sources), from_reports, tool_version, rules, spool, without_waivers
    )
