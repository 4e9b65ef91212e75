"""Identity resolution (checker/identity.py): ids as projects write them -> one entry, and why."""

from __future__ import annotations

import pytest

from checker.catalogue import Catalogue, licence_names
from checker.identity import resolve
from checker.policies.packs import load_pack
from tests.conftest import ROOT

CATALOGUE = Catalogue()
CATALOGUE.add(load_pack(ROOT / "policies").catalogue)
# the share of tests/data/current-ids.tsv that resolves to its class and licence
FLOOR = 0.95  # 344 of 359 on 2026-12-04


@pytest.mark.parametrize(
    ("model_id", "key", "how"),
    [
        ("meta-llama/Llama-3.1-8B-Instruct", "llama-3.1", "exact"),
        ("META-LLAMA/LLAMA-3.1-8B-INSTRUCT", "llama-3.1", "exact"),
        # re-uploads, quantisations and conversions
        ("unsloth/Meta-Llama-3.1-8B-Instruct-bnb-4bit", "llama-3.1", "normalised"),
        ("bartowski/gemma-2-9b-it-GGUF", "gemma-2", "normalised"),
        ("mlx-community/Mistral-7B-Instruct-v0.3-4bit", "mistral-7b", "normalised"),
        ("lmstudio-community/Meta-Llama-3.1-8B-Instruct-GGUF", "llama-3.1", "normalised"),
        # runtime tags
        ("llama3.1:8b-instruct-q4_K_M", "llama-3.1", "exact"),
        ("ollama/qwen2.5:32b-instruct-q8_0", "qwen-2.5", "normalised"),
        # Bedrock: region and vendor prefixes, version and context suffixes
        ("eu.anthropic.claude-haiku-4-5-20251001-v1:0", "claude-haiku-4.5", "normalised"),
        (
            "bedrock/global.anthropic.claude-sonnet-4-5-20250929-v1:0",
            "claude-sonnet-4.5",
            "normalised",
        ),
        ("us-gov.anthropic.claude-3-5-sonnet-20240620-v1:0", "claude-3-5-sonnet", "normalised"),
        ("anthropic.claude-3-haiku-20240307-v1:0:200k", "claude-3-haiku", "normalised"),
        ("meta.llama3-1-70b-instruct-v1:0", "llama-3.1", "normalised"),
        # Vertex AI's @version
        ("vertex_ai/claude-sonnet-4@20250514", "claude-sonnet-4", "normalised"),
        ("claude-3-5-sonnet-v2@20241022", "claude-3-5-sonnet", "exact"),
        # routers and gateways
        ("openrouter/anthropic/claude-3.5-sonnet", "claude-3-5-sonnet", "normalised"),
        ("azure/gpt-4o-mini", "gpt-4o-mini", "normalised"),
        ("@cf/meta/llama-3.1-8b-instruct", "llama-3.1", "normalised"),
        # prose and old spellings
        ("Claude 3.5 Haiku", "claude-3-5-haiku", "normalised"),
        ("claude-4-sonnet-20250514", "claude-sonnet-4", "normalised"),
        # an unknown version of a known family: the family's shared facts
        ("claude-opus-9-20300101", "claude", "family"),
        # a snapshot the catalogue does not list: its family's entry, but not its dates
        ("gpt-4o-2025-01-01", "gpt-4o", "family"),
    ],
)
def test_an_id_as_written_resolves_to_its_entry(model_id: str, key: str, how: str) -> None:
    found = resolve(CATALOGUE, model_id)
    assert found.entry is not None, found
    assert (found.entry.key, found.how) == (key, how), found.steps


def test_every_normalisation_step_is_recorded_with_the_id_it_gave() -> None:
    found = resolve(CATALOGUE, "bedrock/eu.anthropic.claude-sonnet-4-20250514-v1:0")
    assert [s.gives for s in found.steps] == [
        "eu.anthropic.claude-sonnet-4-20250514-v1:0",
        "anthropic.claude-sonnet-4-20250514-v1:0",
        "claude-sonnet-4-20250514",
    ]
    assert found.matched == "claude-sonnet-4-20250514"


def test_an_unrelated_id_stays_unknown() -> None:
    for model_id in ("acme/in-house-model-7b", "my-classifier", "amazon.titan-embed-text-v2:0"):
        found = resolve(CATALOGUE, model_id)
        assert (found.entry, found.how) == (None, "unknown"), model_id


