"""The strict loader: hostile input is data, positions are exact, nothing runs."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from checker import load
from checker.load import load_bytes, load_file, load_text
from checker.load.scalars import resolve_plain
from tests.conftest import MINIMAL


def rules_at(loaded: load.Loaded) -> list[tuple[str, int, int]]:
    return [(f.rule, f.line, f.column) for f in loaded.findings]


def test_document_and_positions_of_every_value_and_key() -> None:
    loaded = load_text(MINIMAL, "f.yaml")
    assert loaded.findings == ()
    assert loaded.document["models"][0]["deployment"] == {"mode": "vendor-api"}
    source = loaded.source
    assert source.value_at("/models/0/deployment/mode") == (7, 24)
    assert source.key_at("/models/0/deployment") == (7, 5)
    assert source.key_at("/project/owner") == (2, 23)
    # a pointer that does not exist falls back to its nearest existing ancestor
    assert source.value_at("/models/0/licence/id") == source.value_at("/models/0")


def test_pointer_tokens_are_escaped() -> None:
    loaded = load_text("a/b: {c~d: 1}\n", "f.yaml")
    assert loaded.source.value_at("/a~1b/c~0d") == (1, 12)


def test_duplicate_key_is_a_finding_at_the_second_key_and_the_last_is_kept() -> None:
    # other YAML readers keep the last value: policies and reports judge what they see
    loaded = load_text("a: 1\nb:\n  c: {d: 1, e: 1}\n  c: {d: 2}\n", "f.yaml")
    assert rules_at(loaded) == [("LC002", 4, 3)]
    assert loaded.document == {"a": 1, "b": {"c": {"d": 2}}}
    assert "first at line 3" in loaded.findings[0].message
    assert loaded.source.value_at("/b/c") == (4, 6)
    assert loaded.source.value_at("/b/c/d") == (4, 10)
    assert loaded.source.key_at("/b/c") == (4, 3)
    assert not loaded.source.has("/b/c/e")  # the first value's keys are gone too


def test_an_alias_of_a_replaced_value_still_points_at_it() -> None:
    loaded = load_text("a: &x {b: 1}\na: {b: 2}\nc: *x\n", "f.yaml")
    assert loaded.document == {"a": {"b": 2}, "c": {"b": 1}}
    assert loaded.source.value_at("/a/b") == (2, 8)
    assert loaded.source.value_at("/c/b") == (1, 11)


def test_many_duplicate_keys_stop_the_load() -> None:
    text = "".join(f"k: {{v: {i}}}\n" for i in range(200))
    assert [f.rule for f in load_text(text, "f.yaml").findings][-1] == "LC008"


def test_python_tags_run_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    payloads = [
        'a: !!python/object/apply:os.system ["touch pwned"]\n',
        "a: !!python/object/new:os.system [touch pwned]\n",
        "a: !!python/name:os.system\n",
        'a: !!python/object/apply:subprocess.call [["touch", "pwned"]]\n',
    ]
    for payload in payloads:
        loaded = load_text(payload, "f.yaml")
        assert [f.rule for f in loaded.findings] == ["LC003"], payload
        assert "nothing was run" in loaded.findings[0].message
    assert list(tmp_path.iterdir()) == []


def test_custom_and_unknown_tags_are_findings() -> None:
    loaded = load_text("a: !secret x\nb: !!set {x}\nc: !!str 5\n", "f.yaml")
    assert rules_at(loaded) == [("LC003", 1, 4), ("LC003", 2, 4)]
    assert loaded.document["c"] == "5"


@pytest.mark.parametrize(
    ("text", "yaml11", "yaml12"),
    [
        ("NO", False, "NO"),
        ("on", True, "on"),
        ("yes", True, "yes"),
        ("Off", False, "Off"),
        ("y", "y", "y"),  # PyYAML keeps y as text, but the YAML 1.1 spec makes it true
        ("1e3", "1e3", 1000.0),
        ("010", 8, 10),
        ("0o10", "0o10", 8),
        ("1_000", 1000, "1_000"),
        ("1:20", 80, "1:20"),
    ],
)
def test_plain_values_that_yaml_versions_disagree_on(
    text: str, yaml11: object, yaml12: object
) -> None:
    value, ambiguity = resolve_plain(text)
    assert value == yaml11 and type(value) is type(yaml11)
    assert ambiguity is not None
    assert ambiguity.text == text
    if text != "y":
        assert ambiguity.yaml12 == yaml12


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("true", True),
        ("false", False),
        ("12", 12),
        ("-3.5", -3.5),
        ("0x1F", 31),
        ("~", None),
        ("null", None),
        ("2026-03-02", "2026-03-02"),
        ("hello", "hello"),
        ("v1.2", "v1.2"),
    ],
)
def test_plain_values_every_reader_agrees_on(text: str, value: object) -> None:
    resolved, ambiguity = resolve_plain(text)
    assert resolved == value and type(resolved) is type(value)
    assert ambiguity is None


def test_quoted_values_and_keys_are_always_text() -> None:
    loaded = load_text("'on': 'yes'\nno: \"1e3\"\n", "f.yaml")
    assert loaded.document == {"on": "yes", "no": "1e3"}
    assert loaded.source.ambiguous == {}


def test_timestamps_stay_text_for_the_schema_to_check() -> None:
    loaded = load_text("date: 2026-03-02\nwhen: 2026-03-02 10:00:00\n", "f.yaml")
    assert loaded.document == {"date": "2026-03-02", "when": "2026-03-02 10:00:00"}


def test_empty_file() -> None:
    assert rules_at(load_bytes(b"", "f.yaml")) == [("LC006", 1, 1)]
    assert [f.rule for f in load_text("\n\n# just a comment\n", "f.yaml").findings] == ["LC006"]
    assert [f.rule for f in load_text("---\n", "f.yaml").findings] == ["LC006"]


def test_several_documents() -> None:
    loaded = load_text(MINIMAL + "---\nversion: 1\n", "f.yaml")
    assert rules_at(loaded) == [("LC007", 8, 1)]


def test_tabs_used_for_indentation() -> None:
    loaded = load_text("project:\n\tname: demo\n", "f.yaml")
    assert rules_at(loaded) == [("LC009", 2, 1)]
    assert "spaces" in loaded.findings[0].message


def test_bytes_that_are_not_utf8_are_located() -> None:
    loaded = load_bytes(b"version: 1\nproject:\n  name: caf\xe9\n", "f.yaml")
    assert rules_at(loaded) == [("LC005", 3, 12)]
    assert "0xE9" in loaded.findings[0].message and "UTF-8" in loaded.findings[0].message


def test_utf8_bom_crlf_and_utf16_are_read_correctly() -> None:
    crlf = MINIMAL.replace("\n", "\r\n").encode()
    for data in (codecs.BOM_UTF8 + MINIMAL.encode(), crlf, MINIMAL.encode("utf-16")):
        loaded = load_bytes(data, "f.yaml")
        assert loaded.findings == ()
        assert loaded.document["models"][0]["deployment"]["mode"] == "vendor-api"
        assert loaded.source.value_at("/models/0/deployment/mode") == (7, 24)


def test_control_characters_are_a_finding_at_their_place() -> None:
    loaded = load_text("a: 1\nb: x\x07y\n", "f.yaml")
    assert rules_at(loaded) == [("LC001", 2, 5)]


def test_a_60_megabyte_file_is_refused_without_being_read(tmp_path: Path) -> None:
    big = tmp_path / "llm-choice.yaml"
    with big.open("wb") as stream:
        stream.write(b"a: b\n" * (12 * 1024 * 1024))
    loaded = load_file(big)
    assert rules_at(loaded) == [("LC008", 1, 1)]
    assert loaded.document is None


@pytest.mark.parametrize("opener", ["[", "{a: "])
def test_100000_nested_brackets_stop_at_the_depth_limit(opener: str) -> None:
    closer = "]" if opener == "[" else "}"
    loaded = load_text(opener * 100_000 + closer * 100_000, "f.yaml")
    assert [f.rule for f in loaded.findings] == ["LC008"]
    assert "nested more than 64 levels" in loaded.findings[0].message


def billion_laughs(levels: int = 9) -> str:
    lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels + 1):
        refs = ", ".join([f"*l{level - 1}"] * 9)
        lines.append(f"l{level}: &l{level} [{refs}]")
    return "\n".join(lines) + "\n"


def test_billion_laughs_is_refused_at_the_alias_that_crosses_the_limit() -> None:
    loaded = load_text(billion_laughs(), "f.yaml")
    assert [f.rule for f in loaded.findings] == ["LC008"]
    assert "alias" in loaded.findings[0].message
    assert loaded.document is None


def test_aliases_within_limits_are_expanded_and_point_at_their_anchor() -> None:
    loaded = load_text("a: &d {mode: on-prem}\nb: *d\n", "f.yaml")
    assert loaded.document == {"a": {"mode": "on-prem"}, "b": {"mode": "on-prem"}}
    assert loaded.source.value_at("/b/mode") == (1, 14)


def test_merge_keys_merge_and_written_keys_win() -> None:
    text = "base: &b {mode: on-prem, serving: vllm}\nm:\n  <<: *b\n  mode: private-cloud\n"
    loaded = load_text(text, "f.yaml")
    assert loaded.findings == ()
    assert loaded.document["m"] == {"mode": "private-cloud", "serving": "vllm"}
    assert loaded.source.value_at("/m/serving") == (1, 35)
    assert loaded.source.value_at("/m/mode") == (4, 9)


def test_undefined_and_recursive_aliases() -> None:
    assert [f.rule for f in load_text("a: *x\n", "f.yaml").findings] == ["LC001"]
    assert [f.rule for f in load_text("a: &x [*x]\n", "f.yaml").findings] == ["LC001"]


def test_keys_that_are_lists_or_maps_are_refused() -> None:
    loaded = load_text("? [a, b]\n: c\n", "f.yaml")
    assert [f.rule for f in loaded.findings] == ["LC001"]


def test_unreadable_file_is_a_finding(tmp_path: Path) -> None:
    loaded = load_file(tmp_path)  # a directory cannot be read as a file
    assert [f.rule for f in loaded.findings] == ["LC000"]


def test_an_over_indented_key_is_told_to_indent_not_to_quote() -> None:
    loaded = load_text("version: 1\nproject:\n  name: x\n    owner: a@example.com\n", "f.yaml")
    (finding,) = loaded.findings
    assert (finding.rule, finding.line) == ("LC001", 4)
    assert "indented deeper than the key on the line above, 2 spaces there and 4 here" in (
        finding.message
    )
    assert "quote the value" not in finding.message
    # a ': ' inside a plain value on the key's own line is still told to quote it
    (inline,) = load_text("version: 1\nnote: a: b\n", "f.yaml").findings
    assert "quote the value" in inline.message
