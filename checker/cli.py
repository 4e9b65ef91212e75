"""The command line: parses arguments, calls one command, turns the outcome into an exit code.

Exit codes: 0 no finding at or above the fail level; 1 findings; 2 the tool could not do its
job (bad arguments, a missing path, an unusable policy or configuration file, an internal
error).
"""

from __future__ import annotations

import argparse
import atexit
import gc
import os
import sys
from collections.abc import Callable, Sequence
from typing import NoReturn

from checker import __version__
from checker.errors import PolicyError, UsageError
from checker.render import Subject, names

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2

Command = Callable[[argparse.Namespace], int]


# Each sub-command's module is imported when it runs (the `# lazy:` imports below): `check`,
# which runs on every commit, never pays for the imports of `audit`, `report` and `policies`
# (about 25 ms together, measured with python -X importtime).


def _check() -> Command:
    from checker.commands import check  # lazy: see COMMANDS

    return check.run


def _report() -> Command:
    from checker.commands import report  # lazy: see COMMANDS

    return report.run


def _audit() -> Command:
    from checker.commands import audit  # lazy: see COMMANDS

    return audit.run


def _policies() -> Command:
    from checker.commands import policies  # lazy: see COMMANDS

    return policies.run


def _catalogue() -> Command:
    from checker.commands import catalogue  # lazy: see COMMANDS

    return catalogue.run


def _bom() -> Command:
    from checker.commands import bom  # lazy: see COMMANDS

    return bom.run


def _schema() -> Command:
    from checker.commands import schema  # lazy: see COMMANDS

    return schema.run


def _completion() -> Command:
    from checker.commands import completion  # lazy: see COMMANDS

    return completion.run


def _init() -> Command:
    from checker.commands import init  # lazy: see COMMANDS

    return init.run


def _scan() -> Command:
    from checker.commands import scan  # lazy: see COMMANDS

    return scan.run


COMMANDS: dict[str, Callable[[], Command]] = {
    "init": _init,
    "check": _check,
    "report": _report,
    "audit": _audit,
    "policies": _policies,
    "catalogue": _catalogue,
    "schema": _schema,
    "bom": _bom,
    "scan": _scan,
    "completion": _completion,
}


RUN_OPTION_DEFAULTS = {
    "config": None,
    "pack": None,
    "no_default_policies": False,
    "today": None,
    "fail_on": None,
    "jobs": None,
    "repository": None,
    "color": "auto",
}


class _Format(argparse.Action):
    """--format F: one more output, to standard output unless an --output follows."""

    def __call__(self, parser, namespace, value, option_string=None):  # type: ignore[no-untyped-def]
        outputs = list(getattr(namespace, self.dest, None) or [])
        outputs.append([value, None])
        setattr(namespace, self.dest, outputs)


class _Output(argparse.Action):
    """--output FILE: where the --format just before it is written; with no --format before
    it, the command's default format (None here, which the command fills in)."""

    def __call__(self, parser, namespace, value, option_string=None):  # type: ignore[no-untyped-def]
        outputs = list(getattr(namespace, "outputs", None) or [])
        if outputs and outputs[-1][1] is None:
            outputs[-1][1] = value
        elif not outputs:
            outputs.append([None, value])
        else:
            parser.error(
                f"--output {value} follows another --output: give each --output its own "
                "--format before it"
            )
        namespace.outputs = outputs


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser. Given the command about to run, only that command's
    options are added (the others are named, with their help, for `--help`): building all
    of them costs `check` about 6 ms of the start-up it pays on every commit."""
    parser = argparse.ArgumentParser(
        prog="llm-choice",
        description="Check a project's declared choice of language models against its "
        "schema and the organisation's policies.",
        formatter_class=_Formatter,
    )
    parser.add_argument("--version", action="version", version=f"llm-choice {__version__}")
    # the options the run's options are made of, for every command, named or not: a command
    # reads them as attributes, never probing for which it has
    parser.set_defaults(**RUN_OPTION_DEFAULTS)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    everything = command not in SUBCOMMANDS or command == "completion"  # it reads them all
    for name, (summary, add_options) in SUBCOMMANDS.items():
        sub = commands.add_parser(name, help=summary, formatter_class=_Formatter)
        if everything or name == command:
            add_options(sub)
    if everything:
        commands.choices["completion"].set_defaults(root_parser=parser)
    return parser


class _Formatter(argparse.HelpFormatter):
    """argparse's own, told the terminal's width. Left to find it, argparse imports shutil
    (and with it bz2, lzma and fnmatch, about 4 ms) on every run, though only help and
    usage errors are ever formatted."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24,
                 width: int | None = None) -> None:  # fmt: skip
        width = _columns() - 2 if width is None else width  # argparse's own margin
        super().__init__(prog, indent_increment, max_help_position, width)


