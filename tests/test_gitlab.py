"""`--format gitlab`: GitLab Code Quality, read against GitLab's own schema and documentation."""

from __future__ import annotations

import json
from pathlib import Path

from jsonschema import Draft7Validator

from tests.conftest import DATA, EXAMPLES, ROOT, SCHEMA_ERRORS, TODAY

SCHEMA = json.loads((DATA / "gitlab" / "codeclimate.json").read_text(encoding="utf-8"))
SEVERITIES = {"info", "minor", "major", "critical", "blocker"}
# a declaration with one warning: its model retires within 90 days of TODAY (LC407)
RETIRING = ROOT / "policies" / "cases" / "model-retirement-in-90-days.yaml"
WAIVED = """\
waivers:
  - {policy: LC407, reason: Moving in January., approved_by: arb@example.com,
     expires: "2026-12-31"}
"""


def issues(cli, *paths: str) -> list[dict]:
    run = cli("check", "--today", TODAY, "--format", "gitlab", *paths)
    assert run.code in (0, 1), run.err
    found = json.loads(run.out)
    assert isinstance(found, list)
    return found


def test_every_issue_is_valid_for_gitlab(cli, monkeypatch) -> None:
    monkeypatch.chdir(ROOT / "tests")
    cases = sorted(str(p.relative_to(ROOT / "tests")) for p in (ROOT / "tests" / "cases").glob("*"))
    found = issues(cli, *cases, *map(str, EXAMPLES), str(RETIRING))
    assert len(found) > 10
    validator = Draft7Validator(SCHEMA)
    for issue in found:
        assert list(validator.iter_errors(issue)) == []
        assert issue["severity"] in SEVERITIES
        assert issue["check_name"].startswith("LC")
        assert issue["description"].startswith(issue["check_name"] + " ")
        # relative to the repository, whatever the working directory
        path = issue["location"]["path"]
        assert not path.startswith(("/", "file:")) and (ROOT / path).is_file(), path
        assert issue["location"]["lines"]["begin"] >= 1
    fingerprints = [issue["fingerprint"] for issue in found]
    assert len(set(fingerprints)) == len(fingerprints)
    by_severity = {issue["check_name"]: issue["severity"] for issue in found}
    assert by_severity["LC010"] == "critical" and by_severity["LC407"] == "major"


def test_fingerprints_survive_edits_elsewhere_and_waived_findings_are_left_out(
    cli, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    text = RETIRING.read_text(encoding="utf-8")
    declaration = tmp_path / "llm-choice.yaml"
    declaration.write_text(text, encoding="utf-8")
    [before] = issues(cli, "llm-choice.yaml")
    declaration.write_text("# moved\n" + text, encoding="utf-8")
    [after] = issues(cli, "llm-choice.yaml")
    assert after["location"]["lines"]["begin"] == before["location"]["lines"]["begin"] + 1
    assert after["fingerprint"] == before["fingerprint"]
    declaration.write_text(text + WAIVED, encoding="utf-8")
    assert issues(cli, "llm-choice.yaml") == []


def test_a_clean_run_is_an_empty_report(cli) -> None:
    assert issues(cli, str(EXAMPLES[0])) == []
    assert issues(cli, str(SCHEMA_ERRORS))
