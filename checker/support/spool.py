"""Values kept for another reading, in bounded memory: a list for the first few thousand,
then a temporary file of pickled values (written by this process, read back by it only).
The check report and the audit keep their per-file results in one."""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Generic, TypeVar

T = TypeVar("T")


class Spool(Generic[T]):
    IN_MEMORY = 2_000

    def __init__(self, prefix: str = "llm-choice-") -> None:
        self._kept: list[T] = []
        self._file: IO[bytes] | None = None
        self._prefix = prefix

    def add(self, value: T) -> None:
        if self._file is None and len(self._kept) < self.IN_MEMORY:
            self._kept.append(value)
            return
        # pickle and tempfile are imported here: `check` on a few files never needs them,
        # and they cost it about 10 ms of start-up
        import pickle
        import tempfile

        if self._file is None:
            self._file = tempfile.TemporaryFile(prefix=self._prefix)  # noqa: SIM115
        pickle.dump(value, self._file, protocol=pickle.HIGHEST_PROTOCOL)

    def __iter__(self) -> Iterator[T]:
        """Every value, in the order added (a fresh pass each call)."""
        yield from self._kept
        if self._file is None:
            return
        import pickle

        self._file.seek(0)
        while True:
            try:
                yield pickle.load(self._file)
            except EOFError:
                return

    def places(self) -> Iterator[tuple[int, T]]:
        """Every value with a place to fetch it again by (`at`), in the order added."""
        yield from enumerate(self._kept)
        if self._file is None:
            return
        import pickle

        self._file.seek(0)
        while True:
            offset = self._file.tell()
            try:
                value = pickle.load(self._file)
            except EOFError:
                return
            yield len(self._kept) + offset, value

    def at(self, place: int) -> T:
        """The value at a place `places` gave (a few records held, however many there are)."""
        if place < len(self._kept):
            return self._kept[place]
        import pickle

        assert self._file is not None
        self._file.seek(place - len(self._kept))
        value: T = pickle.load(self._file)
        return value

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