def _columns() -> int:
    """The terminal's width as shutil.get_terminal_size gives it: $COLUMNS, else the width
    of the terminal on standard output, else 80."""
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns > 0:
        return columns
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns or 80
    except (AttributeError, ValueError, OSError):
        return 80


def _check_options(check: argparse.ArgumentParser) -> None:
    check.description = (
        "Check declarations. Directories are searched for llm-choice.yaml and "
        "llm-choice.yml; with no path, ./llm-choice.yaml is checked."
    )
    check.add_argument("paths", nargs="*", metavar="PATH", help="files or directories")
    check.add_argument(
        "--format",
        dest="outputs",
        action=_Format,
        choices=names(Subject.REPORT),
        help="an output format (default: text); repeat it, each with its own --output, to "
        "write several from one run",
    )
    check.add_argument(
        "-o",
        "--output",
        action=_Output,
        metavar="FILE",
        help="write the --format just before this option (or, first, the default format) to "
        "FILE (whole or not at all)",
    )
    check.add_argument(
        "--automation-id",
        metavar="ID",
        help="SARIF's runAutomationDetails.id, code scanning's category for this run (default: "
        "llm-choice/ and the repository's directory name, with a trailing slash)",
    )
    check.add_argument(
        "--changed-since",
        metavar="REF",
        help="check only the declarations changed since this git ref (and all of those "
        "below a changed llm-choice.config.yaml)",
    )
    check.add_argument(
        "--allow-empty",
        action="store_true",
        help="finding no declaration under the given paths is not an error (exit 0, unless "
        "the configuration requires a declaration)",
    )
    check.add_argument(
        "--baseline",
        metavar="REPORT",
        help="report only findings that are not in this earlier JSON report",
    )
    check.add_argument(
        "--evidence",
        action="store_true",
        help="hold each declaration against the code below its directory: the models the "
        "code calls (as `scan` finds them) must be declared, on the declared channel "
        "(LC501-LC503; the configuration's `evidence: true` asks the same)",
    )
    _policy_options(check)
    check.add_argument(
        "--fail-on",
        choices=("error", "warning", "info"),
        help="the lowest severity that fails the check (default: the configuration's, or error)",
    )
    _jobs_option(check)
    _color_option(check)


def _policies_options(policies: argparse.ArgumentParser) -> None:
    policies.description = (
        "List the rules about the file itself and the policies a run would load, "
        "explain one (by id or name, in any case), or run a policy pack's test cases."
    )
    actions = policies.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="list the policies a run would load")
    _format_option(listing)
    _policy_options(listing)
    _color_option(listing)
    show = actions.add_parser("show", help="explain one policy")
    show.add_argument("policy", metavar="ID", help="a policy id or name")
    _format_option(show)
    _policy_options(show)
    _color_option(show)
    test = actions.add_parser(
        "test",
        help="run a policy pack's test cases",
        description="Run the cases of the pack in DIR (DIR/cases/*.yaml). A case is a "
        "declaration with `# expect: RULE[@LINE]` and `# expect-not: RULE` comment lines, "
        "and optionally `# today: YYYY-MM-DD`.",
    )
    test.add_argument("directory", metavar="DIR", help="the pack's directory")
    _format_option(test)
    test.add_argument(
        "--no-default-policies",
        action="store_true",
        help="test the pack alone, without the built-in policies",
    )
    _today_option(test, "cases without a `# today:` line are judged on")
    _color_option(test)


