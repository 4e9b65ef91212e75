"""check --evidence: the declaration held against the code beside it (LC501 to LC503), with
findings at the code's line, switched on by the flag or by the configuration."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT, TODAY, write

CASES = ROOT / "policies" / "cases"


@pytest.fixture
def repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository: the declaration of the undeclared-model case and its code."""
    text = (CASES / "evidence-code-calls-an-undeclared-model.yaml").read_text(encoding="utf-8")
    (tmp_path / "llm-choice.yaml").write_text(text, encoding="utf-8")
    shutil.copytree(CASES / "evidence" / "undeclared", tmp_path, dirs_exist_ok=True)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def findings(run) -> list[dict]:
    return [f for entry in json.loads(run.out)["files"] for f in entry["findings"]]


def test_a_model_the_code_calls_but_no_one_declared_fails_at_its_line(cli, repository) -> None:
    run = cli("check", "--today", TODAY, "--evidence", "--format", "json", ".")
    (lc501,) = [f for f in findings(run) if f["rule"] == "LC501"]
    assert (lc501["file"], lc501["line"]) == ("app/chat.py", 8)
    assert "gpt-4o-2024-08-06" in lc501["message"] and run.code == 1
    # the control: declared, the same call passes
    declaration = repository / "llm-choice.yaml"
    declaration.write_text(
        declaration.read_text(encoding="utf-8")
        + "  - id: gpt-4o-2024-08-06\n    openness: closed\n    role: fallback\n"
        "    deployment: {mode: vendor-api, residency: [EU], data_retention: zero,\n"
        "                 training_on_inputs: false, dpa_ref: DPA-1}\n",
        encoding="utf-8",
    )
    run = cli("check", "--today", TODAY, "--evidence", "--format", "json", ".")
    assert "LC501" not in {f["rule"] for f in findings(run)}


def test_without_evidence_the_code_is_not_read(cli, repository) -> None:
    run = cli("check", "--today", TODAY, "--format", "json", ".")
    assert not {"LC501", "LC502", "LC503"} & {f["rule"] for f in findings(run)}


def test_the_organisations_configuration_can_ask_for_evidence(cli, repository, tmp_path) -> None:
    config = write(
        tmp_path.parent / "org" / "llm-choice.config.yaml", "version: 1\nevidence: true\n"
    )
    run = cli("check", "--today", TODAY, "--config", str(config), "--format", "json", ".")
    assert "LC501" in {f["rule"] for f in findings(run)}


def test_sarif_annotates_the_code_not_the_declaration(cli, repository) -> None:
    run = cli("check", "--today", TODAY, "--evidence", "--format", "sarif", ".")
    results = json.loads(run.out)["runs"][0]["results"]
    (lc501,) = [r for r in results if r["ruleId"] == "LC501"]
    place = lc501["locations"][0]["physicalLocation"]
    assert place["artifactLocation"]["uri"] == "app/chat.py"
    assert place["region"]["startLine"] == 8
