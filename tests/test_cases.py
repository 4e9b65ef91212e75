"""Every file in tests/cases states the findings it must produce in `# expect:` lines.

`# expect: RULE@LINE:COLUMN` (the syntax of policy cases, read by the same parser) means
exactly that finding; the file must produce exactly the findings it expects, no more and
no fewer.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest

from checker.cases import directives
from checker.discover import Target
from checker.options import RunOptions
from checker.pipeline import Checker
from tests.conftest import CASES, EXAMPLES, ROOT

# these cases are about the file itself (bytes, YAML, schema): the built-in policies are off
FILE_RULES_ONLY = Checker(RunOptions(default_policies=False))


def expectations(path: Path) -> list[tuple[str, int | None, int | None]]:
    stated = directives(path.read_text(encoding="utf-8")).expectations
    assert all(e.present and e.line and e.column for e in stated), "each names its place"
    return sorted((e.rule, e.line, e.column) for e in stated)


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


def _catalogue_as_of() -> datetime.date:
    """The latest date any fact in the built-in catalogue was checked."""
    dates = re.findall(r"as_of:\s*(\d{4}-\d{2}-\d{2})", _catalogue_text())
    return max(datetime.date.fromisoformat(d) for d in dates)


def _catalogue_text() -> str:
    return "".join(
        p.read_text(encoding="utf-8") for p in (ROOT / "policies" / "catalogue").glob("*.yaml")
    )


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_examples_stay_clean_a_year_past_the_catalogue(path: Path) -> None:
    """The README's first command checks the examples: a model they name must not retire,
    nor any other fact turn against them, within a year of the catalogue's as-of date. The
    yearly licence review falling due (LC203, a warning) is the one reminder they may get:
    a review that is a year old is meant to be repeated."""
    as_of = _catalogue_as_of()
    later = as_of.replace(year=as_of.year + 1)
    result = Checker(RunOptions(today=later)).check_file(Target(path, path.name))
    unexpected = [f for f in result.findings if f.rule != "LC203"]
    assert not unexpected, "\n".join(f"{f.rule} {f.message}" for f in unexpected)
    assert all(f.severity.value != "error" for f in result.findings)


def test_one_parser_reads_every_form_of_expectation() -> None:
    stated = directives(
        "# today: 2026-11-24\n# config: c.yaml\n# expect: LC101\n# expect: LC104@23\n"
        "# expect: LC010@5:19\n# expect-waived: LC404\n# expect-not: LC102\n"
        "#   expect: LC999 words after it are not a directive\n"
    )
    assert (stated.today, stated.config) == ("2026-11-24", "c.yaml")
    assert [str(e) for e in stated.expectations] == [
        "expect: LC101",
        "expect: LC104@23",
        "expect: LC010@5:19",
        "expect-waived: LC404",
        "expect-not: LC102",
    ]
