"""The Report: run information fixed before the first file, a stream of results, and totals
known once the stream has ended, never read early behind a renderer's back."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.report import FileResult, Finding, Report, RunInfo, Severity, excerpt


def test_the_run_is_known_before_the_first_file_and_cannot_change() -> None:
    run = RunInfo(tool_version="1.2.3", fail_level=Severity.WARNING, root=Path("/r"))
    report = Report(iter([FileResult("a.yaml")]), run)
    assert (report.tool_version, report.fail_level, report.root) == ("1.2.3", "warning", run.root)
    with pytest.raises(AttributeError):
        report.tool_version = "0"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        run.automation_id = "x"  # type: ignore[misc]


def test_the_totals_of_a_stream_still_running_are_an_error_not_a_hidden_read() -> None:
    failing = Finding("LC101", Severity.ERROR, "m", "b.yaml", 1, 1)
    report = Report(iter([FileResult("a.yaml"), FileResult("b.yaml", (failing,))]), replay=False)
    with pytest.raises(RuntimeError, match="known once every result has been read"):
        report.totals  # noqa: B018 (the read is the test)
    seen = [result.file for result in report.files]  # as a streaming renderer reads it
    assert seen == ["a.yaml", "b.yaml"]
    assert report.totals.files == 2 and report.failed


def test_complete_reads_the_whole_stream_once_and_keeps_it() -> None:
    pulled: list[str] = []

    def results():
        for name in ("a.yaml", "b.yaml"):
            pulled.append(name)
            yield FileResult(name)

    report = Report(results()).complete()
    assert pulled == ["a.yaml", "b.yaml"] and report.totals.files == 2
    assert [r.file for r in report.files] == ["a.yaml", "b.yaml"]  # kept: read again
    assert pulled == ["a.yaml", "b.yaml"]
    report.close()


def test_a_long_value_is_cut_at_a_word_end_and_says_how_long_it_is() -> None:
    name = "Mistral AI API model (a moving alias or a version the catalogue does not list)"
    shown = excerpt(name)
    assert shown == "Mistral AI API model (a moving alias or a version the\u2026 (78 characters)"
    assert excerpt("short") == "short"
    # one long word (a pasted key) is still cut at the limit: it is never copied whole
    secret = "x" * 200
    assert excerpt(secret) == "x" * 60 + "\u2026 (200 characters)"
