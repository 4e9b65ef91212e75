"""The pipeline over many files: every core, the same order and output as one process, and
results that reach the writers as they come."""

from __future__ import annotations

import datetime
import io
import re
from pathlib import Path
from unittest import mock

import pytest

from checker.discover import Target, iter_targets
from checker.options import RunOptions
from checker.pipeline import Checker, check, check_all, result_of
from checker.render import Output, render
from checker.report import FileResult, Report
from tests.portfolio import write_portfolio

TODAY = datetime.date(2026, 11, 24)


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("many")
    write_portfolio(root, 240, seed=5, broken=True)
    return root


def rendered(directory: Path, fmt: str, jobs: int) -> str:
    stream = io.StringIO()
    with mock.patch("checker.pipeline.__version__", "0"):
        report = check(iter_targets([str(directory)]), RunOptions(today=TODAY, jobs=jobs))
    render(report, "report", fmt, Output(stream))
    return stream.getvalue()


@pytest.mark.e2e  # starts worker processes
@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "junit", "github"])
def test_many_files_on_two_cores_give_what_one_process_gives(many: Path, fmt: str) -> None:
    assert untimed(rendered(many, fmt, jobs=2)) == untimed(rendered(many, fmt, jobs=1))


def untimed(output: str) -> str:
    """Output without the run's own times and date (JUnit's time and timestamp)."""
    return re.sub(r' (time|timestamp)="[^"]*"', "", output)


@pytest.mark.e2e  # starts worker processes
def test_check_command_takes_jobs(cli, many: Path) -> None:
    one = cli("check", "--today", TODAY.isoformat(), "--jobs", "1", str(many))
    two = cli("check", "--today", TODAY.isoformat(), "--jobs", "2", str(many))
    assert one.code == two.code == 1
    assert one.out == two.out
    # in the order the files were found, each file's findings together
    found = [t.display for t in iter_targets([str(many)])]
    findings = [line for line in one.out.splitlines() if re.match(r"\S+:\d+:\d+  ", line)]
    reported = list(dict.fromkeys(line.split(":", 1)[0] for line in findings))
    assert len(reported) > 50
    assert reported == [f for f in found if f in set(reported)]


def test_results_reach_a_streaming_writer_before_the_run_ends(tmp_path: Path) -> None:
    """The text format writes each file's findings as soon as that file is checked."""
    declarations = write_portfolio(tmp_path, 12, seed=3, broken=False)
    targets = [Target(p, str(p)) for p in declarations]
    stream = io.StringIO()
    written_when_checked: list[int] = []
    checker = Checker(RunOptions(today=TODAY, jobs=1))

    def watched(checker: Checker, target: Target) -> FileResult:
        written_when_checked.append(len(stream.getvalue()))
        return result_of(checker, target)

    report = Report(check_all(targets, checker.options, watched, checker), replay=False)
    render(report, "report", "text", Output(stream))
    assert written_when_checked[0] == 0
    assert written_when_checked[-1] > 0  # the first files' lines were out before the last check


def test_a_report_read_once_cannot_be_read_again() -> None:
    report = Report(iter([FileResult("a.yaml")]), replay=False)
    assert [r.file for r in report.files] == ["a.yaml"]
    with pytest.raises(RuntimeError):
        list(report.files)


def test_a_kept_report_spills_to_disk_and_reads_back_in_order(monkeypatch) -> None:
    from checker.support.spool import Spool

    monkeypatch.setattr(Spool, "IN_MEMORY", 3)
    results = [FileResult(f"{i}.yaml") for i in range(10)]
    report = Report(iter(results))
    assert report.complete().totals.files == 10
    assert [r.file for r in report.files] == [r.file for r in results]
    assert [r.file for r in report.files] == [r.file for r in results]
    report.close()