def test_a_size_licensed_differently_survives_normalisation() -> None:
    # Qwen2.5 3B is under the research licence: the size must not be normalised away
    assert resolve(CATALOGUE, "ollama/qwen2.5:3b-instruct-q4_K_M").entry.key == "qwen-2.5-3b"
    assert resolve(CATALOGUE, "bartowski/Qwen2.5-3B-Instruct-GGUF").entry.key == "qwen-2.5-3b"


def test_the_identity_module_compiles_no_regular_expression() -> None:
    # `check` starts on every commit: resolution is plain string work
    source = (ROOT / "checker" / "identity.py").read_text(encoding="utf-8")
    assert "import re" not in source


def _real_ids() -> list[dict[str, str]]:
    """Model ids collected from public sources (hub pages, platform and router docs, SDKs),
    each with the source it was read in and the catalogue key it should resolve to: `-` for
    a vendor the catalogue does not cover, `?...` for a family it should know but lacks."""
    lines = (ROOT / "tests" / "data" / "real-ids.tsv").read_text(encoding="utf-8").splitlines()
    head = lines[0].split("\t")
    return [dict(zip(head, line.split("\t"), strict=True)) for line in lines[1:]]


def test_real_ids_resolve_to_their_expected_entries() -> None:
    rows = _real_ids()
    assert len(rows) >= 100 and all(r["source_url"].startswith("https://") for r in rows)
    wrong = []
    for row in rows:
        found = resolve(CATALOGUE, row["id"])
        key = found.entry.key if found.entry else "-"
        if key != row["expected_key"]:
            wrong.append((row["id"], row["expected_key"], key))
    share = 1 - len(wrong) / len(rows)
    # 341 of 343 on 2026-12-04 (338 on 2026-11-29); the misses are families the catalogue
    # lacks (`?` keys); Qwen2 and Azure's Qwen-32B now reach the Qwen family entry
    assert share >= 0.97, wrong
    assert all(expected.startswith("?") for _, expected, _ in wrong), wrong


def test_ids_of_vendors_the_catalogue_does_not_cover_stay_unknown() -> None:
    for row in _real_ids():
        if row["expected_key"] == "-":
            assert resolve(CATALOGUE, row["id"]).entry is None, row["id"]


def _current_ids() -> list[dict[str, str]]:
    """Ids of models current or recently retired on 2026-12-04, as projects write them
    (SDK model lists, vendor pages, hub pages, cloud and router docs), each with the class
    and licence its source states: collected without the resolver, so that the share that
    resolves right measures the catalogue rather than restating it."""
    text = (ROOT / "tests" / "data" / "current-ids.tsv").read_text(encoding="utf-8")
    lines = text.splitlines()
    head = lines[0].split("\t")
    return [dict(zip(head, line.split("\t"), strict=True)) for line in lines[1:]]


def resolves_right(row: dict[str, str]) -> bool:
    """The id reaches an entry of the class and licence its source states."""
    found = resolve(CATALOGUE, row["id"])
    entry = found.entry
    if entry is None or entry.openness != row["expected_class"]:
        return False
    return row["expected_licence"].lower() in licence_names(entry.licence)


def test_most_current_ids_resolve_to_their_class_and_licence() -> None:
    rows = _current_ids()
    assert len(rows) >= 150 and all(r["source_url"] for r in rows)
    right = [r for r in rows if resolves_right(r)]
    share = len(right) / len(rows)
    # run `.venv/bin/python -m pytest tests/test_identity.py -k current_ids -q` for the share
    assert share >= FLOOR, f"{len(right)} of {len(rows)} ({share:.0%})"


def test_no_current_id_of_an_open_family_reaches_a_closed_fact_by_its_family() -> None:
    """Where a family has published weights and API-only models under one name (Qwen,
    Mistral), an id known only by its family carries neither class nor licence."""
    for row in _current_ids():
        found = resolve(CATALOGUE, row["id"])
        if found.entry is not None and found.entry.fallback and found.entry.openness:
            assert found.entry.openness == row["expected_class"], row["id"]


def test_the_platform_tables_are_data_each_described() -> None:
    import json

    tables = json.loads((ROOT / "checker" / "platforms.json").read_text(encoding="utf-8"))
    for name, table in tables.items():
        if name == "description":
            continue
        assert table["description"] and table["values"], name
    from checker import identity

    # prefixes and suffixes are tried longest first, whatever the order in the file
    assert list(identity.ROUTERS) == sorted(identity.ROUTERS, key=len, reverse=True)
    assert "bedrock_converse/" in identity.ROUTERS and "unsloth" in identity.REUPLOADERS
