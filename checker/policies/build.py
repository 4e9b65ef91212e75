"""The policy set a run applies, built before the run: packs loaded, settings and the
configuration applied, policies compiled, enforcement and the register gathered; and what
the enricher needs to know of it."""

from __future__ import annotations

import dataclasses
import datetime as dt
import fnmatch
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from checker.catalogue import Catalogue
from checker.config import Config
from checker.declaration import (
    CLASSIFICATIONS,
    DEFAULT_REVIEW_INTERVAL,
    REVIEW_INTERVAL_SETTING,
    parse_date,
)
from checker.enrich import Knowledge
from checker.errors import PolicyError
from checker.policies.compile import compile_policy
from checker.policies.conditions import substitute_settings
from checker.policies.model import Pack, Policy, PolicySet, RegisteredWaiver
from checker.policies.packs import load_pack, locate, pack_files, pack_signature
from checker.support.resources import BUILTIN, data_dir

_PACKS: dict[tuple[Path, tuple[tuple[str, int, int], ...]], Pack] = {}


def _pack(root: Path) -> Pack:
    """A pack, loaded once per process for as long as none of its files changes."""
    files = pack_files(root)
    key = (root, pack_signature(files))
    if key not in _PACKS:
        _PACKS[key] = load_pack(root, files)
    return _PACKS[key]


def build_policy_set(
    config: Config,
    extra_packs: Sequence[str] = (),
    default_policies: bool = True,
    trusted: bool = True,
) -> PolicySet:
    """Load the configured packs and compile their policies as the configuration says.

    A configuration that is not `trusted` (a repository's own, found beside the
    declaration, as opposed to the organisation's --config) cannot change a setting an
    enforced policy uses, however the enforcing pack was loaded."""
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
    if config.classifications and not trusted:
        raise PolicyError(
            f"{config.position('/classifications')}: classification labels are the "
            "organisation's to define, in the configuration given with --config; a "
            "repository's own configuration could file regulated data under a harmless name"
        )
    classifications = {label: label for label in CLASSIFICATIONS}
    classifications.update(config.classifications)
    enforced_settings = {} if trusted else _enforced_settings(packs)
    for name, value in config.settings.items():
        if name in enforced_settings:
            raise PolicyError(
                f"{config.position(f'/settings/{name}')}: the setting {name!r} belongs to "
                f"the enforced policy {enforced_settings[name]}, which a repository's "
                "configuration cannot change; the organisation's configuration (--config) can"
            )
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

    register = _register(packs, compiled)
    unique = {p.id: p for p in compiled.values()}
    active = tuple(sorted((p for p in unique.values() if p.id not in disabled), key=_order))
    return PolicySet(
        active,
        compiled,
        catalogue,
        settings,
        enforced,
        tuple(packs),
        register=register,
        organisation=dict(config.organisation),
        classifications=classifications,
    )


def _enforced_settings(packs: Sequence[Pack]) -> dict[str, str]:
    """The settings the enforced policies use -> the id of one such policy."""
    by_key = {}
    for pack in packs:
        for raw in pack.policies:
            by_key[raw.document["id"]] = by_key[raw.document["name"]] = raw
    used: dict[str, str] = {}
    for pack in packs:
        for reference in pack.enforced:
            raw = by_key.get(reference)
            if raw is not None:
                names: list[str] = []
                substitute_settings(raw.document, {}, names)
                for name in names:
                    used.setdefault(name, raw.document["id"])
    return used


def _register(
    packs: Sequence[Pack], compiled: dict[str, Policy]
) -> dict[str, tuple[RegisteredWaiver, ...]]:
    """The exceptions each enforcing pack granted, by policy id; an entry must name a policy
    its own pack enforces and one of that pack's approvers for it."""
    register: dict[str, list[RegisteredWaiver]] = {}
    for pack in packs:
        own = {compiled[r].id: a for r, a in pack.enforced.items() if r in compiled}
        for entry in pack.register:
            policy = compiled.get(entry.policy)
            where = f"{entry.file}:{entry.line}:1"
            if policy is None or policy.id not in own:
                raise PolicyError(
                    f"{where}: the register of pack {pack.name} waives {entry.policy}, which "
                    "that pack does not enforce; a register holds exceptions to its own "
                    "enforced policies only"
                )
            if entry.approved_by not in own[policy.id]:
                raise PolicyError(
                    f"{where}: {entry.approved_by} approved this exception to {policy.id}, but "
                    f"pack {pack.name} names {', '.join(own[policy.id])} as its approvers"
                )
            register.setdefault(policy.id, []).append(entry)
    return {policy_id: tuple(entries) for policy_id, entries in register.items()}


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


def knowledge(
    policies: PolicySet,
    today: dt.date,
    repository: str | None = None,
    path: str | None = None,
    references: tuple[Any, ...] | None = None,
) -> Knowledge:
    """What the enricher needs of the policy set; `repository` (owner/name) and `path` (the
    declaration's place in it) identify the project to the register of exceptions."""
    interval = policies.settings.get(REVIEW_INTERVAL_SETTING, DEFAULT_REVIEW_INTERVAL)
    if not isinstance(interval, int) or isinstance(interval, bool):
        interval = DEFAULT_REVIEW_INTERVAL
    return Knowledge(
        catalogue=policies.catalogue,
        today=today,
        policy_id=lambda ref: None if (found := policies.policy(ref)) is None else found.id,
        approvers=lambda ref: (
            None if (found := policies.policy(ref)) is None else policies.enforced.get(found.id)
        ),
        review_interval=interval,
        registered=lambda ref, project: registered(policies, ref, project, today, repository, path),
        organisation=policies.organisation,
        classifications=policies.classifications,
        references=references,
    )


def registered(
    policies: PolicySet,
    reference: str,
    project: str | None,
    today: dt.date,
    repository: str | None,
    path: str | None,
) -> RegisteredWaiver | None:
    """The register's unexpired exception to an enforced policy for this project, if any.
    Every condition an entry states must hold; a condition the run cannot check (no known
    repository, no path) does not hold."""
    policy = policies.policy(reference)
    if policy is None or project is None:
        return None
    for entry in policies.register.get(policy.id, ()):
        expires = parse_date(entry.expires)
        if entry.project != project or expires is None or expires < today:
            continue
        if entry.repository is not None and entry.repository != repository:
            continue
        if entry.path is not None and (path is None or not fnmatch.fnmatchcase(path, entry.path)):
            continue
        return entry
    return None
