"""Waivers, after evaluation: which findings a valid waiver covers."""

from __future__ import annotations

import dataclasses

from checker.enrich import Enriched
from checker.policies.model import PolicySet
from checker.report import Finding, Waiver


def apply_waivers(
    findings: list[Finding], enriched: Enriched, policies: PolicySet
) -> list[Finding]:
    """Mark the findings a valid waiver covers: still reported, no longer failing the gate.

    A waiver covers the findings of the waivable policy it names (by id or name). Whether it
    is valid is what the waiver policies say of it (LC901 to LC904 and any a pack adds): a
    waiver one of them faults waives nothing, whether or not a configuration reports that
    policy. An enforced policy's waiver takes its terms from the organisation's register.
    """
    valid: dict[str, Waiver] = {}
    rules = policies.waiver_rules
    for waiver, scope in zip(enriched.waivers, enriched.scopes("waiver"), strict=True):
        policy = policies.policy(waiver.policy) if waiver.policy is not None else None
        if policy is None or not policy.waivable or waiver.expires is None:
            continue
        if not all(rule.holds_for(scope.context) for rule in rules):
            continue
        entry = waiver.registered
        if policy.id in policies.enforced:
            # an exception to an enforced policy is the organisation's to grant
            if entry is None:
                continue
            valid.setdefault(
                policy.id,
                Waiver(
                    policy=str(waiver.policy),
                    reason=entry.reason,
                    approved_by=entry.approved_by,
                    expires=entry.expires,
                    ref=entry.ref,
                ),
            )
            continue
        stated = waiver.declared
        valid.setdefault(
            policy.id,
            Waiver(
                policy=str(waiver.policy),
                reason=stated.reason or "",
                approved_by=stated.approved_by or "",
                expires=waiver.expires.isoformat(),
                ref=stated.ref or "",
            ),
        )
    enforced = policies.enforced
    if not valid and not any(f.rule in enforced for f in findings):
        return findings
    return [
        dataclasses.replace(f, waiver=valid.get(f.rule), enforced=f.rule in enforced)
        if f.rule in valid or f.rule in enforced
        else f
        for f in findings
    ]
