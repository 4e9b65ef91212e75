"""One identity per model (checker/canonical.py): an id written with look-alike letters,
invisible characters, other dashes, full-width forms or percent-encoding resolves to the
model it imitates, and the disguise is a finding (LC415), not a stranger's free pass."""

from __future__ import annotations

import json

import pytest

from checker.canonical import MAX_ID_LENGTH, canonical_id
from tests.conftest import EXAMPLES, TODAY

PLAIN = "meta-llama/Llama-3.1-8B-Instruct"
DISGUISES = {
    "look-alike-characters": "meta-llama/Ll\u0430ma-3.1-8B-Instruct",  # Cyrillic a
    "invisible-characters": "meta-llama/Llama-3.1\u200b-8B-Instruct\u2060",
    "dashes": "meta\u2010llama/Llama\u20133.1\u22128B-Instruct",
    "compatibility-forms": "\uff4deta-llama/Llama-3.1-8B-Instruct",  # full-width m
    "percent-encoded": "meta-llama%2FLlama-3.1-8B%252DInstruct",  # %25: encoded twice
    "spaces": "Meta Llama\u16803.1 8B Instruct",  # Ogham space mark: NFKC keeps it
}


@pytest.mark.parametrize("kind", sorted(DISGUISES))
def test_every_disguise_is_undone_and_named(kind: str) -> None:
    found = canonical_id(DISGUISES[kind])
    assert kind in found.altered
    assert found.text.lower() in (PLAIN.lower(), "meta llama 3.1 8b instruct")
    assert canonical_id(found.text).altered == ()  # the canonical form is a fixed point


def test_a_plain_id_is_its_own_canonical_form() -> None:
    for plain in (PLAIN, "gpt-4o-2024-08-06", "anthropic.claude-3-5-sonnet-20241022-v2:0"):
        assert canonical_id(plain).text == plain and canonical_id(plain).altered == ()


def test_an_id_in_another_script_is_not_read_as_latin() -> None:
    """Only an id whose every non-ASCII letter imitates a Latin one is read as Latin."""
    chinese = "Qwen/\u901a\u4e49\u5343\u95ee-7B"
    assert canonical_id(chinese).text == chinese and canonical_id(chinese).altered == ()


def test_an_id_beyond_the_bound_is_not_worked_on() -> None:
    long = "a" + "\u200b" * (MAX_ID_LENGTH * 4000)  # ~1 MiB of invisible characters
    found = canonical_id(long)
    assert found.altered == ("too-long",) and not found.readable and found.text is long


def _with_id(model_id: str, tmp_path) -> dict:
    text = EXAMPLES[0].read_text(encoding="utf-8")
    assert f"id: {PLAIN}" in text
    declaration = tmp_path / "llm-choice.yaml"
    declaration.write_text(text.replace(f"id: {PLAIN}", f"id: {json.dumps(model_id)}"))
    return declaration


@pytest.mark.parametrize("kind", sorted(DISGUISES))
def test_a_disguised_id_fails_the_gate_and_is_judged_as_the_model_it_imitates(
    cli, tmp_path, kind: str
) -> None:
    run = cli(
        "check", "--today", TODAY, "--format", "json", str(_with_id(DISGUISES[kind], tmp_path))
    )
    (entry,) = json.loads(run.out)["files"]
    rules = {f["rule"] for f in entry["findings"]}
    assert run.code == 1 and "LC415" in rules and "LC408" not in rules, rules
    (finding,) = [f for f in entry["findings"] if f["rule"] == "LC415"]
    assert kind in finding["message"]
    # control: written plainly, the same declaration passes
    assert cli("check", "--today", TODAY, str(_with_id(PLAIN, tmp_path))).code == 0


def test_an_id_over_the_bound_is_a_schema_finding(cli, tmp_path) -> None:
    run = cli("check", "--today", TODAY, "--format", "json", str(_with_id("x" * 5000, tmp_path)))
    rules = [f["rule"] for f in json.loads(run.out)["files"][0]["findings"]]
    assert run.code == 1 and "LC010" in rules
