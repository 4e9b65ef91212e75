"""The condition language: dotted paths tested by JSON Schema fragments, with all/any/not.

A condition is a mapping whose entries must all hold. An entry is `path: fragment` (the
value at the path, null where missing, must match the fragment), `all: [conditions]`,
`any: [conditions]` or `not: condition`. A fragment may compare with another value of the
same declaration: `{$data: dotted.path}` as the value of a keyword (as ajv's `$data`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Union

MISSING = None  # what a path that leads nowhere is tested as

Path = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Match:
    """A fact at a path satisfies a compiled JSON Schema fragment.

    A fragment that reads other paths (`$data`) is compiled once per context: `bind` fills
    in the values at `refs` and returns the validator for that context."""

    path: Path
    is_valid: Callable[[Any], bool]
    refs: tuple[Path, ...] = ()
    bind: Callable[[dict[str, Any]], Callable[[Any], bool]] | None = None

    def test(self, context: dict[str, Any]) -> bool:
        is_valid = self.is_valid if self.bind is None else self.bind(context)
        return is_valid(lookup(context, self.path))


@dataclass(frozen=True, slots=True)
class All:
    """Every part holds."""

    parts: tuple[Condition, ...]


@dataclass(frozen=True, slots=True)
class Any_:
    """At least one part holds."""

    parts: tuple[Condition, ...]


@dataclass(frozen=True, slots=True)
class Not:
    """The part does not hold."""

    part: Condition


Condition = Union[Match, All, Any_, Not]  # noqa: UP007 (a runtime alias, kept readable)


def lookup(context: dict[str, Any], path: Path) -> Any:
    """The value at a dotted path, or MISSING; list items are reached by their index."""
    value: Any = context
    for token in path:
        if type(value) is dict:
            value = value.get(token, MISSING)
        elif type(value) is list and token.isdigit() and int(token) < len(value):
            value = value[int(token)]
        else:
            return MISSING
        if value is MISSING:
            return MISSING
    return value


def holds(condition: Condition, context: dict[str, Any]) -> bool:
    """Whether the condition holds (what `failures` says, without collecting paths)."""
    if isinstance(condition, Match):
        return condition.test(context)
    if isinstance(condition, Not):
        return not holds(condition.part, context)
    if isinstance(condition, All):
        return all(holds(part, context) for part in condition.parts)
    return any(holds(part, context) for part in condition.parts)


def predicate(condition: Condition) -> Callable[[dict[str, Any]], bool]:
    """`holds` compiled into one closure: what the engine calls for every policy and entry."""
    if isinstance(condition, Match):
        path, is_valid = condition.path, condition.is_valid
        if condition.bind is not None:
            return condition.test
        if len(path) == 1:
            (key,) = path
            return lambda context: is_valid(context.get(key, MISSING))
        return lambda context: is_valid(lookup(context, path))
    if isinstance(condition, Not):
        inner = predicate(condition.part)
        return lambda context: not inner(context)
    parts = tuple(predicate(part) for part in condition.parts)
    if isinstance(condition, All):

        def every(context: dict[str, Any]) -> bool:
            for part in parts:  # noqa: SIM110 (a plain loop: no generator on the hot path)
                if not part(context):
                    return False
            return True

        return every

    def some(context: dict[str, Any]) -> bool:
        for part in parts:  # noqa: SIM110 (a plain loop: no generator on the hot path)
            if part(context):
                return True
        return False

    return some


def failures(condition: Condition, context: dict[str, Any], want: bool = True) -> list[Path]:
    """The paths that make `condition` come out other than `want` ([] when it comes out so).

    The first path is the one a finding points at: for a failed test, its own path; under
    `not`, the paths whose tests held when they should not have.
    """
    if isinstance(condition, Match):
        outcome = condition.test(context)
        return [] if outcome == want else [condition.path]
    if isinstance(condition, Not):
        return failures(condition.part, context, not want)
    parts = condition.parts
    # all: every part true, else the parts that were false; any: true if one part is true
    requires_every = isinstance(condition, All) == want
    found: list[Path] = []
    for part in parts:
        missed = failures(part, context, want)
        if requires_every and missed:
            found.extend(missed)
        elif not requires_every and not missed:
            return []
        elif not requires_every:
            found.extend(missed)
    return found


def paths(condition: Condition) -> list[Path]:
    """Every path the condition reads: the paths it tests and those its fragments compare
    with."""
    if isinstance(condition, Match):
        return [condition.path, *condition.refs]
    if isinstance(condition, Not):
        return paths(condition.part)
    return [p for part in condition.parts for p in paths(part)]


# a field of a policy's message: `{dotted.path}` (`{{` and `}}` are literal braces)
# `{path}` quotes a value; `{path|words}` says `words` where the value is missing or empty
TEMPLATE_FIELD = re.compile(r"(?<!\{)\{([A-Za-z_][A-Za-z0-9_.-]*)(?:\|([^{}]*))?\}(?!\})")

_SETTING = re.compile(r"^\$\{settings\.([a-z][a-z0-9_]*)\}$")


def substitute_settings(fragment: Any, settings: dict[str, Any], missing: list[str]) -> Any:
    """Replace every string "${settings.NAME}" in a fragment by the setting's value."""
    if isinstance(fragment, dict):
        return {k: substitute_settings(v, settings, missing) for k, v in fragment.items()}
    if isinstance(fragment, list):
        return [substitute_settings(v, settings, missing) for v in fragment]
    if isinstance(fragment, str):
        match = _SETTING.match(fragment)
        if match:
            name = match.group(1)
            if name not in settings:
                missing.append(name)
                return fragment
            return settings[name]
    return fragment
