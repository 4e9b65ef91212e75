"""One project's decision record: its declaration laid against the factors a board weighs.

Built from the loaded declaration, its checked result and the policy set that checked it:
the factors of the open-versus-closed decision (deployment, control, customisation, privacy
and residency, operational complexity, time to start, upgrades, cost, licence), each
model's catalogue facts, the alternatives, every finding with its policy's rationale and
remediation, the waivers, and the dates that fall due. Renderers read the `DecisionRecord`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from checker.declaration import Declaration
from checker.enrich import OPEN, SELF_HOSTED, parse_date
from checker.policies.model import PolicySet, Reference
from checker.report import FileResult, Finding, Severity
from checker.rules import CORE_RULES, UNREADABLE

SELF_RUN = "Run yourself"  # on-prem or private cloud: the organisation runs the model
PROVIDER_RUN = "Run by a provider"  # managed cloud or vendor API
# what running a model yourself costs besides the model (the built-in pack's LC302 asks
# for the same three)
RUNNING_COSTS = ("infrastructure", "serving", "maintenance")


# -- the declaration, read defensively (a record is written for broken files too) -----------


@dataclass(frozen=True)
class _Doc:
    """Typed reads from a JSON-shaped declaration; a wrong type reads as missing."""

    data: Any

    def get(self, path: str, root: Any = None) -> Any:
        value = self.data if root is None else root
        for key in path.split("."):
            if not isinstance(value, dict):
                return None
            value = value.get(key)
        return value

    def text(self, path: str, root: Any = None) -> str | None:
        value = self.get(path, root)
        if value is None or isinstance(value, dict | list):
            return None
        if isinstance(value, bool):
            return "yes" if value else "no"
        return str(value)

    def texts(self, path: str, root: Any = None) -> tuple[str, ...]:
        value = self.get(path, root)
        if not isinstance(value, list):
            return ()
        return tuple(str(item) for item in value if not isinstance(item, dict | list))

    def entries(self, key: str) -> list[dict[str, Any]]:
        value = self.get(key)
        return (
            [entry for entry in value if isinstance(entry, dict)] if isinstance(value, list) else []
        )


# -- the values renderers read ---------------------------------------------------------------


@dataclass(frozen=True)
class CatalogueFacts:
    key: str
    family: str | None
    provider: str | None
    openness: str | None
    licence_id: str | None
    licence_name: str | None
    licence_url: str | None
    osi_approved: bool | None
    commercial_use: bool | None
    restrictions: tuple[tuple[str, str], ...]  # (id, summary)
    hosted_fine_tuning: bool | None
    retirement: str | None  # the vendor's announced retirement date
    checked: str | None  # the latest date a source of these facts was checked


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
    catalogue: CatalogueFacts | None

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
        return _camp(self.openness)


@dataclass(frozen=True)
class FindingView:
    finding: Finding
    title: str
    rationale: str
    remediation: str
    references: tuple[Reference, ...]
    factors: tuple[str, ...]  # the names of the factors it bears on
    number: int = 0  # its place in the record, from 1

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

    @property
    def state(self) -> str:
        if self.days_left is None:
            return "no valid date"
        if self.days_left < 0:
            return "expired"
        if self.days_left <= 30:
            return "expires within 30 days"
        return "expires within 90 days" if self.days_left <= 90 else "active"


@dataclass(frozen=True)
class Factor:
    """One factor of the decision, as the review board's framework states it."""

    name: str
    question: str
    self_run: str  # what running the model yourself implies for this factor
    provider_run: str  # what a provider running it implies
    pointers: tuple[str, ...]  # the parts of a declaration it bears on ("*": any index)
    describe: Callable[[_Doc, Sequence[ModelView]], list[str]]


@dataclass(frozen=True)
class FactorView:
    factor: Factor
    declared: tuple[str, ...]
    implications: tuple[tuple[str, str], ...]  # (how the models run, what that implies)
    findings: tuple[FindingView, ...]

    @property
    def worst(self) -> str:
        """The factor's standing: the most severe unwaived finding, else ok."""
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

    @property
    def title(self) -> str:
        return self.name or self.file


# -- the factors -----------------------------------------------------------------------------


def _per_model(models: Sequence[ModelView], describe: Callable[[ModelView], str]) -> list[str]:
    return [f"{model.id}: {describe(model)}" for model in models]


