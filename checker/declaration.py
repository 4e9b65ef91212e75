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
import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, NamedTuple

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


# -- the declaration as written, typed ---------------------------------------------------
# One reader turns the JSON-shaped document into these values, once, in enrich; every stage
# after it (records, BOMs, waivers, the report's summary) reads them and never the document.
# A value of the wrong type reads as missing: the schema reports it, at its line. They are
# named tuples, immutable as frozen dataclasses are: a run makes about ten of them a file,
# which a named tuple makes in half the time, and the module defines them at a sixth of
# a dataclass's cost at import, which `check` pays on every commit.


class Review(NamedTuple):
    status: str | None = None
    by: str | None = None
    date: str | None = None  # as written; parse_date() reads it
    ref: str | None = None
    restrictions_acknowledged: bool | None = None


class Licence(NamedTuple):
    id: str | None = None
    url: str | None = None
    review: Review = Review()


class Deployment(NamedTuple):
    mode: str | None = None
    provider: str | None = None  # the cloud or vendor that hosts it
    regions: tuple[str, ...] = ()
    residency: tuple[str, ...] = ()
    serving: str | None = None
    data_retention: str | None = None
    training_on_inputs: bool | None = None
    dpa_ref: str | None = None

    @property
    def self_hosted(self) -> bool:
        return self.mode in SELF_HOSTED


class ModelEntry(NamedTuple):
    """One entry of `models`, as declared."""

    index: int
    id: str | None = None
    role: str | None = None
    provider: str | None = None  # who publishes the model
    openness: str | None = None
    version: str | None = None
    base_model: str | None = None
    licence: Licence = Licence()
    deployment: Deployment = Deployment()


class AlternativeEntry(NamedTuple):
    """One entry of `alternatives`, as declared."""

    index: int
    model: str | None = None
    openness: str | None = None
    rejected_because: str | None = None


class WaiverEntry(NamedTuple):
    """One entry of `waivers`, as declared."""

    index: int
    policy: str | None = None
    reason: str | None = None
    approved_by: str | None = None
    expires: str | None = None  # as written; parse_date() reads it
    ref: str | None = None


class Operations(NamedTuple):
    owner: str | None = None
    monitoring: str | None = None
    evaluation: str | None = None
    upgrade_policy: str | None = None


class Declared(NamedTuple):
    """A whole declaration as written, typed."""

    name: str | None = None
    owner: str | None = None
    use: str | None = None
    description: str | None = None
    repository: str | None = None
    distribution: str | None = None
    classification: str | None = None
    categories: tuple[str, ...] = ()
    residency: tuple[str, ...] = ()
    customization: str | None = None
    ops_capacity: str | None = None
    cost_rationale: str | None = None
    # a usable monthly amount (finite, non-negative) and its currency, each only with the other
    cost_amount: int | float | None = None
    cost_currency: str | None = None
    cost_includes: tuple[str, ...] = ()
    operations: Operations = Operations()
    models: tuple[ModelEntry, ...] = ()
    alternatives: tuple[AlternativeEntry, ...] = ()
    waivers: tuple[WaiverEntry, ...] = ()


def read_declared(document: Any) -> Declared:
    """The typed declaration of a JSON-shaped document; never raises."""
    doc = _map(document)
    project, data, requirements = (
        _map(doc.get("project")),
        _map(doc.get("data")),
        _map(doc.get("requirements")),
    )
    cost = _map(doc.get("cost"))
    monthly = _map(cost.get("monthly"))
    amount, currency = _amount(monthly.get("amount")), _text(monthly.get("currency"))
    operations = _map(doc.get("operations"))
    return Declared(
        name=_text(project.get("name")),
        owner=_text(project.get("owner")),
        use=_text(project.get("use")),
        description=_text(project.get("description")),
        repository=_text(project.get("repository")),
        distribution=_text(project.get("distribution")),
        classification=_text(data.get("classification")),
        categories=_texts(data.get("categories")),
        residency=_texts(data.get("residency")),
        customization=_text(requirements.get("customization")),
        ops_capacity=_text(requirements.get("ops_capacity")),
        cost_rationale=_text(cost.get("rationale")),
        cost_amount=None if currency is None else amount,
        cost_currency=None if amount is None else currency,
        cost_includes=_texts(cost.get("includes")),
        operations=Operations(
            owner=_text(operations.get("owner")),
            monitoring=_text(operations.get("monitoring")),
            evaluation=_text(operations.get("evaluation")),
            upgrade_policy=_text(operations.get("upgrade_policy")),
        ),
        models=tuple(_model_entry(i, entry) for i, entry in _entries(doc.get("models"))),
        alternatives=tuple(
            AlternativeEntry(
                index=i,
                model=_text(entry.get("model")),
                openness=_text(entry.get("openness")),
                rejected_because=_text(entry.get("rejected_because")),
            )
            for i, entry in _entries(doc.get("alternatives"))
        ),
        waivers=tuple(
            WaiverEntry(
                index=i,
                policy=_text(entry.get("policy")),
                reason=_text(entry.get("reason")),
                approved_by=_text(entry.get("approved_by")),
                expires=_text(entry.get("expires")),
                ref=_text(entry.get("ref")),
            )
            for i, entry in _entries(doc.get("waivers"))
        ),
    )


def _model_entry(index: int, entry: dict[str, Any]) -> ModelEntry:
    licence, deployment = _map(entry.get("licence")), _map(entry.get("deployment"))
    review = _map(licence.get("review"))
    return ModelEntry(
        index=index,
        id=_text(entry.get("id")),
        role=_text(entry.get("role")),
        provider=_text(entry.get("provider")),
        openness=_text(entry.get("openness")),
        version=_text(entry.get("version")),
        base_model=_text(entry.get("base_model")),
        licence=Licence(
            id=_text(licence.get("id")),
            url=_text(licence.get("url")),
            review=Review(
                status=_text(review.get("status")),
                by=_text(review.get("by")),
                date=_text(review.get("date")),
                ref=_text(review.get("ref")),
                restrictions_acknowledged=_flag(review.get("restrictions_acknowledged")),
            ),
        ),
        deployment=Deployment(
            mode=_text(deployment.get("mode")),
            provider=_text(deployment.get("provider")),
            regions=_texts(deployment.get("regions")),
            residency=_texts(deployment.get("residency")),
            serving=_text(deployment.get("serving")),
            data_retention=_text(deployment.get("data_retention")),
            training_on_inputs=_flag(deployment.get("training_on_inputs")),
            dpa_ref=_text(deployment.get("dpa_ref")),
        ),
    )


# the one defensive reader of JSON-shaped data: a wrong type reads as missing


def _map(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _entries(value: Any) -> Iterator[tuple[int, dict[str, Any]]]:
    """The mappings of a list with their indexes (an entry of another type is skipped)."""
    if isinstance(value, list):
        for index, entry in enumerate(value):
            if isinstance(entry, dict):
                yield index, entry


def _text(value: Any) -> str | None:
    """Text as written (not empty); anything else reads as missing."""
    return value if isinstance(value, str) and value else None


def _texts(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        return ()
    return tuple(text for item in value if (text := _text(item)) is not None)


def _flag(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None


def _amount(value: Any) -> int | float | None:
    """A usable monthly amount: a finite, non-negative number a float can hold."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        number = float(value)
    except OverflowError:  # an integer of hundreds of digits
        return None
    return value if math.isfinite(number) and number >= 0 else None
