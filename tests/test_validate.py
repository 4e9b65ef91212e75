"""Schema validation: readable messages, exact positions, every error reported."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from checker.load import load_text
from checker.source import display_path, iter_items
from checker.validate import validate
from tests.conftest import EXAMPLES


def findings_for(text: str) -> list[tuple[str, int, int, str]]:
    loaded = load_text(text, "f.yaml")
    return [(f.rule, f.line, f.column, f.message) for f in loaded.findings + validate(loaded)]


def lines_of(text: str) -> set[int]:
    return {line for _, line, _, _ in findings_for(text)}


def scalar_fields(path: Path) -> list[tuple[str, int, int]]:
    """(pointer, line, column) of every single-line plain or quoted scalar in a file."""
    text = path.read_text(encoding="utf-8")
    loaded = load_text(text, path.name)
    rows = text.splitlines()
    fields = []
    for pointer, value in iter_items(loaded.document):
        if isinstance(value, (dict, list)) or not pointer:
            continue
        line, column = loaded.source.value_at(pointer)
        start = rows[line - 1][column - 1]
        if start not in "|>[{":  # block scalars span lines; flow items are edited in place
            fields.append((pointer, line, column))
    return fields


def keys_of(path: Path) -> list[tuple[str, int, int]]:
    loaded = load_text(path.read_text(encoding="utf-8"), path.name)
    return [(p, *loc) for p, loc in loaded.source.keys.items() if not p.endswith("\0")]


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_breaking_any_value_gives_a_finding_at_its_line(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    rows = text.splitlines(keepends=True)
    fields = scalar_fields(path)
    assert len(fields) > 15
    for pointer, line, column in fields:
        broken = rows.copy()
        row = rows[line - 1]
        end = _value_end(row, column - 1)
        # a map where a scalar belongs is wrong for every field of the schema
        broken[line - 1] = row[: column - 1] + "{broken: 1}" + row[end:]
        assert line in lines_of("".join(broken)), f"{pointer} at line {line}"


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_misspelling_any_key_gives_a_finding_at_its_line(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    rows = text.splitlines(keepends=True)
    for pointer, line, column in keys_of(path):
        if re.fullmatch(r".*/\d+", pointer):
            continue  # list items have no key
        broken = rows.copy()
        row = rows[line - 1]
        broken[line - 1] = row[: column - 1] + "zz" + row[column - 1 :]
        found = findings_for("".join(broken))
        assert any(
            line == at_line and "unknown key 'zz" in message for _, at_line, _, message in found
        ), f"{pointer} at line {line}: {found}"


def _value_end(row: str, start: int) -> int:
    """Where a single-line scalar that starts at `start` ends (before a comment or `,}]`)."""
    if row[start] in "\"'":
        return row.index(row[start], start + 1) + 1
    end = start
    while end < len(row) and row[end] not in ",]}\n" and not row.startswith(" #", end):
        end += 1
    return end


def test_all_errors_are_reported_not_just_the_first() -> None:
    text = (
        "version: 3\nproject: {name: '', owner: x}\ndata: {classification: internal}\n"
        "models:\n  - {id: m, openness: shut, deployment: {mode: moon}}\n"
    )
    found = findings_for(text)
    assert [(line, column) for _, line, column, _ in found] == [(1, 10), (2, 17), (5, 23), (5, 48)]


def test_missing_key_points_at_the_parent_key() -> None:
    text = "version: 1\nproject:\n  name: demo\ndata: {classification: x}\nmodels: [{id: m}]\n"
    found = findings_for(text)
    assert ("LC010", 2, 1) in [(r, line, c) for r, line, c, _ in found]
    messages = [m for *_, m in found]
    assert any("project is missing the required key 'owner'" in m for m in messages)
    assert any("models[0] is missing the required key 'openness'" in m for m in messages)


def test_unknown_top_level_key_suggests_the_closest_known_one() -> None:
    text = (
        "version: 1\nproject: {name: d, owner: o}\ndata: {classification: x}\n"
        "models: [{id: m, openness: closed, deployment: {mode: vendor-api}}]\n"
        "cots: {rationale: x}\nx-team-budget: 12\n"
    )
    found = findings_for(text)
    assert len(found) == 1
    rule, line, column, message = found[0]
    assert (rule, line, column) == ("LC010", 5, 1)
    assert "unknown key 'cots' at the top level: did you mean 'cost'?" in message


def test_wrong_types_say_what_was_expected_and_how_to_fix() -> None:
    text = (
        "version: 1\nproject: {name: 42, owner: o}\ndata: {classification: x}\n"
        "models: [{id: m, openness: closed, deployment: {mode: vendor-api, regions: eu}}]\n"
    )
    messages = [m for *_, m in findings_for(text)]
    assert 'project.name must be text, not the number 42: quote it ("42")' in messages
    assert 'models[0].deployment.regions must be a list, not the text "eu"' in messages


def test_ambiguous_value_where_text_is_wanted_says_to_quote_it() -> None:
    text = (
        "version: 1\nproject: {name: d, owner: o}\ndata: {classification: ON}\n"
        "models: [{id: m, openness: closed, deployment: {mode: vendor-api}}]\n"
    )
    [(rule, line, column, message)] = findings_for(text)
    assert (rule, line, column) == ("LC004", 3, 24)
    assert message.endswith('quote it ("ON")')


@pytest.mark.parametrize(
    ("pointer", "shown"),
    [
        ("", "the declaration"),
        ("/models/0/licence/id", "models[0].licence.id"),
        ("/a~1b/c~0d", "a/b.c~d"),
    ],
)
def test_display_path(pointer: str, shown: str) -> None:
    assert display_path(pointer) == shown


def test_a_value_with_a_final_newline_is_not_the_value_the_schema_allows(cli, tmp_path) -> None:
    """Python's `$` matches before a final newline, so `EU\\n` passed the schema's country
    pattern and reached the residency policies as a place that is no place (ECMA-262, which
    JSON Schema's patterns are, has no such match)."""
    import json

    from tests.conftest import EXAMPLES, TODAY

    text = EXAMPLES[0].read_text(encoding="utf-8")
    assert "residency: [EU]" in text
    declaration = tmp_path / "llm-choice.yaml"
    for written, rejected in (('"EU\\n"', True), ('"DE\\n"', True), ("EU", False)):
        declaration.write_text(text.replace("residency: [EU]", f"residency: [{written}]", 1))
        run = cli("check", "--today", TODAY, "--format", "json", str(declaration))
        findings = json.loads(run.out)["files"][0]["findings"]
        said = any(f["rule"] == "LC010" and "residency" in f["message"] for f in findings)
        assert said is rejected
