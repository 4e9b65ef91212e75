"""Where the values of a loaded YAML document came from: JSON pointers to lines and columns."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

MAX_DEPTH = 64  # nesting a declaration may have: the loader stops deeper documents

Location = tuple[int, int]  # 1-based line and column


@dataclass(frozen=True, slots=True)
class Ambiguity:
    """A plain scalar that YAML 1.1 and YAML 1.2 readers turn into different values."""

    text: str
    yaml11: Any
    yaml12: Any


@dataclass(frozen=True)
class SourceMap:
    """Where each JSON pointer of the document stands in the file."""

    values: dict[str, Location] = field(default_factory=dict)
    keys: dict[str, Location] = field(default_factory=dict)
    # pointers reached through an alias or a merge key -> the pointer they copy
    redirects: dict[str, str] = field(default_factory=dict)
    ambiguous: dict[str, Ambiguity] = field(default_factory=dict)
    # text values that start with TODO (placeholders `init` writes), noted while loading so
    # that finding them costs no second walk of the document
    placeholders: list[str] = field(default_factory=list)

    def has(self, pointer: str) -> bool:
        """Whether the file holds a value at `pointer` (directly or through an alias)."""
        for _ in range(MAX_DEPTH * 4):
            if pointer in self.values:
                return True
            target = self._redirect(pointer)
            if target is None:
                return False
            pointer = target
        return False

    def value_at(self, pointer: str) -> Location:
        """The position of the value at `pointer`, or of the nearest ancestor that exists."""
        return self._find(pointer, self.values)

    def key_at(self, pointer: str) -> Location:
        """The position of the key naming `pointer` (the value's, for list items and root)."""
        return self._find(pointer, self.keys)

    def nearest(self, pointer: str) -> Location:
        """The value at `pointer` if the file has it, else the key of its nearest ancestor:
        where a finding about a value that may be missing points."""
        if self.has(pointer):
            return self.value_at(pointer)
        while pointer and not self.has(pointer):
            pointer = pointer.rsplit("/", 1)[0]
        return self.key_at(pointer) if pointer else self.value_at("")

    def _find(self, pointer: str, table: dict[str, Location]) -> Location:
        for _ in range(MAX_DEPTH * 4):
            if pointer in table:
                return table[pointer]
            if pointer in self.values:
                return self.values[pointer]
            target = self._redirect(pointer)
            if target is not None:
                pointer = target
                continue
            if not pointer:
                break
            pointer = pointer.rsplit("/", 1)[0]
        return (1, 1)

    def _redirect(self, pointer: str) -> str | None:
        prefix = pointer
        while prefix:
            if prefix in self.redirects:
                return self.redirects[prefix] + pointer[len(prefix) :]
            prefix = prefix.rsplit("/", 1)[0]
        return None


def escape(token: str) -> str:
    """A key as one JSON pointer token (RFC 6901)."""
    if "~" in token or "/" in token:
        return token.replace("~", "~0").replace("/", "~1")
    return token


def pointer_of(*tokens: str | int) -> str:
    return "".join(f"/{escape(str(token))}" for token in tokens)


def display_path(pointer: str) -> str:
    """`/models/0/licence/id` -> `models[0].licence.id`, the way a reader names it."""
    if not pointer:
        return "the declaration"
    shown = ""
    for token in pointer[1:].split("/"):
        token = token.replace("~1", "/").replace("~0", "~")
        shown += f"[{token}]" if token.isdigit() else (f".{token}" if shown else token)
    return shown


def iter_items(document: Any, pointer: str = "") -> Iterator[tuple[str, Any]]:
    """Every (pointer, value) of a document, without recursion."""
    stack = [(pointer, document)]
    while stack:
        here, value = stack.pop()
        yield here, value
        if isinstance(value, dict):
            stack.extend((f"{here}/{escape(k)}", v) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((f"{here}/{i}", v) for i, v in enumerate(value))
