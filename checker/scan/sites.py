"""What the language readers hand the detectors: calls with their arguments, and the values
an argument can take once constants, defaults and environment defaults are followed."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

# how far a value is followed through names, attributes and modules: enough for
# `model=settings.CHAT_MODEL` -> Settings.CHAT_MODEL -> os.getenv("X", "default"), and a
# bound on the work a hostile file can cause
MAX_HOPS = 8


@dataclass(frozen=True)
class Value:
    """One value an argument can take: a string where the id is written, or what it is
    read from when it is not known before run time."""

    text: str | None
    path: str
    line: int
    column: int
    via: str = "literal"
    written: str = ""  # the expression, when the value is not a literal at the call
    environment: str | None = None  # the variable that overrides it at run time
    symbol: str | None = None  # a constant of an SDK (Go's openai.ChatModelGPT4o)


@dataclass
class Call:
    """A call, constructor, builder method or composite literal, as the detectors see it."""

    callee: str  # dotted, resolved through the file's imports and plain assignments
    line: int
    column: int
    keywords: dict[str, Any] = field(default_factory=dict)  # name -> the reader's node
    positional: list[Any] = field(default_factory=list)


class Unit:
    """One parsed source file: its imports, its calls and how to evaluate an argument."""

    path: str = ""
    imports: frozenset[str] = frozenset()

    def calls(self) -> Iterator[Call]:
        raise NotImplementedError

    def evaluate(self, node: Any) -> list[Value]:
        raise NotImplementedError

    def literal(self, node: Any) -> str | None:
        """The node's text when it is a string literal (for `where` conditions)."""
        found = [v.text for v in self.evaluate(node) if v.via == "literal"]
        return found[0] if found else None


def imports_any(unit: Unit, wanted: tuple[str, ...]) -> bool:
    """Whether the file imports one of the modules or packages (or one below it)."""
    if not wanted:
        return True
    for name in unit.imports:
        for module in wanted:
            if name == module or name.startswith((f"{module}.", f"{module}/")):
                return True
    return False


def followed(values: list[Value], via: str) -> list[Value]:
    """Values reached through one more hop, named by the hop unless they say more."""
    return [v if v.via != "literal" else _with_via(v, via) for v in values]


def _with_via(value: Value, via: str) -> Value:
    return Value(
        value.text,
        value.path,
        value.line,
        value.column,
        via,
        value.written,
        value.environment,
        value.symbol,
    )


Evaluator = Callable[[Any, int], list[Value]]
