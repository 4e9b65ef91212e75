"""Derived facts: what policies may test but a declaration cannot state for itself.

Facts live under `facts.` in the context a policy is evaluated in: the catalogue's entry
for a model, whether its licence is OSI-approved, how old its licence review is, and so on.
They are computed from the declaration, the catalogue, the SPDX licence list and the date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from checker.catalogue import Catalogue, licence_names

SELF_HOSTED = ("on-prem", "private-cloud")
OPEN = ("open-source", "open-weight")

# every fact by name: None is a leaf; "catalogue" is a catalogue entry (its schema says more)
FACTS: dict[str, Any] = {
    "today": None,
    "models": {"self_hosted": None, "count": None},
    "alternatives": {"from_other_camp": None},
    "self_hosted": None,
    "open": None,
    "catalogue": "catalogue",
    "licence": dict.fromkeys(
        ("spdx", "osi_approved", "matches_catalogue", "commercial_use", "restrictions")
    ),
    "openness": {"catalogue": None, "matches_catalogue": None},
    "review": {"age_days": None},
    "residency": {"within_data_residency": None},
    "deprecation": {"date": None, "days_left": None},
    "waiver": dict.fromkeys(
        ("known_policy", "enforced", "approver_allowed", "days_left", "expired")
    ),
}

# the place in the declaration a fact is about, so that a finding can point at it:
# relative to the scope's entry, or (starting with "^") to the whole declaration
ANCHORS: dict[str, str] = {
    "today": "",
    "models": "^/models",
    "alternatives": "^/alternatives",
    "self_hosted": "/deployment/mode",
    "open": "/openness",
    "catalogue": "/id",
    "licence": "/licence/id",
    "openness": "/openness",
    "review": "/licence/review/date",
    "residency": "/deployment/residency",
    "deprecation": "/id",
    "waiver.known_policy": "/policy",
    "waiver.enforced": "/policy",
    "waiver.approver_allowed": "/approved_by",
    "waiver.days_left": "/expires",
    "waiver.expired": "/expires",
}

# The 27 EU member states as ISO 3166-1 alpha-2 codes (Greece is GR, not the EU's own "EL"),
# as listed on european-union.europa.eu ("EU countries"), and the EEA's three EFTA members
# (efta.int, "EEA Agreement").
EU = frozenset(
    "AT BE BG HR CY CZ DK EE FI FR DE GR IE IT LV LT LU MT NL PL PT RO SK SI ES SE".split()  # noqa: SIM905
)
EEA = EU | {"IS", "LI", "NO"}


@dataclass(frozen=True)
class Scope:
    """One evaluation of a policy: its context and where its entry stands in the file."""

    context: dict[str, Any]
    pointer: str  # the entry's JSON pointer ("" for the project)

    def pointer_of(self, path: tuple[str, ...], scope_name: str) -> str:
        """The JSON pointer in the declaration that a dotted path is about."""
        root, rest = path[0], path[1:]
        if root == "facts":
            for length in (2, 1):
                anchor = ANCHORS.get(".".join(rest[:length]))
                if anchor is not None:
                    return anchor[1:] if anchor.startswith("^") else self.pointer + anchor
            return self.pointer
        base = self.pointer if root == scope_name and scope_name != "project" else f"/{root}"
        return base + "".join(f"/{t.replace('~', '~0').replace('/', '~1')}" for t in rest)


@dataclass(frozen=True)
class Facts:
    """What the enricher needs besides the declaration."""

    catalogue: Catalogue
    today: dt.date
    known_policy: Callable[[str], bool]
    approvers: Callable[[str], tuple[str, ...] | None]  # None: the policy is not enforced
    osi_approved: Callable[[str], bool | None]  # None: not an SPDX licence id


def scopes(
    document: dict[str, Any], scope: str, facts: Facts, common: dict[str, Any] | None = None
) -> Iterator[Scope]:
    """The contexts a policy of this scope is evaluated in, one per entry (`common`: the
    project's facts, when the caller has them already)."""
    if common is None:
        common = project_facts(document, facts)
    if scope == "project":
        yield Scope({**document, "facts": common}, "")
        return
    key = {"model": "models", "waiver": "waivers", "alternative": "alternatives"}[scope]
    entries = document.get(key)
    if not isinstance(entries, list):
        return
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict):
            continue
        derived = dict(common)
        if scope == "model":
            derived.update(_model_facts(entry, document, facts))
        elif scope == "waiver":
            derived["waiver"] = _waiver_facts(entry, facts)
        yield Scope({**document, scope: entry, "facts": derived}, f"/{key}/{index}")


