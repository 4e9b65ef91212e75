"""The declaration `init` writes: the answers and the recommendation as commented YAML, with
a TODO placeholder (LC012, a warning until filled) wherever only the team can answer."""

from __future__ import annotations

import json
from collections.abc import Mapping

from checker.advice import MIX, OPEN, Recommendation, model_id
from checker.catalogue import Entry


def _q(text: str) -> str:
    """A YAML scalar every reader reads as this text (JSON strings are YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _todo(what: str) -> str:
    return _q(f"TODO: {what}")


def declaration(
    name: str, owner: str | None, answers: Mapping[str, str], advice: Recommendation
) -> str:
    open_first = advice.camp == OPEN or answers.get("classification") == "regulated"
    primary_side = "open" if open_first else "closed"
    other_side = "closed" if open_first else "open"
    primary = advice.models[primary_side][0] if advice.models[primary_side] else None
    other = advice.models[other_side][0] if advice.models[other_side] else None
    residency = answers.get("residency", "anywhere")
    lines = [
        "# yaml-language-server: $schema=llm-choice.schema.json",
        "#",
        "# Written by `llm-choice init`. Every value starting with TODO is for the team to",
        "# fill in: `llm-choice check` reports each as a warning (LC012) until it is.",
        f"# Recommended camp: {advice.camp} "
        f"(weights: open {advice.weights['open']}, closed {advice.weights['closed']}), because:",
        *(f"#   - {reason}" for reason in advice.reasons),
        "version: 1",
        "",
        "project:",
        f"  name: {_q(name)}",
        f"  owner: {_q(owner) if owner else _todo('the e-mail address of the owning team')}",
        f"  use: {answers.get('use', 'internal')}",
        "",
        "data:",
        f"  classification: {answers.get('classification', 'internal')}",
    ]
    if answers.get("personal_data") == "yes":
        lines.append("  categories: [personal]")
    if residency != "anywhere":
        lines.append(f"  residency: [{residency}]")
    lines += [
        "",
        "requirements:",
        f"  customization: {answers.get('customization', 'prompting')}",
        f"  ops_capacity: {answers.get('ops_capacity', 'none')}",
        "",
        "models:",
    ]
    if primary is None:
        lines += [
            f"  - id: {_todo('a model; no catalogue model fits every answer')}",
            "    role: primary",
            f"    openness: {'open-weight' if open_first else 'closed'}",
            f"    deployment: {{mode: {_todo('on-prem, private-cloud or vendor-api')}}}",
        ]
    else:
        lines += _model(primary, "primary", answers)
    if advice.camp == MIX and other is not None:
        lines += ["  # the mix: a model from the other camp for the work that suits it"]
        lines += _model(other, "fallback", answers)
    for side in ("open", "closed"):
        more = [model_id(e) for e in advice.models[side] if e not in (primary, other)]
        if more:
            lines.append(f"  # other {side} models the catalogue knows that fit: {', '.join(more)}")
    self_hosted = open_first or advice.camp == MIX
    includes = (
        "[inference, infrastructure, serving, maintenance, staff]" if self_hosted else "[inference]"
    )
    lines += [
        "",
        "cost:",
        f"  rationale: {_todo('how the monthly estimate was worked out')}",
        f"  monthly: {{amount: {_todo('the estimate')}, currency: {_todo('e.g. EUR')}}}",
        f"  includes: {includes}",
        "",
        "operations:",
        f"  owner: {_todo('who runs the model in production')}",
        f"  monitoring: {_todo('how failures, cost and quality are watched')}",
        f"  evaluation: {_todo('the evaluation set a new model or version must pass')}",
        "  upgrade_policy: "
        + _q(
            "The vendor ships upgrades; we move to a newer snapshot after it passes our "
            "evaluation, before the announced retirement date."
            if answers.get("upgrades") == "vendor"
            else "We choose, test and migrate versions ourselves, after our evaluation passes."
        ),
    ]
    # the alternative from the other camp a review board asks about (for a mix, the next
    # model of the self-hosted side)
    spare = advice.models[other_side][1:2] if advice.camp == MIX else (other,) * bool(other)
    for alternative in spare:
        lines += [
            "",
            "alternatives:",
            f"  - model: {_q(model_id(alternative))}",
            f"    openness: {alternative.openness}",
            f"    rejected_because: {_q(_why_not(advice))}",
        ]
    return "\n".join(lines) + "\n"


def _why_not(advice: Recommendation) -> str:
    reasons = "; ".join(advice.reasons[:3])
    camp = "a mix of both camps" if advice.camp == MIX else f"the {advice.camp} camp"
    return f"The answers point to {camp}: {reasons}." if reasons else "TODO: why"


def _model(entry: Entry, role: str, answers: Mapping[str, str]) -> list[str]:
    closed = entry.openness == "closed"
    residency = answers.get("residency", "anywhere")
    lines = [
        f"  - id: {_q(model_id(entry))}",
        f"    role: {role}",
    ]
    if entry.provider:
        lines.append(f"    provider: {_q(entry.provider)}")
    lines.append(f"    openness: {entry.openness}")
    if closed:
        lines.append(f"    version: {_todo('the dated snapshot your API calls name')}")
    lines += [
        "    licence:",
        f"      id: {_q(entry.licence_id or 'TODO: the licence id')}",
    ]
    if entry.licence_url:
        lines.append(f"      url: {_q(entry.licence_url)}")
    lines += [
        "      review:",
        f"        status: {_todo('approved, once the licence is reviewed')}",
        f"        by: {_todo('the reviewer e-mail')}",
        f"        date: {_todo('the review date, YYYY-MM-DD')}",
        f"        ref: {_todo('the review ticket')}",
    ]
    if entry.restrictions:
        lines.append(f"        restrictions_acknowledged: {_todo('true, once read')}")
    lines += ["    deployment:"]
    if closed:
        lines += ["      mode: vendor-api"]
        if entry.provider:
            lines.append(f"      provider: {_q(entry.provider)}")
    else:
        mode = "on-prem" if answers.get("classification") == "regulated" else "private-cloud"
        lines += [f"      mode: {mode}", "      serving: " + _todo("the serving stack, e.g. vllm")]
    if residency != "anywhere":
        lines.append(f"      residency: [{residency}]")
    if closed and answers.get("classification") in ("confidential", "regulated"):
        lines += [
            f"      data_retention: {_todo('zero, once the vendor agreement says so')}",
            f"      training_on_inputs: {_todo('false, once the vendor agreement says so')}",
        ]
    if answers.get("personal_data") == "yes":
        lines.append(f"      dpa_ref: {_todo('the data-processing agreement')}")
    return lines
