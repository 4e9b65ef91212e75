"""The flow of DESIGN.md §1 for one file and for many: load, validate, enrich, evaluate,
resolve. `Checker.check` is the one public entry: it returns everything the stages produced
(`Checked`), which `check`, `report`, `audit` and `policies test` all read."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from checker import __version__
from checker.config import Config, default_config, find_config, load_config
from checker.discover import Target, repository_root
from checker.enrich import Enriched, enrich
from checker.errors import PolicyError
from checker.load import Loaded, load_file
from checker.options import RunOptions
from checker.policies.build import build_policy_set, knowledge
from checker.policies.engine import evaluate
from checker.policies.model import PolicySet
from checker.report import FileResult, Finding, Report, Rule, RunInfo, Severity, excerpt
from checker.resolve import apply_waivers
from checker.rules import (
    CORE_RULES,
    INTERNAL,
    LIMITS,
    UNREADABLE,
    file_rule,
    rejected_pointers,
)
from checker.source import SourceMap
from checker.support import pool
from checker.validate import classification_findings, validate

if TYPE_CHECKING:  # a baseline is read (with json) only by a run given one
    from checker.baseline import Baseline

T = TypeVar("T")


@dataclass(frozen=True)
class Checked:
    """One file through every stage: what was loaded, the configuration and policy set that
    applied, the enriched declaration (None when the file is not a declaration) and the
    result with its findings."""

    target: Target | None  # None: a document loaded from elsewhere
    loaded: Loaded
    config: Config
    policies: PolicySet
    enriched: Enriched | None
    result: FileResult
    fail_level: Severity  # the level this file is judged at
    today: dt.date  # the date it was judged on


class Checker:
    """Checks files one by one; configurations and policy sets are built once each."""

    def __init__(self, options: RunOptions | None = None, config: Config | None = None) -> None:
        self.options = options or RunOptions()
        self._configs: dict[Path | None, Config] = {}
        self._policies: dict[int, PolicySet] = {}
        self._found: dict[str, Path | None] = {}  # directory -> its configuration file
        self._fixed = config  # one configuration for every file: --config, policy tests
        self._rules: dict[str, Rule] = {rule.id: rule for rule in CORE_RULES}
        if config is None and self.options.config is not None:
            self._fixed = load_config(self.options.config)

    def config_for(self, path: Path) -> Config:
        """The configuration of a declaration: the fixed one, else the nearest file's."""
        if self._fixed is not None:
            return self._fixed
        found = find_config(path, self._found)
        if found not in self._configs:
            self._configs[found] = load_config(found) if found else default_config()
        return self._configs[found]

    def policies_for(self, config: Config) -> PolicySet:
        key = id(config)
        if key not in self._policies:
            # the organisation's --config, or none, is trusted; a repository's own is not
            trusted = config is self._fixed or config.file is None
            built = self._policies[key] = build_policy_set(
                config, self.options.packs, self.options.default_policies, trusted
            )
            for policy in built.policies:
                self._rules.setdefault(policy.id, policy.as_rule())
        return self._policies[key]

    def default_policies(self) -> PolicySet:
        """The policy set of a run's default configuration (--config's, else the built-in
        defaults): what `policies list` shows and reports take titles from."""
        return self.policies_for(self._fixed or self.config_for(Path.cwd() / "llm-choice.yaml"))

    def check(self, target: Target) -> Checked:
        """One file through every stage. Whatever in the file breaks a stage becomes a
        finding for that file (LC011), never the end of the run; a configuration or pack
        that cannot be used (PolicyError) is the run's problem and is raised."""
        config = self.config_for(target.path)
        if target.refused:
            finding = Finding(UNREADABLE.id, Severity.ERROR, target.refused, target.display, 1, 1)
            loaded = Loaded(target.display, None, SourceMap(), (finding,))
        else:
            loaded = load_file(target.path, target.display)
        try:
            return self.check_loaded(loaded, config, target)
        except PolicyError:
            raise
        except Exception as error:
            if os.environ.get("LLM_CHOICE_DEBUG"):
                raise
            return self._failed(loaded, config, target, error)

    def _failed(self, loaded: Loaded, config: Config, target: Target, error: Exception) -> Checked:
        reason = f"{type(error).__name__}: {excerpt(str(error))}"
        finding = Finding(
            INTERNAL.id,
            Severity.ERROR,
            f"llm-choice could not finish checking this file ({reason}); it fails the gate "
            "until this is fixed: please report it",
            loaded.file,
            1,
            1,
        )
        level = self.options.fail_level(config.fail_on)
        result = FileResult(loaded.file, (*loaded.findings, finding), level, None)
        return Checked(
            target, loaded, config, self.policies_for(config), None, result, level,
            self.options.today,
        )  # fmt: skip

    def check_loaded(self, loaded: Loaded, config: Config, target: Target | None = None) -> Checked:
        policies = self.policies_for(config)
        # one finding per place: a value the loader refused (a forbidden tag) is not judged
        # again by the schema
        refused = {(f.line, f.column) for f in loaded.findings if _refuses_value(f)}
        schema = [f for f in validate(loaded) if (f.line, f.column) not in refused]
        findings: list[Finding] = [*loaded.findings, *schema]
        findings += classification_findings(loaded, policies.classifications)
        enriched = None
        if isinstance(loaded.document, dict):
            known = knowledge(
                policies,
                self.options.today,
                self.options.repository,
                _place_in_repository(target) if target and policies.register else None,
                _evidence_for(loaded.file, self.options.evidence),
            )
            enriched = enrich(loaded.document, known)
            rejected = rejected_pointers(findings)
            evaluated = evaluate(policies, enriched, loaded.file, loaded.source, rejected)
            findings += apply_waivers(evaluated, enriched, policies)
        findings.sort(key=Finding.sort_key)
        level = self.options.fail_level(config.fail_on)
        result = FileResult(
            loaded.file,
            capped(findings),
            level,
            enriched.summary if enriched is not None else None,
        )
        return Checked(
            target, loaded, config, policies, enriched, result, level, self.options.today
        )

    def check_file(self, target: Target) -> FileResult:
        return self.check(target).result

    def rules(self) -> tuple[Rule, ...]:
        """The file-level rules and every policy the run applied, each once, by id."""
        return tuple(sorted(self._rules.values(), key=lambda rule: rule.id))

    def rule(self, rule_id: str) -> Rule | None:
        return self._rules.get(rule_id)

    def know(self, rules: Iterable[Rule]) -> None:
        """Rules applied elsewhere (in a worker) in this run."""
        for rule in rules:
            self._rules.setdefault(rule.id, rule)

    def unwaivable(self) -> frozenset[str]:
        """The policies of the run's default configuration that no waiver may cover: a
        baseline may not hide their findings either."""
        return frozenset(p.id for p in self.default_policies().policies if not p.waivable)

    def requires_declaration(self) -> bool:
        """Whether the run's fixed configuration (--config) requires a declaration."""
        return bool(self._fixed and self._fixed.require_declaration)

    def fail_level(self) -> Severity:
        """The run's own level (a file's configuration may set its own)."""
        return self.options.fail_level(self._fixed.fail_on if self._fixed else None)


