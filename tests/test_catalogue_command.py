"""`llm-choice catalogue which|list|show|check` (checker/commands/catalogue.py)."""

from __future__ import annotations

import json
import os

from tests.conftest import ROOT

CHECKED = "2026-11-29"  # the catalogue's as-of date: the tests pin dates around it


def test_which_explains_each_step_and_the_entry(cli) -> None:
    run = cli("catalogue", "which", "bedrock/eu.anthropic.claude-haiku-4-5-20251001-v1:0")
    assert run.code == 0
    assert "removed the router or platform prefix 'bedrock/'" in run.out
    assert "removed the Bedrock cross-Region prefix 'eu'" in run.out
    assert "-> claude-haiku-4.5 (Claude Haiku 4.5, Anthropic; closed" in run.out


def test_which_says_when_only_the_family_is_known_or_nothing(cli) -> None:
    family = json.loads(cli("catalogue", "which", "claude-opus-7", "--format", "json").out)
    assert (family["key"], family["how"]) == ("claude", "family")
    unknown = json.loads(cli("catalogue", "which", "acme/in-house-7b", "--format", "json").out)
    assert (unknown["key"], unknown["how"]) == (None, "unknown")


def test_show_lists_every_fact_with_its_source_and_as_of_date(cli) -> None:
    run = cli("catalogue", "show", "claude-3-haiku")
    assert run.code == 0
    assert "retirement: 2026-04-20" in run.out
    assert "channel bedrock:" in run.out and "hosted fine-tuning: yes" in run.out
    assert "channels.vertex.deprecation (as of 2026-11-29): https://" in run.out
    # a fact read in a third party's page says so
    assert "channels.bedrock.deprecation (as of 2026-07-17, secondary): https://" in run.out
    assert cli("catalogue", "show", "no-such-key").code == 2


def test_list_marks_facts_older_than_the_set_age(cli) -> None:
    fresh = cli("catalogue", "list", "--today", CHECKED)
    assert fresh.code == 0 and "llama-3.1" in fresh.out
    later = json.loads(cli("catalogue", "list", "--today", "2027-11-29", "--format", "json").out)
    assert later["max_age_days"] == 180
    assert all(entry["stale"] for entry in later["entries"])


def test_check_fails_when_a_fact_is_stale_and_names_it(cli, tmp_path) -> None:
    # on the day of release every source was checked within 180 days
    assert cli("catalogue", "check", "--today", "2026-12-04").code == 0
    # a fact ages from the date its source was read: Gemini 2.0's, read on 2026-06-18
    stale = cli("catalogue", "check", "--today", "2027-01-01")
    assert stale.code == 1
    assert "deprecation: as of 2026-06-18, 197 days old" in stale.out
    assert "llama-3.1" not in stale.out  # only the stale entries are listed
    config = tmp_path / "llm-choice.config.yaml"
    config.write_text("version: 1\nsettings: {catalogue_max_age_days: 400}\n")
    assert cli("catalogue", "check", "--today", "2027-01-01", "--config", str(config)).code == 0
    later = cli("catalogue", "check", "--today", "2028-01-31", "--config", str(config))
    assert later.code == 1 and "llama-3.1" in later.out


def catalogue_table() -> str:
    """The README's table of families and the id forms each resolves, from the catalogue."""
    from tests.test_identity import CATALOGUE

    rows = [
        "| provider | key | family | runs on | id forms it resolves (each an `examples` entry"
        " the tests resolve) |",
        "|---|---|---|---|---|",
    ]
    entries = sorted(CATALOGUE.entries.values(), key=lambda e: (e.provider, e.fallback, e.key))
    for e in entries:
        family = e.family + (" *(family fallback)*" if e.fallback else "")
        channels = sorted(e.data.get("channels") or {})
        if channels:
            family += f"; own facts on: {', '.join(channels)}"
        if e.unchecked:
            family += f"; not checked: {', '.join(e.unchecked)}"
        runs_on = ", ".join(e.runs_on)
        if not runs_on:
            weights = e.openness in ("open-weight", "open-source")
            runs_on = "varies by release" if e.fallback else "self-hosted" if weights else "-"
        forms = ", ".join(f"`{x}`" for x in e.examples)
        rows.append(f"| {e.provider} | `{e.key}` | {family} | {runs_on} | {forms} |")
    return "\n".join(rows) + "\n"


def test_the_catalogue_readme_lists_every_family_with_its_id_forms() -> None:
    """Regenerate the table with UPDATE_CATALOGUE_TABLE=1 (then read the diff)."""
    readme = ROOT / "policies" / "catalogue" / "README.md"
    text = readme.read_text(encoding="utf-8")
    start = text.index("| provider | key | family |")
    end = text.index("\n\n", start) + 1
    if os.environ.get("UPDATE_CATALOGUE_TABLE"):
        readme.write_text(text[:start] + catalogue_table() + text[end:], encoding="utf-8")
        text = readme.read_text(encoding="utf-8")
        end = text.index("\n\n", start) + 1
    assert text[start:end] == catalogue_table()


CARD = "---\nlicense: apache-2.0\nbase_model: Qwen/Qwen3-8B\n---\n# Acme support model\n"