def test_a_run_whose_outputs_read_no_declaration_keeps_only_the_findings(many: Path) -> None:
    """Text, SARIF and the other formats do not read a file's declaration summary: the run
    does not keep it (nor send it back from a worker); the findings are the same."""
    options = RunOptions(today=TODAY, jobs=1)
    whole = list(check(iter_targets([str(many)]), options).files)
    lean = list(check(iter_targets([str(many)]), options, declarations=False).files)
    assert [r.findings for r in lean] == [r.findings for r in whole]
    assert all(r.declaration is None for r in lean)
    assert sum(r.declaration is not None for r in whole) > 200


def test_only_the_json_report_reads_declarations() -> None:
    from checker.render import FORMATS

    assert {f.name for f in FORMATS if f.subject == "report" and f.declarations} == {"json"}


# -- bounded work -------------------------------------------------------------------------


def _with_categories(tmp_path, items: list[str]):
    from tests.conftest import EXAMPLES

    text = EXAMPLES[0].read_text(encoding="utf-8")
    assert "categories: [personal, health]" in text
    declaration = tmp_path / "llm-choice.yaml"
    declaration.write_text(
        text.replace("categories: [personal, health]", f"categories: [{', '.join(items)}]")
    )
    return declaration


def test_findings_per_file_are_capped_and_the_verdict_kept(cli, tmp_path) -> None:
    """Thousands of placeholders were as many findings in every output (95,000 at the
    loader's limit): a file now lists at most MAX_FINDINGS_PER_FILE, the most serious
    first, and says at the most serious severity left out how many more there are."""
    import json

    from checker.pipeline import MAX_FINDINGS_PER_FILE
    from tests.conftest import TODAY

    declaration = _with_categories(tmp_path, ["TODO"] * (MAX_FINDINGS_PER_FILE + 500))
    run = cli("check", "--today", TODAY, "--format", "json", str(declaration))
    findings = json.loads(run.out)["files"][0]["findings"]
    assert len(findings) == MAX_FINDINGS_PER_FILE + 1
    (note,) = [f for f in findings if "more findings" in f["message"]]
    assert note["rule"] == "LC008" and "LC012" in note["message"]
    errors = [f for f in findings if f["severity"] == "error"]
    assert errors and errors[0] in findings[:MAX_FINDINGS_PER_FILE]  # the most serious kept
    assert run.code == 1


def test_an_id_as_long_as_the_file_limit_costs_no_resolution(cli, tmp_path, monkeypatch) -> None:
    """One id of 900,000 characters went through every normalisation of the resolver and
    was quoted whole in its schema finding."""
    import json

    from checker import identity
    from tests.conftest import EXAMPLES, TODAY

    real = identity._resolve

    def bounded(catalogue, text):  # type: ignore[no-untyped-def]
        assert len(text) <= 256, "an id beyond the bound was resolved"
        return real(catalogue, text)

    monkeypatch.setattr(identity, "_resolve", bounded)
    text = EXAMPLES[0].read_text(encoding="utf-8")
    long = "a-1" * 300_000
    declaration = tmp_path / "llm-choice.yaml"
    declaration.write_text(text.replace("id: meta-llama/Llama-3.1-8B-Instruct", f"id: {long}", 1))
    run = cli("check", "--today", TODAY, "--format", "json", str(declaration))
    assert run.code == 1
    findings = json.loads(run.out)["files"][0]["findings"]
    assert any(f["rule"] == "LC010" and "characters long" in f["message"] for f in findings)
    assert max(len(f["message"]) for f in findings) < 1000


def test_a_forbidden_tag_is_one_finding_not_also_a_schema_one(cli, tmp_path: Path) -> None:
    path = tmp_path / "llm-choice.yaml"
    path.write_text("version: 1\nproject: !!python/object:os.system ls\n", encoding="utf-8")
    run = cli("check", "--format", "json", str(path))
    import json

    findings = json.loads(run.out)["files"][0]["findings"]
    at_the_tag = [f["rule"] for f in findings if (f["line"], f["column"]) == (2, 10)]
    assert at_the_tag == ["LC003"]
