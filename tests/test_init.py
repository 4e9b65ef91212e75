"""`llm-choice init`: the questionnaire's recommendations (cases, like policies'), the
declaration it writes (a draft that fails `check` only on its TODOs), and how it asks,
refuses and never overwrites."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
import yaml

from checker.advice import (
    QUESTIONNAIRE,
    defaults,
    is_snapshot,
    model_id,
    questionnaire,
    recommend,
)
from checker.options import RunOptions
from checker.pipeline import Checker

CASES = yaml.safe_load((QUESTIONNAIRE.parent / "cases.yaml").read_text(encoding="utf-8"))


class Terminal(io.StringIO):
    """Standard input typed by a user at a terminal."""

    def isatty(self) -> bool:
        return True


def answers_of(given: dict[str, str]) -> dict:
    answers = defaults()
    for key, value in given.items():
        answers[key] = questionnaire().question(key).parse(str(value))
    return answers


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["name"])
def test_recommendation_case(case, tmp_path, cli) -> None:
    catalogue = Checker(RunOptions()).default_policies().catalogue
    advice = recommend(answers_of(case["answers"]), catalogue)
    assert advice.camp == case["camp"]
    side = "open" if advice.camp == "open-weight" else "closed"
    assert model_id(advice.models[side][0]) == case["model"]
    proposed = {model_id(e) for entries in advice.models.values() for e in entries}
    assert not proposed & set(case.get("never", []))
    # and the declaration written for these answers is a draft: its TODOs are warnings, and
    # the only other findings are the policies that cannot judge a TODO yet
    answers = tmp_path / "answers.yaml"
    answers.write_text(yaml.safe_dump(case["answers"]), encoding="utf-8")
    target = tmp_path / "llm-choice.yaml"
    written = cli("init", str(target), "--answers", str(answers), "--yes")
    assert written.code == 0
    judged, waiting = draft_findings(cli, target)
    assert judged == {"LC012", *case.get("findings", [])}
    assert waiting  # a draft fails the gate until the team fills it in
    # the count init announces is the count check reports, and every other finding is named
    checked = cli("check", str(target)).out
    todos = checked.count("warning  LC012  ")
    assert f"Wrote {target}: {todos} TODO value" in written.out
    lines = [line for line in checked.splitlines() if re.match(r"\S+:\d+:\d+  ", line)]
    told = re.search(r"`llm-choice check` reports [^:]*: (.*)\.$", written.out, re.M)
    assert told, written.out
    assert sum(int(n) for n in re.findall(r"(\d+) [a-zA-Z]", told.group(1))) == len(lines)
    for rule in case.get("findings", []):
        assert f"check also reports warning {rule}" in written.out


def draft_findings(cli, target: Path) -> tuple[set[str], set[str]]:
    """The rules of a draft's findings: those judged, and those waiting on a TODO."""
    run = cli("check", str(target))
    lines = [line for line in run.out.splitlines() if re.match(r"\S+:\d+:\d+  ", line)]
    waiting = {line.split()[2] for line in lines if "TODO placeholder (LC012)" in line}
    judged = {line.split()[2] for line in lines if "Cannot judge" not in line}
    failing = {line.split()[2] for line in lines if line.split()[1] == "error"}
    assert failing <= waiting, run.out  # nothing init chose fails the gate by itself
    return judged, waiting


def test_interactive_answers_from_standard_input(tmp_path, cli, monkeypatch) -> None:
    # a number, choices by number and name, a wrong answer asked again, a country code in
    # lower case, then Enter for the rest
    typed = "4\n2,health\nde\nbogus\nfine-tuning\n" + "\n" * 20
    monkeypatch.setattr("sys.stdin", Terminal(typed))
    target = tmp_path / "llm-choice.yaml"
    run = cli("init", str(target), "--owner", "team@example.com")
    assert run.code == 0, run.err
    assert "choose 1-4 or one of" in run.out
    assert "(recommended)" not in run.out
    assert "Recommended: open-weight" in run.out
    written = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert written["data"] == {
        "classification": "regulated",
        "categories": ["personal", "health"],
        "residency": ["DE"],
    }
    assert written["models"][0]["deployment"]["mode"] == "on-prem"
    assert written["project"]["owner"] == "team@example.com"
    assert "LC012" in draft_findings(cli, target)[0]


