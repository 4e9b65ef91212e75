"""The decision factors: their prose is data (factors.yaml); here, how a record describes
what a declaration says about each."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path

import yaml

from checker.declaration import OPEN, Declared
from checker.enrich import RUNNING_COSTS
from checker.record.views import Factor, ModelView
from checker.support.wording import plural

Describe = Callable[[Declared, Sequence[ModelView]], list[str]]


@cache
def factors() -> tuple[Factor, ...]:
    """The factors in the order a record lays them out."""
    path = Path(__file__).with_name("factors.yaml")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return tuple(
        Factor(
            id=item["id"],
            name=item["name"],
            question=item["question"],
            self_run=item["self_run"],
            provider_run=item["provider_run"],
            pointers=tuple(item["pointers"]),
        )
        for item in data["factors"]
    )


def _per_model(models: Sequence[ModelView], describe: Callable[[ModelView], str]) -> list[str]:
    return [f"{model.id}: {describe(model)}" for model in models]


def _deployment(doc: Declared, models: Sequence[ModelView]) -> list[str]:
    def one(m: ModelView) -> str:
        where = m.mode or "no deployment mode"
        if m.host:
            where += f" at {m.host}"
        if m.regions:
            where += f" ({', '.join(m.regions)})"
        return where + (f", served with {m.serving}" if m.serving else "")

    return _per_model(models, one)


def _control(doc: Declared, models: Sequence[ModelView]) -> list[str]:
    def one(m: ModelView) -> str:
        who = (
            "the organisation controls the hosting"
            if m.self_hosted
            else (f"{m.host or m.provider or 'the provider'} controls the hosting")
        )
        pinned = f"pinned to {m.version}" if m.version else "no version pinned"
        return f"{who}; {pinned}"

    return _per_model(models, one)


def _customisation(doc: Declared, models: Sequence[ModelView]) -> list[str]:
    lines = [f"Needs: {doc.customization or 'not stated'}"]

    def one(m: ModelView) -> str:
        if m.openness in OPEN and m.self_hosted:
            return "weights in hand: can be fine-tuned"
        hosted = m.catalogue.hosted_fine_tuning if m.catalogue else None
        if hosted is None:
            return "hosted fine-tuning not known (the catalogue does not say)"
        return "the vendor offers hosted fine-tuning" if hosted else "no hosted fine-tuning"

    return lines + _per_model(models, one)


def _privacy(doc: Declared, models: Sequence[ModelView]) -> list[str]:
    categories = doc.categories
    residency = doc.residency
    lines = [
        f"Data: {doc.classification or 'not classified'}"
        + (f" ({', '.join(categories)})" if categories else "")
        + (f", to be processed in {', '.join(residency)}" if residency else "")
    ]

    def one(m: ModelView) -> str:
        parts = [
            f"processed in {', '.join(m.residency)}" if m.residency else "residency not stated"
        ]
        if m.data_retention:
            parts.append(f"retention {m.data_retention}")
        if m.training_on_inputs is not None:
            parts.append(f"training on inputs: {m.training_on_inputs}")
        if m.dpa_ref or m.mode != "on-prem":  # on-prem, no one else processes the data
            parts.append(f"DPA {m.dpa_ref}" if m.dpa_ref else "no DPA named")
        return ", ".join(parts)

    return lines + _per_model(models, one)


def _operations(doc: Declared, models: Sequence[ModelView]) -> list[str]:
    own = sum(1 for m in models if m.self_hosted)
    lines = [
        f"Ops capacity: {doc.ops_capacity or 'not stated'}",
        f"{own} of {plural(len(models), 'model')} run by the organisation",
    ]
    operations = doc.operations
    for label, value in (
        ("Operated by", operations.owner),
        ("Monitoring", operations.monitoring),
        ("Evaluation", operations.evaluation),
    ):
        lines.append(f"{label}: {value}" if value else f"{label}: not stated")
    return lines


def _time_to_start(doc: Declared, models: Sequence[ModelView]) -> list[str]:
    def one(m: ModelView) -> str:
        if m.self_hosted:
            serving = m.serving or "an inference server"
            return f"needs accelerators, {serving} and an evaluation set before launch"
        return "reachable through an API once the contract and DPA are in place"

    return _per_model(models, one)


def _upgrades(doc: Declared, models: Sequence[ModelView]) -> list[str]:
    lines = [f"Upgrade policy: {doc.operations.upgrade_policy or 'not stated'}"]

    def one(m: ModelView) -> str:
        version = f"version {m.version}" if m.version else "no version pinned"
        retirement = m.catalogue.retirement if m.catalogue else None
        return version + (f"; the vendor retires it on {retirement}" if retirement else "")

    return lines + _per_model(models, one)


def _cost(doc: Declared, models: Sequence[ModelView]) -> list[str]:
    amount, currency, includes = doc.cost_amount, doc.cost_currency, doc.cost_includes
    known = amount is not None
    lines = [
        f"{amount:,} {currency or ''} a month".strip() if known else "No monthly estimate",
        f"Includes: {', '.join(includes)}" if includes else "Includes: not stated",
    ]
    if any(m.self_hosted for m in models):
        missing = [item for item in RUNNING_COSTS if item not in includes]
        counted = "counts infrastructure, serving and maintenance" + (
            ", and staff" if "staff" in includes else ""
        )
        lines.append(
            "Cost of running it yourself: "
            + (f"leaves out {', '.join(missing)}" if missing else counted)
        )
    return lines


def _licence(doc: Declared, models: Sequence[ModelView]) -> list[str]:
    def one(m: ModelView) -> str:
        declared = f"{m.openness or 'openness not stated'}, licence {m.licence_id or 'not stated'}"
        if m.catalogue is None:
            return declared + "; not in the model catalogue"
        facts = f"catalogue: {m.catalogue.openness or '?'}, {m.catalogue.licence_id or '?'}"
        if m.catalogue.osi_approved is not None:
            facts += ", OSI-approved" if m.catalogue.osi_approved else ", not OSI-approved"
        review = f"review {m.review_status or 'none'}" + (
            f" {m.review_date}" if m.review_date else ""
        )
        return f"{declared} ({facts}); {review}"

    return _per_model(models, one)


# how a record describes each factor, by the factor's id in factors.yaml
DESCRIBE: dict[str, Describe] = {
    "deployment": _deployment,
    "control": _control,
    "customisation": _customisation,
    "privacy": _privacy,
    "operations": _operations,
    "time-to-start": _time_to_start,
    "upgrades": _upgrades,
    "cost": _cost,
    "licence": _licence,
}


def matches(pointer: str, pattern: str) -> bool:
    """Whether a finding's pointer is at or below the pattern ("*" matches one token)."""
    tokens, wanted = pointer.split("/"), pattern.split("/")
    if len(tokens) < len(wanted):
        return False
    return all(w == "*" or w == t for w, t in zip(wanted, tokens, strict=False))