MAX_FINDINGS_PER_FILE = 1000  # a page of findings: more is one mistake repeated, or an attack


def capped(findings: list[Finding]) -> tuple[Finding, ...]:
    """At most MAX_FINDINGS_PER_FILE findings, the most serious first, and one more saying
    what was left out at the most serious severity left out: every output stays readable
    and small (95,000 placeholders made 95,000 findings), and the verdict stays what it was."""
    if len(findings) <= MAX_FINDINGS_PER_FILE:
        return tuple(findings)
    order = sorted(
        range(len(findings)),
        key=lambda i: (findings[i].waiver is not None, -findings[i].severity.rank, i),
    )
    kept = sorted(order[:MAX_FINDINGS_PER_FILE])
    left = [findings[i] for i in order[MAX_FINDINGS_PER_FILE:]]
    unwaived = [f for f in left if f.waiver is None]
    severity = max((f.severity for f in unwaived), key=lambda s: s.rank, default=Severity.INFO)
    rules = sorted({f.rule for f in left})
    shown = ", ".join(rules[:5]) + (f" and {len(rules) - 5} more" if len(rules) > 5 else "")
    first = findings[kept[0]]
    note = Finding(
        LIMITS.id,
        severity,
        f"{len(left):,} more findings ({shown}) are not listed: a file reports at most "
        f"{MAX_FINDINGS_PER_FILE:,}, the most serious first; fix these and check again",
        first.file,
        1,
        1,
    )
    return (*(findings[i] for i in kept), note)


