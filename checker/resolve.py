"""Configuration and waivers: which policies run, how severe they are, what is waived."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

from checker.catalogue import Catalogue
from checker.config import Config
from checker.declaration import DEFAULT_REVIEW_INTERVAL, REVIEW_INTERVAL_SETTING
from checker.enrich import Enriched, Knowledge
from checker.errors import PolicyError
from checker.policies.compile import compile_policy
from checker.policies.model import Pack, Policy, PolicySet
from checker.policies.packs import BUILTIN, load_pack, locate
from checker.report import Finding, Waiver
from checker.resources import data_dir


@cache
def _pack(root: Path) -> Pack:
    return load_pack(root)


def build_policy_set(
    config: Config, extra_packs: Sequence[str] = (), default_policies: bool = True
) -> PolicySet:
    """Load the configured packs and compile their policies as the configuration says."""
    references = [*config.packs, *extra_packs]
    if not default_policies:
        references = [r for r in references if r != BUILTIN]
    roots = list(dict.fromkeys(locate(r, config.base) for r in references))
    packs = [_pack(root) for root in roots]

    catalogue = Catalogue()
    builtin_root = data_dir("policies")
    if builtin_root not in roots:  # the catalogue is facts, not policy: always there
        catalogue.add(_pack(builtin_root).catalogue)
    settings: dict[str, Any] = {}
    for pack in packs:
        catalogue.add(pack.catalogue)
        settings.update(pack.settings)
    for name, value in config.settings.items():
        if name not in settings:
            known = ", ".join(sorted(settings)) or "none"
            raise PolicyError(
                f"{config.position(f'/settings/{name}')}: no loaded pack has a setting "
                f"{name!r} (settings: {known})"
            )
        settings[name] = value

    compiled: dict[str, Policy] = {}
    for pack in packs:
        for raw in pack.policies:
            policy = compile_policy(raw, pack.name, settings)
            for key in (policy.id, policy.name):
                if key in compiled:
                    other = compiled[key]
                    raise PolicyError(
                        f"{policy.file}:{policy.line}:1: the policy {key} is defined twice "
                        f"(also in {other.file}, pack {other.pack}); ids and names must be unique"
                    )
                compiled[key] = policy

    enforced: dict[str, tuple[str, ...]] = {}
    for pack in packs:
        for reference, approvers in pack.enforced.items():
            policy = compiled.get(reference)
            if policy is None:
                raise PolicyError(
                    f"{pack.root / 'pack.yaml'}: the pack {pack.name} enforces {reference}, "
                    "which no loaded pack defines"
                )
            enforced[policy.id] = enforced.get(policy.id, ()) + approvers

    disabled = {
        _resolve(config, compiled, r, f"/disable/{i}") for i, r in enumerate(config.disable)
    }
    for policy_id in disabled & set(enforced):
        raise PolicyError(
            f"{config.position('/disable')}: {policy_id} is enforced by the organisation's "
            "pack and cannot be disabled; ask its approvers for a waiver instead"
        )
    for reference, severity in config.severity.items():
        policy_id = _resolve(config, compiled, reference, f"/severity/{reference}")
        policy = compiled[policy_id]
        if policy_id in enforced and severity.rank < policy.severity.rank:
            raise PolicyError(
                f"{config.position(f'/severity/{reference}')}: {policy_id} is enforced and "
                f"cannot be lowered from {policy.severity.value} to {severity.value}"
            )
        changed = dataclasses.replace(policy, severity=severity)
        compiled[policy.id] = compiled[policy.name] = changed

    unique = {p.id: p for p in compiled.values()}
    active = tuple(sorted((p for p in unique.values() if p.id not in disabled), key=_order))
    return PolicySet(
        active, compiled, catalogue, settings, enforced, tuple(packs), dict(config.organisation)
    )


def _order(policy: Policy) -> tuple[str, str]:
    return ((policy.pack != "builtin" and "1") or "0", policy.id)


def _resolve(config: Config, compiled: dict[str, Policy], reference: str, pointer: str) -> str:
    policy = compiled.get(reference)
    if policy is None:
        raise PolicyError(
            f"{config.position(pointer)}: no loaded policy has the id or name {reference!r}"
        )
    return policy.id


# -- what the enricher needs of the policy set -----------------------------------------------


def knowledge(policies: PolicySet, today: dt.date) -> Knowledge:
    interval = policies.settings.get(REVIEW_INTERVAL_SETTING, DEFAULT_REVIEW_INTERVAL)
    if not isinstance(interval, int) or isinstance(interval, bool):
        interval = DEFAULT_REVIEW_INTERVAL
    return Knowledge(
        catalogue=policies.catalogue,
        today=today,
        known_policy=lambda ref: ref in policies.known,
        approvers=lambda ref: policies.enforced.get(
            policies.known[ref].id if ref in policies.known else ref
        ),
        review_interval=interval,
        organisation=policies.organisation,
    )


# -- waivers --------------------------------------------------------------------------------


def apply_waivers(
    findings: list[Finding], enriched: Enriched, policies: PolicySet
) -> list[Finding]:
    """Mark the findings a valid waiver covers: still reported, no longer failing the gate.

    A waiver covers the findings of the policy it names (by id or name) through its expiry
    date; an enforced policy's waiver must be approved by one of the pack's approvers.
    """
    valid: dict[str, Waiver] = {}
    for waiver in enriched.waivers:
        policy = policies.policy(waiver.policy) if waiver.policy is not None else None
        if policy is None or not policy.waivable or waiver.expires is None:
            continue
        if waiver.days_left is None or waiver.days_left < 0:
            continue
        approvers = policies.enforced.get(policy.id)
        approved_by = waiver.entry.get("approved_by")
        if approvers is not None and approved_by not in approvers:
            continue
        valid.setdefault(
            policy.id,
            Waiver(
                policy=str(waiver.policy),
                reason=str(waiver.entry.get("reason", "")),
                approved_by=str(approved_by if approved_by is not None else ""),
                expires=waiver.expires.isoformat(),
                ref=str(waiver.entry.get("ref", "")),
            ),
        )
    if not valid:
        return findings
    return [
        dataclasses.replace(f, waiver=valid[f.rule]) if f.rule in valid else f for f in findings
    ]
