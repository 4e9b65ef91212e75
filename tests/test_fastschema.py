"""The fast yes/no schema check must agree with the jsonschema package, always."""

from __future__ import annotations

import copy
import json
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from checker.load import load_text
from checker.source import iter_items
from checker.support.fastschema import compile_schema, ecma_regex, ecma_validator, equal
from tests.conftest import EXAMPLES, ROOT

# jsonschema with JSON Schema's regular expressions (ECMA-262), as checker.validate uses it
ECMA = ecma_validator(Draft202012Validator)

SETTINGS = settings(
    max_examples=int(os.environ.get("HYPOTHESIS_EXAMPLES", "300")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 3),
    st.sampled_from([0.0, 1.0, 1.5, -2.0]),
    st.sampled_from(
        [
            "",
            "a",
            "ab",
            "x-y",
            "2026-02-30",
            "2026-03-02",
            "EU",
            "1",
            "b\n",
            "\u0661",
            "\u00e9",
            "\x1c",
        ]
    ),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.sampled_from(["a", "b", "x-c", "d"]), inner, max_size=3),
    ),
    max_leaves=8,
)
types = st.sampled_from(["object", "array", "string", "boolean", "null", "number", "integer"])
leaf_fragments = st.one_of(
    st.builds(lambda t: {"type": t}, types),
    st.builds(lambda t: {"type": t}, st.lists(types, min_size=1, max_size=3, unique=True)),
    st.builds(lambda v: {"const": v}, values),
    st.builds(lambda v: {"enum": v}, st.lists(values, min_size=1, max_size=3)),
    st.builds(lambda n: {"minLength": n}, st.integers(0, 3)),
    st.builds(lambda n: {"minItems": n}, st.integers(0, 3)),
    st.builds(lambda n: {"maxItems": n}, st.integers(0, 3)),
    st.builds(lambda n: {"minimum": n}, st.integers(-2, 2)),
    st.builds(lambda n: {"exclusiveMaximum": n}, st.integers(-2, 2)),
    st.builds(
        lambda p: {"pattern": p},
        st.sampled_from(["^a", "b$", "[0-9]", "^x-", r"^\d$", r"^\w+$", "^.$", r"\s"]),
    ),
    st.just({"format": "date"}),
    st.just({"uniqueItems": True}),
    st.builds(lambda r: {"required": r}, st.lists(st.sampled_from("abd"), max_size=2)),
)
fragments = st.recursive(
    leaf_fragments,
    lambda inner: st.one_of(
        st.builds(lambda s: {"not": s}, inner),
        st.builds(lambda s: {"allOf": s}, st.lists(inner, min_size=1, max_size=2)),
        st.builds(lambda s: {"anyOf": s}, st.lists(inner, min_size=1, max_size=2)),
        st.builds(lambda s: {"oneOf": s}, st.lists(inner, min_size=1, max_size=2)),
        st.builds(lambda s: {"contains": s}, inner),
        st.builds(lambda s: {"items": s}, inner),
        st.builds(lambda s: {"properties": {"a": s}}, inner),
        st.builds(lambda s: {"dependentSchemas": {"a": s}}, inner),
        st.builds(lambda a, b, c: {"if": a, "then": b, "else": c}, inner, inner, inner),
        st.builds(lambda b: {"then": b}, inner),
        st.builds(
            lambda s, extra: {
                "properties": {"a": s},
                "patternProperties": {"^x-": True},
                "additionalProperties": extra,
            },
            inner,
            st.booleans(),
        ),
        st.builds(lambda a, b: {**a, **b}, inner, inner),
    ),
    max_leaves=6,
)


@SETTINGS
@given(fragments, values)
def test_fast_and_full_validators_agree(fragment: dict, value: object) -> None:
    fast = compile_schema(fragment)
    assert fast is not None, fragment
    full = ECMA(fragment, format_checker=Draft202012Validator.FORMAT_CHECKER)
    assert fast(value) == full.is_valid(value), json.dumps(fragment)


@SETTINGS
@given(values, values)
def test_equality_is_json_equality(one: object, two: object) -> None:
    full = Draft202012Validator({"const": one})
    assert equal(two, one) == full.is_valid(two)


DECLARATION = json.loads((ROOT / "schemas" / "llm-choice.schema.json").read_text())
FAST = compile_schema(DECLARATION)
FULL = ECMA(DECLARATION, format_checker=Draft202012Validator.FORMAT_CHECKER)


def test_every_schema_of_the_project_compiles_or_is_left_to_jsonschema() -> None:
    assert FAST is not None  # the declaration schema is on the hot path: it must compile
    for name in ("report", "policy", "pack", "config"):
        schema = json.loads((ROOT / "schemas" / f"{name}.schema.json").read_text())
        assert compile_schema(schema) is not None, name


