"""Every file in tests/cases states the findings it must produce in `# expect:` lines.

`# expect: RULE LINE:COLUMN` means exactly that finding; the file must produce exactly the
findings it expects, no more and no fewer.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from checker.discover import Target
from checker.options import RunOptions
from checker.pipeline import Checker
from tests.conftest import CASES, EXAMPLES

# these cases are about the file itself (bytes, YAML, schema): the built-in policies are off
FILE_RULES_ONLY = Checker(RunOptions(default_policies=False))

EXPECT = re.compile(r"#\s*expect:\s*(\S+)\s+(\d+):(\d+)")


def expectations(path: Path) -> list[tuple[str, int, int]]:
    text = path.read_text(encoding="utf-8")
    return sorted((rule, int(line), int(col)) for rule, line, col in EXPECT.findall(text))


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.name)
def test_case_produces_exactly_its_expected_findings(path: Path) -> None:
    expected = expectations(path)
    assert expected, f"{path.name} states no expectation"
    result = FILE_RULES_ONLY.check_file(Target(path, path.name))
    found = sorted((f.rule, f.line, f.column) for f in result.findings)
    assert found == expected, "\n".join(f.message for f in result.findings)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_examples_are_well_formed_and_valid(path: Path) -> None:
    result = FILE_RULES_ONLY.check_file(Target(path, path.name))
    assert result.findings == ()


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_examples_name_the_schema_for_editors(path: Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../schemas/llm-choice.schema.json"
