"""A baseline: an earlier JSON report whose findings are known and not reported again.

A finding is known when the baseline has one with the same file, rule and JSON pointer
(not the line: editing above a finding must not make it new). Each baseline finding
excuses one finding, so a second, new occurrence is still reported.
"""

from __future__ import annotations

import dataclasses
import json
from collections import Counter
from pathlib import Path

from checker.report import Report

Key = tuple[str, str, str]


class BaselineError(Exception):
    """The baseline file cannot be used."""


def load_baseline(path: Path) -> Counter[Key]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        files = data["files"]
        keys = Counter(
            (str(f["file"]), str(f["rule"]), str(f.get("pointer", "")))
            for entry in files
            for f in entry["findings"]
        )
    except OSError as error:
        raise BaselineError(f"--baseline {path}: {error.strerror or error}") from None
    except (ValueError, KeyError, TypeError):
        raise BaselineError(
            f"--baseline {path}: not a JSON report of llm-choice "
            "(write one with --format json --output FILE)"
        ) from None
    return keys


def without_baseline(report: Report, known: Counter[Key]) -> Report:
    remaining = Counter(known)
    results = []
    left_out = 0
    for result in report.files:
        kept = []
        for finding in result.findings:
            key = (finding.file, finding.rule, finding.pointer)
            if remaining[key] > 0:
                remaining[key] -= 1
                left_out += 1
            else:
                kept.append(finding)
        results.append(dataclasses.replace(result, findings=tuple(kept)))
    return dataclasses.replace(report, files=tuple(results), baselined=left_out)
