"""`llm-choice audit`: the portfolio across many repositories, for an architecture review board."""

from __future__ import annotations

import argparse
import itertools
import sys
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager

from checker import __version__
from checker.audit import (
    Audit,
    ProjectRecord,
    ReportError,
    build_audit,
    collect,
    known_rules,
    read_reports,
    record_of,
    report_files,
)
from checker.audit.records import without_waivers
from checker.commands import (
    directory_atomically,
    is_directory,
    options,
    requested_outputs,
    require_extras,
    write_outputs,
)
from checker.discover import DiscoveryError, iter_targets
from checker.errors import UsageError
from checker.render import Subject
from checker.report import Severity
from checker.support.wording import plural

PROGRESS_STEP = 50  # records between redraws of the progress bar


def run(args: argparse.Namespace) -> int:
    outputs = requested_outputs(args, default="markdown")
    require_extras("audit", outputs)
    folder = _folder(outputs)
    files = [(fmt, path) for fmt, path in outputs if not is_directory(path)]
    opts = options(args)
    rules = known_rules(opts)  # also proves --config and --pack usable before any work
    if args.from_reports:
        try:
            report_files(args.paths)  # a missing path is an error before any work
        except ReportError as error:
            raise UsageError(str(error)) from None
    else:
        targets = iter_targets(args.paths)
        try:
            first = next(targets, None)  # every path is checked before the first target
        except DiscoveryError as error:
            raise UsageError(str(error)) from None
        if first is None:
            print(
                f"llm-choice: no declarations found under {', '.join(args.paths)}", file=sys.stderr
            )
    repeated: list[str] = []
    with ExitStack() as stack:
        pages = None
        if folder is not None:
            from checker.render.audit import pages as audit_pages  # lazy: pages only

            staging = stack.enter_context(directory_atomically(folder, audit_pages.WRITTEN))
            pages = audit_pages.RecordPages(staging, folder)
        if args.from_reports:
            records = read_reports(args.paths, repeated)
            total, unit = None, "projects from reports"
        else:
            if pages is not None:
                pages.prepare()
            # streamed: the files are found while the first ones are checked, never all held
            found = itertools.chain([first] if first else [], targets)
            records = collect(found, opts, pages or record_of)
            # a bar needs its total: on a terminal only, count first (a walk that keeps nothing)
            total = sum(1 for _ in iter_targets(args.paths)) if sys.stderr.isatty() else None
            unit = "declarations"
        if args.no_waivers:  # what the waivers hide: every finding counts
            records = map(without_waivers, records)
        try:
            with _progress(total, unit) as advance:
                audit = build_audit(
                    records,
                    opts.today,
                    args.paths,
                    args.from_reports,
                    __version__,
                    rules,
                    advance,
                    without_waivers=args.no_waivers,
                )
        except ReportError as error:
            raise UsageError(str(error)) from None
        with audit:
            write_outputs(Subject.AUDIT, audit, files)
            if folder is not None:
                audit_pages.write_index(audit, staging)
            code = _verdict(audit, args)
    if repeated:
        print(
            f"llm-choice: {len(repeated)} project(s) appeared in more than one report and were "
            f"counted once, as the first report had them: {', '.join(repeated[:3])}"
            + (", ..." if len(repeated) > 3 else ""),
            file=sys.stderr,
        )
    return code


def _verdict(audit: Audit, args: argparse.Namespace) -> int:
    """The portfolio's gate, for a board's scheduled job: exit 1 past the threshold asked
    for; with neither --fail-on nor --max-failing the audit only reports (exit 0)."""
    if args.fail_on is None and args.max_failing is None:
        return 0
    level = Severity(args.fail_on) if args.fail_on else None
    failing = audit.failing(level)
    allowed = args.max_failing or 0
    if failing <= allowed:
        return 0
    at = f"at {level.value}" if level else "their own gate"
    print(
        f"llm-choice: {plural(failing, 'project')} of {audit.portfolio.projects} fail {at}; "
        f"the audit allows {allowed}",
        file=sys.stderr,
    )
    return 1


def _folder(outputs: list[tuple[str, str | None]]) -> str | None:
    """The one output that is a directory (`--format html --output DIR/`), if any."""
    folders = [(fmt, path) for fmt, path in outputs if is_directory(path)]
    for fmt, path in folders:
        if fmt != "html":
            raise UsageError(
                f"--output {path}: a directory; only --format html writes one (the portfolio "
                "page and a decision record per project): name a file for --format " + fmt
            )
    if len(folders) > 1:
        raise UsageError("only one --output may be a directory")
    return folders[0][1] if folders else None


@contextmanager
def _progress(total: int | None, unit: str) -> Iterator[Callable[[ProjectRecord], None] | None]:
    """A progress bar on standard error when it is a terminal (never in a pipe or a log)."""
    if not sys.stderr.isatty() or (total is not None and total < PROGRESS_STEP):
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task(f"auditing {unit}", total=total)
        done = 0

        def advance(record: ProjectRecord) -> None:
            nonlocal done
            done += 1
            if done % PROGRESS_STEP == 0 or done == total:  # total None: never equal
                bar.update(task, completed=done)

        yield advance
