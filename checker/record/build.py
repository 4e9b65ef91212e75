"""Building one project's decision record from its check (a pipeline `Checked`)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence

from checker.declaration import parse_date
from checker.enrich import AlternativeFacts, ModelFacts, WaiverFacts
from checker.pipeline import Checked
from checker.policies.model import PolicySet, Reference
from checker.record.factors import DESCRIBE, factors, matches
from checker.record.views import (
    AlternativeView,
    DecisionRecord,
    Doc,
    Event,
    Factor,
    FactorView,
    FindingView,
    ModelView,
    WaiverView,
)
from checker.report import Finding, Severity
from checker.rules import CHECKED, TODO, file_rule, status

SELF_RUN = "Run yourself"  # on-prem or private cloud: the organisation runs the model
PROVIDER_RUN = "Run by a provider"  # managed cloud or vendor API


def decision_record(checked: Checked, tool_version: str) -> DecisionRecord:
    result, enriched, policies = checked.result, checked.enriched, checked.policies
    today = checked.today
    doc = Doc(enriched.document if enriched else {})
    models = tuple(_model(m, doc) for m in enriched.models) if enriched else ()
    # the most serious first, waived ones last; in the file's order within each
    ordered = sorted(
        result.findings,
        key=lambda f: (f.waiver is not None, -f.severity.rank, f.sort_key()),
    )
    findings = tuple(
        dataclasses.replace(_finding_view(f, policies), number=number)
        for number, f in enumerate(ordered, 1)
    )
    standing = status((f.rule for f in result.findings), result.declaration is not None)
    # a file that could not be read as a declaration was never weighed: no factor is "ok"
    assessed = standing == CHECKED
    factor_views = tuple(
        _factor_view(factor, doc, models, findings, assessed) for factor in factors()
    )
    waivers = (
        tuple(_waiver_view(w, doc, policies, result.findings) for w in enriched.waivers)
        if enriched
        else ()
    )
    counts = {severity.value: 0 for severity in Severity}
    counts["waived"] = 0
    for finding in result.findings:
        counts["waived" if finding.waiver else finding.severity.value] += 1
    declaration = result.declaration
    return DecisionRecord(
        file=result.file,
        today=today,
        tool_version=tool_version,
        status=standing,
        passed=not result.failed(checked.fail_level),
        fail_level=checked.fail_level,
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
        cost_amount=declaration.monthly_cost if declaration else None,
        cost_currency=declaration.currency if declaration else None,
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
        camp=enriched.camp if enriched else "unknown",
        factors=factor_views,
        models=models,
        alternatives=tuple(_alternative(a, doc) for a in enriched.alternatives) if enriched else (),
        findings=findings,
        waivers=waivers,
        events=_events(models, waivers, today),
        counts=counts,
        placeholders=sum(1 for f in result.findings if f.rule == TODO.id),
    )


def _model(model: ModelFacts, doc: Doc) -> ModelView:
    entry = model.entry
    return ModelView(
        index=model.index,
        id=model.id or f"(model {model.index + 1} has no id)",
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
        review_due=model.review_due.isoformat() if model.review_due else None,
        restrictions_acknowledged=doc.text("licence.review.restrictions_acknowledged", entry),
        mode=doc.text("deployment.mode", entry),
        host=doc.text("deployment.provider", entry),
        regions=doc.texts("deployment.regions", entry),
        residency=doc.texts("deployment.residency", entry),
        serving=doc.text("deployment.serving", entry),
        data_retention=doc.text("deployment.data_retention", entry),
        training_on_inputs=doc.text("deployment.training_on_inputs", entry),
        dpa_ref=doc.text("deployment.dpa_ref", entry),
        catalogue=model.catalogue,
        licence_matches=(model.facts.get("licence") or {}).get("matches_catalogue"),
    )


def _alternative(alternative: AlternativeFacts, doc: Doc) -> AlternativeView:
    return AlternativeView(
        model=alternative.model or "(no model named)",
        openness=alternative.openness,
        openness_from_catalogue=alternative.openness_from_catalogue,
        family=alternative.catalogue.family if alternative.catalogue else None,
        rejected_because=doc.text("rejected_because", alternative.entry),
    )


def _finding_view(finding: Finding, policies: PolicySet) -> FindingView:
    bears_on = tuple(
        factor.name
        for factor in factors()
        if any(matches(finding.pointer, pattern) for pattern in factor.pointers)
    )
    policy = policies.policy(finding.rule)
    if policy is not None:
        return FindingView(
            finding, policy.title, policy.rationale, policy.remediation, policy.references, bears_on
        )
    rule = file_rule(finding.rule)
    if rule is None:
        return FindingView(finding, finding.rule, "", "", (), bears_on)
    references = (Reference("Specification", rule.help_uri),) if rule.help_uri else ()
    return FindingView(
        finding, rule.title, rule.description, rule.remediation, references, bears_on
    )


def _factor_view(
    factor: Factor,
    doc: Doc,
    models: Sequence[ModelView],
    findings: Sequence[FindingView],
    assessed: bool,
) -> FactorView:
    implications = []
    if any(m.self_hosted for m in models):
        implications.append((SELF_RUN, factor.self_run))
    if any(not m.self_hosted for m in models):
        implications.append((PROVIDER_RUN, factor.provider_run))
    return FactorView(
        factor=factor,
        declared=tuple(DESCRIBE[factor.name](doc, models)),
        implications=tuple(implications),
        findings=tuple(f for f in findings if factor.name in f.factors),
        assessed=assessed,
    )


def _waiver_view(
    waiver: WaiverFacts, doc: Doc, policies: PolicySet, findings: Sequence[Finding]
) -> WaiverView:
    reference = waiver.policy or "(no policy named)"
    policy = policies.policy(reference)
    return WaiverView(
        policy=reference,
        title=policy.title if policy else None,
        reason=doc.text("reason", waiver.entry),
        approved_by=doc.text("approved_by", waiver.entry),
        expires=waiver.expires.isoformat() if waiver.expires else doc.text("expires", waiver.entry),
        ref=doc.text("ref", waiver.entry),
        days_left=waiver.days_left,
        covers=sum(1 for f in findings if f.waiver is not None and f.waiver.policy == reference),
        standing=waiver.state,
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
