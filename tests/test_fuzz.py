"""A structure-aware fuzz test of the loader, validation and the whole pipeline: every
example declaration, mutated as an attacker would (a value replaced by a hostile one, a key
dropped or added, a list grown, an id disguised), gives findings and never a traceback or
an internal error, and the same verdict whichever way the same data is written."""

from __future__ import annotations

import copy
import datetime
import json
import os

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.config import default_config
from checker.load import load_text
from checker.options import RunOptions
from checker.pipeline import Checker
from checker.rules import INTERNAL
from checker.source import iter_items
from tests.conftest import EXAMPLES, TODAY
from tests.test_escaping import HOSTILE

SETTINGS = settings(
    max_examples=int(os.environ.get("HYPOTHESIS_EXAMPLES", "60")),
    deadline=None,
    derandomize=True,  # the same examples every run: a gate's suite must not pass by luck
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
CHECKER = Checker(RunOptions(today=datetime.date.fromisoformat(TODAY)))
CONFIG = default_config()
DOCUMENTS = [load_text(p.read_text(encoding="utf-8"), p.name).document for p in EXAMPLES]

hostile_text = st.one_of(
    st.sampled_from(HOSTILE),
    st.sampled_from(
        [
            "TODO fill in",
            "EU\n",
            "gpt-4\u043e",
            "meta-llama/Llama\u200b-3.1-8B-Instruct",
            "x" * 300,
            "9999-12-31",
            "2026-02-30",
            "",
            " ",
            "%2e%2e/%2e%2e",
        ]
    ),
    # text YAML can carry (its printable set: no surrogates, noncharacters or C1 controls),
    # within the BMP: the loader refuses the surrogate pairs JSON escapes astral characters
    # as (PyYAML reads `\ud800\udc00` as two invalid escapes, not one character)
    st.text(
        alphabet=st.characters(
            max_codepoint=0xFFFF,
            blacklist_categories=("Cs", "Co", "Cn"),
            blacklist_characters="\x85\ufffe\uffff",
        ),
        max_size=30,
    ),
)
values = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(10**6), 10**6),
        st.floats(allow_nan=False, allow_infinity=False),
        hostile_text,
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(hostile_text, inner, max_size=3)
    ),
    max_leaves=12,
)


def _tokens(pointer: str) -> list[str]:
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer[1:].split("/")]


def _parent(document: object, tokens: list[str]) -> object:
    holder = document
    for token in tokens[:-1]:
        holder = holder[int(token)] if isinstance(holder, list) else holder[token]  # type: ignore[index]
    return holder


@st.composite
def mutated(draw: st.DrawFn) -> object:
    """An example with one to three structure-aware mutations."""
    document = copy.deepcopy(draw(st.sampled_from(DOCUMENTS)))
    for _ in range(draw(st.integers(1, 3))):
        pointers = [p for p, _ in iter_items(document) if p]
        if not pointers:
            break
        tokens = _tokens(draw(st.sampled_from(pointers)))
        holder = _parent(document, tokens)
        last = tokens[-1]
        slot: int | str = int(last) if isinstance(holder, list) else last
        kind = draw(st.sampled_from(["replace", "drop", "add", "grow"]))
        if kind == "replace":
            holder[slot] = draw(values)  # type: ignore[index]
        elif kind == "drop":
            del holder[slot]  # type: ignore[arg-type]
        elif kind == "add" and isinstance(holder, dict):
            holder[draw(hostile_text)] = draw(values)
        elif isinstance(holder, list):
            holder.extend([copy.deepcopy(holder[slot])] * draw(st.integers(1, 50)))  # type: ignore[index]
    return document


def _verdict(text: str) -> tuple[bool, list[tuple[str, str, str]]]:
    loaded = load_text(text, "llm-choice.yaml")
    result = CHECKER.check_loaded(loaded, CONFIG).result
    findings = result.findings
    assert not [f for f in findings if f.rule == INTERNAL.id], [f.message for f in findings]
    for finding in findings:
        assert finding.line >= 1 and finding.column >= 1 and finding.message
        assert len(finding.message) < 5000  # excerpts only, whatever the value
    return (
        result.failed(result.fail_level or CHECKER.fail_level()),
        sorted({(f.rule, f.severity.value, f.pointer) for f in findings}),
    )


class _NoAliases(yaml.SafeDumper):
    def ignore_aliases(self, data: object) -> bool:
        return True


@SETTINGS
@given(mutated())
def test_a_mutated_example_is_judged_the_same_however_it_is_written(document: object) -> None:
    # JSON is YAML: one flow line, every character beyond ASCII escaped (raw, U+2028 would
    # be a line break to YAML, which folds it); then block YAML, as PyYAML writes it
    as_json = json.dumps(document, ensure_ascii=True)
    # each value written where it stands (a mutation that repeats one entry would otherwise
    # come out as an anchor and an alias, another text of the same data: see
    # tests/test_rejected_values.py for an alias of a placeholder)
    as_block = yaml.dump(
        document, Dumper=_NoAliases, allow_unicode=False, sort_keys=False, width=10_000
    )
    first = _verdict(as_json)
    assert _verdict(as_block) == first, (as_json, as_block)
    assert _verdict(json.dumps(document, indent=2, ensure_ascii=True)) == first
