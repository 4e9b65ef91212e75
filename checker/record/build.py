"""Building one project's decision record from its check (a pipeline `Checked`)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence

from checker.declaration import Declared, parse_date
from checker.enrich import AlternativeFacts, ModelFacts, WaiverFacts
from checker.pipeline import Checked
from checker.policies.model import PolicySet, Reference
from checker.record.factors import DESCRIBE, factors, matches
from checker.record.views import (
    AlternativeView,
    DecisionRecord,
    Event,
    Factor,
    FactorView,
    FindingView,
    ModelView,
    WaiverView,
)
from checker.report import Finding
from checker.rules import CHECKED, TODO, file_rule, status

SELF_RUN = "Run yourself"  # on-prem or private cloud: the organisation runs the model
PROVIDER_RUN = "Run by a provider"  # managed cloud or vendor API


def decision_record(checked: Checked, tool_version: str) -> DecisionRecord:
    result, enriched, policies = checked.result, checked.enriched, checked.policies
    today = checked.today
    doc = enriched.declared if enriched else Declared()
    models = tuple(_model(m) for m in enriched.models) if enriched else ()
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
        tuple(_waiver_view(w, policies, result.findings) for w in enriched.waivers)
        if enriched
        else ()
    )
    counts = result.counts()
    return DecisionRecord(
        file=result.file,
        today=today,
        tool_version=tool_version,
        status=standing,
        passed=not result.failed(checked.fail_level),
        fail_level=checked.fail_level,
        name=doc.name,
        owner=doc.owner,
        use=doc.use,
        description=doc.description,
        repository=doc.repository,
        classification=doc.classification,
        categories=doc.categories,
        residency=doc.residency,
        customization=doc.customization,
        ops_capacity=doc.ops_capacity,
        cost_amount=doc.cost_amount,
        cost_currency=doc.cost_currency,
        cost_includes=doc.cost_includes,
        cost_rationale=doc.cost_rationale,
        operations=(
            ("Operated by", doc.operations.owner),
            ("Monitoring", doc.operations.monitoring),
            ("Evaluation", doc.operations.evaluation),
            ("Upgrade policy", doc.operations.upgrade_policy),
        ),
        camp=enriched.camp if enriched else "unknown",
        factors=factor_views,
        models=models,
        alternatives=tuple(_alternative(a) for a in enriched.alternatives) if enriched else (),
        findings=findings,
        waivers=waivers,
        events=_events(models, waivers, today),
        counts=counts,
        placeholders=sum(1 for f in result.findings if f.rule == TODO.id),
    )


def _model(model: ModelFacts) -> ModelView:
    declared = model.declared
    licence, review, deployment = declared.licence, declared.licence.review, declared.deployment
    return ModelView(
        index=model.index,
        id=model.id or f"(model {model.index + 1} has no id)",
        role=declared.role,
        provider=declared.provider,
        openness=declared.openness,
        version=declared.version,
        licence_id=licence.id,
        licence_url=licence.url,
        review_status=review.status,
        review_by=review.by,
        review_date=review.date,
        review_ref=review.ref,
        review_due=model.review_due.isoformat() if model.review_due else None,
        restrictions_acknowledged=_yes_no(review.restrictions_acknowledged),
        mode=deployment.mode,
        host=deployment.provider,
        regions=deployment.regions,
        residency=deployment.residency,
        serving=deployment.serving,
        data_retention=deployment.data_retention,
        training_on_inputs=_yes_no(deployment.training_on_inputs),
        dpa_ref=deployment.dpa_ref,
        catalogue=model.catalogue,
        licence_matches=(model.facts.get("licence") or {}).get("matches_catalogue"),
    )


def _yes_no(flag: bool | None) -> str | None:
    return None if flag is None else ("yes" if flag else "no")


def _alternative(alternative: AlternativeFacts) -> AlternativeView:
    return AlternativeView(
        model=alternative.model or "(no model named)",
        openness=alternative.openness,
        openness_from_catalogue=alternative.openness_from_catalogue,
        family=alternative.catalogue.family if alternative.catalogue else None,
        rejected_because=alternative.declared.rejected_because,
    )


def _finding_view(finding: Finding, policies: PolicySet) -> FindingView:
    bears_on = tuple(
        factor
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
    doc: Declared,
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
        declared=tuple(DESCRIBE[factor.id](doc, models)),
        implications=tuple(implications),
        findings=tuple(f for f in findings if factor in f.factors),
        assessed=assessed,
    )


def _waiver_view(
    waiver: WaiverFacts, policies: PolicySet, findings: Sequence[Finding]
) -> WaiverView:
    reference = waiver.policy or "(no policy named)"
    policy = policies.policy(reference)
    return WaiverView(
        policy=reference,
        title=policy.title if policy else None,
        reason=waiver.declared.reason,
        approved_by=waiver.declared.approved_by,
        expires=waiver.expires.isoformat() if waiver.expires else waiver.declared.expires,
        ref=waiver.declared.ref,
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
