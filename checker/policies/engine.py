"""Evaluation: every active policy over every entry of its scope -> findings."""

from __future__ import annotations

import re
from typing import Any

from checker.enrich import Facts, Scope, project_facts, scopes
from checker.load import SourceMap
from checker.policies.conditions import failures, holds, lookup
from checker.policies.model import Policy, PolicySet
from checker.report import Finding

TEMPLATE_FIELD = re.compile(r"(?<!\{)\{([A-Za-z_][A-Za-z0-9_.-]*)\}(?!\})")


def evaluate(
    policies: PolicySet, document: Any, facts: Facts, file: str, source: SourceMap
) -> list[Finding]:
    if not isinstance(document, dict):
        return []
    findings: list[Finding] = []
    contexts: dict[str, list[Scope]] = {}
    common = project_facts(document, facts)
    for policy in policies.policies:
        if policy.scope not in contexts:
            contexts[policy.scope] = list(scopes(document, policy.scope, facts, common))
        for scope in contexts[policy.scope]:
            finding = _evaluate(policy, scope, file, source)
            if finding is not None:
                findings.append(finding)
    return findings


def _evaluate(policy: Policy, scope: Scope, file: str, source: SourceMap) -> Finding | None:
    context = scope.context
    if policy.when is not None and not holds(policy.when, context):
        return None
    failed = failures(policy.require, context)
    if not failed:
        return None
    severity, message = policy.severity, policy.message
    if policy.escalate is not None and holds(policy.escalate.when, context):
        severity = policy.escalate.severity
        message = policy.escalate.message or message
    pointer = scope.pointer_of(policy.at or failed[0], policy.scope)
    line, column = locate(source, pointer)
    return Finding(policy.id, severity, render(message, context), file, line, column, pointer)


def locate(source: SourceMap, pointer: str) -> tuple[int, int]:
    """The value at `pointer` if the file has it, else the key of its nearest ancestor."""
    if source.has(pointer):
        return source.value_at(pointer)
    while pointer and not source.has(pointer):
        pointer = pointer.rsplit("/", 1)[0]
    return source.key_at(pointer) if pointer else source.value_at("")


def render(template: str, context: dict[str, Any]) -> str:
    """Fill `{dotted.path}` fields from the context; `{{` and `}}` are literal braces."""

    def value(match: re.Match[str]) -> str:
        return _shown(lookup(context, tuple(match.group(1).split("."))))

    return TEMPLATE_FIELD.sub(value, template).replace("{{", "{").replace("}}", "}")


def _shown(value: Any) -> str:
    if value is None:
        return "(not set)"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, list):
        return ", ".join(_shown(v) for v in value) or "(none)"
    if isinstance(value, dict):
        return "(a map)"
    return str(value)
