"""The facts of a declaration a review board audits, small enough to travel in every report.

A `Declaration` is what a portfolio audit needs of one `llm-choice.yaml`: who owns the
project, what data it handles, each model's openness, deployment, licence and catalogue
entry, the monthly cost and the waivers. It is written into the JSON report (`declaration`)
so that an audit can be built from reports that CI runs already produced.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from checker.enrich import OPEN, SELF_HOSTED, Facts, parse_date

# the built-in pack's setting for the licence review interval (LC203), which a
# configuration may change; the same default when the built-in pack is not loaded
REVIEW_INTERVAL_SETTING = "licence_review_max_age_days"
DEFAULT_REVIEW_INTERVAL = 365


def by_fields(value: Any) -> tuple[Any, tuple[Any, ...]]:
    """`__reduce__` for slotted dataclasses: pickled as their fields, rebuilt by the class.
    Several times faster than the dataclass default, which matters for audits that pass
    thousands of records between processes and through a spool file."""
    return type(value), tuple(getattr(value, name) for name in value.__slots__)


class DeclarationError(ValueError):
    """A `declaration` object in a JSON report does not have the documented shape."""

    def __init__(self, pointer: str, problem: str) -> None:
        super().__init__(f"{pointer}: {problem}")
        self.pointer = pointer
        self.problem = problem


@dataclass(frozen=True, slots=True)
class DeclaredModel:
    """One entry of `models`, with the catalogue's entry for it and its licence review."""

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
    catalogue_key: str | None = None
    family: str | None = None
    catalogue_openness: str | None = None

    @property
    def open(self) -> bool:
        return self.openness in OPEN

    @property
    def self_hosted(self) -> bool:
        return self.deployment_mode in SELF_HOSTED


@dataclass(frozen=True, slots=True)
class DeclaredWaiver:
    policy: str
    approved_by: str | None = None
    expires: str | None = None
    ref: str | None = None

    __reduce__ = by_fields

    def days_left(self, today: dt.date) -> int | None:
        """Days until the waiver's last day (negative once it has expired)."""
        expires = parse_date(self.expires)
        return None if expires is None else (expires - today).days


@dataclass(frozen=True, slots=True)
class Declaration:
    name: str | None = None
    owner: str | None = None
    use: str | None = None
    classification: str | None = None
    models: tuple[DeclaredModel, ...] = ()
    monthly_cost: float | None = None  # in `currency`, as declared (int or float)
    currency: str | None = None
    waivers: tuple[DeclaredWaiver, ...] = ()

    __reduce__ = by_fields

    @property
    def camp(self) -> str:
        """open, closed or mixed, by the declared openness of its models; unknown if none."""
        camps = {_camp(m.openness) for m in self.models} - {None}
        if len(camps) > 1:
            return "mixed"
        return camps.pop() if camps else "unknown"


def _camp(openness: str | None) -> str | None:
    if openness in OPEN:
        return "open"
    return "closed" if openness == "closed" else None


# -- from a loaded declaration --------------------------------------------------------------


def summarize(
    document: Mapping[str, Any], facts: Facts, settings: Mapping[str, Any]
) -> Declaration:
    """The audit's facts of a declaration; never raises, whatever the document holds
    (schema errors are findings of their own: a wrong value here is just left out)."""
    interval = settings.get(REVIEW_INTERVAL_SETTING, DEFAULT_REVIEW_INTERVAL)
    if not isinstance(interval, int) or isinstance(interval, bool):
        interval = DEFAULT_REVIEW_INTERVAL
    project = _mapping(document.get("project"))
    data = _mapping(document.get("data"))
    monthly = _mapping(_mapping(document.get("cost")).get("monthly"))
    amount = monthly.get("amount")
    if (
        isinstance(amount, bool)
        or not isinstance(amount, int | float)
        or not math.isfinite(amount)
        or amount < 0
    ):
        amount = None
    currency = _text(monthly.get("currency"))
    return Declaration(
        name=_text(project.get("name")),
        owner=_text(project.get("owner")),
        use=_text(project.get("use")),
        classification=_text(data.get("classification")),
        models=tuple(
            _model(entry, facts, interval)
            for entry in _list(document.get("models"))
            if isinstance(entry, dict) and _text(entry.get("id")) is not None
        ),
        monthly_cost=None if currency is None else amount,
        currency=None if amount is None else currency,
        waivers=tuple(
            DeclaredWaiver(
                policy=str(entry["policy"]),
                approved_by=_text(entry.get("approved_by")),
                expires=_date_text(entry.get("expires")),
                ref=_text(entry.get("ref")),
            )
            for entry in _list(document.get("waivers"))
            if isinstance(entry, dict) and _text(entry.get("policy")) is not None
        ),
    )


