"""Evaluation: every active policy over every entry of its scope -> findings."""

from __future__ import annotations

import re
from typing import Any

from checker.enrich import Enriched, Scope
from checker.policies.conditions import TEMPLATE_FIELD, failures, holds, lookup
from checker.policies.model import Policy, PolicySet
from checker.report import Finding, excerpt
from checker.source import SourceMap


def evaluate(
    policies: PolicySet,
    enriched: Enriched,
    file: str,
    source: SourceMap,
    rejected: frozenset[str] = frozenset(),
) -> list[Finding]:
    """The findings of every active policy over every entry of its scope. `rejected` holds
    the JSON pointers of values the loader or the schema rejected: a policy that would read
    one of them (or a value inside one) says nothing, as it could not judge it."""
    findings: list[Finding] = []
    contexts: dict[str, list[Scope]] = {}
    for policy in policies.policies:
        if policy.scope not in contexts:
            contexts[policy.scope] = list(enriched.scopes(policy.scope))
        for scope in contexts[policy.scope]:
            if rejected and _reads_rejected(policy, scope, rejected):
                continue
            finding = _evaluate(policy, scope, file, source)
            if finding is not None:
                findings.append(finding)
    return findings


def _reads_rejected(policy: Policy, scope: Scope, rejected: frozenset[str]) -> bool:
    for path in policy.reads:
        pointer = scope.pointer_of(path, policy.scope)
        if any(pointer == r or pointer.startswith(r + "/") for r in rejected):
            return True
    return False


def _evaluate(policy: Policy, scope: Scope, file: str, source: SourceMap) -> Finding | None:
    context = scope.context
    if policy.applies_to is not None and not policy.applies_to(context):
        return None
    if policy.satisfied_by(context):
        return None
    failed = failures(policy.require, context)
    severity, message = policy.severity, policy.message
    if policy.escalate is not None and holds(policy.escalate.when, context):
        severity = policy.escalate.severity
        message = policy.escalate.message or message
    pointer = scope.pointer_of(policy.at or failed[0], policy.scope)
    line, column = source.nearest(pointer)
    return Finding(policy.id, severity, render(message, context), file, line, column, pointer)


_PIECE = re.compile(r"\{\{|\}\}|" + TEMPLATE_FIELD.pattern)


def render(template: str, context: dict[str, Any]) -> str:
    """Fill `{dotted.path}` fields from the context; `{{` and `}}` in the template are literal
    braces. One pass over the template: a value put in is never read again, so braces in a
    declaration's value reach the message as they are."""

    def piece(match: re.Match[str]) -> str:
        if match.group(1) is None:
            return match.group()[0]  # {{ -> {, }} -> }
        value = lookup(context, tuple(match.group(1).split(".")))
        fallback = match.group(2)
        if fallback is not None and (value is None or value == [] or value == ""):
            return fallback
        return _shown(value)

    return _PIECE.sub(piece, template)


def _shown(value: Any) -> str:
    if value is None:
        return "(not set)"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, list):
        return ", ".join(_shown(v) for v in value) or "(none)"
    if isinstance(value, dict):
        return "(a map)"
    return excerpt(str(value))
