"""Golden files: the text and JSON output for every case, compared byte for byte.

Regenerate on purpose with `UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py`
and review the diff.
"""

from __future__ import annotations

import datetime
import io
import os
from pathlib import Path

import pytest

from checker.discover import Target
from checker.options import RunOptions
from checker.pipeline import check
from checker.render import Output, render
from tests.conftest import CASES, EXAMPLES, ROOT

GOLDEN = Path(__file__).parent / "golden"


SETS = {
    # the file-level cases, with the built-in policies off: loader and schema messages
    "cases": (CASES, RunOptions(default_policies=False)),
    # the examples under the built-in pack on a fixed date: policy messages
    "examples": (EXAMPLES, RunOptions(today=datetime.date(2026, 11, 24))),
}


def rendered(format: str, paths: list[Path], options: RunOptions) -> str:
    targets = [Target(p, p.relative_to(ROOT).as_posix()) for p in paths]
    stream = io.StringIO()
    report = check(targets, options)
    report.tool_version = "0.0.0"
    render(report, "report", format, Output(stream))
    return stream.getvalue()


@pytest.mark.parametrize("name", SETS)
@pytest.mark.parametrize("format", ["text", "json"])
def test_output_matches_golden(format: str, name: str) -> None:
    actual = rendered(format, *SETS[name])
    golden = GOLDEN / f"{name}.{'txt' if format == 'text' else 'json'}"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(actual, encoding="utf-8")
    assert actual == golden.read_text(encoding="utf-8")
