"""The command line: parses arguments, calls one command, turns the outcome into an exit code.

Exit codes: 0 no finding at or above the fail level; 1 findings; 2 the tool could not do its
job (bad arguments, a missing path, an internal error).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from checker import __version__

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="llm-choice",
        description="Check a project's declared choice of language models against its "
        "schema and the organisation's policies.",
    )
    parser.add_argument("--version", action="version", version=f"llm-choice {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    check = commands.add_parser(
        "check",
        help="check llm-choice.yaml declarations",
        description="Check declarations. Directories are searched for llm-choice.yaml and "
        "llm-choice.yml; with no path, ./llm-choice.yaml is checked.",
    )
    check.add_argument("paths", nargs="*", metavar="PATH", help="files or directories")
    check.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (default: text)"
    )
    check.add_argument(
        "--fail-on",
        choices=("error", "warning", "info"),
        default="error",
        help="the lowest severity that fails the check (default: error)",
    )
    check.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour text output (default: auto: on a terminal, unless NO_COLOR)",
    )
    check.set_defaults(command_module="check")

    schema = commands.add_parser("schema", help="print the llm-choice.yaml JSON Schema")
    schema.set_defaults(command_module="schema")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from checker.commands import UsageError

    try:
        args = build_parser().parse_args(argv)
        command = importlib.import_module(f"checker.commands.{args.command_module}")
        return int(command.run(args))
    except SystemExit as exit:  # argparse: --help, --version, usage errors
        return exit.code if isinstance(exit.code, int) else EXIT_ERROR
    except UsageError as error:
        print(f"llm-choice: error: {error}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # the reader went away (`llm-choice check | head`); say nothing more
        sys.stderr.close()
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
