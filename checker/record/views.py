"""The values a decision record's renderers read: one project's choice laid out for a board."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from checker.catalogue import Entry
from checker.declaration import SELF_HOSTED, model_camp
from checker.policies.model import Reference
from checker.report import Finding, Severity


@dataclass(frozen=True)
class ModelView:
    index: int
    id: str
    role: str | None
    provider: str | None
    openness: str | None
    version: str | None
    licence_id: str | None
    licence_url: str | None
    review_status: str | None
    review_by: str | None
    review_date: str | None
    review_ref: str | None
    review_due: str | None
    restrictions_acknowledged: str | None
    mode: str | None
    host: str | None
    regions: tuple[str, ...]
    residency: tuple[str, ...]
    serving: str | None
    data_retention: str | None
    training_on_inputs: str | None
    dpa_ref: str | None
    catalogue: Entry | None  # the catalogue entry the model resolved to
    # whether the declared licence is the catalogue's (its id or an alias), as enrichment
    # found it; None when either is unknown
    licence_matches: bool | None = None

    @property
    def self_hosted(self) -> bool:
        return self.mode in SELF_HOSTED

    @property
    def openness_matches(self) -> bool | None:
        if self.catalogue is None or self.catalogue.openness is None or self.openness is None:
            return None
        return self.openness == self.catalogue.openness


@dataclass(frozen=True)
class AlternativeView:
    model: str
    openness: str | None
    openness_from_catalogue: bool
    family: str | None
    rejected_because: str | None

    @property
    def camp(self) -> str:
        return model_camp(self.openness) or "unknown"


@dataclass(frozen=True)
class FindingView:
    finding: Finding
    title: str
    rationale: str
    remediation: str
    references: tuple[Reference, ...]
    factors: tuple[Factor, ...]  # the factors it bears on
    number: int = 0  # its place in the record, from 1

    @property
    def factor_names(self) -> tuple[str, ...]:
        return tuple(factor.name for factor in self.factors)

    @property
    def anchor(self) -> str:
        return f"finding-{self.number}-{self.finding.rule}"


@dataclass(frozen=True)
class WaiverView:
    policy: str
    title: str | None
    reason: str | None
    approved_by: str | None
    expires: str | None
    ref: str | None
    days_left: int | None
    covers: int  # the findings this waiver covers in this run

    standing: str  # a key of declaration.WAIVER_STATES

    @property
    def state(self) -> str:
        """The waiver's standing as the record states it."""
        return _WAIVER_STATE_TEXT[self.standing]


@dataclass(frozen=True)
class Factor:
    """One factor of the decision, as the review board's framework states it (factors.yaml)."""

    id: str
    name: str
    question: str
    self_run: str  # what running the model yourself implies for this factor
    provider_run: str  # what a provider running it implies
    pointers: tuple[str, ...]  # the parts of a declaration it bears on ("*": any index)


NOT_ASSESSED = "not assessed"  # a factor's standing when the file is not a declaration


@dataclass(frozen=True)
class FactorView:
    factor: Factor
    declared: tuple[str, ...]
    implications: tuple[tuple[str, str], ...]  # (how the models run, what that implies)
    findings: tuple[FindingView, ...]
    assessed: bool = True  # False when the file could not be read as a declaration

    @property
    def worst(self) -> str:
        """The factor's standing: not assessed (the file is not a declaration), the most
        severe unwaived finding, else ok."""
        if not self.assessed:
            return NOT_ASSESSED
        live = [f.finding for f in self.findings if f.finding.waiver is None]
        if not live:
            return "waived" if self.findings else "ok"
        return max(live, key=lambda f: f.severity.rank).severity.value


@dataclass(frozen=True)
class Event:
    """A date that falls due: a review, a waiver's expiry, a model's retirement."""

    label: str
    date: dt.date
    kind: str  # review, waiver, retirement
    past: bool


@dataclass(frozen=True)
class DecisionRecord:
    file: str
    today: dt.date
    tool_version: str
    status: str  # checked, unreadable or malformed (as in an audit)
    passed: bool
    fail_level: Severity
    name: str | None
    owner: str | None
    use: str | None
    description: str | None
    repository: str | None
    classification: str | None
    categories: tuple[str, ...]
    residency: tuple[str, ...]
    customization: str | None
    ops_capacity: str | None
    cost_amount: float | None
    cost_currency: str | None
    cost_includes: tuple[str, ...]
    cost_rationale: str | None
    operations: tuple[tuple[str, str | None], ...]  # (what, as declared)
    camp: str
    factors: tuple[FactorView, ...]
    models: tuple[ModelView, ...]
    alternatives: tuple[AlternativeView, ...]
    findings: tuple[FindingView, ...]
    waivers: tuple[WaiverView, ...]
    events: tuple[Event, ...]
    counts: dict[str, int] = field(default_factory=dict)  # error, warning, info, waived
    placeholders: int = 0  # values still a TODO placeholder, which no policy has judged

    @property
    def title(self) -> str:
        return self.name or self.file

    @property
    def verdict(self) -> str:
        """incomplete (a placeholder remains, whatever the gate says), fails or passes."""
        if self.placeholders:
            return "incomplete"
        return "passes" if self.passed else "fails"


# how a record states a waiver's standing
_WAIVER_STATE_TEXT = {
    "no-date": "no valid date",
    "expired": "expired",
    "expiring-30": "expires within 30 days",
    "expiring-90": "expires within 90 days",
    "later": "active",
}
