"""The model catalogue: every entry's examples resolve to it, and its licence facts agree
with the SPDX licence list."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from checker.catalogue import Catalogue, Entry
from checker.enrich import osi_approved
from checker.identity import resolve
from checker.policies.packs import load_pack
from tests.conftest import ROOT

PACK = load_pack(ROOT / "policies")
ENTRIES = PACK.catalogue


def catalogue(*entries: Entry) -> Catalogue:
    found = Catalogue()
    found.add(entries or ENTRIES)
    return found


def test_the_catalogue_covers_the_families_a_review_board_asks_about() -> None:
    families = " ".join(e.data["family"] for e in ENTRIES).lower()
    for name in (
        "llama 3.1",
        "llama 3.2",
        "llama 3.3",
        "llama 4",
        "gemma 2",
        "gemma 3",
        "mistral",
        "gpt-oss",
        "qwen",
        "deepseek",
        "phi-3",
        "phi-4",
        "olmo 2",
        "granite",
        "gpt-4o",
        "gpt-4.1",
        "gpt-5",
        "claude",
        "gemini",
    ):
        assert name in families, name


def test_keys_are_unique() -> None:
    keys = [e.key for e in ENTRIES]
    assert len(keys) == len(set(keys))


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.key)
def test_every_example_id_resolves_to_its_own_entry_alone(entry: Entry) -> None:
    everything = catalogue()
    for model_id in entry.data["examples"]:
        found = resolve(everything, model_id)
        assert found.entry is not None and found.entry.key == entry.key, (model_id, found)
        assert found.conflict == (), model_id  # no other entry ties with it
        assert (found.how == "family") == entry.fallback, model_id
        assert resolve(everything, model_id.upper()).entry == found.entry  # case aside


@pytest.mark.parametrize("entry", [e for e in ENTRIES if e.licence], ids=lambda e: e.key)
def test_osi_flag_agrees_with_the_spdx_licence_list(entry: Entry) -> None:
    licence = entry.licence
    assert bool(osi_approved(licence["id"])) == licence["osi_approved"], licence["id"]


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.key)
def test_every_fact_names_its_source(entry: Entry) -> None:
    sources = entry.data["sources"]
    for fact in ("openness", "licence", "restrictions", "hosted_fine_tuning", "runs_on"):
        if fact in entry.data:
            assert sources[fact]["url"].startswith("https://"), fact
    if "deprecation" in entry.data:
        assert "deprecation" in sources
    if not entry.fallback:
        assert {"openness", "licence"} <= entry.data.keys()


def _releases(family: Entry) -> list[Entry]:
    """The specific entries of a family: those whose examples the fallback's patterns match
    once the specific entries are set aside."""
    alone = catalogue(family)
    return [
        e
        for e in ENTRIES
        if not e.fallback and any(alone.family_matches(x) == [family] for x in e.examples)
    ]


FALLBACKS = [e for e in ENTRIES if e.fallback]


@pytest.mark.parametrize("family", FALLBACKS, ids=lambda e: e.key)
def test_a_family_fallback_carries_no_fact_its_releases_differ_in(family: Entry) -> None:
    """A fallback knows the family, not the release: a fact that differs between the
    releases it stands for is named under `unchecked` and never carried, so that it cannot
    drive a contradiction (LC204, LC206, LC407) for a release it does not know."""
    releases = _releases(family)
    # a family with no listed release is one retired as a whole (GPT-3 completions)
    assert releases or family.retired, family.key
    if family.retired:  # a family's retirement applies to each release: all are retired
        assert all(e.retired for e in releases), family.key

    def value(entry: Entry, fact: str) -> object:
        if fact == "licence":
            return entry.licence_id
        if fact == "deprecation":
            return bool(entry.retired)
        return repr(entry.data.get(fact))

    for fact in ("licence", "openness", "deprecation", "hosted_fine_tuning"):
        seen = {value(e, fact) for e in releases}
        if len(seen) > 1:
            assert fact in family.unchecked, (family.key, fact, seen)
        if fact in family.unchecked:
            assert fact not in family.data, (family.key, fact)
        elif releases and fact in family.data and fact != "deprecation":
            assert seen == {value(family, fact)}, (family.key, fact, seen)


def test_a_fallback_never_carries_an_unchecked_fact_even_if_a_pack_writes_one() -> None:
    written = {
        "key": "acme-family",
        "fallback": True,
        "unchecked": ["licence", "deprecation"],
        "licence": {"id": "MIT"},
        "deprecation": {"retired": True},
        "openness": "open-weight",
    }
    entry = Entry("acme-family", written, "org.yaml")
    assert entry.licence_id is None and not entry.retired
    assert entry.openness == "open-weight" and entry.unchecked == ("licence", "deprecation")


def test_a_later_entry_with_the_same_key_replaces_the_earlier(tmp_path: Path) -> None:
    [llama] = [e for e in ENTRIES if e.key == "llama-3.1"]
    override = Entry("llama-3.1", {**llama.data, "openness": "closed"}, "org.yaml")
    found = catalogue(*ENTRIES)
    found.add([override])
    assert found.match("meta-llama/Llama-3.1-8B-Instruct").data["openness"] == "closed"


def test_unknown_models_match_nothing() -> None:
    assert catalogue().match("acme/in-house-model-7b") is None


def test_every_file_of_the_built_in_pack_is_valid_against_its_schema() -> None:
    # the built-in pack is trusted at run time (not validated on every `check`), so here
    from checker.load import load_file
    from checker.validate import validate

    root = ROOT / "policies"
    files = {
        "pack.schema.json": [root / "pack.yaml"],
        "policy.schema.json": sorted((root / "rules").glob("*.yaml")),
        "catalogue.schema.json": sorted((root / "catalogue").glob("*.yaml")),
    }
    assert len(files["policy.schema.json"]) >= 26
    for schema, paths in files.items():
        for path in paths:
            loaded = load_file(path)
            assert loaded.findings + validate(loaded, schema) == (), path


@given(
    st.lists(st.text("ab-.:/", max_size=3), min_size=2, max_size=4),
    st.text("ab-.:/AB", max_size=12),
)
def test_a_wildcard_pattern_matches_as_a_regular_expression_would(
    parts: list[str], text: str
) -> None:
    """`*` matches any run of characters, case aside; the scan agrees with re.fullmatch."""
    import re

    from checker.catalogue import _Pattern

    pattern = "*".join(parts)
    regex = re.compile(".*".join(re.escape(p) for p in parts), re.IGNORECASE | re.DOTALL)
    scanned = _Pattern(tuple(pattern.lower().split("*")), 0, None).fits(text.lower())  # type: ignore[arg-type]
    assert scanned == bool(regex.fullmatch(text))
