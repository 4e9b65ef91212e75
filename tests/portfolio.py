"""A generated portfolio: N realistic, varied llm-choice.yaml declarations in a directory tree.

Deterministic for a seed. The mix: open-weight models self-hosted, closed models behind
vendor APIs, and projects that use both; every deployment mode; licences from the catalogue;
some projects that fail the gate (regulated data on a vendor API, "open source" claimed for
an open-weight model), waivers that expired, expire within 30 or 90 days or later, licence
reviews that are overdue, costs in three currencies, and a few broken files (not YAML, an
alias bomb, a file that cannot be read, a list instead of a mapping).

Importable without pytest (the benchmarks use it):

    python -m tests.portfolio DIR [N] [--today YYYY-MM-DD]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
from dataclasses import dataclass
from pathlib import Path

TODAY = dt.date(2026, 11, 24)


@dataclass(frozen=True)
class Model:
    id: str
    openness: str
    licence: str
    version: str
    provider: str


OPEN = (
    Model("meta-llama/Llama-3.1-8B-Instruct", "open-weight", "llama3.1", "0e9e39f2", "Meta"),
    Model("meta-llama/Llama-3.3-70B-Instruct", "open-weight", "llama3.3", "6f6073b4", "Meta"),
    Model("google/gemma-3-27b-it", "open-weight", "gemma", "005ad340", "Google"),
    Model(
        "mistralai/Mistral-Small-24B-Instruct-2501",
        "open-weight",
        "Apache-2.0",
        "20b2ed1c",
        "Mistral AI",
    ),
    Model("Qwen/Qwen2.5-7B-Instruct", "open-weight", "Apache-2.0", "a09a3545", "Alibaba"),
    Model("openai/gpt-oss-20b", "open-weight", "Apache-2.0", "6cee5e81", "OpenAI"),
    Model("allenai/OLMo-2-1124-7B", "open-source", "Apache-2.0", "7df9a824", "AllenAI"),
    Model("microsoft/phi-4", "open-weight", "MIT", "187ef015", "Microsoft"),
    Model("ibm-granite/granite-3.0-8b-instruct", "open-weight", "Apache-2.0", "8fd8d3ea", "IBM"),
)
CLOSED = (
    Model(
        "gpt-4.1", "closed", "LicenseRef-OpenAI-Services-Agreement", "gpt-4.1-2025-04-14", "OpenAI"
    ),
    Model(
        "gpt-4o-mini",
        "closed",
        "LicenseRef-OpenAI-Services-Agreement",
        "gpt-4o-mini-2024-07-18",
        "OpenAI",
    ),
    Model(
        "claude-sonnet-4-5",
        "closed",
        "LicenseRef-Anthropic-Commercial-Terms",
        "claude-sonnet-4-5-20250929",
        "Anthropic",
    ),
    Model(
        "gemini-2.5-pro", "closed", "LicenseRef-Google-Gemini-API-Terms", "gemini-2.5-pro", "Google"
    ),
)
EMBEDDING = (
    Model("BAAI/bge-m3", "open-weight", "MIT", "5617a9f6", "BAAI"),
    Model("nomic-ai/nomic-embed-text-v1", "open-source", "Apache-2.0", "720244025", "Nomic AI"),
)
TEAMS = ("claims", "payments", "search", "support", "legal", "hr", "data", "growth", "risk", "ops")
PURPOSES = ("assistant", "summarizer", "classifier", "rag", "triage", "copilot", "extractor")
CURRENCIES = ("EUR", "EUR", "USD", "USD", "GBP")

BROKEN_YAML = "version: 1\nproject: {name: broken, owner: [unclosed\nmodels: []\n"
BOMB = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(6)
)
NOT_A_MAPPING = "- version: 1\n- models: []\n"


def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def declaration(rng: random.Random, index: int, today: dt.date, name: str | None = None) -> str:
    """One declaration as YAML text: a project of a random kind, mostly well kept."""
    team = TEAMS[index % len(TEAMS)]
    name = name or f"{team}-{rng.choice(PURPOSES)}-{index:05d}"
    kind = rng.choices(("open", "closed", "mixed"), weights=(40, 40, 20))[0]
    classification = rng.choices(
        ("public", "internal", "confidential", "regulated"), weights=(15, 40, 30, 15)
    )[0]
    if kind == "closed" and classification == "regulated" and rng.random() < 0.7:
        classification = "confidential"  # most teams do not send regulated data out
    use = rng.choice(("internal", "internal", "commercial", "research"))
    residency = rng.choice(("EU", "US", "EU", "GB"))
    lines = [
        "version: 1",
        f"project: {{name: {_quote(name)}, owner: {team}-platform@example.com, use: {use}}}",
        f"data: {{classification: {classification}, residency: [{residency}]}}",
    ]
    self_hosting = kind in ("open", "mixed")
    ops = (
        "dedicated-team" if self_hosting and rng.random() < 0.6 else rng.choice(("none", "limited"))
    )
    if kind == "open":
        ops = "dedicated-team" if rng.random() < 0.7 else "limited"
    lines.append(f"requirements: {{customization: prompting, ops_capacity: {ops}}}")

    models: list[tuple[Model, str, str]] = []  # model, role, mode
    if kind == "open":
        mode = rng.choices(("on-prem", "private-cloud", "managed-cloud"), weights=(35, 50, 15))[0]
        models.append((rng.choice(OPEN), "primary", mode))
    elif kind == "closed":
        mode = rng.choices(("vendor-api", "managed-cloud"), weights=(80, 20))[0]
        models.append((rng.choice(CLOSED), "primary", mode))
    else:
        models.append((rng.choice(CLOSED), "primary", "vendor-api"))
        models.append((rng.choice(EMBEDDING), "embedding", "private-cloud"))
    if kind != "mixed" and rng.random() < 0.2:
        models.append((rng.choice(OPEN), "fallback", "private-cloud"))

    lines.append("models:")
    for position, (model, role, mode) in enumerate(models):
        openness = model.openness
        if openness == "open-weight" and rng.random() < 0.04:
            openness = "open-source"  # the classic mistake (LC205)
        age = rng.choice((30, 90, 200, 300, 340, 380, 420, 500))
        reviewed = today - dt.timedelta(days=age + rng.randrange(10))
        status = "approved" if rng.random() < 0.95 else "pending"
        region = {"EU": "EU", "US": "US", "GB": "GB"}[residency]
        deployment_region = region if rng.random() < 0.93 else "US"
        lines += [
            f"  - id: {model.id}",
            f"    role: {role}",
            f"    provider: {model.provider}",
            f"    openness: {openness}",
            f"    version: {_quote(model.version)}",
            "    licence:",
            f"      id: {model.licence}",
            f"      review: {{status: {status}, by: legal@example.com, "
            f'date: "{reviewed.isoformat()}", ref: LEGAL-{index * 7 + position}, '
            "restrictions_acknowledged: true}",
            "    deployment:",
            f"      mode: {mode}",
            f"      residency: [{deployment_region}]",
        ]
        if mode in ("on-prem", "private-cloud"):
            lines.append("      serving: vllm")
        lines.append("      data_retention: zero")
        lines.append("      training_on_inputs: false")
        lines.append(f"      dpa_ref: DPA-{index:05d}")

    currency = rng.choice(CURRENCIES)
    if rng.random() < 0.92:
        amount = rng.randrange(2, 120) * 100 if self_hosting else rng.randrange(1, 40) * 50
        includes = (
            "[infrastructure, serving, maintenance, staff]"
            if self_hosting and rng.random() < 0.85
            else "[inference]"
        )
        lines += [
            "cost:",
            "  rationale: >-",
            "    Estimated from last quarter's traffic and the hosting invoices, including",
            "    the engineering time to run, patch and evaluate the models.",
            f"  monthly: {{amount: {amount}, currency: {currency}}}",
            f"  includes: {includes}",
        ]
    lines += [
        "operations:",
        f"  owner: {team}-platform@example.com",
        "  monitoring: Latency, errors and spend on the team dashboard; alerts to on-call.",
        "  evaluation: A fixed evaluation set runs on every model or prompt change.",
        "  upgrade_policy: Versions are pinned and changed only after the evaluation passes.",
    ]
    other = rng.choice(CLOSED if kind == "open" else OPEN)
    lines += [
        "alternatives:",
        f"  - model: {other.id}",
        f"    openness: {other.openness}",
        "    rejected_because: It scored lower on our evaluation set and costs more to run here.",
    ]
    if rng.random() < 0.3:
        days = rng.choice((-40, -5, 3, 12, 25, 45, 70, 88, 150, 300))
        policy, reason = rng.choice(
            (
                ("LC203", "The licence re-review is booked with legal for next quarter."),
                ("LC407", "The migration to the successor model is planned and budgeted."),
                ("LC302", "The platform team's running costs are being allocated to projects."),
            )
        )
        lines += [
            "waivers:",
            f"  - policy: {policy}",
            f"    reason: {reason}",
            "    approved_by: arb@example.com",
            f'    expires: "{(today + dt.timedelta(days=days)).isoformat()}"',
            f"    ref: ARB-{index:05d}",
        ]
    return "\n".join(lines) + "\n"


def write_portfolio(
    root: Path, count: int, seed: int = 7, today: dt.date = TODAY, broken: bool = True
) -> list[Path]:
    """Write `count` declarations below `root` (one directory per project, grouped by team,
    as repositories would be) and return their paths. With `broken`, four of them are a
    file that is not YAML, an alias bomb, a list instead of a mapping, and a file that
    cannot be read (a link to nowhere, which even root cannot read)."""
    rng = random.Random(seed)
    paths: list[Path] = []
    for index in range(count):
        team = TEAMS[index % len(TEAMS)]
        directory = root / team / f"repo-{index:05d}"
        directory.mkdir(parents=True, exist_ok=True)
        paths.append(directory / "llm-choice.yaml")
    specials = {}
    if broken and count >= 8:
        step = count // 4
        specials = {
            paths[1]: BROKEN_YAML,
            paths[step + 2]: BOMB,
            paths[2 * step + 3]: NOT_A_MAPPING,
            paths[3 * step + 4]: None,  # unreadable
        }
    for index, path in enumerate(paths):
        text = declaration(rng, index, today)
        if path in specials:
            special = specials[path]
            if special is None:
                path.unlink(missing_ok=True)
                os.symlink(path.parent / "moved-away.yaml", path)
                continue
            text = special
        path.write_text(text, encoding="utf-8")
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description="Write a generated portfolio of declarations.")
    parser.add_argument("directory")
    parser.add_argument("count", nargs="?", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--today", default=TODAY.isoformat())
    args = parser.parse_args()
    written = write_portfolio(
        Path(args.directory), args.count, args.seed, dt.date.fromisoformat(args.today)
    )
    print(f"wrote {len(written)} declarations below {args.directory}")


if __name__ == "__main__":
    main()
