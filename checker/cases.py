"""`policies test`: a pack's test cases, as `conftest verify` runs them: declarations with
their expectations, checked through the whole pipeline.

A case is a declaration in a pack's cases/ directory with comment lines:

    # today: 2026-11-24         the date the case is judged on (default: the run's date)
    # config: enforcing.yaml    a configuration to check it with (a path from the case;
                                default: the pack under test, on top of the built-in one)
    # expect: LC101             the case must raise LC101 ...
    # expect: LC104@23          ... and LC104 at line 23
    # expect: LC104@23:5        ... at line 23, column 5
    # expect-waived: LC404      the case must raise LC404, and a waiver must cover it
    # expect-not: LC102         the case must not raise LC102 (waived or not)
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from checker.config import Config, load_config
from checker.discover import Target
from checker.errors import PolicyError
from checker.options import RunOptions
from checker.pipeline import Checker
from checker.policies.model import PolicySet
from checker.policies.packs import load_pack
from checker.report import Finding
from checker.rules import file_rule
from checker.support.resources import BUILTIN
from checker.validate import shown

# one syntax for every file that states its findings: `# expect: RULE[@LINE[:COLUMN]]`
_DIRECTIVE = re.compile(
    r"^#\s*(today|config|evidence|expect|expect-waived|expect-not):\s*(\S+?)(?:@(\d+)(?::(\d+))?)?\s*$",
    re.MULTILINE | re.IGNORECASE,
)


@dataclass(frozen=True)
class Expectation:
    rule: str
    present: bool
    line: int | None = None
    waived: bool = False  # with present: raised, and covered by a waiver
    column: int | None = None  # with line: raised at that very place

    def __str__(self) -> str:
        where = f"@{self.line}" if self.line else ""
        where += f":{self.column}" if self.line and self.column else ""
        kind = "expect-waived" if self.waived else "expect" if self.present else "expect-not"
        return f"{kind}: {self.rule}{where}"


@dataclass(frozen=True)
class Directives:
    """What a file states about its own check: the day to judge it on, the configuration
    to judge it with, and the findings it expects."""

    today: str | None
    config: str | None
    expectations: tuple[Expectation, ...]
    evidence: str | None = None  # a directory of code to hold the declaration against


def directives(text: str) -> Directives:
    """The `# today:`, `# config:` and `# expect...:` lines of a file."""
    today = config = evidence = None
    expectations = []
    for kind, value, line, column in _DIRECTIVE.findall(text):
        kind = kind.lower()
        if kind == "today":
            today = value
        elif kind == "config":
            config = value
        elif kind == "evidence":
            evidence = value
        else:
            expectations.append(
                Expectation(
                    value,
                    kind != "expect-not",
                    int(line) if line else None,
                    waived=kind == "expect-waived",
                    column=int(column) if line and column else None,
                )
            )
    return Directives(today, config, tuple(expectations), evidence)


@dataclass(frozen=True)
class CaseResult:
    file: str
    expectations: tuple[Expectation, ...]
    problems: tuple[str, ...]  # empty: the case passed
    findings: tuple[Finding, ...]

    @property
    def passed(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class TestRun:
    pack: str
    cases: tuple[CaseResult, ...]
    # policies of the pack under test without a case that raises / must not raise them
    not_raised_by_any_case: tuple[str, ...]
    not_refuted_by_any_case: tuple[str, ...]

    @property
    def passed(self) -> bool:
        return all(case.passed for case in self.cases) and bool(self.cases)


def run_cases(directory: Path, options: RunOptions) -> TestRun:
    """Run the cases of the pack in `directory`; a case without `# today:` is judged on the
    run's date (`options.today`), and the built-in pack is loaded too unless
    `options.default_policies` is off."""
    root = directory.resolve()
    pack = load_pack(root)
    if not pack.cases:
        raise PolicyError(f"{shown(root)}: no cases (cases/*.yaml) to run")
    packs = [str(root)]
    if options.default_policies and pack.name != BUILTIN:
        packs.insert(0, BUILTIN)
    config = Config(file=None, base=root, packs=tuple(packs))
    results = []
    raised: set[str] = set()
    refuted: set[str] = set()
    for path in pack.cases:
        stated = directives(path.read_text(encoding="utf-8", errors="replace"))
        pinned = options.today
        case_config = config
        if stated.config is not None:
            named = path.parent / stated.config
            if not named.is_file():
                raise PolicyError(f"{shown(path)}: `# config: {stated.config}`: no such file")
            case_config = load_config(named)
        if stated.today is not None:
            try:
                pinned = dt.date.fromisoformat(stated.today)
            except ValueError:
                raise PolicyError(
                    f"{shown(path)}: `# today: {stated.today}` is not a YYYY-MM-DD date"
                ) from None
        expectations = list(stated.expectations)
        evidence = None
        if stated.evidence is not None:
            evidence = _evidence(path, stated.evidence, case_config, options)
        checker = Checker(RunOptions(today=pinned, evidence=evidence), config=case_config)
        checked = checker.check(Target(path, shown(path)))
        policies = checked.policies
        result = checked.result
        problems = _compare(expectations, result.findings, policies)
        for expectation in expectations:
            policy = policies.policy(expectation.rule)
            if policy is not None:
                (raised if expectation.present else refuted).add(policy.id)
        results.append(CaseResult(shown(path), tuple(expectations), problems, result.findings))
    defaults = Checker(options, config=config).policies_for(config)
    own = sorted({p.id for p in defaults.known.values() if p.pack == pack.name})
    return TestRun(
        pack.name,
        tuple(results),
        tuple(p for p in own if p not in raised),
        tuple(p for p in own if p not in refuted),
    )


def _evidence(case: Path, directory: str, config: Config, options: RunOptions) -> tuple[Any, ...]:
    """The references `scan` finds in a case's `# evidence: DIR` (beside the case), with
    the built-in detectors and those of the configuration's packs."""
    from checker.scan import scan  # lazy: only a case with evidence scans
    from checker.scan.detectors import load_detectors  # lazy: as above

    where = case.parent / directory
    if not where.is_dir():
        raise PolicyError(f"{shown(case)}: `# evidence: {directory}`: no such directory")
    packs = [p for p in config.packs if p != BUILTIN]
    detectors = load_detectors(packs, config.base, builtin=options.default_policies)
    catalogue = Checker(options, config=config).policies_for(config).catalogue
    return scan([shown(where)], detectors, catalogue).references


