r"""A fast yes/no JSON Schema check for the subset of draft 2020-12 this project's schemas use.

`check` runs on every commit, and most files are clean: for them, importing and building
the full `jsonschema` validator costs more than everything else together. This compiles a
schema into nested Python closures that only answer "valid or not". When the answer is no,
the full validator runs and reports every error with its message and position, so findings
are exactly as they always are. A schema using a keyword outside the subset is not compiled
(`compile_schema` returns None) and the full validator is used for it.

The semantics follow the jsonschema package: `True` is not `1` for enum, const and
uniqueItems, 1.0 is an integer, keywords only constrain instances of their own type, and the
"date" format is checked as jsonschema's format checker does. Regular expressions (`pattern`,
`patternProperties`) mean what JSON Schema says, ECMA-262, in both validators: `ecma_regex`
translates one into Python's `re` where the two differ (`$` is the end of the text, not a
place before a final newline; `\d` and `\w` are ASCII; `.` stops at every line
terminator), and refuses a construct it cannot translate exactly.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import re
from collections.abc import Callable
from functools import cache, lru_cache
from typing import Any

Check = Callable[[Any], bool]


class Unsupported(Exception):
    """The schema uses something this compiler does not implement exactly."""


_ANNOTATIONS = frozenset(
    {
        "$schema",
        "$id",
        "$comment",
        "$defs",
        "title",
        "description",
        "examples",
        "default",
        "deprecated",
        "readOnly",
        "writeOnly",
    }
)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)

# -- ECMA-262 regular expressions ---------------------------------------------------------

# ECMA-262's WhiteSpace and LineTerminator, which \s matches (Python's \s also takes
# \x1c-\x1f and not U+FEFF)
_ECMA_SPACE = (
    "\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff"
)
_ECMA_CLASSES = {"d": "0-9", "w": "A-Za-z0-9_", "s": _ECMA_SPACE}
_ECMA_WORD = "[A-Za-z0-9_]"
_ECMA_ANCHORS = {
    "b": f"(?:(?<={_ECMA_WORD})(?!{_ECMA_WORD})|(?<!{_ECMA_WORD})(?={_ECMA_WORD}))",
    "B": f"(?:(?<={_ECMA_WORD})(?={_ECMA_WORD})|(?<!{_ECMA_WORD})(?!{_ECMA_WORD}))",
}
# escapes that mean the same in both (a character, or a class Python reads as ECMA does)
_SAME_ESCAPES = frozenset("tnvfr0.\\/^$*+?()[]{}|-")


class RegexError(ValueError):
    """A pattern that is not ECMA-262, or uses what cannot be translated exactly."""


@lru_cache(maxsize=1024)
def ecma_regex(pattern: str) -> re.Pattern[str]:
    """`pattern`, an ECMA-262 regular expression as JSON Schema has them, as a Python regex
    with the same matches (searched for, as `pattern` is: unanchored unless it anchors)."""
    return re.compile(_translate(pattern))


def _translate(pattern: str) -> str:
    out: list[str] = []
    i, n, in_class = 0, len(pattern), False
    while i < n:
        char = pattern[i]
        if char == "\\":
            if i + 1 >= n:
                raise RegexError(f"{pattern!r} ends with a backslash")
            escaped = pattern[i + 1]
            i += 2
            if escaped.lower() in _ECMA_CLASSES:
                inner = _ECMA_CLASSES[escaped.lower()]
                if escaped.islower():
                    out.append(inner if in_class else f"[{inner}]")
                elif in_class:
                    raise RegexError(f"{pattern!r}: \\{escaped} inside a class is not supported")
                else:
                    out.append(f"[^{inner}]")
            elif escaped in _ECMA_ANCHORS and not in_class:
                out.append(_ECMA_ANCHORS[escaped])
            elif escaped == "b":  # in a class: backspace
                out.append("\\x08")
            elif escaped == "u" and _hex(pattern[i : i + 4], 4):
                out.append("\\u" + pattern[i : i + 4])
                i += 4
            elif escaped == "x" and _hex(pattern[i : i + 2], 2):
                out.append("\\x" + pattern[i : i + 2])
                i += 2
            elif escaped.isdigit() and escaped != "0":
                out.append("\\" + escaped)  # a back-reference, as in Python
            elif escaped in _SAME_ESCAPES:
                out.append("\\" + escaped)
            else:
                raise RegexError(f"{pattern!r}: the escape \\{escaped} is not supported")
            continue
        if in_class:
            if char == "]":
                in_class = False
            elif char == "[":
                out.append("\\[")  # a literal in ECMA; a nested set warning in Python
                i += 1
                continue
            out.append(char)
        elif char == "[":
            in_class = True
            out.append(char)
            if pattern[i + 1 : i + 2] == "^":
                out.append("^")
                i += 1
            if pattern[i + 1 : i + 2] == "]":  # [] and [^]: ECMA's, with no Python spelling
                raise RegexError(f"{pattern!r}: an empty class is not supported")
        elif char == "$":
            out.append(r"\Z")  # the end of the text: never before a final newline
        elif char == ".":
            out.append("[^\\n\\r\\u2028\\u2029]")
        elif char == "(" and pattern[i + 1 : i + 2] == "?":
            group = pattern[i + 2 : i + 4]
            if group[:1] in (":", "=", "!") or group in ("<=", "<!"):
                out.append("(?")
                i += 2
                continue
            if group[:1] != "<":  # (?i), (?P<...>), (?#...): Python's, not ECMA-262's
                raise RegexError(f"{pattern!r}: (?{group[:1]} is not ECMA-262")
            out.append("(?P<")  # a named group
            i += 3
            continue
        else:
            out.append(char)
        i += 1
    if in_class:
        raise RegexError(f"{pattern!r}: a class is not closed")
    return "".join(out)


def _regex(pattern: str) -> re.Pattern[str]:
    try:
        return ecma_regex(pattern)
    except (RegexError, re.error):
        raise Unsupported(f"pattern {pattern!r}") from None


def _json_key(value: Any) -> Any:
    """A hashable key equal for two values exactly when JSON Schema calls them equal
    (`equal`): true is not 1, 1 is 1.0, maps regardless of order."""
    if isinstance(value, bool):
        return ("b", value)
    if isinstance(value, (int, float)):
        return ("n", value)  # 1 and 1.0 hash and compare equal
    if isinstance(value, str):
        return ("s", value)
    if isinstance(value, list):
        return ("l", tuple(_json_key(item) for item in value))
    if isinstance(value, dict):
        return ("d", frozenset((key, _json_key(item)) for key, item in value.items()))
    if value is None:
        return ("z", None)
    try:
        return ("o", hash(value), value)
    except TypeError:
        return ("i", id(value))


def _hex(text: str, size: int) -> bool:
    return len(text) == size and all(c in "0123456789abcdefABCDEF" for c in text)


def compile_schema(schema: Any, root: Any = None) -> Check | None:
    """A predicate equivalent to jsonschema's `is_valid` for `schema`, or None."""
    try:
        return _Compiler(root if root is not None else schema).compile(schema)
    except Unsupported:
        return None