def _deployment(doc: _Doc, models: Sequence[ModelView]) -> list[str]:
    def one(m: ModelView) -> str:
        where = m.mode or "no deployment mode"
        if m.host:
            where += f" at {m.host}"
        if m.regions:
            where += f" ({', '.join(m.regions)})"
        return where + (f", served with {m.serving}" if m.serving else "")

    return _per_model(models, one)


def _control(doc: _Doc, models: Sequence[ModelView]) -> list[str]:
    def one(m: ModelView) -> str:
        who = (
            "the organisation controls the hosting"
            if m.self_hosted
            else (f"{m.host or m.provider or 'the provider'} controls the hosting")
        )
        pinned = f"pinned to {m.version}" if m.version else "no version pinned"
        return f"{who}; {pinned}"

    return _per_model(models, one)


def _customization(doc: _Doc, models: Sequence[ModelView]) -> list[str]:
    lines = [f"Needs: {doc.text('requirements.customization') or 'not stated'}"]

    def one(m: ModelView) -> str:
        if m.openness in OPEN and m.self_hosted:
            return "weights in hand: can be fine-tuned"
        hosted = m.catalogue.hosted_fine_tuning if m.catalogue else None
        if hosted is None:
            return "hosted fine-tuning not known (the catalogue does not say)"
        return "the vendor offers hosted fine-tuning" if hosted else "no hosted fine-tuning"

    return lines + _per_model(models, one)


