"""A smoke run of the benchmarks, so that they cannot rot; their timings are not judged."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.e2e


def test_benchmarks_run_and_print_their_tables() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick"],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stderr
    out = done.stdout
    for heading in ("cold single file", "many files, one process", "memory", "hostile"):
        assert heading in out, heading
    assert "llm-choice check one.yaml" in out and "floor: PyYAML C loader only" in out
    for name in ("60 MB file", "100,000 nested brackets", "billion laughs", "!!python"):
        row = next(line for line in out.splitlines() if name in line)
        assert row.split()[-2] == "1", row  # the exit code column: a finding, not a crash
    assert "\ntargets\n" in out