def _is_integer(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, float) and value.is_integer())


_TYPES: dict[str, Check] = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "integer": _is_integer,
}


def equal(one: Any, two: Any) -> bool:
    """JSON equality: booleans are not numbers, 1 == 1.0, containers compared deeply."""
    if one is two:
        return True
    if isinstance(one, str) or isinstance(two, str):
        return bool(one == two)
    if isinstance(one, list) and isinstance(two, list):
        return len(one) == len(two) and all(equal(a, b) for a, b in zip(one, two, strict=True))
    if isinstance(one, dict) and isinstance(two, dict):
        return one.keys() == two.keys() and all(equal(one[k], two[k]) for k in one)
    if isinstance(one, bool) or isinstance(two, bool):
        return isinstance(one, bool) and isinstance(two, bool) and one == two
    return bool(one == two)


def _date(value: Any) -> bool:
    if not isinstance(value, str):
        return True
    if not _DATE.fullmatch(value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _uri_is_checked() -> bool:
    # jsonschema checks "uri" only when one of these optional packages is installed
    return any(importlib.util.find_spec(m) for m in ("rfc3987", "rfc3986_validator"))


class _Compiler:
    def __init__(self, root: Any) -> None:
        self.root = root
        self.refs: dict[str, Check] = {}

    def compile(self, schema: Any) -> Check:
        if schema is True:
            return lambda v: True
        if schema is False:
            return lambda v: False
        if not isinstance(schema, dict):
            raise Unsupported(f"a schema must be an object or a boolean, not {schema!r}")
        checks: list[Check] = []
        for keyword, argument in schema.items():
            if keyword in _ANNOTATIONS:
                continue
            method = getattr(self, "k_" + keyword.replace("$", ""), None)
            if method is None:
                raise Unsupported(keyword)
            checks.extend(method(argument, schema))
        if not checks:
            return lambda v: True
        if len(checks) == 1:
            return checks[0]
        every = tuple(checks)

        def check_all(v: Any) -> bool:
            for check in every:  # noqa: SIM110 (a plain loop: no generator on the hot path)
                if not check(v):
                    return False
            return True

        return check_all

    # -- keywords: each returns the checks it adds ----------------------------------------

    def k_ref(self, ref: str, schema: dict[str, Any]) -> list[Check]:
        if not ref.startswith("#/"):
            raise Unsupported(f"$ref {ref}")
        if ref not in self.refs:
            target: Any = self.root
            for token in ref[2:].split("/"):
                token = token.replace("~1", "/").replace("~0", "~")
                if not isinstance(target, dict) or token not in target:
                    raise Unsupported(f"$ref {ref} leads nowhere")
                target = target[token]
            slot: list[Check] = []
            self.refs[ref] = lambda v: slot[0](v)  # recursive references resolve later
            slot.append(self.compile(target))
        return [self.refs[ref]]

    def k_type(self, kinds: Any, schema: dict[str, Any]) -> list[Check]:
        names = kinds if isinstance(kinds, list) else [kinds]
        if not all(isinstance(n, str) and n in _TYPES for n in names):
            raise Unsupported(f"type {kinds!r}")
        tests = tuple(_TYPES[name] for name in names)
        if len(tests) == 1:
            return [tests[0]]

        def check_type(v: Any) -> bool:
            for test in tests:  # noqa: SIM110 (a plain loop: no generator on the hot path)
                if test(v):
                    return True
            return False

        return [check_type]

    def k_enum(self, choices: list[Any], schema: dict[str, Any]) -> list[Check]:
        if choices and all(type(c) is str for c in choices):
            # text choices: only text can equal one of them (the common case, a set lookup)
            texts = frozenset(choices)
            return [lambda v: isinstance(v, str) and v in texts]
        return [lambda v: any(equal(v, choice) for choice in choices)]

    def k_const(self, constant: Any, schema: dict[str, Any]) -> list[Check]:
        return [lambda v: equal(v, constant)]

    def k_not(self, sub: Any, schema: dict[str, Any]) -> list[Check]:
        check = self.compile(sub)
        return [lambda v: not check(v)]

    def k_allOf(self, subs: list[Any], schema: dict[str, Any]) -> list[Check]:
        checks = [self.compile(s) for s in subs]
        return [lambda v: all(c(v) for c in checks)]

    def k_anyOf(self, subs: list[Any], schema: dict[str, Any]) -> list[Check]:
        checks = [self.compile(s) for s in subs]
        return [lambda v: any(c(v) for c in checks)]

    def k_oneOf(self, subs: list[Any], schema: dict[str, Any]) -> list[Check]:
        checks = [self.compile(s) for s in subs]
        return [lambda v: sum(1 for c in checks if c(v)) == 1]

    # objects

    def k_properties(self, properties: dict[str, Any], schema: dict[str, Any]) -> list[Check]:
        checks = {name: self.compile(sub) for name, sub in properties.items()}

        def check(v: Any) -> bool:
            if type(v) is not dict:
                return True
            for key, item in v.items():
                sub = checks.get(key)
                if sub is not None and not sub(item):
                    return False
            return True

        return [check]

    def k_patternProperties(self, patterns: dict[str, Any], schema: dict[str, Any]) -> list[Check]:
        compiled = [(_regex(p), self.compile(sub)) for p, sub in patterns.items()]

        def check(v: Any) -> bool:
            if not isinstance(v, dict):
                return True
            return all(c(item) for k, item in v.items() for p, c in compiled if p.search(k))

        return [check]

    def k_additionalProperties(self, sub: Any, schema: dict[str, Any]) -> list[Check]:
        known = set(schema.get("properties", {}))
        patterns = [_regex(p) for p in schema.get("patternProperties", {})]
        check_extra = self.compile(sub)

        def check(v: Any) -> bool:
            if type(v) is not dict:
                return True
            for key, item in v.items():
                if key in known or any(p.search(key) for p in patterns):
                    continue
                if not check_extra(item):
                    return False
            return True

        return [check]

    def k_required(self, names: list[str], schema: dict[str, Any]) -> list[Check]:
        needed = tuple(names)

        def check_required(v: Any) -> bool:
            if type(v) is not dict:
                return True
            for name in needed:  # noqa: SIM110 (a plain loop: no generator on the hot path)
                if name not in v:
                    return False
            return True

        return [check_required]

    def k_if(self, sub: Any, schema: dict[str, Any]) -> list[Check]:
        condition = self.compile(sub)
        then = self.compile(schema.get("then", True))
        otherwise = self.compile(schema.get("else", True))
        return [lambda v: then(v) if condition(v) else otherwise(v)]

    def k_then(self, sub: Any, schema: dict[str, Any]) -> list[Check]:
        return []  # with its `if` (alone, it is ignored, as JSON Schema says)

    def k_else(self, sub: Any, schema: dict[str, Any]) -> list[Check]:
        return []  # as `then`

    def k_dependentSchemas(self, schemas: dict[str, Any], schema: dict[str, Any]) -> list[Check]:
        compiled = [(name, self.compile(sub)) for name, sub in schemas.items()]
        return [lambda v: not isinstance(v, dict) or all(c(v) for name, c in compiled if name in v)]

    def k_propertyNames(self, sub: Any, schema: dict[str, Any]) -> list[Check]:
        check = self.compile(sub)
        return [lambda v: not isinstance(v, dict) or all(check(k) for k in v)]

    def k_minProperties(self, n: int, schema: dict[str, Any]) -> list[Check]:
        return [lambda v: not isinstance(v, dict) or len(v) >= n]

    # arrays

    def k_items(self, sub: Any, schema: dict[str, Any]) -> list[Check]:
        if "prefixItems" in schema:
            raise Unsupported("items with prefixItems")
        check = self.compile(sub)

        def check_items(v: Any) -> bool:
            if type(v) is not list:
                return True
            for item in v:  # noqa: SIM110 (a plain loop: no generator on the hot path)
                if not check(item):
                    return False
            return True

        return [check_items]

    def k_minItems(self, n: int, schema: dict[str, Any]) -> list[Check]:
        return [lambda v: not isinstance(v, list) or len(v) >= n]

    def k_maxItems(self, n: int, schema: dict[str, Any]) -> list[Check]:
        return [lambda v: not isinstance(v, list) or len(v) <= n]

    def k_uniqueItems(self, unique: bool, schema: dict[str, Any]) -> list[Check]:
        if not unique:
            return []

        def check(v: Any) -> bool:
            # one pass with a set of keys that are equal exactly when the values are: a
            # list of 100,000 items (what the loader allows) was 5e9 comparisons
            return not isinstance(v, list) or len({_json_key(item) for item in v}) == len(v)

        return [check]

    def k_contains(self, sub: Any, schema: dict[str, Any]) -> list[Check]:
        if "minContains" in schema or "maxContains" in schema:
            raise Unsupported("minContains/maxContains")
        check = self.compile(sub)
        return [lambda v: not isinstance(v, list) or any(check(item) for item in v)]

    # strings

    def k_minLength(self, n: int, schema: dict[str, Any]) -> list[Check]:
        return [lambda v: type(v) is not str or len(v) >= n]

    def k_maxLength(self, n: int, schema: dict[str, Any]) -> list[Check]:
        return [lambda v: not isinstance(v, str) or len(v) <= n]

    def k_pattern(self, pattern: str, schema: dict[str, Any]) -> list[Check]:
        regex = _regex(pattern)
        return [lambda v: not isinstance(v, str) or regex.search(v) is not None]

    def k_format(self, name: str, schema: dict[str, Any]) -> list[Check]:
        if name == "date":
            return [_date]
        if name == "uri" and not _uri_is_checked():
            return []  # an annotation only, as for jsonschema without rfc3987
        raise Unsupported(f"format {name}")

    # numbers

    def _bound(self, test: Callable[[Any, Any], bool], limit: Any) -> list[Check]:
        def check(v: Any) -> bool:
            if isinstance(v, bool) or not isinstance(v, (int, float)):
                return True
            return test(v, limit)

        return [check]

    def k_minimum(self, limit: Any, schema: dict[str, Any]) -> list[Check]:
        return self._bound(lambda v, n: v >= n, limit)

    def k_maximum(self, limit: Any, schema: dict[str, Any]) -> list[Check]:
        return self._bound(lambda v, n: v <= n, limit)

    def k_exclusiveMinimum(self, limit: Any, schema: dict[str, Any]) -> list[Check]:
        return self._bound(lambda v, n: v > n, limit)

    def k_exclusiveMaximum(self, limit: Any, schema: dict[str, Any]) -> list[Check]:
        return self._bound(lambda v, n: v < n, limit)


# -- date comparisons ---------------------------------------------------------------------
# ajv-formats' keywords formatMinimum, formatMaximum, formatExclusiveMinimum and
# formatExclusiveMaximum (github.com/ajv-validator/ajv-formats, "Keywords to compare values"),
# for the "date" format: a value that is not a valid date is left to `format` to reject.

DATE_COMPARISONS: dict[str, Callable[[dt.date, dt.date], bool]] = {
    "formatMinimum": lambda value, limit: value >= limit,
    "formatMaximum": lambda value, limit: value <= limit,
    "formatExclusiveMinimum": lambda value, limit: value > limit,
    "formatExclusiveMaximum": lambda value, limit: value < limit,
}


def as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _DATE.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _date_comparison(keyword: str) -> Callable[[Any, Any, dict[str, Any]], Check]:
    test = DATE_COMPARISONS[keyword]

    def method(self: _Compiler, limit: Any, schema: dict[str, Any]) -> list[Check]:
        bound = as_date(limit)
        if bound is None or schema.get("format") != "date":
            raise Unsupported(f"{keyword} without format: date and a date")

        def check(v: Any) -> bool:
            value = as_date(v)
            return value is None or test(value, bound)

        return [check]

    return method


for _keyword in DATE_COMPARISONS:
    setattr(_Compiler, "k_" + _keyword, _date_comparison(_keyword))


@cache
def ecma_validator(base: Any) -> Any:
    """`base` (a jsonschema validator class) with JSON Schema's regular expressions,
    ECMA-262 (checker.support.fastschema.ecma_regex), where jsonschema uses Python's `re`: there
    `$` matches before a final newline, so `EU\\n` passed `^([A-Z]{2}|EU|EEA)$` and was
    compared later as a country that is no country."""
    from jsonschema import ValidationError, validators
    from jsonschema._utils import extras_msg

    def search(pattern: str, text: str) -> bool:
        try:
            return ecma_regex(pattern).search(text) is not None
        except (RegexError, re.error):
            return False  # what cannot be evaluated does not match: the value is reported

    def pattern(validator: Any, expected: str, instance: Any, schema: Any) -> Any:
        if validator.is_type(instance, "string") and not search(expected, instance):
            yield ValidationError(f"{instance!r} does not match {expected!r}")

    def pattern_properties(validator: Any, patterns: Any, instance: Any, schema: Any) -> Any:
        if not validator.is_type(instance, "object"):
            return
        for expected, subschema in patterns.items():
            for key, value in instance.items():
                if search(expected, key):
                    yield from validator.descend(value, subschema, path=key, schema_path=expected)

    def additional_properties(validator: Any, extra: Any, instance: Any, schema: Any) -> Any:
        if not validator.is_type(instance, "object"):
            return
        known = schema.get("properties", {})
        patterns = list(schema.get("patternProperties", {}))
        extras = [
            key
            for key in instance
            if key not in known and not any(search(p, key) for p in patterns)
        ]
        if validator.is_type(extra, "object"):
            for key in extras:
                yield from validator.descend(instance[key], extra, path=key)
        elif not extra and extras:
            error = "Additional properties are not allowed (%s %s unexpected)"
            yield ValidationError(error % extras_msg(sorted(extras, key=str)))

    return validators.extend(
        base,
        {
            "pattern": pattern,
            "patternProperties": pattern_properties,
            "additionalProperties": additional_properties,
        },
    )


def full_validator() -> Any:
    """jsonschema's draft 2020-12 validator with the date comparisons added: what a fragment
    the fast compiler does not cover is evaluated by."""
    from jsonschema import Draft202012Validator, validators
    from jsonschema.exceptions import ValidationError

    def keyword(name: str) -> Callable[..., Any]:
        test = DATE_COMPARISONS[name]

        def validate(validator: Any, limit: Any, instance: Any, schema: dict[str, Any]) -> Any:
            bound, value = as_date(limit), as_date(instance)
            if schema.get("format") != "date" or bound is None or value is None:
                return
            if not test(value, bound):
                yield ValidationError(f"{instance!r} is not {name[6:].lower()} {limit}")

        return validate

    return validators.extend(
        ecma_validator(Draft202012Validator), {name: keyword(name) for name in DATE_COMPARISONS}
    )
