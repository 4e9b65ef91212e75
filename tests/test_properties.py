"""Property tests: whatever the input, the outcome is findings or a clean pass, never a crash."""

from __future__ import annotations

import copy
import datetime
import os

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.config import default_config
from checker.load import load_bytes, load_text
from checker.options import RunOptions
from checker.pipeline import Checker
from checker.report import Finding
from checker.source import iter_items
from checker.validate import validate
from tests.conftest import EXAMPLES, MINIMAL, TODAY

EXAMPLE = EXAMPLES[0]

SETTINGS = settings(
    max_examples=int(os.environ.get("HYPOTHESIS_EXAMPLES", "300")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

# text made mostly of the characters YAML gives meaning to, so that it often parses
yaml_text = st.text(
    alphabet=st.sampled_from([*list("abcxyz01 :-#&*!|>'\"[]{},?%@`\t\n\r~."), "é", "\x00"]),
    max_size=200,
)
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=20)
)
documents = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.text(max_size=10), children, max_size=4),
    ),
    max_leaves=30,
)


def check_outcome(loaded) -> None:
    findings = loaded.findings + validate(loaded)
    for finding in findings:
        assert isinstance(finding, Finding)
        assert finding.line >= 1 and finding.column >= 1
        assert finding.message


@SETTINGS
@given(yaml_text)
def test_random_text_gives_findings_or_a_document(text: str) -> None:
    check_outcome(load_text(text, "f.yaml"))


@SETTINGS
@given(st.binary(max_size=200))
def test_random_bytes_give_findings_or_a_document(data: bytes) -> None:
    check_outcome(load_bytes(data, "f.yaml"))


@SETTINGS
@given(documents)
def test_random_documents_are_loaded_as_written_and_validated(document: object) -> None:
    text = yaml.safe_dump(document, allow_unicode=True)
    loaded = load_text(text, "f.yaml")
    check_outcome(loaded)
    if not loaded.findings and not loaded.source.ambiguous:
        # the same data PyYAML's own safe loader reads (the dumper, not the loader, decides
        # how odd characters such as U+0085 survive the round trip)
        assert loaded.document == yaml.safe_load(text)


CHECKER = Checker(RunOptions(today=datetime.date.fromisoformat(TODAY)))
CONFIG = default_config()


@SETTINGS
@given(st.data())
def test_random_values_spliced_into_a_valid_declaration(data: st.DataObject) -> None:
    lines = MINIMAL.splitlines()
    index = data.draw(st.integers(0, len(lines) - 1))
    key = lines[index].split(":")[0]
    value = data.draw(documents)
    flow = yaml.safe_dump(value, default_flow_style=True, width=10_000).strip()
    flow = flow.removesuffix("\n...").removesuffix("...").strip()
    lines[index] = f"{key}: {flow}" if ":" in lines[index] else lines[index]
    loaded = load_text("\n".join(lines) + "\n", "f.yaml")
    check_outcome(loaded)
    # and through the whole pipeline: facts and policies cope with any shape
    result = CHECKER.check_loaded(loaded, CONFIG).result
    assert all(f.line >= 1 for f in result.findings)


@SETTINGS
@given(st.data())
def test_random_values_anywhere_in_an_example_through_every_policy(data: st.DataObject) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    loaded = load_text(text, "f.yaml")
    pointers = [p for p, _ in iter_items(loaded.document) if p]
    pointer = data.draw(st.sampled_from(pointers))
    document = copy.deepcopy(loaded.document)
    *parents, last = [t.replace("~1", "/").replace("~0", "~") for t in pointer[1:].split("/")]
    holder = document
    for token in parents:
        holder = holder[int(token)] if isinstance(holder, list) else holder[token]
    value = data.draw(documents)
    if isinstance(holder, list):
        holder[int(last)] = value
    else:
        holder[last] = value
    mutated = load_text(yaml.safe_dump(document, allow_unicode=True), "f.yaml")
    result = CHECKER.check_loaded(mutated, CONFIG).result
    assert all(f.line >= 1 and f.message for f in result.findings)