def _model(entry: dict[str, Any], facts: Facts, interval: int) -> DeclaredModel:
    model_id = str(entry["id"])
    catalogued = facts.catalogue.match(model_id)
    licence = _mapping(entry.get("licence"))
    review = _mapping(licence.get("review"))
    reviewed = parse_date(review.get("date"))
    return DeclaredModel(
        id=model_id,
        role=_text(entry.get("role")),
        openness=_text(entry.get("openness")),
        deployment_mode=_text(_mapping(entry.get("deployment")).get("mode")),
        licence=_text(licence.get("id")),
        review_status=_text(review.get("status")),
        review_date=None if reviewed is None else reviewed.isoformat(),
        review_age_days=None if reviewed is None else (facts.today - reviewed).days,
        review_due=None
        if reviewed is None
        else (reviewed + dt.timedelta(days=interval)).isoformat(),
        catalogue_key=catalogued.key if catalogued else None,
        family=_text(catalogued.data.get("family")) if catalogued else None,
        catalogue_openness=_text(catalogued.data.get("openness")) if catalogued else None,
    )


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _date_text(value: Any) -> str | None:
    parsed = parse_date(value)
    return parsed.isoformat() if parsed is not None else _text(value)


# -- to and from the JSON report ------------------------------------------------------------


def catalogue_dict(model: DeclaredModel) -> dict[str, Any] | None:
    """The catalogue facts of a model as the JSON report and the audit write them."""
    if model.catalogue_key is None:
        return None
    return {
        "key": model.catalogue_key,
        "family": model.family,
        "openness": model.catalogue_openness,
    }


def to_dict(declaration: Declaration) -> dict[str, Any]:
    """The `declaration` object of the JSON report (schemas/report.schema.json)."""
    return {
        "project": {
            "name": declaration.name,
            "owner": declaration.owner,
            "use": declaration.use,
        },
        "data": {"classification": declaration.classification},
        "models": [
            {
                "id": model.id,
                "role": model.role,
                "openness": model.openness,
                "deployment": {"mode": model.deployment_mode},
                "licence": {
                    "id": model.licence,
                    "review": {
                        "status": model.review_status,
                        "date": model.review_date,
                        "age_days": model.review_age_days,
                        "due": model.review_due,
                    },
                },
                "catalogue": catalogue_dict(model),
            }
            for model in declaration.models
        ],
        "cost": None
        if declaration.monthly_cost is None
        else {"monthly": {"amount": declaration.monthly_cost, "currency": declaration.currency}},
        "waivers": [
            {
                "policy": waiver.policy,
                "approved_by": waiver.approved_by,
                "expires": waiver.expires,
                "ref": waiver.ref,
            }
            for waiver in declaration.waivers
        ],
    }


