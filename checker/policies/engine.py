"""Evaluation: every active policy over every entry of its scope -> findings."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from checker.enrich import Enriched, Scope
from checker.policies.conditions import TEMPLATE_FIELD, failures, holds, lookup
from checker.policies.model import DottedPath, Policy, PolicySet
from checker.report import Finding, Severity, excerpt
from checker.rules import TODO
from checker.source import SourceMap, display_path


def evaluate(
    policies: PolicySet,
    enriched: Enriched,
    file: str,
    source: SourceMap,
    rejected: Mapping[str, str] | None = None,
) -> list[Finding]:
    """The findings of every active policy over every entry of its scope.

    `rejected` maps the JSON pointers of values the loader or the schema rejected (a TODO
    placeholder among them) to the rule that rejected them. A policy that would read one
    (or a value inside one) cannot judge it: it reports that, at its own severity, unless
    its `when` can be judged and says the policy does not apply. A placeholder never
    silences a policy."""
    findings: list[Finding] = []
    contexts: dict[str, list[Scope]] = {}
    for policy in policies.policies:
        if policy.scope not in contexts:
            contexts[policy.scope] = list(enriched.scopes(policy.scope))
        for scope in contexts[policy.scope]:
            finding = None
            if rejected:
                finding = _unjudged(policy, scope, file, source, rejected)
                if finding is _NOT_APPLICABLE:
                    continue
            if finding is None:
                finding = _evaluate(policy, scope, file, source)
            if finding is not None:
                findings.append(finding)
    return findings


_NOT_APPLICABLE = Finding("", Severity.INFO, "", "", 0, 0)


def _unjudged(
    policy: Policy, scope: Scope, file: str, source: SourceMap, rejected: Mapping[str, str]
) -> Finding | None:
    """The finding of a policy that reads a rejected value; _NOT_APPLICABLE when its `when`
    can be judged and does not hold; None when it can judge everything it reads."""
    cause = _rejected_read(policy.when_reads, policy, scope, rejected)
    if cause is None:
        if policy.applies_to is not None and not policy.applies_to(scope.context):
            return _NOT_APPLICABLE
        cause = _rejected_read(policy.require_reads, policy, scope, rejected)
    if cause is None:
        return None
    pointer, rule = cause
    why = "is still a TODO placeholder" if rule == TODO.id else "was rejected"
    line, column = source.nearest(pointer)
    message = (
        f"Cannot judge {display_path(scope.pointer)}: {display_path(pointer)} {why} ({rule}), "
        "so this policy counts as failed until the value is filled in and valid."
    )
    return Finding(policy.id, policy.severity, message, file, line, column, pointer, unjudged=rule)


def _rejected_read(
    paths: tuple[DottedPath, ...], policy: Policy, scope: Scope, rejected: Mapping[str, str]
) -> tuple[str, str] | None:
    """The first rejected value (pointer, rule) the paths read, itself or a value it holds:
    each pointer's ancestors are looked up, so the cost is its depth, not the rejections'."""
    for path in paths:
        pointer = scope.pointer_of(path, policy.scope)
        while True:
            rule = rejected.get(pointer)
            if rule is not None:
                return pointer, rule
            if not pointer:
                break
            pointer = pointer.rsplit("/", 1)[0]
    return None


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