def _compare(
    expectations: list[Expectation], findings: tuple[Finding, ...], policies: PolicySet
) -> tuple[str, ...]:
    problems = []
    if not expectations:
        problems.append("the case states no `# expect:` or `# expect-not:` line")
    for finding in findings:
        if file_rule(finding.rule):  # the case itself is not a valid declaration
            problems.append(f"line {finding.line}: {finding.rule} {finding.message}")
    for expectation in expectations:
        policy = policies.policy(expectation.rule)
        rule = policy.id if policy else expectation.rule
        if policy is None and not file_rule(rule):
            problems.append(f"{expectation}: no loaded policy has this id or name")
            continue
        hits = [f for f in findings if f.rule == rule]
        if expectation.present:
            # `expect` wants the finding to count; `expect-waived` wants it covered
            hits = [f for f in hits if (f.waiver is not None) == expectation.waived]
        if expectation.line is not None:
            at_line = [
                f
                for f in hits
                if f.line == expectation.line and expectation.column in (None, f.column)
            ]
            if expectation.present and not at_line:
                lines = ", ".join(f"{f.line}:{f.column}" for f in hits) or "nowhere"
                problems.append(f"{expectation}: not raised at that place (raised at: {lines})")
            continue
        if expectation.present and not hits:
            problems.append(f"{expectation}: not raised")
        elif not expectation.present and hits:
            where = ", ".join(f"line {f.line}" for f in hits)
            problems.append(f"{expectation}: raised at {where}: {hits[0].message}")
    return tuple(problems)
