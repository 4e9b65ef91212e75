"""A smoke run of the benchmarks, so that they cannot rot; their timings are not judged."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT


def test_benchmarks_run_and_print_their_tables() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--runs", "1"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    assert "llm-choice check one.yaml" in done.stdout
    for name in ("60 MB file", "100,000 nested brackets", "billion laughs", "!!python"):
        row = next(line for line in done.stdout.splitlines() if name in line)
        assert row.split()[-2] == "1", row  # the exit code column: a finding, not a crash
