"""docs/rules/: a page per rule, generated from the rules' data and never stale."""

from __future__ import annotations

import importlib.util
import json

from checker.policies.packs import load_pack
from checker.rules import CORE_RULES, RULE_DOCS
from checker.support.resources import data_dir
from tests.conftest import EXAMPLES, ROOT, TODAY

PAGES = ROOT / "docs" / "rules"


def generated() -> dict[str, str]:
    spec = importlib.util.spec_from_file_location("rule_docs", ROOT / "scripts" / "rule_docs.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.pages()


def test_every_page_is_as_the_rules_data_writes_it() -> None:
    wanted = generated()
    on_disk = {p.name: p.read_text(encoding="utf-8") for p in PAGES.glob("*.md")}
    stale = sorted(name for name in wanted if on_disk.get(name) != wanted[name])
    extra = sorted(set(on_disk) - set(wanted))
    assert not stale and not extra, (
        f"docs/rules/ is stale (pages {stale}, no longer a rule: {extra}): "
        "run .venv/bin/python scripts/rule_docs.py"
    )


def test_every_built_in_rule_has_a_page_and_sarif_links_it(cli) -> None:
    pack = load_pack(data_dir("policies"))
    ids = [rule.id for rule in CORE_RULES] + [raw.document["id"] for raw in pack.policies]
    assert len(ids) >= 38
    assert {f"{i}.md" for i in ids} <= {p.name for p in PAGES.glob("*.md")}
    # the pack names the same pages as the rules about the file
    assert pack.policies[0].docs == RULE_DOCS
    run = cli("check", "--today", TODAY, "--format", "sarif", *map(str, EXAMPLES))
    rules = json.loads(run.out)["runs"][0]["tool"]["driver"]["rules"]
    assert {rule["id"] for rule in rules} == set(ids)
    for rule in rules:
        assert rule["helpUri"] == RULE_DOCS.replace("{id}", rule["id"])
        # a full description that explains, not the short one again
        assert rule["fullDescription"]["text"] != rule["shortDescription"]["text"]
        assert len(rule["fullDescription"]["text"]) > 80, rule["id"]
