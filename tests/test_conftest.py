"""The suite's own safeguards, from tests/conftest.py: they must hold, or the tiers rot."""

from __future__ import annotations

import multiprocessing
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import require_tool


def test_a_test_not_marked_e2e_cannot_start_a_process() -> None:
    with pytest.raises(pytest.fail.Exception, match=r"starts a process .* not marked e2e"):
        subprocess.run([sys.executable, "-c", "pass"], check=True)


def test_nor_a_worker_process() -> None:
    with pytest.raises(pytest.fail.Exception, match=r"starts a worker process .* not marked e2e"):
        multiprocessing.Process(target=int).start()


@pytest.mark.e2e
def test_a_test_marked_e2e_may_start_processes() -> None:
    done = subprocess.run([sys.executable, "-c", "print(6 * 7)"], capture_output=True, text=True)
    assert done.stdout == "42\n"
    worker = multiprocessing.Process(target=int)
    worker.start()
    worker.join(timeout=60)
    assert worker.exitcode == 0


# system tools: skipped on a machine without them, a failure under CI


@pytest.fixture
def bare_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A PATH of one empty directory, with no CI in the environment."""
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("CI", raising=False)
    return tmp_path


@pytest.mark.parametrize("ci", [None, "false", "1", ""])
def test_a_missing_tool_skips_the_test_and_says_how_to_install_it(
    bare_path: Path, monkeypatch: pytest.MonkeyPatch, ci: str | None
) -> None:
    if ci is not None:
        monkeypatch.setenv("CI", ci)
    with pytest.raises(pytest.skip.Exception) as skipped:
        require_tool("shellcheck", install="apt-get install shellcheck")
    assert str(skipped.value) == "shellcheck is not installed: apt-get install shellcheck"


@pytest.mark.parametrize("ci", ["true", "True"])
def test_under_ci_a_missing_tool_fails_the_test_with_the_same_words(
    bare_path: Path, monkeypatch: pytest.MonkeyPatch, ci: str
) -> None:
    monkeypatch.setenv("CI", ci)
    with pytest.raises(pytest.fail.Exception) as failed:
        require_tool("chromium", install="apt-get install chromium chromium-driver")
    assert str(failed.value) == (
        "chromium is not installed: apt-get install chromium chromium-driver"
    )


def test_a_tool_on_the_path_is_found_and_its_path_returned(
    bare_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tool = bare_path / "shellcheck"
    tool.write_text("#!/bin/sh\n")
    tool.chmod(0o755)
    monkeypatch.setenv("CI", "true")
    assert require_tool("shellcheck", install="apt-get install shellcheck") == str(tool)
    tool.chmod(0o644)  # there, but not a program
    with pytest.raises(pytest.fail.Exception):
        require_tool("shellcheck", install="apt-get install shellcheck")
