"""The condition language's comparisons between paths (`$data`) and dates, as pack authors
write them: each feature raises a finding where it should and stays quiet where it should."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import TODAY, write
from tests.test_policies import DECLARATION, findings

RULE = """\
id: ACME100
name: acme-comparison
title: A comparison between two paths
severity: error
scope: {scope}
require:
{require}
message: "the comparison failed"
rationale: For the test.
remediation: None.
"""


def pack_with(root: Path, require: str, scope: str = "model") -> Path:
    write(root / "pack.yaml", "version: 1\nname: acme\nenforced: []\n")
    (root / "rules").mkdir(parents=True, exist_ok=True)
    (root / "rules" / "ACME100.yaml").write_text(
        RULE.format(scope=scope, require=require), encoding="utf-8"
    )
    return root


def acme(cli, tmp_path: Path, require: str, declaration: str = DECLARATION, scope="model"):
    pack = pack_with(tmp_path / "acme", require, scope)
    target = write(tmp_path / "llm-choice.yaml", declaration)
    run = cli("check", "--today", TODAY, "--format", "json", "--pack", str(pack), str(target))
    assert run.code in (0, 1), run.err
    return [f for f in findings(run) if f["rule"] == "ACME100"]


@pytest.mark.parametrize(
    ("require", "fires"),
    [
        # enum from another path: the declared openness is one of the catalogue's
        ("  model.openness: {enum: {$data: facts.openness.catalogue}}", True),  # not a list
        (
            "  project.use: {enum: [commercial]}\n  model.openness: {const: {$data: "
            "facts.openness.catalogue}}",
            False,
        ),
        # numbers: the monthly amount is at most the count of models (100 > 1)
        ("  cost.monthly.amount: {maximum: {$data: facts.models.count}}", True),
        ("  cost.monthly.amount: {minimum: {$data: facts.models.count}}", False),
        # a reference that leads nowhere drops its keyword, as ajv does
        ("  cost.monthly.amount: {maximum: {$data: model.version}}", False),
        # lengths: the project name is at least as long as the number of models
        ("  project.name: {minLength: {$data: facts.models.count}}", False),
        # dates: the review is dated on or before the day of the run
        ("  model.licence.review.date: {format: date, formatMaximum: {$data: facts.today}}", False),
        ("  model.licence.review.date: {format: date, formatMinimum: {$data: facts.today}}", True),
        ("  model.licence.review.date: {format: date, formatExclusiveMinimum: '2026-03-02'}", True),
        ("  model.licence.review.date: {format: date, formatMinimum: '2026-03-02'}", False),
        # membership in a derived set: EU lies within EU
        ("  facts.residency.within: {items: {contains: {enum: {$data: data.residency}}}}", False),
        (
            "  facts.residency.within: {items: {contains: {enum: {$data: model.deployment."
            "regions}}}}",
            False,
        ),  # regions is missing: its enum is dropped, anything is contained
    ],
)
def test_a_fragment_compares_with_another_path(cli, tmp_path, require, fires) -> None:
    assert bool(acme(cli, tmp_path, require)) is fires


def test_a_value_of_the_wrong_kind_for_its_keyword_matches_nothing(cli, tmp_path) -> None:
    # project.name is text, not a number: the maximum cannot hold
    assert acme(cli, tmp_path, "  cost.monthly.amount: {maximum: {$data: project.name}}")
    # ... and, under `not`, the failed comparison holds
    assert not acme(cli, tmp_path, "  cost.monthly.amount: {not: {maximum: {$data: project.name}}}")


def test_a_residency_outside_the_datas_fails_inside_passes(cli, tmp_path) -> None:
    require = "  facts.residency.within: {items: {contains: {enum: {$data: data.residency}}}}"
    us = DECLARATION.replace("residency: [EU], data_retention", "residency: [US], data_retention")
    assert acme(cli, tmp_path, require, us)
    german = DECLARATION.replace("residency: [EU], data", "residency: [DE-BY], data")
    assert not acme(cli, tmp_path, require, german)


@pytest.mark.parametrize(
    ("require", "said"),
    [
        ("  model.id: {type: {$data: model.role}}", "must be the whole value of one of"),
        ("  model.id: {enum: {$data: model.rolle}}", "'rolle' is not a key of model"),
        ("  model.id: {pattern: {$data: model.role}}", "pattern may only take its $data from"),
        ("  model.id: {enum: {$data: 3}}", "$data takes a dotted path"),
        ("  model.id: {enum: {$data: model.role, x: 1}}", "must be the whole value"),
        ("  model.id: {minItems: {$data: model.role}, type: arrays}", "not a valid JSON Schema"),
    ],
)
def test_a_misused_reference_is_exit_2_naming_file_and_line(cli, tmp_path, require, said):
    pack = pack_with(tmp_path / "acme", require)
    target = write(tmp_path / "llm-choice.yaml", DECLARATION)
    run = cli("check", "--today", TODAY, "--pack", str(pack), str(target))
    assert run.code == 2
    assert said in run.err and "ACME100.yaml:7:" in run.err, run.err


def test_a_waiver_any_waiver_policy_faults_waives_nothing_even_when_disabled(cli, tmp_path):
    """Validity is decided by the waiver policies: a pack's own rule that a waiver cites an
    ARB reference makes a waiver without one waive nothing, and a repository's configuration
    that turns the rule off does not bring the waiver back."""
    require = "  waiver.ref: {type: string, pattern: '^ARB-[0-9]{4}-[0-9]+$'}"
    pack = pack_with(tmp_path / "acme", require, scope="waiver")
    waiver = (
        "waivers:\n  - {policy: LC101, reason: pilot, approved_by: arb@example.com, "
        "expires: 2027-01-31, ref: 'see mail'}\n"
    )
    target = write(tmp_path / "llm-choice.yaml", DECLARATION + waiver)
    write(tmp_path / ".llm-choice.yaml", "version: 1\ndisable: [ACME100]\n")
    run = cli("check", "--today", TODAY, "--format", "json", "--pack", str(pack), str(target))
    lc101 = next(f for f in findings(run) if f["rule"] == "LC101")
    assert "waiver" not in lc101 and run.code == 1
    # the control: with the reference the rule asks for, the same waiver waives LC101
    target.write_text(target.read_text().replace("'see mail'", "ARB-2026-7"))
    run = cli("check", "--today", TODAY, "--format", "json", "--pack", str(pack), str(target))
    lc101 = next(f for f in findings(run) if f["rule"] == "LC101")
    assert lc101["waiver"]["ref"] == "ARB-2026-7" and run.code == 0, json.dumps(lc101)
