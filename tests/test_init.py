"""`llm-choice init`: the questionnaire's recommendations (cases, like policies'), the
declaration it writes (a draft that fails `check` only on its TODOs), and how it asks,
refuses and never overwrites."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import yaml

from checker.advice import QUESTIONNAIRE, model_id, questionnaire, recommend
from checker.options import RunOptions
from checker.pipeline import Checker

CASES = yaml.safe_load((QUESTIONNAIRE.parent / "cases.yaml").read_text(encoding="utf-8"))


class Terminal(io.StringIO):
    """Standard input typed by a user at a terminal."""

    def isatty(self) -> bool:
        return True


def answers_of(given: dict[str, str]) -> dict[str, str]:
    return {q.id: given.get(q.id, q.recommended) for q in questionnaire().questions}


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["name"])
def test_recommendation_case(case, tmp_path, cli) -> None:
    catalogue = Checker(RunOptions()).default_policies().catalogue
    advice = recommend(answers_of(case["answers"]), catalogue)
    assert advice.camp == case["camp"]
    side = "open" if advice.camp == "open-weight" else "closed"
    assert model_id(advice.models[side][0]) == case["model"]
    # and the declaration written for these answers is a draft: its TODOs are warnings, and
    # the only other findings are the policies that cannot judge a TODO yet
    answers = tmp_path / "answers.yaml"
    answers.write_text(yaml.safe_dump(case["answers"]), encoding="utf-8")
    target = tmp_path / "llm-choice.yaml"
    assert cli("init", str(target), "--answers", str(answers), "--yes").code == 0
    judged, waiting = draft_findings(cli, target)
    assert judged == {"LC012", *case.get("findings", [])}
    assert waiting  # a draft fails the gate until the team fills it in


def draft_findings(cli, target: Path) -> tuple[set[str], set[str]]:
    """The rules of a draft's findings: those judged, and those waiting on a TODO."""
    run = cli("check", str(target))
    lines = run.out.splitlines()[:-1]
    waiting = {line.split()[2] for line in lines if "TODO placeholder (LC012)" in line}
    judged = {line.split()[2] for line in lines if "Cannot judge" not in line}
    failing = {line.split()[2] for line in lines if line.split()[1] == "error"}
    assert failing <= waiting, run.out  # nothing init chose fails the gate by itself
    return judged, waiting


def test_interactive_answers_from_standard_input(tmp_path, cli, monkeypatch) -> None:
    # a number, a choice by name, a wrong answer asked again, then Enter for the rest
    typed = "4\nyes\nEU\nbogus\nfine-tuning\n" + "\n" * 10
    monkeypatch.setattr("sys.stdin", Terminal(typed))
    target = tmp_path / "llm-choice.yaml"
    run = cli("init", str(target), "--owner", "team@example.com")
    assert run.code == 0, run.err
    assert "choose 1-4 or one of" in run.out
    assert "Recommended: open-weight" in run.out
    written = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert written["data"] == {
        "classification": "regulated",
        "categories": ["personal"],
        "residency": ["EU"],
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
    assert run.code == 2 and "choose one of: public, internal" in run.err
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