@SETTINGS
@given(st.sampled_from(EXAMPLES), st.data())
def test_the_declaration_schema_agrees_on_mutated_examples(path, data) -> None:
    document = load_text(path.read_text(encoding="utf-8"), path.name).document
    assert FAST(document) and FULL.is_valid(document)
    pointers = [p for p, _ in iter_items(document) if p]
    for _ in range(data.draw(st.integers(1, 3))):
        pointer = data.draw(st.sampled_from(pointers))
        mutated = copy.deepcopy(document)
        *parents, last = pointer[1:].split("/")
        holder = mutated
        for token in parents:
            holder = holder[int(token)] if isinstance(holder, list) else holder[token]
        replacement = data.draw(st.one_of(values, st.just("zz-unknown")))
        if isinstance(holder, list):
            holder[int(last)] = replacement
        elif data.draw(st.booleans()):
            holder[last] = replacement
        else:
            holder[last + "_typo"] = holder.pop(last)
        assert FAST(mutated) == FULL.is_valid(mutated), pointer


@pytest.mark.parametrize(
    "keyword",
    [
        {"dependentRequired": {}},
        {"$ref": "http://x"},
        {"format": "email"},
        {"unevaluatedProperties": False},
        {"type": "nothing"},
    ],
)
def test_what_is_not_implemented_is_left_to_jsonschema(keyword: dict) -> None:
    assert compile_schema(keyword) is None


# -- regular expressions mean what ECMA-262 says ----------------------------------------------

# (pattern, text, whether ECMA-262 finds a match): where Python's `re` answers otherwise
ECMA_CASES = [
    ("^([A-Z]{2}|EU|EEA)$", "EU\n", False),  # $ is the end, not a place before a newline
    ("^([A-Z]{2}|EU|EEA)$", "EU", True),
    ("^[0-9]{4}$", "2026\n", False),
    (r"^\d+$", "\u0661\u0662", False),  # \d is ASCII: Arabic-Indic digits are not digits
    (r"^\d+$", "12", True),
    (r"^\w+$", "caf\u00e9", False),  # \w is ASCII
    (r"^\w+$", "cafe_1", True),
    ("^.$", "\r", False),  # . stops at every line terminator
    ("^.$", "\u2028", False),
    ("^.$", "x", True),
    (r"^[^\s]+$", "a\x1cb", True),  # \x1c is not ECMA-262 white space (Python's \s takes it)
    (r"^[^\s]+$", "a\ufeffb", False),  # U+FEFF is
    (r"\bx", "\u00e9x", True),  # a word boundary between ASCII word and non-word characters
    ("^(?<year>[0-9]{4})$", "2026", True),  # a named group, ECMA's spelling
]


@pytest.mark.parametrize(("pattern", "text", "matches"), ECMA_CASES)
def test_both_validators_follow_ecma_262(pattern: str, text: str, matches: bool) -> None:
    schema = {"type": "string", "pattern": pattern}
    fast = compile_schema(schema)
    assert fast is not None and fast(text) is matches
    assert ECMA(schema).is_valid(text) is matches
    assert bool(ecma_regex(pattern).search(text)) is matches
    keyed = {"type": "object", "patternProperties": {pattern: True}, "additionalProperties": False}
    assert compile_schema(keyed)({text: 1}) is matches
    assert ECMA(keyed).is_valid({text: 1}) is matches


@pytest.mark.parametrize("pattern", ["(?i)^a$", "(?P<n>a)", r"\Z", "[]", r"[\D]", "a\\"])
def test_what_is_not_ecma_262_or_cannot_be_translated_is_refused(pattern: str) -> None:
    from checker.support.fastschema import RegexError

    with pytest.raises(RegexError):
        ecma_regex(pattern)
    assert compile_schema({"pattern": pattern}) is None  # left to the full validator
    assert ECMA({"pattern": pattern}).is_valid("a") is False  # which reports the value


# -- bounded work -------------------------------------------------------------------------


def test_unique_items_is_one_pass_over_the_largest_list_the_loader_allows(monkeypatch) -> None:
    """The loader allows 100,000 values; comparing every pair of them was 5e9 comparisons
    (hours for one file). Uniqueness is now a set of keys, never a pairwise comparison."""
    from checker.support import fastschema

    calls = []

    def counted(one, two):  # type: ignore[no-untyped-def]
        calls.append(1)
        if len(calls) > 1000:
            raise AssertionError("uniqueItems compares items pairwise")
        return equal(one, two)

    monkeypatch.setattr(fastschema, "equal", counted)
    unique = compile_schema({"uniqueItems": True})
    items = [f"c{i}" for i in range(99_999)]
    assert unique(items) is True
    assert unique([*items, "c5"]) is False
    # JSON equality, as jsonschema has it: 1 is 1.0, true is not 1, maps in any order
    assert unique([1, 1.0]) is False and unique([True, 1]) is True
    assert unique([{"a": 1, "b": [2]}, {"b": [2.0], "a": 1}]) is False
    assert unique([[1, 2], [2, 1]]) is True
