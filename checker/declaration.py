"""The vocabulary of a declaration's derived facts, and the summary a report carries.

The derivations every stage shares live here once: whether a model is open or
self-hosted, the camp of a model and of a project, a waiver's state by the days it has
left, a licence review's state by its due date. The `Declaration` summary is what a
portfolio audit needs of one `llm-choice.yaml` (owner, data, each model's openness,
deployment, licence, review and catalogue entry, the monthly cost, the waivers): the
enricher builds it, the JSON report carries it (`declaration`), and an audit reads it back
from reports that CI runs already wrote.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

SELF_HOSTED = ("on-prem", "private-cloud")
# the built-in data classification labels, least sensitive first; an organisation's own
# labels each count as one of these
CLASSIFICATIONS = ("public", "internal", "confidential", "regulated")
OPEN = ("open-source", "open-weight")
OPENNESS = ("open-source", "open-weight", "closed")
MODES = ("on-prem", "private-cloud", "managed-cloud", "vendor-api")
CAMPS = ("open", "closed", "mixed", "unknown")

# a waiver by the days left until its last day; a board acts on those due within 90 days
WAIVER_SOON_DAYS = 30
WAIVER_ATTENTION_DAYS = 90
WAIVER_STATES = {
    "expired": "expired",
    "expiring-30": "within 30 days",
    "expiring-90": "in 31\u201390 days",
    "later": "later",
    "no-date": "no valid date",
}
REVIEW_STATES = ("overdue", "missing", "current", "none")

# the built-in pack's setting for the licence review interval (LC203), which a
# configuration may change; the same default when the built-in pack is not loaded
REVIEW_INTERVAL_SETTING = "licence_review_max_age_days"
# the built-in pack's setting for the longest a waiver may run (LC903): a longer one waives
# nothing
WAIVER_MAX_DAYS_SETTING = "waiver_max_days"
DEFAULT_REVIEW_INTERVAL = 365


def parse_date(value: Any) -> dt.date | None:
    """A calendar date from a date or a YYYY-MM-DD string; None for anything else."""
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and len(value) == 10:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def days_between(start: Any, end: Any) -> int | None:
    first, last = parse_date(start), parse_date(end)
    if first is None or last is None:
        return None
    return (last - first).days


def model_camp(openness: Any) -> str | None:
    """open for open-source and open-weight models, closed for closed ones, else None."""
    if openness in OPEN:
        return "open"
    return "closed" if openness == "closed" else None


def project_camp(openness: Any) -> str:
    """open, closed or mixed, by the openness of a project's models; unknown if none."""
    camps = {model_camp(value) for value in openness} - {None}
    if len(camps) > 1:
        return "mixed"
    return camps.pop() if camps else "unknown"


def waiver_state(days_left: int | None) -> str:
    """A key of WAIVER_STATES."""
    if days_left is None:
        return "no-date"
    if days_left < 0:
        return "expired"
    if days_left <= WAIVER_SOON_DAYS:
        return "expiring-30"
    return "expiring-90" if days_left <= WAIVER_ATTENTION_DAYS else "later"


def review_state(due: Any, open_model: bool, today: dt.date) -> str:
    """overdue (past its due date), missing (an open model with no dated review), current,
    or none (a closed model without one: vendor terms are reviewed too, but not required)."""
    date = parse_date(due)
    if date is not None:
        return "overdue" if date < today else "current"
    return "missing" if open_model else "none"


def by_fields(value: Any) -> tuple[Any, tuple[Any, ...]]:
    """`__reduce__` for slotted dataclasses: pickled as their fields, rebuilt by the class.
    Several times faster than the dataclass default, which matters for runs that pass
    thousands of results between processes and through a spool file."""
    return type(value), tuple(getattr(value, name) for name in value.__slots__)


@dataclass(frozen=True, slots=True)
class CatalogueRef:
    """The catalogue entry a model resolved to, as reports name it."""

    __reduce__ = by_fields

    key: str
    family: str | None = None
    openness: str | None = None


@dataclass(frozen=True, slots=True)
class DeclaredModel:
    """One entry of `models`: its declared facts, its licence review and catalogue entry."""

    __reduce__ = by_fields

    id: str
    role: str | None = None
    openness: str | None = None
    deployment_mode: str | None = None
    licence: str | None = None
    review_status: str | None = None
    review_date: str | None = None
    review_age_days: int | None = None  # on the day of the run that made this
    review_due: str | None = None  # the review date plus the configured review interval
    catalogue: CatalogueRef | None = None

    @property
    def open(self) -> bool:
        return self.openness in OPEN

    @property
    def self_hosted(self) -> bool:
        return self.deployment_mode in SELF_HOSTED

    def review_state(self, today: dt.date) -> str:
        return review_state(self.review_due, self.open, today)

    def review_age(self, today: dt.date) -> int | None:
        return days_between(self.review_date, today)


@dataclass(frozen=True, slots=True)
class DeclaredWaiver:
    """A waiver as the declaration states it, for the report's summary."""

    __reduce__ = by_fields

    policy: str
    approved_by: str | None = None
    expires: str | None = None
    ref: str | None = None

    def days_left(self, today: dt.date) -> int | None:
        """Days until the waiver's last day (negative once it has expired)."""
        return days_between(today, self.expires)

    def state(self, today: dt.date) -> str:
        return waiver_state(self.days_left(today))


@dataclass(frozen=True, slots=True)
class Declaration:
    """What a report says of the declaration it checked: a summary, not the document."""

    __reduce__ = by_fields

    name: str | None = None
    owner: str | None = None
    use: str | None = None
    classification: str | None = None
    models: tuple[DeclaredModel, ...] = ()
    monthly_cost: float | None = None  # in `currency`, as declared (int or float)
    currency: str | None = None
    waivers: tuple[DeclaredWaiver, ...] = ()

    @property
    def camp(self) -> str:
        return project_camp(m.openness for m in self.models)