def _report_options(report: argparse.ArgumentParser) -> None:
    report.description = (
        "Write the decision record of one declaration: its choice laid against "
        "the decision factors a review board weighs, each model's catalogue facts, the "
        "alternatives, every finding with its rationale and remediation, and the waivers. "
        "HTML is one self-contained, printable file."
    )
    report.add_argument("path", metavar="PATH", help="a declaration, or a directory holding one")
    _document_options(report, names(Subject.RECORD))
    _policy_options(report)


def _audit_options(audit: argparse.ArgumentParser) -> None:
    audit.description = (
        "Audit every llm-choice.yaml below the given directories (or the JSON "
        "reports of earlier `check --format json` runs, with --from-reports): the mix of "
        "open and closed models and deployment modes, models and licences in use, findings "
        "by policy, failing projects, waivers, overdue licence reviews and declared cost."
    )
    audit.add_argument("paths", nargs="+", metavar="PATH", help="directories or files")
    audit.add_argument(
        "--from-reports",
        action="store_true",
        help="PATHs are JSON reports written by `llm-choice check --format json` (or "
        "directories searched for *.json): nothing is checked again",
    )
    _document_options(audit, names(Subject.AUDIT))
    _jobs_option(audit)
    _policy_options(audit)
    audit.add_argument(
        "--fail-on",
        choices=("error", "warning", "info"),
        help="exit 1 when a project has an unwaived finding of this severity or above, or "
        "could not be checked (with --max-failing: when more than N do); each file's gate "
        "uses it too (without it, and without --max-failing, audit exits 0 whatever it finds)",
    )
    audit.add_argument(
        "--no-waivers",
        action="store_true",
        help="count every finding as if no waiver covered it: what the waivers hide (the "
        "gate, the failing projects and the counts are judged again on all findings)",
    )
    audit.add_argument(
        "--max-failing",
        type=_count,
        metavar="N",
        help="exit 1 when more than N projects fail (at --fail-on, else their own gate)",
    )


def _catalogue_options(catalogue: argparse.ArgumentParser) -> None:
    actions = catalogue.add_subparsers(dest="action", metavar="ACTION", required=True)
    which = actions.add_parser(
        "which",
        help="show how a model id resolves to a catalogue entry, and why",
        description="Normalise a model id as the checker does (router, platform and region "
        "prefixes, @dates and version suffixes, quantisation suffixes, re-uploaders' "
        "namespaces, runtime tags) and show the entry it resolves to, step by step.",
    )
    which.add_argument("model", metavar="ID", help="a model id as a project writes it")
    listing = actions.add_parser(
        "list", help="list the entries, marking those with facts older than the set age"
    )
    show = actions.add_parser("show", help="show one entry with its sources and as-of dates")
    show.add_argument("key", metavar="KEY", help="a catalogue key (see `catalogue list`)")
    stale = actions.add_parser(
        "check",
        help="exit 1 if a fact was last checked longer ago than catalogue_max_age_days",
        description="List the entries with a fact whose source was last checked more than "
        "the setting catalogue_max_age_days (default 180) before today (--today pins it), "
        "and exit 1 if there is one: run it on a schedule so that the catalogue cannot rot "
        "unseen.",
    )
    for sub in (which, listing, show, stale):
        _format_option(sub)
        _policy_options(sub)
    add = actions.add_parser(
        "add",
        help="scaffold an entry of your pack's catalogue for a model the catalogue lacks",
        description="Write a catalogue entry for ID from what its hub model card states "
        "(--card README.md: licence, base model) and the facts given as options, checked "
        "against the catalogue schema, to --output (never over an existing file) or stdout.",
    )
    add.add_argument("model", metavar="ID", help="the model id as projects write it")
    add.add_argument("--card", metavar="FILE", help="the model's hub card (README.md), saved")
    add.add_argument("--openness", choices=("open-source", "open-weight", "closed"))
    add.add_argument("--licence", metavar="ID", help="the licence id (SPDX where one exists)")
    add.add_argument("--commercial-use", choices=("yes", "no"), dest="commercial_use")
    add.add_argument("--source", metavar="URL", help="the page the facts were read in")
    add.add_argument("--output", metavar="FILE", help="write here (default: stdout)")
    _policy_options(add)
    feed = actions.add_parser(
        "import",
        help="compare a vendor's own model list with the catalogue, as a proposal to review",
        description="Read a saved model list (the OpenAI or Anthropic SDK's model ids) and "
        "show which ids the catalogue knows, knows only by their family, or does not know; "
        "the catalogue is never written.",
    )
    feed.add_argument("file", metavar="FILE", help="the saved SDK file (chat_model.py, ...)")
    feed.add_argument(
        "--from", dest="source", required=True, choices=("openai-sdk", "anthropic-sdk")
    )
    _format_option(feed)
    _policy_options(feed)


