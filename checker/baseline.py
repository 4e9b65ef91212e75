"""A baseline: an earlier JSON report whose findings are known and not reported again.

A finding is known when the baseline has one with the same file, rule and JSON pointer
(not the line: editing above a finding must not make it new). Each baseline finding
excuses one finding, so a second, new occurrence is still reported.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

from checker import jsonreport
from checker.errors import UsageError
from checker.report import FileResult

Key = tuple[str, str, str]


class Baseline:
    """The known findings of a baseline report, excused one by one as results pass."""

    def __init__(self, known: Counter[Key]) -> None:
        self.remaining = Counter(known)

    @classmethod
    def read(cls, path: Path) -> Baseline:
        try:
            report = jsonreport.read(path)
        except jsonreport.ReportFileError as error:
            raise UsageError(
                f"--baseline {error} (write a baseline with --format json --output FILE)"
            ) from None
        return cls(
            Counter(
                (entry.file, finding.rule, finding.pointer)
                for entry in report.files
                for finding in entry.findings
            )
        )

    def filter(self, results: Iterable[FileResult]) -> Iterator[FileResult]:
        """Each result without the findings the baseline knows (counted in `baselined`)."""
        for result in results:
            kept = []
            for finding in result.findings:
                key = (finding.file, finding.rule, finding.pointer)
                # a baseline is a file the pull request can bring: it never hides what the
                # organisation enforces
                if not finding.enforced and self.remaining[key] > 0:
                    self.remaining[key] -= 1
                else:
                    kept.append(finding)
            left_out = len(result.findings) - len(kept)
            if left_out:
                result = dataclasses.replace(result, findings=tuple(kept), baselined=left_out)
            yield result
