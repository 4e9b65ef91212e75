"""The portfolio audit as a directory a board browses: `index.html`, the audit page, and one
decision record per project in `records/`, linked both ways. Each record is written by the
worker that checks its project, as it is checked: none is held until the end."""

from __future__ import annotations

import dataclasses
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from checker import __version__
from checker.audit import Audit, ProjectRecord, check_project
from checker.discover import DECLARATION_NAMES, Target
from checker.errors import UsageError
from checker.pipeline import Checker
from checker.record import decision_record
from checker.render.audit import html as audit_html
from checker.render.record import html as record_html

INDEX = "index.html"
RECORDS = "records"
WRITTEN = frozenset({INDEX, RECORDS})  # all a directory of ours holds
SLUG_LENGTH = 60
DIGEST_LENGTH = 16  # hex digits: 64 bits, no two of a portfolio's paths will share one


def page_name(file: str) -> str:
    """The file name of a project's record: readable (the last directories of its path) and
    safe (lower-case ASCII letters, digits and hyphens: no `..`, no separator, nothing a
    file system or a URL misreads), ending in a digest of the whole path, so that two paths
    that differ only in what was replaced, or in case, never share a page."""
    parts = list(PurePosixPath(file.replace("\\", "/")).parts)
    if parts and parts[-1] in DECLARATION_NAMES:
        parts.pop()
    slug = re.sub(r"[^a-z0-9]+", "-", "-".join(parts[-3:]).lower()).strip("-")
    slug = slug[:SLUG_LENGTH].rstrip("-")
    digest = hashlib.sha256(file.encode("utf-8", "surrogatepass")).hexdigest()[:DIGEST_LENGTH]
    return f"{slug}-{digest}.html" if slug else f"{digest}.html"


@dataclass(frozen=True)
class RecordPages:
    """What the audit keeps of a project when it writes records: `collect`'s outcome, run in
    the workers (a frozen value of a module-level class, so that it can be sent to them)."""

    directory: Path  # the directory being filled (a temporary sibling of the output)
    output: str  # the --output the user gave, for messages

    def __call__(self, checker: Checker, target: Target) -> ProjectRecord:
        checked, project = check_project(checker, target)
        if checked is None:  # its configuration could not be used: nothing to record
            return project
        try:
            record = decision_record(checked, __version__)
        except Exception:  # one project's bug costs its page, not the audit
            if os.environ.get("LLM_CHOICE_DEBUG"):
                raise
            return project
        page = f"{RECORDS}/{page_name(project.file)}"
        try:
            # "x": a page is never written twice, nor over another project's
            with (self.directory / page).open("x", encoding="utf-8") as stream:
                record_html.write(record, stream, portfolio_href=f"../{INDEX}")
        except OSError as error:
            raise UsageError(
                f"--output {self.output}: cannot write {page} for {project.file}: "
                f"{error.strerror or error}"
            ) from None
        return dataclasses.replace(project, page=page)

    def prepare(self) -> None:
        (self.directory / RECORDS).mkdir()


def write_index(audit: Audit, directory: Path) -> None:
    """The audit page, its rows linking to the records written (none from reports)."""
    with (directory / INDEX).open("w", encoding="utf-8") as stream:
        audit_html.write(audit, stream, pages=True)
