#!/usr/bin/env python3
"""Write docs/rules/: one page per rule (the built-in pack's policies and the rules about the
file itself), from the rules' own data. tests/test_rule_docs.py fails when a page is stale.

    .venv/bin/python scripts/rule_docs.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checker.policies.packs import load_pack  # noqa: E402 - after the path is set
from checker.render.rule_docs import file_rule_pages, index, policy_pages  # noqa: E402
from checker.rules import CORE_RULES  # noqa: E402

PAGES = ROOT / "docs" / "rules"


def pages() -> dict[str, str]:
    """Every page of docs/rules/ by file name, as it should be."""
    found = {
        **file_rule_pages(CORE_RULES, (ROOT / "tests" / "cases").glob("*.yaml"), ROOT, PAGES),
        **policy_pages(load_pack(ROOT / "policies"), ROOT, PAGES),
    }
    return {**found, "README.md": index(found)}


def main() -> int:
    PAGES.mkdir(parents=True, exist_ok=True)
    wanted = pages()
    for stale in set(p.name for p in PAGES.glob("*.md")) - set(wanted):
        (PAGES / stale).unlink()
    for name, text in wanted.items():
        (PAGES / name).write_text(text, encoding="utf-8")
    print(f"wrote {len(wanted)} pages to {PAGES.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
