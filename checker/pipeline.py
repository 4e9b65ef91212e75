"""The flow of DESIGN.md §1 for a set of files: load, validate, enrich, evaluate, resolve."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from checker import __version__
from checker.config import Config, default_config, find_config, load_config
from checker.declaration import summarize
from checker.discover import Target
from checker.load import Loaded, load_file
from checker.policies.engine import evaluate
from checker.policies.model import PolicySet
from checker.report import FileResult, Finding, Report, Rule, Severity
from checker.resolve import apply_waivers, build_policy_set, facts_for
from checker.rules import CORE_RULES
from checker.validate import validate


@dataclass(frozen=True)
class Options:
    """What the command line decides about a run."""

    config: Path | None = None  # --config: one configuration for every file
    packs: tuple[str, ...] = ()  # --pack: more packs on top of the configuration's
    default_policies: bool = True  # --no-default-policies turns the built-in pack off
    today: dt.date = field(default_factory=dt.date.today)
    fail_on: Severity | None = None  # --fail-on: wins over any configuration


class Checker:
    """Checks files one by one; configurations and policy sets are built once each."""

    def __init__(self, options: Options | None = None, config: Config | None = None) -> None:
        self.options = options or Options()
        self._configs: dict[Path | None, Config] = {}
        self._policies: dict[int, PolicySet] = {}
        self._found: dict[str, Path | None] = {}  # directory -> its configuration file
        self._fixed = config  # one configuration for every file: --config, policy tests
        if config is None and self.options.config is not None:
            self._fixed = load_config(self.options.config)

    def config_for(self, target: Target) -> Config:
        if self._fixed is not None:
            return self._fixed
        path = find_config(target.path, self._found)
        if path not in self._configs:
            self._configs[path] = load_config(path) if path else default_config()
        return self._configs[path]

    def policies_for(self, config: Config) -> PolicySet:
        key = id(config)
        if key not in self._policies:
            self._policies[key] = build_policy_set(
                config, self.options.packs, self.options.default_policies
            )
        return self._policies[key]

    def check_file(self, target: Target) -> FileResult:
        loaded = load_file(target.path, target.display)
        return self.check_loaded(loaded, self.config_for(target))

    def check_loaded(self, loaded: Loaded, config: Config) -> FileResult:
        findings: list[Finding] = [*loaded.findings, *validate(loaded)]
        declaration = None
        if isinstance(loaded.document, dict):
            policies = self.policies_for(config)
            facts = facts_for(policies, self.options.today)
            evaluated = evaluate(policies, loaded.document, facts, loaded.file, loaded.source)
            findings += apply_waivers(evaluated, loaded.document, policies, self.options.today)
            declaration = summarize(loaded.document, facts, policies.settings)
        findings.sort(key=Finding.sort_key)
        level = self.options.fail_on or config.fail_on
        return FileResult(loaded.file, tuple(findings), level, declaration)

    def rules(self) -> tuple[Rule, ...]:
        """The file-level rules and every policy the run applied, each once, by id."""
        found = {rule.id: rule for rule in CORE_RULES}
        for policies in self._policies.values():
            for policy in policies.policies:
                found.setdefault(policy.id, policy.as_rule())
        return tuple(sorted(found.values(), key=lambda rule: rule.id))

    def fail_level(self) -> Severity:
        if self.options.fail_on is not None:
            return self.options.fail_on
        if self._fixed is not None:
            return self._fixed.fail_on or Severity.ERROR
        return Severity.ERROR


def check_file(target: Target, options: Options | None = None) -> FileResult:
    return Checker(options).check_file(target)


def check(targets: Iterable[Target], options: Options | None = None) -> Report:
    checker = Checker(options)
    results = tuple(checker.check_file(target) for target in targets)
    return Report(
        results,
        fail_level=checker.fail_level(),
        tool_version=__version__,
        rules=checker.rules(),
    )
