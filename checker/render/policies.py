"""Output of `llm-choice policies`: the list, one policy explained, a test run."""

from __future__ import annotations

import json
import textwrap
from dataclasses import dataclass
from typing import Any

from checker.cases import TestRun
from checker.policies.model import Policy, PolicySet
from checker.render.output import Output
from checker.report import Rule
from checker.rules import CORE_RULES
from checker.support.wording import plural

FILE_RULES = "file rules"  # the pack column of the rules about the file itself
FILE_RULES_SOURCE = "checker/rules.py"


@dataclass(frozen=True)
class Shown:
    """One policy (or rule about the file itself), explained against the set it was loaded
    in."""

    policy: Policy | Rule
    policies: PolicySet


def policy_to_dict(policy: Policy | Rule, policies: PolicySet) -> dict[str, Any]:
    if isinstance(policy, Rule):
        return _file_rule_to_dict(policy)
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


def _file_rule_to_dict(rule: Rule) -> dict[str, Any]:
    """A rule about the file itself, in the shape of a policy: always active, never waived."""
    return {
        "id": rule.id,
        "name": rule.name,
        "title": rule.title,
        "severity": rule.severity.value,
        "scope": "file",
        "pack": FILE_RULES,
        "file": FILE_RULES_SOURCE,
        "active": True,
        "enforced": False,
        "waivable": False,
        "rationale": rule.description,
        "remediation": rule.remediation,
        "references": [{"title": rule.help_uri, "url": rule.help_uri}] if rule.help_uri else [],
    }


def _unique(policies: PolicySet) -> list[Policy | Rule]:
    rows: list[Policy | Rule] = list(CORE_RULES)
    rows += sorted({p.id: p for p in policies.known.values()}.values(), key=lambda p: p.id)
    return rows


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
            row = policy_to_dict(p, policies)
            state = "" if row["active"] else " (disabled)"
            table.add_row(p.id, p.severity.value, row["scope"], p.title + state, row["pack"])
        Console(file=stream, force_terminal=True, no_color=False).print(table)
        return
    for p in rows:
        row = policy_to_dict(p, policies)
        state = "" if row["active"] else "  (disabled)"
        stream.write(f"{p.id:<8} {p.severity.value:<8} {row['scope']:<8} {p.title}{state}\n")
    active = len(policies.policies)
    known = len(rows) - len(CORE_RULES)
    stream.write(
        f"{len(CORE_RULES)} rules about the file itself; {known} policies ({active} active) "
        f"from {len(policies.packs)} pack(s).\n"
    )


def show_json(shown: Shown, out: Output) -> None:
    json.dump(policy_to_dict(shown.policy, shown.policies), out.stream, indent=2)
    out.stream.write("\n")


def show(shown: Shown, out: Output) -> None:
    policy, policies, stream = shown.policy, shown.policies, out.stream
    data = policy_to_dict(policy, policies)
    flags = [policy.severity.value, f"scope: {data['scope']}", f"pack: {data['pack']}"]
    if data["enforced"]:
        flags.append("enforced: " + ", ".join(policies.enforced[policy.id]))
    if not data["active"]:
        flags.append("disabled by the configuration")
    if not data["waivable"]:
        flags.append("cannot be waived in a declaration")
    lines = [
        f"{policy.id} {policy.name}",
        policy.title,
        f"({'; '.join(flags)})",
        "",
        "Why:",
        _indent(data["rationale"]),
        "",
        "What to do:",
        _indent(policy.remediation),
    ]
    if data["references"]:
        lines += ["", "References:"]
        lines += [
            f"  - {r['title']}" + (f" <{r['url']}>" if r["url"] and r["url"] != r["title"] else "")
            for r in data["references"]
        ]
    lines += ["", f"Defined in {data['file']}"]
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
        f"Pack {run.pack}: {plural(len(run.cases), 'case')}, {passed} passed, "
        f"{len(run.cases) - passed} failed.\n"
    )
