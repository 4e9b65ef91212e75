"""`llm-choice bom` and `audit --format cyclonedx`: CycloneDX 1.6 AI bills of materials, read
back by the CycloneDX library's own schema validator."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import EXAMPLES, ROOT, TODAY

CLAIMS = ROOT / "examples" / "claims-assistant.yaml"


def valid(text: str) -> dict:
    from cyclonedx.schema import SchemaVersion
    from cyclonedx.validation.json import JsonStrictValidator

    error = JsonStrictValidator(SchemaVersion.V1_6).validate_str(text)
    assert error is None, str(error)[:2000]
    return json.loads(text)


def models(bom: dict) -> list[dict]:
    return [c for c in bom.get("components", []) if c["type"] == "machine-learning-model"]


def properties(component: dict) -> dict[str, str]:
    return {p["name"]: p["value"] for p in component.get("properties", [])}


def test_the_claims_example_as_a_bom(cli) -> None:
    run = cli("bom", "--today", TODAY, str(CLAIMS))
    assert run.code == 0, run.err
    bom = valid(run.out)
    assert bom["specVersion"] == "1.6"
    assert bom["metadata"]["component"]["name"] == "claims-assistant"
    assert bom["metadata"]["tools"]["components"][0]["name"] == "llm-choice"
    [model] = models(bom)
    assert model["name"] == "meta-llama/Llama-3.1-8B-Instruct"
    assert model["version"] == "0e9e39f249a16976918f6564b8830bc894c89659"
    # identity as the catalogue resolves it
    assert model["group"] == "Llama 3.1" and model["supplier"] == {"name": "Meta"}
    # not an SPDX licence: named, with its text
    [licence] = model["licenses"]
    assert licence["license"]["name"] == "Llama 3.1 Community License Agreement"
    assert "id" not in licence["license"] and licence["license"]["url"].startswith("https://")
    facts = properties(model)
    assert facts["llm-choice:openness"] == "open-weight"
    assert facts["llm-choice:catalogue:openness"] == "open-weight"
    assert facts["llm-choice:deployment:mode"] == "on-prem"
    assert facts["llm-choice:data:classification"] == "regulated"
    assert facts["llm-choice:data:categories"] == "personal, health"
    assert facts["llm-choice:verdict"] == "pass"
    considerations = model["modelCard"]["considerations"]
    assert "claims-platform@example.com" in considerations["users"]
    assert any("claims" in use for use in considerations["useCases"])
    [data] = considerations["ethicalConsiderations"]
    assert data["name"] == "Processes regulated data (personal, health)"
    assert "on-prem" in data["mitigationStrategy"]
    assert "400 labelled claims" in model["modelCard"]["properties"][0]["value"]
    assert bom["dependencies"][0] == {"ref": "claims-assistant", "dependsOn": [model["bom-ref"]]}


def test_every_example_in_one_bom_with_spdx_ids_and_verdicts(cli, tmp_path: Path) -> None:
    out = tmp_path / "bom.json"
    run = cli("bom", "--today", TODAY, *map(str, EXAMPLES), "--format", "cyclonedx", "-o", str(out))
    assert run.code == 0, run.err
    bom = valid(out.read_text(encoding="utf-8"))
    applications = [c for c in bom["components"] if c["type"] == "application"]
    assert len(applications) == len(EXAMPLES)
    declared = sum(len(yaml.safe_load(p.read_text())["models"]) for p in EXAMPLES)
    found = models(bom)
    assert len(found) == declared
    ids = {c["licenses"][0]["license"].get("id") for c in found if c.get("licenses")}
    assert "Apache-2.0" in ids  # an SPDX licence is named by its id
    verdicts = {properties(a)["llm-choice:verdict"] for a in applications}
    assert verdicts == {"pass"}
    assert len({c["bom-ref"] for c in found}) == len(found)


def test_a_failing_declaration_says_so_in_its_bom(cli, tmp_path: Path) -> None:
    text = CLAIMS.read_text(encoding="utf-8").replace("mode: on-prem", "mode: vendor-api")
    declaration = tmp_path / "llm-choice.yaml"
    declaration.write_text(text, encoding="utf-8")
    bom = valid(cli("bom", "--today", TODAY, str(tmp_path)).out)
    component = bom["metadata"]["component"]
    assert properties(component)["llm-choice:verdict"] == "fail"
    assert int(properties(component)["llm-choice:findings:error"]) >= 1
    [model] = models(bom)
    assert properties(model)["llm-choice:verdict"] == "fail"
    assert int(properties(model)["llm-choice:findings"]) >= 1


def test_the_portfolio_as_a_bom_from_an_audit(cli, tmp_path: Path) -> None:
    for example in EXAMPLES:
        (tmp_path / example.stem).mkdir()
        (tmp_path / example.stem / "llm-choice.yaml").write_text(example.read_text())
    run = cli("audit", "--today", TODAY, str(tmp_path), "--format", "cyclonedx")
    assert run.code == 0, run.err
    bom = valid(run.out)
    assert len([c for c in bom["components"] if c["type"] == "application"]) == len(EXAMPLES)
    assert {m["name"] for m in models(bom)} >= {"meta-llama/Llama-3.1-8B-Instruct"}


def test_check_never_imports_the_bom_library(cli) -> None:
    for name in [m for m in sys.modules if m.startswith("cyclonedx")]:
        sys.modules.pop(name)
    assert cli("check", "--today", TODAY, str(CLAIMS)).code == 0
    assert not any(m.startswith("cyclonedx") for m in sys.modules)


def test_without_the_extra_the_command_says_what_to_install(cli, monkeypatch) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "cyclonedx" else real(name)
    )
    run = cli("bom", str(CLAIMS))
    assert run.code == 2
    assert "pip install '.[bom]'" in run.err


@pytest.mark.parametrize("path", ["no/such/dir"])
def test_a_missing_path_is_a_usage_error(cli, path: str) -> None:
    assert cli("bom", path).code == 2


def test_a_file_that_does_not_parse_is_reported_and_no_bom_is_written(cli, tmp_path) -> None:
    """A BOM that silently left a declaration out would pass for a complete one."""
    (tmp_path / "good").mkdir()
    (tmp_path / "good" / "llm-choice.yaml").write_text(CLAIMS.read_text(encoding="utf-8"))
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "llm-choice.yaml").write_text("version: 1\nproject: [\n")
    output = tmp_path / "bom.json"
    run = cli("bom", str(tmp_path), "--format", "cyclonedx", "--output", str(output))
    assert run.code == 2 and run.out == ""
    bad = str(tmp_path / "bad" / "llm-choice.yaml")
    assert f"{bad}:3:1: LC001 not valid YAML" in run.err
    assert f"no BOM written: {bad} could not be read as a declaration" in run.err
    assert not output.exists()