def project_facts(document: dict[str, Any], facts: Facts) -> dict[str, Any]:
    models = [m for m in _list(document.get("models")) if isinstance(m, dict)]
    camps = {_camp(m.get("openness")) for m in models} - {None}
    alternative_camps = {
        _camp(a.get("openness") or _catalogue_openness(a.get("model"), facts))
        for a in _list(document.get("alternatives"))
        if isinstance(a, dict)
    } - {None}
    return {
        "today": facts.today.isoformat(),
        "models": {
            "self_hosted": any(_mode(m) in SELF_HOSTED for m in models),
            "count": len(models),
        },
        "alternatives": {
            "from_other_camp": any(c not in camps or len(camps) > 1 for c in alternative_camps)
        },
    }


def _model_facts(model: dict[str, Any], document: dict[str, Any], facts: Facts) -> dict[str, Any]:
    model_id = model.get("id")
    entry = facts.catalogue.match(model_id) if isinstance(model_id, str) else None
    licence = model.get("licence") if isinstance(model.get("licence"), dict) else {}
    declared = licence.get("id") if isinstance(licence.get("id"), str) else None
    review = licence.get("review") if isinstance(licence.get("review"), dict) else {}
    catalogue_licence = entry.licence if entry else {}
    matches = None
    if declared is not None and entry is not None:
        matches = declared.lower() in licence_names(catalogue_licence)
    known_licence = catalogue_licence if matches else _licence_by_id(declared, facts)
    openness = model.get("openness")
    catalogue_openness = entry.data.get("openness") if entry else None
    deprecation = (entry.data.get("deprecation") or {}).get("date") if entry else None
    osi = facts.osi_approved(declared) if declared is not None else None
    return {
        "self_hosted": _mode(model) in SELF_HOSTED,
        "open": openness in OPEN,
        "catalogue": entry.data if entry else None,
        "licence": {
            "spdx": None if declared is None else osi is not None,
            "osi_approved": None if declared is None else bool(osi),
            "matches_catalogue": matches,
            "commercial_use": _commercial_use(declared, known_licence),
            "restrictions": list(entry.data.get("restrictions") or []) if entry else [],
        },
        "openness": {
            "catalogue": catalogue_openness,
            "matches_catalogue": None
            if catalogue_openness is None or openness is None
            else openness == catalogue_openness,
        },
        "review": {"age_days": _days_between(review.get("date"), facts.today)},
        "residency": {
            "within_data_residency": _within(
                (model.get("deployment") or {}).get("residency")
                if isinstance(model.get("deployment"), dict)
                else None,
                (document.get("data") or {}).get("residency")
                if isinstance(document.get("data"), dict)
                else None,
            )
        },
        "deprecation": {
            "date": str(deprecation) if deprecation else None,
            "days_left": _days_between(facts.today, deprecation) if deprecation else None,
        },
    }


def _waiver_facts(waiver: dict[str, Any], facts: Facts) -> dict[str, Any]:
    policy = waiver.get("policy")
    approvers = facts.approvers(policy) if isinstance(policy, str) else None
    days_left = _days_between(facts.today, waiver.get("expires"))
    return {
        "known_policy": isinstance(policy, str) and facts.known_policy(policy),
        "enforced": approvers is not None,
        "approver_allowed": None if approvers is None else waiver.get("approved_by") in approvers,
        "days_left": days_left,
        "expired": None if days_left is None else days_left < 0,
    }


# -- helpers ------------------------------------------------------------------------------


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _mode(model: dict[str, Any]) -> Any:
    deployment = model.get("deployment")
    return deployment.get("mode") if isinstance(deployment, dict) else None


def _camp(openness: Any) -> str | None:
    if openness in OPEN:
        return "open"
    return "closed" if openness == "closed" else None


def _catalogue_openness(model_id: Any, facts: Facts) -> Any:
    entry = facts.catalogue.match(model_id) if isinstance(model_id, str) else None
    return entry.data.get("openness") if entry else None


def _licence_by_id(declared: str | None, facts: Facts) -> dict[str, Any]:
    if declared is None:
        return {}
    entries = facts.catalogue.licence_entries(declared)
    return entries[0].licence if entries else {}


def _commercial_use(declared: str | None, licence: dict[str, Any]) -> bool | None:
    if declared is None:
        return None
    if "commercial_use" in licence:
        return bool(licence["commercial_use"])
    # SPDX marks the non-commercial Creative Commons licences in their ids (CC-BY-NC-4.0)
    if "-NC" in declared.upper().replace("_", "-"):
        return False
    return None


def parse_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and len(value) == 10:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _days_between(start: Any, end: Any) -> int | None:
    first, last = parse_date(start), parse_date(end)
    if first is None or last is None:
        return None
    return (last - first).days


def _within(deployment: Any, data: Any) -> bool | None:
    if not isinstance(data, list) or not data:
        return None
    if not isinstance(deployment, list) or not deployment:
        return False
    allowed = [str(code) for code in data]
    return all(_inside(str(code), allowed) for code in deployment)


def _inside(code: str, allowed: list[str]) -> bool:
    country = code.split("-")[0]
    for region in allowed:
        if code == region or country == region:
            return True
        if region == "EU" and country in EU:
            return True
        if region == "EEA" and (country in EEA or code == "EU"):
            return True
    return False
