"""The declaration `init` writes: the answers and the recommendation as commented YAML, with
a TODO placeholder (LC012, a warning until filled) wherever only the team can answer."""

from __future__ import annotations

import json
from collections.abc import Mapping

from checker.advice import MIX, OPEN, UNKNOWN, Answer, Recommendation, is_snapshot, model_id
from checker.catalogue import Entry


def _q(text: str) -> str:
    """A YAML scalar every reader reads as this text (JSON strings are YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _todo(what: str) -> str:
    return _q(f"TODO: {what}")


def declaration(
    name: str, owner: str | None, answers: Mapping[str, Answer], advice: Recommendation
) -> str:
    open_first = advice.camp == OPEN or answers.get("classification") == "regulated"
    primary_side = "open" if open_first else "closed"
    other_side = "closed" if open_first else "open"
    primary = advice.models[primary_side][0] if advice.models[primary_side] else None
    other = advice.models[other_side][0] if advice.models[other_side] else None
    customization = str(answers.get("customization", "prompting"))
    lines = [
        "# yaml-language-server: $schema=llm-choice.schema.json",
        "#",
        "# Written by `llm-choice init`. Every value starting with TODO is for the team to",
        "# fill in: `llm-choice check` reports each as a warning (LC012) until it is.",
        *(f"# {line}" for line in reasoning(advice)),
        "version: 1",
        "",
        "project:",
        f"  name: {_q(name)}",
        f"  owner: {_q(owner) if owner else _todo('the e-mail address of the owning team')}",
        f"  use: {answers.get('use', 'internal')}",
        *_organisation(answers),
        "",
        "data:",
        f"  classification: {answers.get('classification', 'internal')}",
    ]
    categories = [c for c in answers.get("categories") or () if c != "none"]
    if categories:
        lines.append(f"  categories: [{', '.join(categories)}]")
    residency = _residency(answers)
    if residency:
        lines.append(f"  residency: [{', '.join(residency)}]")
    lines += ["", "requirements:"]
    if customization == "hosted-fine-tuning" and open_first:
        # a vendor's hosted tuning does not exist for a model the team serves itself
        lines += [
            "  # answered hosted-fine-tuning; a self-hosted model is tuned by the team itself",
            "  customization: fine-tuning",
        ]
    else:
        lines.append(f"  customization: {customization}")
    lines += [
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
    with_fallback = advice.camp == MIX and other is not None
    if with_fallback and customization == "hosted-fine-tuning":
        # the self-hosted half of a mix cannot be tuned by a vendor's service
        lines.append("  # no self-hosted fallback: hosted fine-tuning needs the vendor's service")
        with_fallback = False
    if with_fallback and other is not None:
        lines += ["  # the mix: a model from the other camp for the work that suits it"]
        lines += _model(other, "fallback", answers)
    for side in ("open", "closed"):
        more = [model_id(e) for e in advice.models[side] if e not in (primary, other)]
        if more:
            lines.append(f"  # other {side} models the catalogue knows that fit: {', '.join(more)}")
    includes = (
        "[inference, infrastructure, serving, maintenance, staff]"
        if open_first or with_fallback
        else "[inference]"
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
        f"  upgrade_policy: {_q(_upgrades(answers, open_first))}",
    ]
    alternative, why = _alternative(advice, other_side, other, with_fallback)
    if alternative is not None:
        lines += [
            "",
            "alternatives:",
            f"  - model: {_q(model_id(alternative))}",
            f"    openness: {alternative.openness}",
            f"    rejected_because: {_q(why)}",
        ]
    return "\n".join(lines) + "\n"


def reasoning(advice: Recommendation) -> list[str]:
    """The recommendation and its reasons, those for it told apart from those against it."""
    weights = f"weights: open {advice.weights['open']}, closed {advice.weights['closed']}"
    lines = [f"Recommended: {advice.camp} ({weights})"]
    side = advice.side
    if side is None:  # a mix: neither camp wins, each has its own reasons
        for camp, label in (("open", "open-weight"), ("closed", "closed")):
            reasons = advice.reasons_for(camp)
            if reasons:
                lines.append(f"For {label}:")
                lines += [f"  - {reason}" for reason in reasons]
        return lines
    lines.append("Because:")
    lines += [f"  - {reason}" for reason in advice.reasons_for(side)] or ["  - (no answer weighed)"]
    against = advice.reasons_against(side)
    if against:
        lines.append("Though, against it:")
        lines += [f"  - {reason}" for reason in against]
    return lines


def _alternative(
    advice: Recommendation, other_side: str, other: Entry | None, with_fallback: bool
) -> tuple[Entry | None, str]:
    """The alternative a review board asks about, and why it lost, in its own camp's terms."""
    if advice.side is not None:
        if other is None:
            return None, ""
        reasons = advice.reasons_against(other_side)[:3]
        why = "; ".join(reasons) if reasons else "TODO: why it lost"
        return other, why[:1].upper() + why[1:] + ("." if reasons else "")
    # a mix uses both camps: the alternative is the next model of the self-hosted side
    spare = advice.models["open"][1:2] if with_fallback else advice.models["open"][:1]
    if not spare:
        return None, ""
    chosen = advice.models["open"][0] if with_fallback else None
    lost_to = f" to {model_id(chosen)}" if chosen is not None else ""
    return spare[0], f"TODO: why it lost{lost_to}"


