"""Detector cases: files whose expected references are written inside them, as Semgrep's
rule tests are. A comment `expect-model: ID` on a line of its own expects a reference to
ID on the next line that is not a comment; at the end of a line, on that line. `?` stands
for a value the scan cannot know (computed, or read from the environment). Anything found
that no comment expects is a false positive and fails the case."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from checker.catalogue import Catalogue
from checker.discover import Target
from checker.errors import UsageError
from checker.scan import scan_targets
from checker.scan.detectors import detector_files, load_detector
from checker.scan.model import Detector, Reference

MARK = "expect-model:"
COMMENTS = ("#", "//", "--", ";", "/*", "*", "<!--")


@dataclass(frozen=True)
class Expected:
    path: str
    line: int
    id: str  # "?" for a value not known before run time


@dataclass(frozen=True)
class CaseRun:
    detector: str
    directory: str
    expected: int
    missing: tuple[Expected, ...]
    unexpected: tuple[Reference, ...]
    problems: tuple[str, ...] = ()

    @property
    def passed(self) -> bool:
        return not (self.missing or self.unexpected or self.problems)


@dataclass(frozen=True)
class CaseResults:
    runs: tuple[CaseRun, ...]

    @property
    def passed(self) -> bool:
        return all(run.passed for run in self.runs)


def expectations(path: str, text: str) -> list[Expected]:
    """The references a file's comments expect."""
    found: list[Expected] = []
    waiting: list[str] = []
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        at = stripped.find(MARK)
        own_line = stripped.startswith(COMMENTS)
        if at >= 0:
            ids = [i.strip() for i in stripped[at + len(MARK) :].split(",") if i.strip()]
            ids = [i.removesuffix("-->").removesuffix("*/").strip() for i in ids]
            if own_line:
                waiting += ids
                continue
            found += [Expected(path, number, i) for i in ids]
        if waiting and stripped and not own_line:
            found += [Expected(path, number, i) for i in waiting]
            waiting = []
    return found


def compare(
    expected: Iterable[Expected], references: Iterable[Reference]
) -> tuple[list[Expected], list[Reference]]:
    """(expected but not found, found but not expected), matched by path, line and id."""
    wanted = {(e.path, e.line, e.id): e for e in expected}
    unexpected = []
    for reference in references:
        key = (reference.path, reference.line, reference.id or "?")
        if key in wanted:
            del wanted[key]
        else:
            unexpected.append(reference)
    return list(wanted.values()), unexpected


def files_below(directory: Path) -> list[Target]:
    targets = []
    for root, dirs, names in os.walk(directory):
        dirs.sort()
        for name in sorted(names):
            full = Path(root, name)
            targets.append(Target(full, full.relative_to(directory).as_posix()))
    return targets


def run_detector_cases(detector: Detector, catalogue: Catalogue) -> CaseRun:
    if detector.cases is None or not Path(detector.cases).is_dir():
        return CaseRun(
            detector.id,
            detector.cases or "",
            0,
            (),
            (),
            (f"{detector.file}: the detector has no cases directory (cases: DIR)",),
        )
    directory = Path(detector.cases)
    targets = files_below(directory)
    expected: list[Expected] = []
    for target in targets:
        text = target.path.read_bytes().decode("utf-8", "replace")
        expected += expectations(target.display, text)
    inventory = scan_targets(targets, [detector], catalogue, tests=True)
    missing, unexpected = compare(expected, inventory.references)
    problems = tuple(f"{p.path}:{p.line}: {p.message}" for p in inventory.problems)
    if not expected:
        problems += (f"{directory}: no `expect-model:` comment in any case file",)
    return CaseRun(
        detector.id,
        str(directory),
        len(expected),
        tuple(missing),
        tuple(unexpected),
        problems,
    )


def run_cases(given: str, detectors: Sequence[Detector], catalogue: Catalogue) -> CaseResults:
    """`scan --test DIR`: the cases of the detectors of the pack at DIR (or of the
    detector files in DIR)."""
    path = Path(given)
    if not path.is_dir():
        raise UsageError(f"--test {given}: not a directory (name a pack or its detectors/)")
    root = path.parent if path.name == "detectors" and not (path / "detectors").is_dir() else path
    files = detector_files(root)
    if not files:
        raise UsageError(f"--test {given}: holds no detectors/*.yaml")
    known = {d.file: d for d in detectors}
    runs = []
    for file in files:
        detector = load_detector(file, str(path))
        detector = known.get(detector.file, detector)
        runs.append(run_detector_cases(detector, catalogue))
    return CaseResults(tuple(runs))
