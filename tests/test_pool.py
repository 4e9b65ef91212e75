"""The worker pool: how many workers a run takes when it is left to choose (`--jobs 0`)."""

from __future__ import annotations

import pytest

from checker.support import pool


@pytest.fixture
def machine(monkeypatch):
    """A two-core machine whose /proc/stat says what each test sets in `seen`."""
    seen: list[tuple[int, int] | None] = []
    monkeypatch.setattr(pool, "cores", lambda: 2)
    monkeypatch.setattr(pool.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(pool.time, "sleep", lambda seconds: None)
    monkeypatch.setattr(pool, "_ticks", lambda: seen.pop(0))
    return seen


def test_every_core_idle_gives_a_worker_each(machine) -> None:
    machine += [(1000, 5000), (1000, 5200)]  # 200 ticks, none busy
    assert pool.idle_cores() == 2


def test_a_core_another_process_keeps_busy_is_left_to_it(machine) -> None:
    machine += [(1000, 5000), (1100, 5200)]  # half of two cores' time: one core busy
    assert pool.idle_cores() == 1


def test_a_machine_busy_everywhere_still_gets_one(machine) -> None:
    machine += [(1000, 5000), (1200, 5200)]
    assert pool.idle_cores() == 1


def test_without_the_kernels_count_every_core_is_taken(machine) -> None:
    machine += [None]
    assert pool.idle_cores() == 2


def test_the_kernels_count_is_read_from_the_cpu_line(tmp_path, monkeypatch) -> None:
    stat = tmp_path / "stat"
    stat.write_text("cpu  10 2 3 100 5 1 1 0 0 0\ncpu0 5 1 1 50 2 0 0 0 0 0\n")
    real_open = open
    monkeypatch.setattr(
        "builtins.open",
        lambda path, *a, **k: real_open(stat if path == "/proc/stat" else path, *a, **k),
    )
    assert pool._ticks() == (10 + 2 + 3 + 1 + 1, 122)


def test_auto_runs_few_items_in_this_process_without_looking(monkeypatch) -> None:
    monkeypatch.setattr(pool, "idle_cores", lambda: pytest.fail("looked at the machine"))
    done = list(pool.ordered_map(range(5), pool.AUTO, lambda i: i * 2, print, (), print))
    assert done == [0, 2, 4, 6, 8]
