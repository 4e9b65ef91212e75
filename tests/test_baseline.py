"""A baseline hides only what it may (checker/baseline.py): a known finding about the same
entry, never another model put in its place, and never what no waiver may cover. A
baseline is a file the pull request can bring; each test is the attack, then the control."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import EXAMPLES, ROOT, TODAY

LLAMA = "meta-llama/Llama-3.1-8B-Instruct"
FAILING = EXAMPLES[0].read_text(encoding="utf-8").replace("on-prem", "vendor-api")


def _baseline(cli, tmp_path: Path, declaration: Path) -> Path:
    baseline = tmp_path / "baseline.json"
    given = ("check", "--today", TODAY, "--format", "json", "--output", str(baseline))
    cli(*given, str(declaration))
    return baseline


def _rules(cli, baseline: Path, declaration: Path) -> list[str]:
    run = cli(
        "check", "--today", TODAY, "--baseline", str(baseline), "--format", "json", str(declaration)
    )
    return [f["rule"] for f in json.loads(run.out)["files"][0]["findings"]]


def test_another_model_at_the_same_place_is_judged_afresh(cli, tmp_path) -> None:
    """The baseline was keyed by file, rule and pointer: a pull request that put another
    model at models[0] inherited every finding the old one had been excused."""
    declaration = tmp_path / "llm-choice.yaml"
    declaration.write_text(FAILING)
    baseline = _baseline(cli, tmp_path, declaration)
    assert json.loads(baseline.read_text())["summary"]["error"] > 0
    assert _rules(cli, baseline, declaration) == []  # control: the same model stays excused
    assert f"id: {LLAMA}" in FAILING
    declaration.write_text(FAILING.replace(f"id: {LLAMA}", "id: Qwen/Qwen2.5-7B-Instruct", 1))
    assert "LC101" in _rules(cli, baseline, declaration)
    licence = FAILING.replace("id: llama3.1", "id: Apache-2.0", 1)
    assert licence != FAILING
    declaration.write_text(licence)  # the same model under another licence: judged again
    assert "LC101" in _rules(cli, baseline, declaration)


def test_a_baseline_never_hides_what_no_waiver_may_cover(cli, tmp_path) -> None:
    """LC208 (a licence that does not permit the use) is `waivable: false`: a baseline
    written while it fired must not hide it, as no waiver could."""
    case = ROOT / "policies" / "cases" / "non-commercial-licence-in-commercial-project.yaml"
    declaration = tmp_path / "llm-choice.yaml"
    declaration.write_text(case.read_text(encoding="utf-8"))
    baseline = _baseline(cli, tmp_path, declaration)
    hidden_before = {f["rule"] for f in json.loads(baseline.read_text())["files"][0]["findings"]}
    assert "LC208" in hidden_before
    left = _rules(cli, baseline, declaration)
    assert left == ["LC208"], left  # the waivable ones are hidden, this one is not