def _privacy(doc: _Doc, models: Sequence[ModelView]) -> list[str]:
    categories = doc.texts("data.categories")
    residency = doc.texts("data.residency")
    lines = [
        f"Data: {doc.text('data.classification') or 'not classified'}"
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


def _operations(doc: _Doc, models: Sequence[ModelView]) -> list[str]:
    own = sum(1 for m in models if m.self_hosted)
    lines = [
        f"Ops capacity: {doc.text('requirements.ops_capacity') or 'not stated'}",
        f"{own} of {len(models)} models run by the organisation",
    ]
    for key, label in (
        ("owner", "Operated by"),
        ("monitoring", "Monitoring"),
        ("evaluation", "Evaluation"),
    ):
        value = doc.text(f"operations.{key}")
        lines.append(f"{label}: {value}" if value else f"{label}: not stated")
    return lines


def _time_to_start(doc: _Doc, models: Sequence[ModelView]) -> list[str]:
    def one(m: ModelView) -> str:
        if m.self_hosted:
            serving = m.serving or "an inference server"
            return f"needs accelerators, {serving} and an evaluation set before launch"
        return "reachable through an API once the contract and DPA are in place"

    return _per_model(models, one)


def _upgrades(doc: _Doc, models: Sequence[ModelView]) -> list[str]:
    lines = [f"Upgrade policy: {doc.text('operations.upgrade_policy') or 'not stated'}"]

    def one(m: ModelView) -> str:
        version = f"version {m.version}" if m.version else "no version pinned"
        retirement = m.catalogue.retirement if m.catalogue else None
        return version + (f"; the vendor retires it on {retirement}" if retirement else "")

    return lines + _per_model(models, one)


def _cost(doc: _Doc, models: Sequence[ModelView]) -> list[str]:
    amount, currency = doc.get("cost.monthly.amount"), doc.text("cost.monthly.currency")
    includes = doc.texts("cost.includes")
    known = isinstance(amount, int | float) and not isinstance(amount, bool)
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


def _licence(doc: _Doc, models: Sequence[ModelView]) -> list[str]:
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


FACTORS: tuple[Factor, ...] = (
    Factor(
        "Deployment",
        "Where does the model run, and who hosts it?",
        "On your own infrastructure or a host you choose.",
        "On the vendor's API or a cloud provider's managed platform.",
        (
            "/models/*/deployment/mode",
            "/models/*/deployment/provider",
            "/models/*/deployment/regions",
            "/models/*/deployment/serving",
        ),
        _deployment,
    ),
    Factor(
        "Control",
        "Who controls the model's behaviour, versions and hosting?",
        "High control over the model's behaviour, versions and hosting.",
        "Less control over the infrastructure; the vendor decides what runs behind the API.",
        ("/models/*/version",),
        _control,
    ),
    Factor(
        "Customization",
        "Can the model be adapted as deeply as the project needs?",
        "Weights in hand: fine-tuning and deep adaptation are possible.",
        "Limited to prompting, API features and the vendor's hosted fine-tuning, if offered.",
        ("/requirements/customization",),
        _customization,
    ),
    Factor(
        "Privacy and residency",
        "Where may the data go, who keeps it, and under which agreement?",
        "Fits on-prem and private-cloud needs: the data stays where you run the model.",
        "Depends on the provider's regions, retention, training terms and data-processing "
        "agreement.",
        (
            "/data",
            "/models/*/deployment/residency",
            "/models/*/deployment/data_retention",
            "/models/*/deployment/training_on_inputs",
            "/models/*/deployment/dpa_ref",
        ),
        _privacy,
    ),
    Factor(
        "Operational complexity",
        "Who serves, monitors and evaluates the model, and can they?",
        "Higher: you serve, scale, patch, monitor and evaluate the model.",
        "Lower: the provider runs the model; you monitor use, cost and quality.",
        (
            "/requirements/ops_capacity",
            "/operations/owner",
            "/operations/monitoring",
            "/operations/evaluation",
        ),
        _operations,
    ),
    Factor(
        "Time to start",
        "How long until the first production request?",
        "Slower: hardware, serving and evaluation come first.",
        "Faster: an API key, a contract and a data-processing agreement.",
        (),
        _time_to_start,
    ),
    Factor(
        "Upgrades and versioning",
        "Who moves the project to the next model version, and when?",
        "You manage versions and migrations, on your own schedule.",
        "The vendor ships updates and retires snapshots on its schedule; pin and plan.",
        ("/models/*/id", "/operations/upgrade_policy"),
        _upgrades,
    ),
    Factor(
        "Cost",
        "What does it really cost, including the cost of running it yourself?",
        "No per-token fees, but infrastructure, tuning, serving and maintenance cost real money.",
        "Per-token or per-seat fees, with little engineering overhead.",
        ("/cost",),
        _cost,
    ),
    Factor(
        "Licence and openness",
        "What do the terms allow, and is the model as open as claimed?",
        "Open weights are not always open source: the licence may restrict use, users or naming.",
        "The vendor's terms and usage policy bind the project; the weights stay closed.",
        ("/models/*/licence", "/models/*/openness"),
        _licence,
    ),
)


def _matches(pointer: str, pattern: str) -> bool:
    """Whether a finding's pointer is at or below the pattern ("*" matches one token)."""
    tokens, wanted = pointer.split("/"), pattern.split("/")
    if len(tokens) < len(wanted):
        return False
    return all(w == "*" or w == t for w, t in zip(wanted, tokens, strict=False))


# -- building the record ---------------------------------------------------------------------


def decision_record(
    document: Any,
    result: FileResult,
    policies: PolicySet,
    today: dt.date,
    fail_level: Severity,
    tool_version: str,
) -> DecisionRecord:
    doc = _Doc(document if isinstance(document, dict) else {})
    models = tuple(_model(i, entry, doc, policies, result.declaration) for i, entry in _models(doc))
    # the most serious first, waived ones last; in the file's order within each
    ordered = sorted(
        result.findings,
        key=lambda f: (f.waiver is not None, -f.severity.rank, f.sort_key()),
    )
    findings = tuple(
        dataclasses.replace(_finding_view(f, policies), number=number)
        for number, f in enumerate(ordered, 1)
    )
    factors = tuple(_factor_view(factor, doc, models, findings) for factor in FACTORS)
    waivers = tuple(
        _waiver_view(entry, doc, policies, result.findings, today)
        for entry in doc.entries("waivers")
    )
    status = "checked"
    if any(f.rule == UNREADABLE.id for f in result.findings):
        status = "unreadable"
    elif result.declaration is None:
        status = "malformed"
    counts = {severity.value: 0 for severity in Severity}
    counts["waived"] = 0
    for finding in result.findings:
        counts["waived" if finding.waiver else finding.severity.value] += 1
    return DecisionRecord(
        file=result.file,
        today=today,
        tool_version=tool_version,
        status=status,
        passed=not result.failed(fail_level),
        fail_level=result.fail_level or fail_level,
        name=doc.text("project.name"),
        owner=doc.text("project.owner"),
        use=doc.text("project.use"),
        description=doc.text("project.description"),
        repository=doc.text("project.repository"),
        classification=doc.text("data.classification"),
        categories=doc.texts("data.categories"),
        residency=doc.texts("data.residency"),
        customization=doc.text("requirements.customization"),
        ops_capacity=doc.text("requirements.ops_capacity"),
        cost_amount=result.declaration.monthly_cost if result.declaration else None,
        cost_currency=result.declaration.currency if result.declaration else None,
        cost_includes=doc.texts("cost.includes"),
        cost_rationale=doc.text("cost.rationale"),
        operations=tuple(
            (label, doc.text(f"operations.{key}"))
            for key, label in (
                ("owner", "Operated by"),
                ("monitoring", "Monitoring"),
                ("evaluation", "Evaluation"),
                ("upgrade_policy", "Upgrade policy"),
            )
        ),
        camp=result.declaration.camp if result.declaration else "unknown",
        factors=factors,
        models=models,
        alternatives=tuple(
            _alternative(entry, doc, policies) for entry in doc.entries("alternatives")
        ),
        findings=findings,
        waivers=waivers,
        events=_events(models, waivers, today),
        counts=counts,
    )


def _models(doc: _Doc) -> list[tuple[int, dict[str, Any]]]:
    value = doc.get("models")
    if not isinstance(value, list):
        return []
    return [(i, entry) for i, entry in enumerate(value) if isinstance(entry, dict)]


def _model(
    index: int,
    entry: dict[str, Any],
    doc: _Doc,
    policies: PolicySet,
    declaration: Declaration | None,
) -> ModelView:
    model_id = doc.text("id", entry) or f"(model {index + 1} has no id)"
    entry_facts = policies.catalogue.match(model_id) if doc.text("id", entry) else None
    due = None
    if declaration is not None:
        due = next((m.review_due for m in declaration.models if m.id == model_id), None)
    return ModelView(
        index=index,
        id=model_id,
        role=doc.text("role", entry),
        provider=doc.text("provider", entry),
        openness=doc.text("openness", entry),
        version=doc.text("version", entry),
        licence_id=doc.text("licence.id", entry),
        licence_url=doc.text("licence.url", entry),
        review_status=doc.text("licence.review.status", entry),
        review_by=doc.text("licence.review.by", entry),
        review_date=doc.text("licence.review.date", entry),
        review_ref=doc.text("licence.review.ref", entry),
        review_due=due,
        restrictions_acknowledged=doc.text("licence.review.restrictions_acknowledged", entry),
        mode=doc.text("deployment.mode", entry),
        host=doc.text("deployment.provider", entry),
        regions=doc.texts("deployment.regions", entry),
        residency=doc.texts("deployment.residency", entry),
        serving=doc.text("deployment.serving", entry),
        data_retention=doc.text("deployment.data_retention", entry),
        training_on_inputs=doc.text("deployment.training_on_inputs", entry),
        dpa_ref=doc.text("deployment.dpa_ref", entry),
        catalogue=_catalogue_facts(entry_facts, doc) if entry_facts else None,
    )


def _catalogue_facts(entry: Any, doc: _Doc) -> CatalogueFacts:
    data = entry.data
    licence = entry.licence
    sources = data.get("sources") if isinstance(data.get("sources"), dict) else {}
    checked = max(
        (str(s.get("as_of")) for s in sources.values() if isinstance(s, dict) and s.get("as_of")),
        default=None,
    )
    osi = licence.get("osi_approved")
    commercial = licence.get("commercial_use")
    hosted = data.get("hosted_fine_tuning")
    return CatalogueFacts(
        key=entry.key,
        family=doc.text("family", data),
        provider=doc.text("provider", data),
        openness=doc.text("openness", data),
        licence_id=doc.text("id", licence),
        licence_name=doc.text("name", licence),
        licence_url=doc.text("url", licence),
        osi_approved=osi if isinstance(osi, bool) else None,
        commercial_use=commercial if isinstance(commercial, bool) else None,
        restrictions=tuple(
            (str(r.get("id", "")), " ".join(str(r.get("summary", "")).split()))
            for r in data.get("restrictions") or []
            if isinstance(r, dict)
        ),
        hosted_fine_tuning=hosted if isinstance(hosted, bool) else None,
        retirement=doc.text("deprecation.date", data),
        checked=checked,
    )


def _alternative(entry: dict[str, Any], doc: _Doc, policies: PolicySet) -> AlternativeView:
    model = doc.text("model", entry) or "(no model named)"
    declared = doc.text("openness", entry)
    catalogued = policies.catalogue.match(model)
    from_catalogue = declared is None and catalogued is not None
    openness = declared or (doc.text("openness", catalogued.data) if catalogued else None)
    return AlternativeView(
        model=model,
        openness=openness,
        openness_from_catalogue=from_catalogue,
        family=doc.text("family", catalogued.data) if catalogued else None,
        rejected_because=doc.text("rejected_because", entry),
    )


def _finding_view(finding: Finding, policies: PolicySet) -> FindingView:
    policy = policies.policy(finding.rule)
    factors = tuple(
        factor.name
        for factor in FACTORS
        if any(_matches(finding.pointer, pattern) for pattern in factor.pointers)
    )
    if policy is not None:
        return FindingView(
            finding, policy.title, policy.rationale, policy.remediation, policy.references, factors
        )
    rule = next((r for r in CORE_RULES if r.id == finding.rule), None)
    if rule is None:
        return FindingView(finding, finding.rule, "", "", (), factors)
    references = (Reference("Specification", rule.help_uri),) if rule.help_uri else ()
    return FindingView(finding, rule.title, rule.description, rule.remediation, references, factors)


def _factor_view(
    factor: Factor, doc: _Doc, models: Sequence[ModelView], findings: Sequence[FindingView]
) -> FactorView:
    implications = []
    if any(m.self_hosted for m in models):
        implications.append((SELF_RUN, factor.self_run))
    if any(not m.self_hosted for m in models):
        implications.append((PROVIDER_RUN, factor.provider_run))
    return FactorView(
        factor=factor,
        declared=tuple(factor.describe(doc, models)),
        implications=tuple(implications),
        findings=tuple(f for f in findings if factor.name in f.factors),
    )


def _waiver_view(
    entry: dict[str, Any],
    doc: _Doc,
    policies: PolicySet,
    findings: Sequence[Finding],
    today: dt.date,
) -> WaiverView:
    reference = doc.text("policy", entry) or "(no policy named)"
    policy = policies.policy(reference)
    expires = parse_date(entry.get("expires"))
    return WaiverView(
        policy=reference,
        title=policy.title if policy else None,
        reason=doc.text("reason", entry),
        approved_by=doc.text("approved_by", entry),
        expires=expires.isoformat() if expires else doc.text("expires", entry),
        ref=doc.text("ref", entry),
        days_left=(expires - today).days if expires else None,
        covers=sum(1 for f in findings if f.waiver is not None and f.waiver.policy == reference),
    )


def _events(
    models: Sequence[ModelView], waivers: Sequence[WaiverView], today: dt.date
) -> tuple[Event, ...]:
    events = []
    for model in models:
        due = parse_date(model.review_due)
        if due is not None:
            events.append(Event(f"licence review of {model.id} due", due, "review", due < today))
        retirement = parse_date(model.catalogue.retirement) if model.catalogue else None
        if retirement is not None:
            events.append(
                Event(
                    f"{model.id} retired by its vendor",
                    retirement,
                    "retirement",
                    retirement < today,
                )
            )
    for waiver in waivers:
        expires = parse_date(waiver.expires)
        if expires is not None:
            events.append(
                Event(f"waiver of {waiver.policy} expires", expires, "waiver", expires < today)
            )
    return tuple(sorted(events, key=lambda e: (e.date, e.label)))


def _camp(openness: str | None) -> str:
    if openness in OPEN:
        return "open"
    return "closed" if openness == "closed" else "unknown"


# -- from a file ----------------------------------------------------------------------------


def build_record(target: Any, options: Any, tool_version: str) -> DecisionRecord:
    """Check one declaration (a discover.Target) with the pipeline's Options and build its
    record. A policy or configuration problem raises PolicyError, as `check` does."""
    from checker.load import load_file
    from checker.pipeline import Checker

    checker = Checker(options)
    loaded = load_file(target.path, target.display)
    config = checker.config_for(target)
    result = checker.check_loaded(loaded, config)
    policies = checker.policies_for(config)
    return decision_record(
        loaded.document, result, policies, options.today, checker.fail_level(), tool_version
    )