def _place_in_repository(target: Target) -> str:
    """The declaration's path from the root of the repository it is in (posix)."""
    absolute = target.path.resolve()
    return absolute.relative_to(repository_root(absolute.parent)).as_posix()


# -- many files, over every core --------------------------------------------------------------


def check_all(
    targets: Iterable[Target],
    options: RunOptions,
    outcome: Callable[[Checker, Target], T],
    checker: Checker | None = None,
) -> Iterator[T]:
    """`outcome(checker, target)` for every target, in the targets' order, as they come.

    Many files are spread over `options.jobs` processes (`checker.support.pool`), each with its own
    Checker; `outcome` (a module-level function, so that it can be sent to them) turns a
    file's check into what the caller keeps of it, in the worker. A few files are checked
    in this process with `checker`. Either way `checker` learns every rule applied.
    """
    local = checker or Checker(options)
    for value, rules in pool.ordered_map(
        targets,
        options.jobs,
        work=lambda target: (outcome(local, target), ()),
        start=_start_worker,
        start_args=(options, outcome),
        remote=_check_in_worker,
    ):
        if rules:
            local.know(rules)
        yield value


_worker: tuple[Checker, Callable[[Checker, Target], object]] | None = None
_worker_told: set[str] = set()  # the rules this worker has sent back already


def _start_worker(options: RunOptions, outcome: Callable[[Checker, Target], object]) -> None:
    global _worker
    _worker = (Checker(options), outcome)


def _check_in_worker(target: Target) -> tuple[object, tuple[Rule, ...]]:
    """A target's outcome, and the rules this worker applied that it had not sent yet."""
    assert _worker is not None
    checker, outcome = _worker
    value = outcome(checker, target)
    if len(checker._rules) == len(_worker_told):
        return value, ()  # the usual case: no new policy set was built for this file
    new = tuple(rule for rule in checker.rules() if rule.id not in _worker_told)
    _worker_told.update(rule.id for rule in new)
    return value, new


def result_of(checker: Checker, target: Target) -> FileResult:
    """What `check` keeps of a file: its result."""
    return checker.check_file(target)


def findings_of(checker: Checker, target: Target) -> FileResult:
    """What `check` keeps of a file when no output reads its declaration summary: its result
    without it (the summary is most of what a worker would send back for a clean file)."""
    return replace(checker.check_file(target), declaration=None)


def check(
    targets: Iterable[Target],
    options: RunOptions | None = None,
    baseline: Baseline | None = None,
    replay: bool = True,
    checker: Checker | None = None,
    declarations: bool = True,
    automation_id: str = "",
) -> Report:
    """The report of a run over `targets` (read as it is rendered: see `Report`); each
    file's declaration summary is kept only if `declarations` (an output reads it)."""
    checker = checker or Checker(options)
    # a baseline matches a model's finding by the model's id and licence: it needs them
    outcome = result_of if declarations or baseline is not None else findings_of
    results = check_all(targets, checker.options, outcome, checker)
    if baseline is not None:
        results = baseline.filter(results, checker.unwaivable())
    run = RunInfo(
        tool_version=__version__,
        fail_level=checker.fail_level(),
        root=repository_root(Path.cwd()),
        automation_id=automation_id,
        repository=checker.options.repository or "",
    )
    return Report(results, run, rules=checker.rules, replay=replay, rule_of=checker.rule)


def _evidence_for(declaration: str, evidence: tuple[Any, ...] | None) -> tuple[Any, ...] | None:
    """The references of the code below a declaration's directory (all of them for one at
    the top of the tree); None when the run collected no evidence."""
    if evidence is None:
        return None
    directory = os.path.dirname(os.path.normpath(declaration))
    if not directory or directory == ".":
        return evidence
    prefix = directory + os.sep
    return tuple(r for r in evidence if os.path.normpath(r.path).startswith(prefix))


def _refuses_value(finding: Finding) -> bool:
    rule = file_rule(finding.rule)
    return rule is not None and rule.rejects_value
