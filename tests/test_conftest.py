"""The suite's own safeguards, from tests/conftest.py: they must hold, or the tiers rot."""

from __future__ import annotations

import multiprocessing
import subprocess
import sys

import pytest


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