def from_dict(data: Any, pointer: str = "/declaration") -> Declaration:
    """A Declaration read back from a JSON report; DeclarationError names what is wrong."""
    reader = _Reader(pointer)
    root = reader.object(data, "")
    project = reader.object(root.get("project"), "/project")
    models = []
    for index, item in enumerate(reader.array(root.get("models"), "/models")):
        at = f"/models/{index}"
        model = reader.object(item, at)
        licence = reader.object(model.get("licence"), f"{at}/licence")
        review = reader.object(licence.get("review"), f"{at}/licence/review")
        catalogue = reader.object(model.get("catalogue"), f"{at}/catalogue")
        model_id = reader.text(model.get("id"), f"{at}/id")
        if model_id is None:
            raise DeclarationError(f"{pointer}{at}/id", "a model needs its id")
        models.append(
            DeclaredModel(
                id=model_id,
                role=reader.text(model.get("role"), f"{at}/role"),
                openness=reader.text(model.get("openness"), f"{at}/openness"),
                deployment_mode=reader.text(
                    reader.object(model.get("deployment"), f"{at}/deployment").get("mode"),
                    f"{at}/deployment/mode",
                ),
                licence=reader.text(licence.get("id"), f"{at}/licence/id"),
                review_status=reader.text(review.get("status"), f"{at}/licence/review/status"),
                review_date=reader.text(review.get("date"), f"{at}/licence/review/date"),
                review_age_days=reader.integer(
                    review.get("age_days"), f"{at}/licence/review/age_days"
                ),
                review_due=reader.text(review.get("due"), f"{at}/licence/review/due"),
                catalogue_key=reader.text(catalogue.get("key"), f"{at}/catalogue/key"),
                family=reader.text(catalogue.get("family"), f"{at}/catalogue/family"),
                catalogue_openness=reader.text(
                    catalogue.get("openness"), f"{at}/catalogue/openness"
                ),
            )
        )
    cost = reader.object(root.get("cost"), "/cost")
    monthly = reader.object(cost.get("monthly"), "/cost/monthly")
    amount = monthly.get("amount")
    if amount is not None and (isinstance(amount, bool) or not isinstance(amount, int | float)):
        raise DeclarationError(f"{pointer}/cost/monthly/amount", "expected a number")
    waivers = []
    for index, item in enumerate(reader.array(root.get("waivers"), "/waivers")):
        at = f"/waivers/{index}"
        waiver = reader.object(item, at)
        policy = reader.text(waiver.get("policy"), f"{at}/policy")
        if policy is None:
            raise DeclarationError(f"{pointer}{at}/policy", "a waiver needs its policy")
        waivers.append(
            DeclaredWaiver(
                policy=policy,
                approved_by=reader.text(waiver.get("approved_by"), f"{at}/approved_by"),
                expires=reader.text(waiver.get("expires"), f"{at}/expires"),
                ref=reader.text(waiver.get("ref"), f"{at}/ref"),
            )
        )
    return Declaration(
        name=reader.text(project.get("name"), "/project/name"),
        owner=reader.text(project.get("owner"), "/project/owner"),
        use=reader.text(project.get("use"), "/project/use"),
        classification=reader.text(
            reader.object(root.get("data"), "/data").get("classification"),
            "/data/classification",
        ),
        models=tuple(models),
        monthly_cost=amount,
        currency=reader.text(monthly.get("currency"), "/cost/monthly/currency"),
        waivers=tuple(waivers),
    )


@dataclass(frozen=True)
class _Reader:
    base: str

    def object(self, value: Any, at: str) -> dict[str, Any]:
        """An object; null or absent reads as an empty one, except for the root."""
        if isinstance(value, dict):
            return value
        if value is None and at:
            return {}
        raise DeclarationError(self.base + at, "expected an object")

    def array(self, value: Any, at: str) -> list[Any]:
        if isinstance(value, list):
            return value
        if value is None:
            return []
        raise DeclarationError(self.base + at, "expected an array")

    def integer(self, value: Any, at: str) -> int | None:
        if value is None or (isinstance(value, int) and not isinstance(value, bool)):
            return value
        raise DeclarationError(self.base + at, "expected an integer or null")

    def text(self, value: Any, at: str) -> str | None:
        if value is None or isinstance(value, str):
            return value or None
        raise DeclarationError(self.base + at, "expected a string or null")