def _upgrades(answers: Mapping[str, Answer], self_hosted: bool) -> str:
    if answers.get("upgrades") != "vendor":
        return "We choose, test and migrate versions ourselves, after our evaluation passes."
    if self_hosted:  # the publisher releases new weights; the team still serves them
        return (
            "We adopt the releases the model's publisher ships, after each passes our "
            "evaluation; the serving team deploys them."
        )
    return (
        "The vendor ships upgrades; we move to a newer snapshot after it passes our "
        "evaluation, before the announced retirement date."
    )


def _organisation(answers: Mapping[str, Answer]) -> list[str]:
    country = answers.get("country", UNKNOWN)
    users = answers.get("monthly_active_users", UNKNOWN)
    return [
        "  # the licensee, as licences condition their grant on it; the organisation's",
        "  # llm-choice.config.yaml may state it instead, and then wins",
        "  organisation:",
        "    country: "
        + (
            _todo("the ISO 3166-1 code of the licensee's country")
            if country == UNKNOWN
            else _q(str(country))
        ),
        "    monthly_active_users: "
        + (
            _todo("monthly active users of the organisation's products")
            if users == UNKNOWN
            else str(users)
        ),
    ]


def _residency(answers: Mapping[str, Answer]) -> list[str]:
    residency = str(answers.get("residency", "anywhere"))
    return [] if residency == "anywhere" else residency.split(",")


def _model(entry: Entry, role: str, answers: Mapping[str, Answer]) -> list[str]:
    closed = entry.openness == "closed"
    residency = _residency(answers)
    model = model_id(entry)
    lines = [
        f"  - id: {_q(model)}",
        f"    role: {role}",
    ]
    if entry.provider:
        lines.append(f"    provider: {_q(entry.provider)}")
    lines.append(f"    openness: {entry.openness}")
    if closed and not is_snapshot(model):
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
    if residency:
        lines.append(f"      residency: [{', '.join(residency)}]")
    if closed and answers.get("classification") in ("confidential", "regulated"):
        lines += [
            f"      data_retention: {_todo('zero, once the vendor agreement says so')}",
            f"      training_on_inputs: {_todo('false, once the vendor agreement says so')}",
        ]
    # a data-processing agreement is with a vendor that receives the data (LC104)
    if closed and "personal" in (answers.get("categories") or ()):
        lines.append(f"      dpa_ref: {_todo('the data-processing agreement')}")
    return lines