def test_add_scaffolds_a_valid_pack_entry_from_a_hub_card(cli, tmp_path) -> None:
    from checker.catalogue import Catalogue
    from checker.identity import resolve
    from checker.policies.packs import load_pack

    card = tmp_path / "README.md"
    card.write_text(CARD, encoding="utf-8")
    pack = tmp_path / "pack"
    (pack / "catalogue").mkdir(parents=True)
    (pack / "pack.yaml").write_text("version: 1\nname: acme\n", encoding="utf-8")
    target = pack / "catalogue" / "acme.yaml"
    run = cli(
        "catalogue", "add", "acme/support-qwen3-8b", "--card", str(card), "--output", str(target)
    )
    assert run.code == 0, run.err
    text = target.read_text(encoding="utf-8")
    assert "base model: Qwen/Qwen3-8B" in text and "&id" not in text
    found = Catalogue()
    found.add(load_pack(pack).catalogue)  # the pack loads: the file is valid
    entry = resolve(found, "acme/support-qwen3-8b").entry
    assert entry is not None and entry.licence_id == "Apache-2.0"
    assert entry.openness == "open-weight" and entry.runs_on == ("self-hosted",)
    again = cli(
        "catalogue", "add", "acme/support-qwen3-8b", "--card", str(card), "--output", str(target)
    )
    assert again.code == 2 and "exists" in again.err
    assert target.read_text(encoding="utf-8") == text  # never overwritten


def test_add_asks_for_what_no_card_states_and_refuses_known_ids(cli, tmp_path) -> None:
    missing = cli("catalogue", "add", "acme/internal-model")
    assert missing.code == 2 and "--licence" in missing.err
    no_class = cli("catalogue", "add", "acme/internal-model", "--licence", "MIT")
    assert no_class.code == 2 and "--openness" in no_class.err
    terms = cli(
        "catalogue",
        "add",
        "acme/internal-model",
        "--licence",
        "LicenseRef-Acme",
        "--openness",
        "closed",
        "--source",
        "https://acme.example/terms",
    )
    assert terms.code == 2 and "--commercial-use" in terms.err
    done = cli(
        "catalogue",
        "add",
        "acme/internal-model",
        "--licence",
        "LicenseRef-Acme",
        "--openness",
        "closed",
        "--source",
        "https://acme.example/terms",
        "--commercial-use",
        "yes",
    )
    assert done.code == 0 and "key: acme-internal-model" in done.out
    known = cli("catalogue", "add", "meta-llama/Llama-3.1-8B-Instruct", "--licence", "MIT")
    assert known.code == 2 and "already knows" in known.err and "llama-3.1" in known.err
    bad = tmp_path / "card.md"
    bad.write_text("no front matter\n", encoding="utf-8")
    unreadable = cli("catalogue", "add", "acme/x", "--card", str(bad))
    assert unreadable.code == 2 and "front matter" in unreadable.err


FEEDS = ROOT / "tests" / "data" / "feeds"


def test_import_compares_an_sdk_model_list_and_writes_nothing(cli, tmp_path) -> None:
    import json

    before = sorted(p.stat().st_mtime_ns for p in (ROOT / "policies" / "catalogue").glob("*"))
    sdk = FEEDS / "anthropic-sdk-python-model_param.py.txt"
    run = cli("catalogue", "import", str(sdk), "--from", "anthropic-sdk", "--format", "json")
    assert run.code == 0, run.err
    proposal = json.loads(run.out)
    assert proposal["counts"]["ids"] == 17
    family = {row["id"]: row for row in proposal["family_only"]}
    # the SDK of 2026-08 lists Claude releases the catalogue knows only as the family
    assert family["claude-opus-4-7"]["family"] == "claude"
    assert "deprecation" in family["claude-opus-4-7"]["not_checked"]
    known = {row["id"]: row["key"] for row in proposal["known"]}
    assert known["claude-sonnet-4-5-20250929"] == "claude-sonnet-4.5"
    after = sorted(p.stat().st_mtime_ns for p in (ROOT / "policies" / "catalogue").glob("*"))
    assert before == after  # a proposal, never a write


def test_import_reads_a_file_as_text_and_rejects_what_is_not_a_model_list(cli, tmp_path) -> None:
    text = cli(
        "catalogue",
        "import",
        str(FEEDS / "openai-python-chat_model.py.txt"),
        "--from",
        "openai-sdk",
    )
    assert text.code == 0 and "73 ids" in text.out and "gpt-audio-mini" in text.out
    hostile = tmp_path / "chat_model.py"
    hostile.write_text("import os\nos.system('touch pwned')\nX = Literal[\n", encoding="utf-8")
    bad = cli("catalogue", "import", str(hostile), "--from", "openai-sdk")
    assert bad.code == 2 and f"{hostile}:" in bad.err and not (tmp_path / "pwned").exists()
    empty = tmp_path / "empty.py"
    empty.write_text("X = 1\n", encoding="utf-8")
    none = cli("catalogue", "import", str(empty), "--from", "openai-sdk")
    assert none.code == 2 and "no Literal" in none.err
