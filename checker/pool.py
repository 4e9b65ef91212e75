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
    processes (each set up once by `start(*start_args)`), yielded in the items' order."""
    pending = iter(items)
    head = list(itertools.islice(pending, PARALLEL_FROM))
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
