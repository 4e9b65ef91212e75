"""A value the loader or the schema rejected gets its own finding, and every policy that
reads it says it cannot judge it, at its own severity: a placeholder never silences a
policy, so a draft fails the gate until the team fills it in."""

from __future__ import annotations

import datetime

import pytest

from checker.config import default_config
from checker.load import load_text
from checker.options import RunOptions
from checker.pipeline import Checker
from checker.report import Severity

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
    ("values", "rule", "policy"),
    [
        ({"mode": "onprem"}, "LC010", "LC101"),
        ({"ref": "010"}, "LC004", "LC202"),
        ({"amount": "1e3"}, "LC004", "LC303"),
    ],
)
def test_a_rejected_value_is_reported_by_every_policy_that_reads_it(values, rule, policy):
    clean = {r for r, _ in findings(declaration())}
    assert rule not in clean and policy not in clean
    found = findings(declaration(**values))
    assert [r for r, _ in found].count(rule) == 1
    (said,) = [m for r, m in found if r == policy]
    assert said.startswith("Cannot judge") and f"was rejected ({rule})" in said


def test_a_todo_prefix_cannot_turn_a_failing_gate_green() -> None:
    """The attack: regulated data sent to a vendor API fails LC101 (an error); writing the
    mode as a TODO used to leave one warning and a green gate."""
    assert "LC101" in [r for r, _ in findings(declaration(mode="vendor-api"))]
    assert _failed(declaration(mode="vendor-api"))
    text = declaration(mode='"TODO: vendor-api"', ref='"TODO: ticket"')
    found = findings(text)
    rules = [r for r, _ in found]
    assert rules.count("LC012") == 2
    lc101 = [m for r, m in found if r == "LC101"]
    assert lc101 == [
        "Cannot judge models[0]: models[0].deployment.mode is still a TODO placeholder "
        "(LC012), so this policy counts as failed until the value is filled in and valid."
    ]
    assert _failed(text)
    # the control: filled in with an allowed value, the gate passes
    assert not _failed(declaration(mode="on-prem"))


def _failed(text: str) -> bool:
    checker = Checker(RunOptions(today=datetime.date(2026, 11, 24)))
    checked = checker.check_loaded(load_text(text, "llm-choice.yaml"), default_config())
    return checked.result.failed(Severity.ERROR)


def test_a_policy_whose_when_does_not_apply_stays_quiet_about_a_placeholder() -> None:
    # LC101 applies to regulated data only: with public data a TODO mode is its business no
    # longer, while the policies that read the mode for every model still report it
    public = declaration(mode='"TODO: on-prem"').replace(
        "classification: regulated", "classification: public"
    )
    rules = [r for r, _ in findings(public)]
    assert "LC101" not in rules and "LC012" in rules


def test_a_placeholder_reached_through_an_alias_is_not_a_way_round_a_policy() -> None:
    """The mode is a TODO behind an anchor, and a second model reads it through an alias:
    the copy is rejected as the anchor is, so both models' LC101 say they cannot judge."""
    text = declaration(mode="on-prem").replace(
        "    deployment: {mode: on-prem}", '    deployment: &where {mode: "TODO: vendor-api"}'
    )
    text = text.replace(
        "cost:",
        "  - id: openai/gpt-oss-120b\n    openness: open-weight\n    deployment: *where\n"
        "cost:",
        1,
    )
    found = findings(text)
    judged = [m for r, m in found if r == "LC101"]
    assert len(judged) == 2 and all(m.startswith("Cannot judge") for m in judged), found
    assert _failed(text)