def _schema_options(schema: argparse.ArgumentParser) -> None:
    schema.description = (
        "Print the JSON Schema of llm-choice.yaml (write it next to the "
        "declaration for editors: llm-choice schema > llm-choice.schema.json)."
    )


def _completion_options(completion: argparse.ArgumentParser) -> None:
    completion.description = (
        "Print a completion script for bash, zsh or fish, made from this command "
        "line's own options: `source <(llm-choice completion bash)`, or save it where the "
        "shell looks for completions."
    )
    completion.add_argument("shell", choices=("bash", "zsh", "fish"))


def _init_options(init: argparse.ArgumentParser) -> None:
    init.description = (
        "Ask about the decision factors (data classification and residency, "
        "customisation, operations capacity, time to start, upgrades, cost), recommend a "
        "camp (open-weight self-hosted, closed vendor API, or a mix) and catalogue models "
        "that fit, and write a commented draft declaration, with TODO values (warnings, "
        "LC012) where only the team can answer: it fails `check` until they are filled in. "
        "Without a terminal, answer with --answers FILE, --answer ID=VALUE or --yes."
    )
    init.add_argument(
        "path", nargs="?", default="llm-choice.yaml", metavar="PATH",
        help="the declaration to write (default: llm-choice.yaml)",
    )  # fmt: skip
    init.add_argument("--answers", metavar="FILE", help="a YAML map of question id -> answer")
    init.add_argument(
        "--answer", action="append", metavar="ID=VALUE", help="one answer (repeatable)"
    )
    init.add_argument(
        "--yes", action="store_true", help="take the default answer to every question not answered"
    )
    init.add_argument("--name", help="the project's name (default: the directory's name)")
    init.add_argument("--owner", metavar="EMAIL", help="the owning team's e-mail address")
    init.add_argument("--force", action="store_true", help="overwrite PATH if it exists")


def _bom_options(bom: argparse.ArgumentParser) -> None:
    bom.description = (
        "Write a CycloneDX 1.6 BOM (JSON) with one machine-learning-model "
        "component per declared model: its identity as the catalogue resolves it (family, "
        "provider), licence, openness, deployment and data facts, model-card considerations "
        "and the policy verdict. Needs the bom extra (from the clone: .venv/bin/pip install "
        "'.[bom]')."
    )
    bom.add_argument("paths", nargs="*", metavar="PATH", help="files or directories (default: .)")
    _document_options(bom, names(Subject.BOM))
    _policy_options(bom)


