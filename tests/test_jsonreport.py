"""The JSON report, both ways: what `check --format json` writes is what `--baseline` and
`audit --from-reports` read back, and the reader's models agree with the published schema."""

from __future__ import annotations

import io
import json
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from checker import jsonreport
from checker.discover import Target
from checker.options import RunOptions
from checker.pipeline import check
from tests.conftest import EXAMPLES, ROOT, TODAY

SCHEMA = json.loads((ROOT / "schemas" / "report.schema.json").read_text(encoding="utf-8"))


def written(paths: list[Path]) -> str:
    import datetime

    report = check(
        [Target(p, p.name) for p in paths],
        RunOptions(today=datetime.date.fromisoformat(TODAY)),
    )
    stream = io.StringIO()
    jsonreport.write(report.complete(), stream)
    return stream.getvalue()


def test_what_is_written_is_valid_and_reads_back_as_it_was_checked() -> None:
    text = written(EXAMPLES)
    data = json.loads(text)
    jsonschema.validate(data, SCHEMA)
    read = jsonreport.parse(text, "r.json")
    assert [f.file for f in read.files] == [f["file"] for f in data["files"]]
    for entry, raw in zip(read.files, data["files"], strict=True):
        assert entry.passed == raw["passed"]
        assert [f.rule for f in entry.findings] == [f["rule"] for f in raw["findings"]]
        assert entry.declaration is not None
        # the declaration summary survives the round trip whole
        assert jsonreport.declaration_to_dict(entry.declaration) == raw["declaration"]


def test_an_empty_run_is_a_valid_report() -> None:
    data = json.loads(written([]))
    jsonschema.validate(data, SCHEMA)
    assert data["files"] == [] and data["passed"] is True


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda r: r.update(tool={"name": "other", "version": "1"}), "/tool/name"),
        (lambda r: r["files"][0].update(passed="yes"), "/files/0/passed"),
        (lambda r: r["files"][0]["findings"].append({"rule": 1}), "/files/0/findings/"),
        (lambda r: r["summary"].update(error=-1), "/summary/error"),
    ],
)
def test_a_report_that_is_not_what_the_schema_says_is_refused_at_its_pointer(
    change, where: str
) -> None:
    data = json.loads(written(EXAMPLES[:1]))
    change(data)
    with pytest.raises(jsonreport.ReportFileError, match=f"at {where}"):
        jsonreport.parse(json.dumps(data), "r.json")


# -- the reader's models and the published schema -------------------------------------------


def _resolve(node: dict, root: dict) -> dict:
    while "$ref" in node:
        node = root["$defs"][node["$ref"].rsplit("/", 1)[1]]
    return node


def shape(node: dict, root: dict) -> tuple:
    """What a schema node accepts, as a comparable value: kind, properties, required."""
    node = _resolve(node, root)
    nullable = False
    options = node.get("anyOf") or node.get("oneOf")
    if options:
        resolved = [_resolve(o, root) for o in options]
        rest = [o for o in resolved if o.get("type") != "null"]
        nullable = len(rest) < len(resolved)
        if sorted(o.get("type") for o in rest) == ["integer", "number"]:
            return ("number", nullable)  # an integer is a number: the same values
        if len(rest) != 1:
            return ("union", tuple(sorted(repr(shape(o, root)) for o in rest)), nullable)
        node = rest[0]
    kind = node.get("type")
    if isinstance(kind, list):
        nullable = nullable or "null" in kind
        kind = next(k for k in kind if k != "null")
    if kind is None and "const" in node:
        kind = {int: "integer", str: "string", bool: "boolean"}[type(node["const"])]
    if kind is None and "enum" in node:
        kind = "string"
    if kind == "object":
        properties = {k: shape(v, root) for k, v in node.get("properties", {}).items()}
        return ("object", properties, frozenset(node.get("required", [])), nullable)
    if kind == "array":
        return ("array", shape(node.get("items", {}), root), nullable)
    return (kind, nullable)


def drift(published: tuple, models: tuple, at: str = "") -> list[str]:
    """Where the reader's models and the schema disagree. The reader may be more lenient
    (accept null, or a missing key the schema requires), never stricter or different."""
    if published[0] != models[0]:
        return [f"{at or '/'}: {published[0]} in the schema, {models[0]} in the models"]
    if published[0] == "object":
        _, props, required, _ = published
        _, model_props, model_required, _ = models
        problems = [f"{at}/{k}: only in one of them" for k in sorted(set(props) ^ set(model_props))]
        problems += [f"{at}/{k}: required by the models only" for k in model_required - required]
        for key in sorted(set(props) & set(model_props)):
            problems += drift(props[key], model_props[key], f"{at}/{key}")
        return problems
    if published[0] == "array":
        return drift(published[1], models[1], f"{at}[]")
    if published[0] == "union":
        return [] if published[1] == models[1] else [f"{at}: the numbers differ"]
    return []


def test_the_readers_models_and_the_published_schema_do_not_drift() -> None:
    generated = jsonreport.json_schema()
    assert drift(shape(SCHEMA, SCHEMA), shape(generated, generated)) == []


def test_the_drift_check_notices_a_key_the_schema_lacks() -> None:
    generated = jsonreport.json_schema()
    narrowed = json.loads(json.dumps(SCHEMA))
    del narrowed["properties"]["summary"]["properties"]["baselined"]
    assert drift(shape(narrowed, narrowed), shape(generated, generated)) == [
        "/summary/baselined: only in one of them"
    ]


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)


@given(_JSON, st.sampled_from(["", "    "]))
def test_the_writer_prints_json_as_the_standard_library_indents_it(value, pad) -> None:
    # each line indented by `pad`: lines end at "\n" only (textwrap would also break at
    # U+2028 and U+0085, which json leaves unescaped inside strings, and change them)
    text = json.dumps(value, indent=2, ensure_ascii=False)
    assert pad + jsonreport.pretty(value, pad) == "\n".join(pad + line for line in text.split("\n"))
    assert json.loads(jsonreport.pretty(value, pad)) == value


def test_a_line_separator_inside_a_value_is_written_as_it_is() -> None:
    """U+2028 and U+0085 end a line for str.splitlines (and so for textwrap, which the
    writer once indented each file's entry with): the value must come back unchanged."""
    from checker.report import FileResult, Finding, Report, Severity

    message = "before\u2028after\x85end"
    finding = Finding("LC101", Severity.ERROR, message, "a.yaml", 1, 1)
    stream = io.StringIO()
    jsonreport.write(Report([FileResult("a.yaml", (finding,))]).complete(), stream)
    assert json.loads(stream.getvalue())["files"][0]["findings"][0]["message"] == message
