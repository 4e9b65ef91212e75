"""A documentation page per rule, in Markdown, written from the rule's own data: a policy's
file in its pack (rationale, remediation, condition, message, references, the cases that
show it) or a rule about the file itself. `scripts/rule_docs.py` writes them to docs/rules/.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from checker.policies.model import Pack
from checker.report import Rule

EXPECT = re.compile(r"^# expect: ([A-Z]+[0-9]+)", re.MULTILINE)
SCOPES = {"project": "the declaration, once", "model": "each entry of `models`, once each"}


def _cases(paths: Iterable[Path]) -> dict[str, list[Path]]:
    """The case files that expect each rule."""
    found: dict[str, list[Path]] = {}
    for path in sorted(paths):
        for rule in dict.fromkeys(EXPECT.findall(path.read_text(encoding="utf-8"))):
            found.setdefault(rule, []).append(path)
    return found


def _relative(path: Path, root: Path, pages: Path) -> str:
    return Path(*[".."] * len(pages.relative_to(root).parts), path.relative_to(root)).as_posix()


def _yaml(value: Any) -> str:
    import yaml  # lazy: only the documentation script needs a YAML writer

    return yaml.safe_dump(value, sort_keys=False, allow_unicode=True, width=88).rstrip()


def _footer(source: str) -> str:
    return f"\n<!-- generated from {source} by scripts/rule_docs.py: do not edit -->\n"


def policy_pages(pack: Pack, root: Path, pages: Path) -> dict[str, str]:
    """File name -> page, for every policy of `pack` (paths relative to the repository
    `root`; the pages go to `pages`)."""
    cases = _cases(pack.cases)
    written = {}
    for raw in pack.policies:
        doc = raw.document
        source = Path(raw.file).resolve().relative_to(root).as_posix()
        lines = [
            f"# {doc['id']} {doc['name']}",
            "",
            f"**{doc['title']}**",
            "",
            "| | |",
            "|---|---|",
            f"| severity | {doc['severity']} |",
            f"| evaluated for | {SCOPES.get(doc['scope'], doc['scope'])} |",
            f"| waivable | {'yes' if doc.get('waivable', True) else 'no'} |",
            f"| pack | {pack.name} ([`{source}`]({_relative(root / source, root, pages)})) |",
            "",
            "## Why",
            "",
            doc["rationale"].strip(),
            "",
            "## What to do",
            "",
            doc["remediation"].strip(),
            "",
            "## The condition",
            "",
            "The policy applies when every `when` condition holds and reports a finding when a "
            "`require` condition does not (each a dotted path into the declaration, tested "
            "by a JSON Schema fragment; see [the policy language](../policies.md)).",
            "",
            "```yaml",
            _yaml({k: doc[k] for k in ("when", "require", "at", "escalate") if k in doc}),
            "```",
            "",
            "The finding's message:",
            "",
            "> " + " ".join(doc["message"].split()),
        ]
        examples = cases.get(doc["id"], [])
        if examples:
            lines += ["", "## Examples", "", "Declarations that produce this finding:", ""]
            lines += [f"- [`{p.name}`]({_relative(p, root, pages)})" for p in examples]
        references = doc.get("references", [])
        if references:
            lines += ["", "## References", ""]
            lines += [
                f"- [{r['title']}]({r['url']})" if r.get("url") else f"- {r['title']}"
                for r in references
            ]
        written[f"{doc['id']}.md"] = "\n".join(lines) + "\n" + _footer(source)
    return written


def file_rule_pages(rules: Iterable[Rule], cases: Iterable[Path], root: Path, pages: Path):
    """File name -> page, for the rules about the file itself."""
    expected = _cases(cases)
    written = {}
    for rule in rules:
        lines = [
            f"# {rule.id} {rule.name}",
            "",
            f"**{rule.title}**",
            "",
            "| | |",
            "|---|---|",
            f"| severity | {rule.severity.value} |",
            "| evaluated for | the file itself, before any policy |",
            "| waivable | no: a file that cannot be read as a declaration cannot be checked |",
            "",
            "## Why",
            "",
            rule.description,
            "",
            "## What to do",
            "",
            rule.remediation,
        ]
        examples = expected.get(rule.id, [])
        if examples:
            lines += ["", "## Examples", "", "Files that produce this finding:", ""]
            lines += [f"- [`{p.name}`]({_relative(p, root, pages)})" for p in examples]
        if rule.help_uri:
            lines += ["", "## References", "", f"- <{rule.help_uri}>"]
        written[f"{rule.id}.md"] = "\n".join(lines) + "\n" + _footer("checker/rules.py")
    return written


def index(pages: dict[str, str]) -> str:
    """docs/rules/README.md: every page, by id, with its title."""
    lines = [
        "# Rules",
        "",
        "One page per rule, generated from the rule's own data by `scripts/rule_docs.py`; "
        "SARIF output links each rule here (`helpUri`).",
        "",
        "| rule | title |",
        "|---|---|",
    ]
    for name in sorted(pages):
        heading, _, title = pages[name].split("\n", 3)[:3]
        lines.append(f"| [{heading[2:]}]({name}) | {title.strip('*')} |")
    return "\n".join(lines) + "\n" + _footer("checker/rules.py and policies/rules/")
