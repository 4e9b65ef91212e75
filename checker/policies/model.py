"""Policies, packs and the compiled set a run evaluates."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checker.catalogue import Catalogue
from checker.policies.conditions import Condition, paths, predicate
from checker.policies.conditions import Path as DottedPath
from checker.report import Rule, Severity


@dataclass(frozen=True, slots=True)
class Reference:
    """A source a policy cites."""

    title: str
    url: str = ""


@dataclass(frozen=True, slots=True)
class Escalation:
    """A stronger severity (and message) when a further condition holds."""

    when: Condition
    severity: Severity
    message: str | None


@dataclass(frozen=True)
class Policy:
    """A compiled policy: its conditions, messages and documentation."""

    id: str
    name: str
    title: str
    severity: Severity
    scope: str
    when: Condition | None
    require: Condition
    at: DottedPath | None
    message: str
    escalate: Escalation | None
    waivable: bool
    rationale: str
    remediation: str
    references: tuple[Reference, ...]
    pack: str
    file: str
    line: int = 1
    docs: str = ""  # the policy's documentation page, from its pack's `docs` template
    # the conditions compiled into closures, for the engine's hot path
    applies_to: Callable[[dict[str, Any]], bool] | None = field(
        init=False, repr=False, compare=False
    )
    satisfied_by: Callable[[dict[str, Any]], bool] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        applies = predicate(self.when) if self.when is not None else None
        object.__setattr__(self, "applies_to", applies)
        object.__setattr__(self, "satisfied_by", predicate(self.require))

    def holds_for(self, context: dict[str, Any]) -> bool:
        """Whether the policy finds nothing in this context (it does not apply, or holds)."""
        if self.applies_to is not None and not self.applies_to(context):
            return True
        return self.satisfied_by(context)

    @property
    def when_reads(self) -> tuple[DottedPath, ...]:
        """The paths the policy's `when` reads: what it needs to know whether it applies."""
        return tuple(dict.fromkeys(paths(self.when))) if self.when is not None else ()

    @property
    def require_reads(self) -> tuple[DottedPath, ...]:
        """The paths its `require` reads: what it needs to judge an entry it applies to."""
        return tuple(dict.fromkeys(paths(self.require)))

    @property
    def reads(self) -> tuple[DottedPath, ...]:
        """Every path the policy's conditions test, and the one its finding points at."""
        conditions = [self.when, self.require, self.escalate.when if self.escalate else None]
        found = [p for c in conditions if c is not None for p in paths(c)]
        return tuple(dict.fromkeys([*found, *([self.at] if self.at else [])]))

    def as_rule(self) -> Rule:
        url = next((r.url for r in self.references if r.url), "")
        return Rule(
            self.id,
            self.name,
            self.title,
            self.severity,
            self.remediation,
            self.rationale,
            url,
            docs=self.docs,
        )


@dataclass(frozen=True)
class RawPolicy:
    """A policy file as loaded and checked against its schema, not yet compiled."""

    document: dict[str, Any]
    file: str
    source: Any  # the SourceMap of the file, for errors found while compiling
    trusted: bool = False  # the built-in pack: its fragments were checked by the test suite
    docs: str = ""  # the pack's documentation URL template, with {id} for the policy's id


@dataclass(frozen=True, slots=True)
class RegisteredWaiver:
    """An exception an enforcing pack's register (waivers.yaml) grants."""

    policy: str  # the policy's id or name, as written
    project: str
    reason: str
    approved_by: str
    expires: str  # YYYY-MM-DD
    ref: str = ""
    repository: str | None = None  # owner/name, when the exception is for one repository
    path: str | None = None  # a glob of the declaration's path in its repository
    file: str = ""  # where the entry is written, for messages
    line: int = 1

    def as_fact(self) -> dict[str, Any]:
        """The entry as a waiver policy reads it (`facts.waiver.register`)."""
        return {
            "policy": self.policy,
            "project": self.project,
            "approved_by": self.approved_by,
            "expires": self.expires,
            "ref": self.ref,
            "repository": self.repository,
            "path": self.path,
        }


@dataclass(frozen=True)
class Pack:
    """A policy pack as loaded: its policies, catalogue, settings and register."""

    name: str
    root: Path
    description: str
    settings: dict[str, Any]  # name -> default
    enforced: dict[str, tuple[str, ...]]  # policy id or name -> approvers
    policies: tuple[RawPolicy, ...]
    catalogue: tuple[Any, ...]  # catalogue Entries
    cases: tuple[Path, ...]
    register: tuple[RegisteredWaiver, ...] = ()  # the exceptions it granted (waivers.yaml)


@dataclass(frozen=True)
class PolicySet:
    """Everything a run needs: active policies, the catalogue, settings and enforcement."""

    policies: tuple[Policy, ...]
    known: dict[str, Policy]  # every loaded policy (active or not) by id and by name
    catalogue: Catalogue
    settings: dict[str, Any]
    enforced: dict[str, tuple[str, ...]]  # policy id -> approvers
    packs: tuple[Pack, ...] = field(default=())
    # policy id -> the exceptions the pack that enforces it granted
    register: dict[str, tuple[RegisteredWaiver, ...]] = field(default_factory=dict)
    organisation: dict[str, Any] = field(default_factory=dict)  # the configuration's licensee
    # data classification label -> the built-in level it counts as (built-ins and the
    # organisation's own)
    classifications: dict[str, str] = field(default_factory=dict)

    @property
    def waiver_rules(self) -> tuple[Policy, ...]:
        """Every loaded policy of scope waiver, reported or not: together they decide
        whether a waiver is valid."""
        rules = {p.id: p for p in self.known.values() if p.scope == "waiver"}
        return tuple(rules.values())

    def policy(self, id_or_name: str) -> Policy | None:
        """The policy with this id or name, whatever its case (`lc404` is LC404)."""
        found = self.known.get(id_or_name)
        if found is None:
            wanted = id_or_name.casefold()
            found = next((p for k, p in self.known.items() if k.casefold() == wanted), None)
        return found
