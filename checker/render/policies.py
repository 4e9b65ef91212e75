"""Output of `llm-choice policies`: the list, one policy explained, a test run."""

from __future__ import annotations

import json
import textwrap
from dataclasses import dataclass
from typing import Any

from checker.cases import TestRun
from checker.policies.model import Policy, PolicySet
from checker.render.output import Output


@dataclass(frozen=True)
class Shown:
    """One policy, explained against the set it was loaded in."""

    policy: Policy
    policies: PolicySet


def policy_to_dict(policy: Policy, policies: PolicySet) -> dict[str, Any]:
    return {
        "id": policy.id,
        "name": policy.name,
        "title": policy.title,
        "severity": policy.severity.value,
        "scope": policy.scope,
        "pack": policy.pack,
        "file": policy.file,
        "active": policy in policies.policies,
        "enforced": policy.id in policies.enforced,
        "waivable": policy.waivable,
        "rationale": policy.rationale,
        "remediation": policy.remediation,
        "references": [{"title": r.title, "url": r.url} for r in policy.references],
    }


def _unique(policies: PolicySet) -> list[Policy]:
    return sorted({p.id: p for p in policies.known.values()}.values(), key=lambda p: p.id)


def listing_json(policies: PolicySet, out: Output) -> None:
    rows = _unique(policies)
    json.dump([policy_to_dict(p, policies) for p in rows], out.stream, indent=2)
    out.stream.write("\n")


def listing(policies: PolicySet, out: Output) -> None:
    rows = _unique(policies)
    stream = out.stream
    if out.color:
        from rich.console import Console
        from rich.table import Table

        table = Table(show_lines=False, header_style="bold")
        for column in ("id", "severity", "scope", "title", "pack"):
            table.add_column(column)
        for p in rows:
            state = "" if p in policies.policies else " (disabled)"
            table.add_row(p.id, p.severity.value, p.scope, p.title + state, p.pack)
        Console(file=stream, force_terminal=True).print(table)
        return
    for p in rows:
        state = "" if p in policies.policies else "  (disabled)"
        stream.write(f"{p.id:<8} {p.severity.value:<8} {p.scope:<8} {p.title}{state}\n")
    active = len(policies.policies)
    stream.write(f"{len(rows)} policies ({active} active) from {len(policies.packs)} pack(s).\n")


def show_json(shown: Shown, out: Output) -> None:
    json.dump(policy_to_dict(shown.policy, shown.policies), out.stream, indent=2)
    out.stream.write("\n")


def show(shown: Shown, out: Output) -> None:
    policy, policies, stream = shown.policy, shown.policies, out.stream
    data = policy_to_dict(policy, policies)
    flags = [policy.severity.value, f"scope: {policy.scope}", f"pack: {policy.pack}"]
    if data["enforced"]:
        flags.append("enforced: " + ", ".join(policies.enforced[policy.id]))
    if not data["active"]:
        flags.append("disabled by the configuration")
    if not policy.waivable:
        flags.append("cannot be waived in a declaration")
    lines = [
        f"{policy.id} {policy.name}",
        policy.title,
        f"({'; '.join(flags)})",
        "",
        "Why:",
        _indent(policy.rationale),
        "",
        "What to do:",
        _indent(policy.remediation),
    ]
    if policy.references:
        lines += ["", "References:"]
        lines += [f"  - {r.title}" + (f" <{r.url}>" if r.url else "") for r in policy.references]
    lines += ["", f"Defined in {policy.file}"]
    stream.write("\n".join(lines) + "\n")


def _indent(text: str) -> str:
    return textwrap.fill(
        " ".join(text.split()), width=88, initial_indent="  ", subsequent_indent="  "
    )


def test_run_json(run: TestRun, out: Output) -> None:
    data = {
        "pack": run.pack,
        "passed": run.passed,
        "cases": [
            {
                "file": c.file,
                "passed": c.passed,
                "expectations": [str(e) for e in c.expectations],
                "problems": list(c.problems),
                "raised": sorted({f.rule for f in c.findings}),
            }
            for c in run.cases
        ],
        "not_raised_by_any_case": list(run.not_raised_by_any_case),
        "not_refuted_by_any_case": list(run.not_refuted_by_any_case),
    }
    json.dump(data, out.stream, indent=2)
    out.stream.write("\n")


def test_run(run: TestRun, out: Output) -> None:
    stream = out.stream
    for case in run.cases:
        verdict = "PASS" if case.passed else "FAIL"
        stream.write(f"{verdict}  {case.file}  ({len(case.expectations)} expectations)\n")
        for problem in case.problems:
            stream.write(f"      {problem}\n")
    for label, ids in (
        ("raised by no case", run.not_raised_by_any_case),
        ("shown not to fire by no case", run.not_refuted_by_any_case),
    ):
        if ids:
            stream.write(f"Policies of pack {run.pack} {label}: {', '.join(ids)}\n")
    passed = sum(c.passed for c in run.cases)
    stream.write(
        f"Pack {run.pack}: {len(run.cases)} cases, {passed} passed, "
        f"{len(run.cases) - passed} failed.\n"
    )
