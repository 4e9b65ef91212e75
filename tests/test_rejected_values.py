"""A value the loader or the schema rejected gets its own finding and no other: no policy
judges it, and a placeholder left by `init` is a warning until the team fills it in."""

from __future__ import annotations

import datetime

import pytest

from checker.config import default_config
from checker.load import load_text
from checker.options import RunOptions
from checker.pipeline import Checker

BASE = """\
version: 1
project: {name: x, owner: a@example.com, use: internal}
data: {classification: regulated}
models:
  - id: openai/gpt-oss-20b
    openness: open-weight
    deployment: {mode: MODE}
    licence:
      id: Apache-2.0
      review: {status: approved, by: a@example.com, date: "2026-01-01", ref: REF,
               restrictions_acknowledged: true}
cost:
  rationale: Two nodes in our own rack; includes serving and on-call time for them.
  monthly: {amount: AMOUNT, currency: EUR}
  includes: [infrastructure, serving, maintenance]
alternatives:
  - {model: claude-sonnet-4-5, openness: closed, rejected_because: The data must stay here.}
"""


def findings(text: str) -> list[tuple[str, str]]:
    checker = Checker(RunOptions(today=datetime.date(2026, 11, 24)))
    checked = checker.check_loaded(load_text(text, "llm-choice.yaml"), default_config())
    return [(f.rule, f.message) for f in checked.result.findings]


def declaration(mode: str = "on-prem", ref: str = "LEGAL-1", amount: str = "900") -> str:
    return BASE.replace("MODE", mode).replace("REF", ref).replace("AMOUNT", amount)


@pytest.mark.parametrize(
    ("values", "rule", "silent"),
    [
        ({"mode": "onprem"}, "LC010", "LC101"),
        ({"ref": "010"}, "LC004", "LC202"),
        ({"amount": "1e3"}, "LC004", "LC303"),
    ],
)
def test_a_rejected_value_gets_one_finding_and_no_policy_judges_it(values, rule, silent) -> None:
    clean = {r for r, _ in findings(declaration())}
    assert rule not in clean and silent not in clean
    found = [r for r, _ in findings(declaration(**values))]
    assert found.count(rule) == 1
    assert silent not in found


def test_a_todo_placeholder_is_one_warning_and_no_policy_judges_it() -> None:
    text = declaration(mode='"TODO: on-prem or private-cloud"', ref='"TODO: ticket"')
    found = findings(text)
    assert [r for r, _ in found] == ["LC012", "LC012"]
    messages = sorted(m for _, m in found)
    assert messages == [
        "models[0].deployment.mode is still to be filled in: on-prem or private-cloud",
        "models[0].licence.review.ref is still to be filled in: ticket",
    ]