def test_without_a_terminal_or_answers_it_refuses_instead_of_waiting(
    tmp_path, cli, monkeypatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    run = cli("init", str(tmp_path / "llm-choice.yaml"))
    assert run.code == 2
    assert "--answers FILE" in run.err and "--yes" in run.err and "classification" in run.err
    assert not (tmp_path / "llm-choice.yaml").exists()


def test_never_overwrites_without_force(tmp_path, cli) -> None:
    target = tmp_path / "llm-choice.yaml"
    target.write_text("keep me\n", encoding="utf-8")
    run = cli("init", str(target), "--yes")
    assert run.code == 2 and "--force" in run.err
    assert target.read_text(encoding="utf-8") == "keep me\n"
    assert cli("init", str(target), "--yes", "--force").code == 0
    assert "keep me" not in target.read_text(encoding="utf-8")


def test_flags_answer_and_bad_answers_are_refused(tmp_path, cli) -> None:
    target = tmp_path / "llm-choice.yaml"
    run = cli("init", str(target), "--yes", "--answer", "classification=secret")
    assert run.code == 2 and "give one of: public, internal" in run.err
    run = cli("init", str(target), "--yes", "--answer", "colour=blue")
    assert run.code == 2 and "no question is called 'colour'" in run.err
    assert cli("init", str(target), "--yes", "--answer", "classification=regulated").code == 0
    assert "classification: regulated" in target.read_text(encoding="utf-8")


def test_the_questionnaire_is_valid_and_covers_the_decision_factors() -> None:
    factors = {q.factor for q in questionnaire().questions}
    assert {
        "privacy and residency",
        "customisation",
        "operational complexity",
        "time to start",
        "upgrades",
        "cost",
    } <= factors


def test_check_does_not_import_init() -> None:
    import ast

    cli_source = (Path(__file__).parent.parent / "checker" / "cli.py").read_text()
    top = [n for n in ast.parse(cli_source).body if isinstance(n, (ast.Import, ast.ImportFrom))]
    assert all("advice" not in ast.dump(n) and "init" not in ast.dump(n) for n in top)


def test_init_of_a_directory_writes_the_declaration_inside_it(tmp_path, cli) -> None:
    run = cli("init", str(tmp_path), "--yes")
    assert run.code == 0, run.err
    assert (tmp_path / "llm-choice.yaml").is_file()
    again = cli("init", str(tmp_path), "--yes")
    assert again.code == 2
    assert f"{tmp_path / 'llm-choice.yaml'} exists; pass --force" in again.err
    assert "--output" not in again.err
    missing = cli("init", str(tmp_path / "no" / "such" / "llm-choice.yaml"), "--yes")
    assert missing.code == 2 and "is not a directory; create it first" in missing.err


def test_reasons_for_and_against_are_told_apart(tmp_path, cli) -> None:
    # confidential data weighs for self-hosting, but nobody can run it and it is needed soon
    target = tmp_path / "llm-choice.yaml"
    given = ["classification=confidential", "ops_capacity=none", "time_to_start=weeks"]
    run = cli("init", str(target), "--yes", *[f"--answer={a}" for a in given])
    assert run.code == 0, run.err
    because, against = run.out.split("Because:")[1].split("Though, against it:")
    assert "nobody on the team could" in because and "confidential" not in because
    assert "confidential data to infrastructure you do not control" in against
    written = yaml.safe_load(target.read_text(encoding="utf-8"))
    (alternative,) = written["alternatives"]
    assert alternative["openness"] == "open-weight"
    # why the self-hosted model lost, from its own camp's side, never a reason for it
    why = alternative["rejected_because"]
    assert why.startswith("Self-hosting needs people") and "confidential" not in why


def test_licensee_answers_reach_the_declaration(tmp_path, cli) -> None:
    target = tmp_path / "llm-choice.yaml"
    given = ["country=de", "monthly_active_users=250000", "residency=de, us-ca"]
    assert cli("init", str(target), "--yes", *[f"--answer={a}" for a in given]).code == 0
    written = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert written["project"]["organisation"] == {"country": "DE", "monthly_active_users": 250000}
    assert written["data"]["residency"] == ["DE", "US-CA"]
    run = cli("init", str(target), "--yes", "--force", "--answer", "country=Germany")
    assert run.code == 2 and "country: 'Germany' is not an answer" in run.err


def test_no_dpa_for_a_self_hosted_model_and_no_version_for_a_snapshot(tmp_path, cli) -> None:
    target = tmp_path / "llm-choice.yaml"
    regulated = ["classification=regulated", "categories=personal,health"]
    assert cli("init", str(target), "--yes", *[f"--answer={a}" for a in regulated]).code == 0
    written = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert written["data"]["categories"] == ["personal", "health"]
    assert written["models"][0]["deployment"]["mode"] == "on-prem"
    assert "dpa_ref" not in written["models"][0]["deployment"]
    # a closed model named by a dated snapshot needs no `version`
    vendor = ["customization=hosted-fine-tuning", "categories=personal"]
    assert (
        cli("init", str(target), "--yes", "--force", *[f"--answer={a}" for a in vendor]).code == 0
    )
    model = yaml.safe_load(target.read_text(encoding="utf-8"))["models"][0]
    assert model["openness"] == "closed" and is_snapshot(model["id"]), model["id"]
    assert "version" not in model  # the id already names the snapshot
    assert "dpa_ref" in model["deployment"]  # a vendor receives personal data


def test_the_proposals_come_from_the_catalogue_newest_first(tmp_path) -> None:
    from checker.catalogue import Catalogue, Entry

    def entry(key: str, family: str, example: str, **facts) -> Entry:
        data = {"key": key, "family": family, "provider": "Acme", "examples": [example]}
        return Entry(key, {**data, "openness": "open-weight", **facts}, "acme.yaml")

    catalogue = Catalogue()
    catalogue.add(
        [
            entry("acme-1", "Acme 1 (7B)", "acme/acme-1-7b"),
            entry("acme-2", "Acme 2 (7B, 70B)", "acme/acme-2-7b"),
            entry("acme-3", "Acme 3", "acme/acme-3", deprecation={"retired": True}),
            entry("acme-eu", "Acme 2.5 Vision", "acme/acme-2.5-vision",
                  conditions={"excluded_licensee_regions": ["EU"]}),
        ]
    )  # fmt: skip
    newest = [model_id(e) for e in recommend(answers_of({}), catalogue).models["open"]]
    assert newest == ["acme/acme-2.5-vision"]  # the retired Acme 3 is never proposed
    german = [
        model_id(e) for e in recommend(answers_of({"country": "DE"}), catalogue).models["open"]
    ]
    assert german == ["acme/acme-2-7b"]
