"""The knowledge model in a check: licence grants a waiver cannot supply, the licensee from
the configuration, the snapshot in `version`, a partner cloud's facts (checker/enrich.py)."""

from __future__ import annotations

import json

from tests.conftest import ROOT, TODAY

CASES = ROOT / "policies" / "cases"


def findings(run) -> dict[str, dict]:
    report = json.loads(run.out)
    return {f["rule"]: f for f in report["files"][0]["findings"]}


def test_a_declaration_cannot_waive_a_licence_grant_it_lacks(cli) -> None:
    # the case carries a valid-looking waiver of LC208: the finding stays unwaived and fails
    case = CASES / "research-licence-internal-use.yaml"
    run = cli("check", "--today", TODAY, "--format", "json", str(case))
    assert run.code == 1
    found = findings(run)["LC208"]
    assert found["severity"] == "error" and found.get("waiver") is None
    assert "cannot create a grant" in found["message"]
    shown = cli("policies", "show", "LC208")
    assert "cannot be waived in a declaration" in shown.out


def test_the_configurations_licensee_wins_over_the_declarations(cli, tmp_path) -> None:
    declaration = tmp_path / "llm-choice.yaml"
    declaration.write_text((CASES / "llama4-licensee-in-us.yaml").read_text(encoding="utf-8"))
    assert "LC209" not in findings(
        cli("check", "--today", TODAY, "--format", "json", str(declaration))
    )
    config = tmp_path / "org.config.yaml"
    config.write_text("version: 1\norganisation: {country: FR, monthly_active_users: 5000}\n")
    run = cli(
        "check", "--today", TODAY, "--format", "json", "--config", str(config), str(declaration)
    )
    assert "FR (from the configuration)" in findings(run)["LC209"]["message"]


def test_a_retired_snapshot_in_version_is_an_error(cli) -> None:
    run = cli(
        "check",
        "--today",
        TODAY,
        "--format",
        "json",
        str(CASES / "retired-snapshot-in-version.yaml"),
    )
    found = findings(run)["LC407"]
    assert found["severity"] == "error" and "2026-10-23" in found["message"]


def test_a_partner_clouds_own_retirement_date_applies(cli) -> None:
    bedrock = CASES / "partner-cloud-channel-bedrock.yaml"
    assert "LC407" not in findings(
        cli("check", "--today", "2026-03-01", "--format", "json", str(bedrock))
    )
    run = cli("check", "--today", "2026-07-01", "--format", "json", str(bedrock))
    found = findings(run)["LC407"]
    assert "2026-07-30 on the bedrock channel" in found["message"]


def test_an_unknown_model_is_a_warning(cli) -> None:
    run = cli("check", "--today", TODAY, "--format", "json", str(CASES / "unknown-model.yaml"))
    assert findings(run)["LC408"]["severity"] == "warning"


def test_a_revenue_threshold_is_judged_on_the_configurations_revenue(cli, tmp_path) -> None:
    # Devstral 2 grants nothing above USD 20 million a month: a twelfth of the annual revenue
    declaration = tmp_path / "llm-choice.yaml"
    text = (CASES / "devstral-2-below-revenue-threshold.yaml").read_text(encoding="utf-8")
    declaration.write_text(text)
    run = cli("check", "--today", TODAY, "--format", "json", str(declaration))
    assert "LC214" not in findings(run)
    config = tmp_path / "org.config.yaml"
    config.write_text("version: 1\norganisation: {annual_revenue_usd: 240000012}\n")
    args = ("check", "--today", TODAY, "--format", "json", "--config", str(config))
    found = findings(cli(*args, str(declaration)))["LC214"]
    assert found["severity"] == "error" and "(from the configuration)" in found["message"]
    config.write_text("version: 1\norganisation: {annual_revenue_usd: 240000000}\n")
    assert "LC214" not in findings(cli(*args, str(declaration)))  # exactly 20 million a month


def test_a_gate_can_make_a_model_it_cannot_judge_an_error(cli, tmp_path) -> None:
    case = CASES / "family-fallback-licence-unchecked.yaml"
    found = findings(cli("check", "--today", TODAY, "--format", "json", str(case)))["LC408"]
    assert found["severity"] == "warning"
    assert "licence, openness" in found["message"]  # what the family could not check
    config = tmp_path / "gate.config.yaml"
    config.write_text("version: 1\nseverity: {LC408: error}\n")
    run = cli("check", "--today", TODAY, "--format", "json", "--config", str(config), str(case))
    assert run.code == 1 and findings(run)["LC408"]["severity"] == "error"
