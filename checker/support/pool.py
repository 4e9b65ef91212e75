"""One way to spread work over cores: an ordered map over worker processes.

`check` and `audit` both use it. Items are read lazily and sent in chunks; only a few
chunks are in flight at a time, and results come back in the items' order as soon as they
are ready, so memory stays flat however many items there are. Small inputs are done in this
process: starting workers costs more than it saves.
"""

from __future__ import annotations

import collections
import itertools
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

I = TypeVar("I")  # noqa: E741 - an item
R = TypeVar("R")

PARALLEL_FROM = 100  # fewer items are done in this process
AUTO = 0  # jobs: as many workers as the machine has idle cores, when the pool would start
SAMPLE_SECONDS = 0.05  # how long the idle cores are watched before the pool starts
CHUNK = 50  # items a worker does per task: enough to make the round trip cheap
IN_FLIGHT_PER_WORKER = 4
WATCH_SECONDS = 0.5  # how often a worker looks whether the run that started it still runs


def ordered_map(
    items: Iterable[I],
    jobs: int,
    work: Callable[[I], R],
    start: Callable[..., None],
    start_args: tuple[Any, ...],
    remote: Callable[[I], R],
) -> Iterator[R]:
    """`work(item)` for each item in this process, or `remote(item)` in `jobs` worker
    processes (each set up once by `start(*start_args)`), yielded in the items' order.
    `jobs=AUTO` takes the cores that are idle now: on a machine another process keeps
    busy, workers would only take turns with it and pay for the round trips."""
    pending = iter(items)
    head = list(itertools.islice(pending, PARALLEL_FROM))
    if jobs == AUTO and len(head) >= PARALLEL_FROM:
        jobs = idle_cores()
    if jobs <= 1 or len(head) < PARALLEL_FROM:
        for item in itertools.chain(head, pending):
            yield work(item)
        return
    from concurrent.futures import ProcessPoolExecutor  # lazy: only runs over many files pay

    def chunks() -> Iterator[list[I]]:
        rest = itertools.chain(head, pending)
        while chunk := list(itertools.islice(rest, CHUNK)):
            yield chunk

    setup = (start, start_args, os.getpid())
    with ProcessPoolExecutor(jobs, initializer=_start_worker, initargs=setup) as workers:
        in_flight: collections.deque[Any] = collections.deque()
        try:
            for chunk in chunks():
                in_flight.append(workers.submit(_run_chunk, remote, chunk))
                if len(in_flight) >= jobs * IN_FLIGHT_PER_WORKER:
                    yield from in_flight.popleft().result()
            while in_flight:
                yield from in_flight.popleft().result()
        finally:
            for future in in_flight:
                future.cancel()


def _start_worker(start: Callable[..., None], args: tuple[Any, ...], parent: int) -> None:
    """A worker's set-up, and a watch on its parent: a run killed with SIGKILL cannot stop
    its workers, so each one ends itself once its parent is gone."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(WATCH_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="llm-choice-parent-watch", daemon=True).start()
    start(*args)


def _run_chunk(remote: Callable[[I], R], chunk: list[I]) -> list[R]:
    return [remote(item) for item in chunk]


def cores() -> int:
    """The cores this process may run on (all of the machine's where that is not known)."""
    affinity = getattr(os, "sched_getaffinity", None)  # Linux; not on macOS or Windows
    return len(affinity(0)) if affinity else os.cpu_count() or 1


def idle_cores(seconds: float = SAMPLE_SECONDS) -> int:
    """How many of this process's cores nothing else used over a short look (this process
    waits meanwhile), at least one; all of them where the kernel does not say (no
    /proc/stat: not Linux). Read from the kernel's count of idle time (proc(5), /proc/stat:
    the `cpu` line's idle and iowait fields, in clock ticks)."""
    available = cores()
    before = _ticks()
    if before is None:
        return available
    time.sleep(seconds)
    after = _ticks()
    if after is None:
        return available
    busy, total = after[0] - before[0], after[1] - before[1]
    if total <= 0:
        return available
    machine = os.cpu_count() or available
    idle = machine * (1 - busy / total)  # cores' worth of idle time over the look
    return max(1, min(available, int(idle + 0.5)))


def _ticks() -> tuple[int, int] | None:
    """(busy, total) clock ticks of every core since boot, from /proc/stat."""
    try:
        with open("/proc/stat", encoding="ascii") as stat:
            fields = stat.readline().split()
    except OSError:
        return None
    if not fields or fields[0] != "cpu":
        return None
    try:
        # user nice system idle iowait irq softirq steal (guest time is inside user)
        ticks = [int(value) for value in fields[1:9]]
    except ValueError:
        return None
    total = sum(ticks)
    return total - ticks[3] - ticks[4], total