def _scan_options(scan: argparse.ArgumentParser) -> None:
    scan.description = (
        "List the model references in a repository's code and configuration (SDK calls, "
        "framework constructors, environment defaults, config keys, server arguments, "
        "infrastructure as code, router routes), each with its file, line, the channel it "
        "implies and how the catalogue resolves it. Files are read with real parsers and "
        "never imported or run; detectors are data (a pack's detectors/*.yaml). See "
        "docs/evidence.md."
    )
    scan.add_argument("paths", nargs="*", metavar="PATH", help="files or directories (default: .)")
    scan.add_argument(
        "--tests", action="store_true", help="report references in tests too, marked as such"
    )
    scan.add_argument(
        "--inventory",
        action="append",
        metavar="FILE",
        help="a CycloneDX AI-BOM another scanner wrote, read as further evidence (repeatable)",
    )
    scan.add_argument(
        "--test",
        metavar="DIR",
        help="run the cases of the detectors of the pack at DIR instead of scanning",
    )
    _document_options(scan, names(Subject.INVENTORY))
    _policy_options(scan)


# Each command with its one-line help and the function that adds its options, in the order
# `--help` lists them.
SUBCOMMANDS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], None]]] = {
    "check": ("check llm-choice.yaml declarations", _check_options),
    "policies": ("list, explain and test policies", _policies_options),
    "report": ("write one project's decision record for a review board", _report_options),
    "audit": ("audit the declarations of a whole portfolio", _audit_options),
    "catalogue": (
        "how model ids resolve, the catalogue's entries and their sources",
        _catalogue_options,
    ),
    "schema": ("print the llm-choice.yaml JSON Schema", _schema_options),
    "completion": ("print a shell completion script", _completion_options),
    "init": (
        "start a declaration from a questionnaire over the decision factors",
        _init_options,
    ),
    "bom": (
        "write a CycloneDX AI bill of materials of the declared models",
        _bom_options,
    ),
    "scan": ("list the model references in code and configuration", _scan_options),
}


def _count(text: str) -> int:
    """A whole number, 0 or more (argparse turns the ValueError into a usage error)."""
    value = int(text)
    if value < 0:
        raise ValueError(text)
    return value


def _jobs_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--jobs",
        type=int,
        metavar="N",
        help="processes that check declarations when there are many (default, or 0: one per "
        "idle core)",
    )


def _document_options(parser: argparse.ArgumentParser, formats: tuple[str, ...]) -> None:
    parser.add_argument(
        "--format",
        dest="outputs",
        action=_Format,
        choices=formats,
        help=f"an output format (default: {formats[0]}); repeat it, each with its own "
        "--output, to write several from one run",
    )
    parser.add_argument(
        "-o",
        "--output",
        action=_Output,
        metavar="FILE",
        help="write the --format just before this option (or, first, the default format) to "
        "FILE (whole or not at all)",
    )


def _format_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (default: text)"
    )


def _today_option(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument(
        "--today",
        metavar="YYYY-MM-DD",
        help=f"the date {what} (default: $LLM_CHOICE_TODAY, else today)",
    )


def _policy_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--config",
        metavar="FILE",
        help="use this configuration for every file instead of the nearest "
        "llm-choice.config.yaml (a CI gate's own settings, which the checked repository "
        "cannot weaken)",
    )
    parser.add_argument(
        "--pack",
        action="append",
        metavar="PACK",
        help="load this policy pack too: a directory or an installed pack's name (repeatable)",
    )
    parser.add_argument(
        "--no-default-policies",
        action="store_true",
        help="do not load the built-in policies (the model catalogue stays)",
    )
    _today_option(parser, "waivers and review ages are judged on")
    parser.add_argument(
        "--repository",
        metavar="OWNER/NAME",
        help="the repository checked, for the organisation's register of exceptions "
        "(default: $GITHUB_REPOSITORY, else $CI_PROJECT_PATH)",
    )


