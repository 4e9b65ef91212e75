"""Golden files: every output format of `check` for the cases and the examples, compared
byte for byte.

Regenerate on purpose with `UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py`
and review the diff.
"""

from __future__ import annotations

import datetime
import io
import os
import re
from pathlib import Path
from unittest import mock

import pytest

from checker.discover import Target
from checker.options import RunOptions
from checker.pipeline import check
from checker.render import Output, render
from tests.conftest import CASES, EXAMPLES, ROOT, TODAY

GOLDEN = Path(__file__).parent / "golden"


SETS = {
    # the file-level cases, with the built-in policies off: loader and schema messages
    "cases": (CASES, RunOptions(default_policies=False)),
    # the examples under the built-in pack on a fixed date: policy messages
    "examples": (EXAMPLES, RunOptions(today=datetime.date.fromisoformat(TODAY))),
}


def rendered(format: str, paths: list[Path], options: RunOptions) -> str:
    targets = [Target(p, p.relative_to(ROOT).as_posix()) for p in paths]
    stream = io.StringIO()
    with mock.patch("checker.pipeline.__version__", "0.0.0"):  # the golden files' version
        report = check(targets, options)
    render(report, "report", format, Output(stream))
    return stream.getvalue()


# the golden file of each format, as tests/golden/{set}.{suffix}
SUFFIXES = {
    "text": "txt",
    "json": "json",
    "sarif": "sarif",
    "junit": "junit.xml",
    "markdown": "md",
    "github": "github.txt",
    "gitlab": "gitlab.json",
}
# SARIF names the repository root as an absolute file:// URI, the one part of any output that
# depends on where the checkout is; the golden files say this instead
CHECKOUT_URI = "file:///checkout/"


def machine_independent(format: str, output: str) -> str:
    if format == "sarif":
        root = f'"{ROOT.as_uri()}/"'
        assert output.count(root) == 1, f"the SARIF output does not name {root} once"
        output = output.replace(root, f'"{CHECKOUT_URI}"')
        # and the default automation id ends with the checkout's directory name
        category = f'"id": "llm-choice/{ROOT.name}/"'
        assert output.count(category) == 1, f"the SARIF output does not name {category} once"
        output = output.replace(category, '"id": "llm-choice/checkout/"')
    if format == "junit":  # the run's own time and date
        output = re.sub(r' time="[0-9.]+"', ' time="0.000"', output)
        output = re.sub(r' timestamp="[^"]+"', ' timestamp="2026-11-24T00:00:00+00:00"', output)
    assert str(ROOT) not in output, f"the {format} output names this checkout"
    return output


@pytest.mark.parametrize("name", SETS)
@pytest.mark.parametrize("format", SUFFIXES)
def test_output_matches_golden(format: str, name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # SARIF paths are relative to the repository around the working directory
    monkeypatch.chdir(ROOT)
    actual = machine_independent(format, rendered(format, *SETS[name]))
    golden = GOLDEN / f"{name}.{SUFFIXES[format]}"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(actual, encoding="utf-8")
    assert actual == golden.read_text(encoding="utf-8")
