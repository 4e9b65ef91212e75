"""A baseline: an earlier JSON report whose findings are known and not reported again.

A finding is known when the baseline has one with the same file, rule and JSON pointer
(not the line: editing above a finding must not make it new) about the same entry: for a
finding about a model, the same model id and licence, so that another model put at the
same index is judged afresh. Each baseline finding excuses one finding, so a second, new
occurrence is still reported. A baseline is a file the pull request can bring: it never
hides what a waiver could not, a finding of an enforced policy or of one that cannot be
waived (`waivable: false`).
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

from checker import jsonreport
from checker.declaration import Declaration
from checker.errors import UsageError
from checker.report import FileResult

Key = tuple[str, str, str, str]  # file, rule, pointer, the entry judged (see `subject`)


def subject(declaration: Declaration | None, pointer: str) -> str:
    """The identity of the entry a finding at `pointer` judges: a model's id and licence
    for a finding under /models/N, else "" (the finding is about the file or the project)."""
    parts = pointer.split("/")
    if len(parts) < 3 or parts[1] != "models" or not parts[2].isdigit():
        return ""
    index = int(parts[2])
    models = declaration.models if declaration is not None else ()
    if index >= len(models):
        return "\0"  # an entry the summary does not know: never the same as a known one
    model = models[index]
    return f"{model.id or ''}\0{model.licence or ''}"


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
                (
                    entry.file,
                    finding.rule,
                    finding.pointer,
                    subject(entry.declaration, finding.pointer),
                )
                for entry in report.files
                for finding in entry.findings
            )
        )

    def filter(
        self, results: Iterable[FileResult], unwaivable: frozenset[str] = frozenset()
    ) -> Iterator[FileResult]:
        """Each result without the findings the baseline knows (counted in `baselined`),
        never one of an enforced policy or of one in `unwaivable`."""
        for result in results:
            kept = []
            for finding in result.findings:
                key = (
                    finding.file,
                    finding.rule,
                    finding.pointer,
                    subject(result.declaration, finding.pointer),
                )
                protected = finding.enforced or finding.rule in unwaivable
                if not protected and self.remaining[key] > 0:
                    self.remaining[key] -= 1
                else:
                    kept.append(finding)
            left_out = len(result.findings) - len(kept)
            if left_out:
                result = dataclasses.replace(result, findings=tuple(kept), baselined=left_out)
            yield result