def _color_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour text output (default: auto: on a terminal, unless NO_COLOR is set; "
        "always wins over NO_COLOR)",
    )


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    try:
        parser = build_parser(argv[0] if argv else None)
        if not argv:  # no command: what argparse would refuse, with the help that says why
            parser.print_help(sys.stderr)
            return EXIT_ERROR
        if argv[0].startswith("-") and argv[0] not in _TOP_LEVEL:
            print(_misplaced_option(argv[0]), file=sys.stderr)
            return EXIT_ERROR
        args = parser.parse_args(argv)
        return int(COMMANDS[args.command]()(args))
    except SystemExit as exit:  # argparse: --help, --version, usage errors
        return exit.code if isinstance(exit.code, int) else EXIT_ERROR
    except UsageError as error:
        print(f"llm-choice: error: {error}", file=sys.stderr)
        return EXIT_ERROR
    except PolicyError as error:
        print(
            f"llm-choice: a policy or configuration file cannot be used:\n{error}", file=sys.stderr
        )
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # the reader went away (`llm-choice check | head`); say nothing more
        sys.stderr.close()
        return EXIT_ERROR
    except OSError as error:  # standard output or a file could not be written: a full disk
        print(f"llm-choice: error: {_os_error(error)}", file=sys.stderr)
        return EXIT_ERROR
    except Exception as error:  # the promise: no traceback ever reaches a user
        if os.environ.get("LLM_CHOICE_DEBUG"):
            raise
        print(
            f"llm-choice: internal error: {type(error).__name__}: {error} "
            "(set LLM_CHOICE_DEBUG=1 to see where; please report it)",
            file=sys.stderr,
        )
        return EXIT_ERROR


_TOP_LEVEL = ("-h", "--help", "--version")


def _misplaced_option(option: str) -> str:
    """An option before any command: llm-choice takes only --help and --version there."""
    name = option.split("=", 1)[0]
    owners = [command for command in SUBCOMMANDS if name in _options_of(command)]
    where = (
        f"it is an option of {', '.join(owners)}: write `llm-choice {owners[0]} {option}`"
        if owners
        else "no command has it (`llm-choice COMMAND --help` lists a command's options)"
    )
    return (
        f"llm-choice: error: unknown option {name} before the command; options follow the "
        f"command, and only --help and --version come before it; {where}"
    )


def _options_of(command: str) -> set[str]:
    parser = argparse.ArgumentParser(add_help=False)
    SUBCOMMANDS[command][1](parser)
    # argparse keeps the actions it added in `_actions`, its one way to enumerate them
    return {o for action in parser._actions for o in action.option_strings}


def _os_error(error: OSError) -> str:
    """An operating system's refusal to read or write, as a user can act on it."""
    where = f"{error.filename}: " if error.filename else "writing the output: "
    return f"{where}{error.strerror or error}"


def entry(argv: Sequence[str] | None = None) -> NoReturn:
    """The console script and `python -m checker`: `main`, then the end of the process.

    The interpreter's own teardown frees every object of the run one by one, which takes
    about 12 ms, a tenth of a clean file's whole check. It is skipped when nothing waits for
    it: every output is written and closed by the time `main` returns, reference cycles are
    collected first (so their finalizers run), and standard output and error are flushed.
    A run that left something to do at exit (an `atexit` handler, a `weakref.finalize`, a
    worker pool, a thread) ends the ordinary way.
    """
    code = main(argv)
    gc.collect()
    for stream in (sys.stdout, sys.stderr):
        if stream is None or stream.closed:  # `main` closes stderr when the reader has gone
            continue
        try:
            stream.flush()
        except BrokenPipeError:  # the reader went away before the last write: as in `main`
            os.dup2(os.open(os.devnull, os.O_WRONLY), stream.fileno())
            code = EXIT_ERROR
        except OSError as error:  # a full disk behind `> FILE`: said, not a traceback
            os.dup2(os.open(os.devnull, os.O_WRONLY), stream.fileno())
            if stream is sys.stdout:
                print(f"llm-choice: error: {_os_error(error)}", file=sys.stderr)
            code = EXIT_ERROR
    if _nothing_waits_for_exit():
        os._exit(code)
    sys.exit(code)


def _nothing_waits_for_exit() -> bool:
    if "concurrent.futures" in sys.modules or "multiprocessing" in sys.modules:
        return False  # their pools are shut down by handlers run at exit
    threading = sys.modules.get("threading")
    if threading is not None and threading.active_count() > 1:
        return False
    registered = getattr(atexit, "_ncallbacks", None)  # CPython's; elsewhere, assume some
    return registered is not None and registered() == 0
